package org.convscope.engine.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Flatten on the native-ops path: a reshape of {@code [n, H, W, C]} to {@code [n, H*W*C]} (NHWC is already Keras' order). */
final class FlattenStep implements NativeStep {
    private long[] shape;

    @Override
    public INDArray forward(INDArray in, boolean training, boolean keep) {
        shape = in.shape();
        return in.reshape('c', in.size(0), in.length() / in.size(0));
    }

    @Override
    public INDArray backward(INDArray eps, boolean inputGradient) {
        return eps.reshape('c', shape);
    }
}
