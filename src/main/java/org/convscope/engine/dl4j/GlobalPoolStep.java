package org.convscope.engine.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.transforms.any.IsMax;
import org.nd4j.linalg.factory.Nd4j;

/**
 * GlobalAveragePooling2D and GlobalMaxPooling2D on the native-ops path: {@code [n, H, W, C]} to {@code [n, C]}, the
 * mean or the maximum over each channel's {@code H*W} cells. Backward, the mean spreads {@code eps / (H*W)} over
 * every cell; the maximum routes {@code eps} to the first cell that holds it (one cell even where several tie, as DL4J's global
 * max pooling does).
 */
final class GlobalPoolStep implements NativeStep {
    private final boolean max;
    private final NativeOps.Buffer outBuffer = new NativeOps.Buffer();
    private final NativeOps.Buffer inputGradient = new NativeOps.Buffer();
    private long[] inShape;
    private INDArray input;

    GlobalPoolStep(boolean max) {
        this.max = max;
    }

    @Override
    public INDArray forward(INDArray in, boolean training, boolean keep) {
        INDArray out = outBuffer.get(in.size(0), in.size(3));
        out.assign(max ? in.max(1, 2) : in.mean(1, 2));
        inShape = in.shape();
        if (keep) {
            input = in;
        }
        return out;
    }

    @Override
    public INDArray backward(INDArray eps, boolean wanted) {
        if (!wanted) {
            input = null;
            return null;
        }
        INDArray g = inputGradient.get(inShape);
        if (max) {
            // 1 at the first cell holding its channel's maximum (ties: a dead ReLU channel is all zeros), times eps
            Nd4j.exec(new IsMax(input, g, 1, 2));
            Nd4j.exec(new BroadcastMulOp(g, eps, g, 0, 3));
        } else {
            g.assign(0);
            Nd4j.exec(new BroadcastAddOp(g, eps, g, 0, 3));
            g.divi(inShape[1] * inShape[2]);
        }
        input = null;
        return g;
    }
}
