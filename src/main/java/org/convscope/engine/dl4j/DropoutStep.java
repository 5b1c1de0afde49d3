package org.convscope.engine.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Nd4j;

/** Inverted dropout on the native-ops path: a Bernoulli mask scaled by {@code 1/retain} in training, nothing in inference. */
final class DropoutStep implements NativeStep {
    private final double retain;
    private INDArray mask;
    /** The mask, the output and the input gradient, reused every batch (stale until written). */
    private final NativeOps.Buffer maskBuffer = new NativeOps.Buffer();
    private final NativeOps.Buffer outBuffer = new NativeOps.Buffer();
    private final NativeOps.Buffer gradientBuffer = new NativeOps.Buffer();

    DropoutStep(double retain) {
        this.retain = retain;
    }

    @Override
    public INDArray forward(INDArray in, boolean training, boolean keep) {
        if (!training || retain >= 1.0) {
            mask = null;
            return in;
        }
        mask = maskBuffer.get(in.shape());
        Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, retain));
        mask.divi(retain); // inverted dropout: the expected value is unchanged
        return Nd4j.exec(new MulOp(in, mask, outBuffer.get(in.shape())))[0];
    }

    @Override
    public INDArray backward(INDArray eps, boolean inputGradient) {
        INDArray g = mask == null ? eps : Nd4j.exec(new MulOp(eps, mask, gradientBuffer.get(eps.shape())))[0];
        mask = null;
        return g;
    }
}
