package org.convscope.engine.dl4j;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ZeroPadding2D on the native-ops path: {@code [n, H, W, C]} into the middle of a zeroed
 * {@code [n, top+H+bottom, left+W+right, C]}; backward, the middle of the output gradient.
 */
final class ZeroPadStep implements NativeStep {
    private final int top;
    private final int bottom;
    private final int left;
    private final int right;
    private final NativeOps.Buffer outBuffer = new NativeOps.Buffer();
    private final NativeOps.Buffer inputGradient = new NativeOps.Buffer();

    ZeroPadStep(int top, int bottom, int left, int right) {
        this.top = top;
        this.bottom = bottom;
        this.left = left;
        this.right = right;
    }

    @Override
    public INDArray forward(INDArray in, boolean training, boolean keep) {
        INDArray out = outBuffer.get(in.size(0), top + in.size(1) + bottom, left + in.size(2) + right, in.size(3));
        out.assign(0);
        middle(out).assign(in);
        return out;
    }

    @Override
    public INDArray backward(INDArray eps, boolean wanted) {
        if (!wanted) {
            return null;
        }
        INDArray g = inputGradient.get(eps.size(0), eps.size(1) - top - bottom, eps.size(2) - left - right,
                eps.size(3));
        return g.assign(middle(eps));
    }

    private INDArray middle(INDArray a) {
        return a.get(all(), interval(top, a.size(1) - bottom), interval(left, a.size(2) - right), all());
    }
}
