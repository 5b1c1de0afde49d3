package org.convscope.engine.dl4j;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

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

    // Element-wise ops with broadcasting rather than ND4J's softmax op: the oneDNN build's softmax over a non-last
    // axis of a rank-4 array gives wrong values (found by activationBatchNormAndDropoutLayersFollowKeras).

    private static INDArray softmax(INDArray in) {
        int axis = axis(in);
        INDArray e = Transforms.exp(in.sub(in.max(true, axis)), false);
        return e.divi(e.sum(true, axis));
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return in.assign(softmax(in));
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        // dL/dx = y * (dL/dy - sum over the axis of dL/dy * y)
        INDArray y = softmax(in);
        INDArray g = epsilon.sub(epsilon.mul(y).sum(true, axis(in))).muli(y);
        return new Pair<>(in.assign(g), null);
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
