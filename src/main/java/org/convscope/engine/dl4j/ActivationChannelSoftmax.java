package org.convscope.engine.dl4j;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.SoftmaxBp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax over the channels of a channels-first image tensor {@code [n, C, H, W]}, as Keras' softmax over the
 * last axis of {@code (H, W, C)}; vectors {@code [n, N]} are normalised over {@code N}. DL4J's own
 * {@code Activation.SOFTMAX} normalises the last axis, which for {@code [n, C, H, W]} would be the width.
 */
public class ActivationChannelSoftmax extends BaseActivationFunction {

    private static final long serialVersionUID = 1L;

    private static int axis(INDArray in) {
        return in.rank() == 4 ? 1 : in.rank() - 1;
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        Nd4j.getExecutioner().execAndReturn((CustomOp) new SoftMax(in, in, axis(in)));
        return in;
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray out = Nd4j.getExecutioner().exec(new SoftmaxBp(in, epsilon, in, axis(in)))[0];
        return new Pair<>(out, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActivationChannelSoftmax;
    }

    @Override
    public int hashCode() {
        return ActivationChannelSoftmax.class.hashCode();
    }

    @Override
    public String toString() {
        return "softmax(channels)";
    }
}
