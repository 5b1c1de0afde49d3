package org.convscope.engine.dl4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Nd4j;

/** Inverted dropout on the native-ops path: a Bernoulli mask scaled by {@code 1/retain} in training, nothing in inference. */
final class DropoutStep implements NativeStep {
    private final double retain;
    private INDArray mask;

    DropoutStep(double retain) {
        this.retain = retain;
    }

    @Override
    public INDArray forward(INDArray in, boolean training, boolean keep) {
        if (!training || retain >= 1.0) {
            mask = null;
            return in;
        }
        mask = Nd4j.create(DataType.FLOAT, in.shape());
        Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, retain));
        mask.divi(retain); // inverted dropout: the expected value is unchanged
        return in.mul(mask);
    }

    @Override
    public INDArray backward(INDArray eps, boolean inputGradient) {
        INDArray g = mask == null ? eps : eps.mul(mask);
        mask = null;
        return g;
    }
}
