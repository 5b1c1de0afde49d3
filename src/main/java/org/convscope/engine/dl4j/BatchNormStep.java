package org.convscope.engine.dl4j;

import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastDivOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch normalisation on the native-ops path, over the last (channel) axis of {@code [n, H, W, C]} or
 * {@code [n, units]}: batch statistics in training, with the DL4J layer's moving statistics updated as DL4J does
 * ({@code m = d*m + (1-d)*batchMean}, variance likewise, kept as {@code log10(std)}); the moving statistics in
 * inference. Gradients go to gamma and beta; mean and {@code log10stdev} get none.
 */
final class BatchNormStep implements NativeStep {
    private final INDArray gamma;
    private final INDArray beta;
    private final INDArray mean;
    private final INDArray log10std;
    private final INDArray gGamma;
    private final INDArray gBeta;
    private final double decay;
    private final double eps;
    /** x-hat, the output, dL/d(x-hat) (then dL/dx) and a product: reused every batch, stale until written. */
    private final NativeOps.Buffer xHatBuffer = new NativeOps.Buffer();
    private final NativeOps.Buffer outBuffer = new NativeOps.Buffer();
    private final NativeOps.Buffer gradientBuffer = new NativeOps.Buffer();
    private final NativeOps.Buffer productBuffer = new NativeOps.Buffer();
    private INDArray xHat;
    private INDArray std;
    private boolean batchStatistics;

    BatchNormStep(Layer layer, NativeStep.Owner net, double decay, double eps) {
        gamma = layer.getParam("gamma");
        beta = layer.getParam("beta");
        mean = layer.getParam("mean");
        log10std = layer.getParam("log10stdev");
        gGamma = net.gradientFor(gamma);
        gBeta = net.gradientFor(beta);
        this.decay = decay;
        this.eps = eps;
    }

    private static int[] reduceAxes(INDArray in) {
        return in.rank() == 4 ? new int[] {0, 1, 2} : new int[] {0};
    }

    @Override
    public INDArray forward(INDArray in, boolean training, boolean keep) {
        int ch = in.rank() - 1;
        INDArray mu;
        INDArray sd;
        if (training) {
            int[] axes = reduceAxes(in);
            mu = in.mean(axes);
            INDArray var = in.var(false, axes);
            sd = Transforms.sqrt(var.add(eps), false);
            // moving statistics, as DL4J: m = d*m + (1-d)*batchMean; var = d*var + (1-d)*batchVar as log10(std)
            INDArray movingVar = Transforms.pow(Nd4j.valueArrayOf(log10std.shape(), 10.0, DataType.FLOAT), log10std, false);
            movingVar.muli(movingVar).muli(decay).addi(var.mul(1 - decay));
            log10std.assign(Transforms.log(movingVar, 10.0, false).muli(0.5));
            mean.muli(decay).addi(mu.mul(1 - decay));
        } else {
            mu = mean;
            INDArray var = Transforms.pow(Nd4j.valueArrayOf(log10std.shape(), 10.0, DataType.FLOAT), log10std, false);
            sd = Transforms.sqrt(var.muli(var).addi(eps), false);
        }
        INDArray xh = xHatBuffer.get(in.shape());
        Nd4j.exec(new BroadcastSubOp(in, mu, xh, ch));
        Nd4j.exec(new BroadcastDivOp(xh, sd, xh, ch));
        INDArray y = outBuffer.get(in.shape());
        Nd4j.exec(new BroadcastMulOp(xh, gamma, y, ch));
        Nd4j.exec(new BroadcastAddOp(y, beta, y, ch));
        if (keep) {
            xHat = xh;
            std = sd;
            batchStatistics = training;
        }
        return y;
    }

    @Override
    public INDArray backward(INDArray e, boolean inputGradient) {
        int ch = e.rank() - 1;
        int[] axes = reduceAxes(e);
        long m = e.length() / e.size(ch);
        gBeta.assign(e.sum(axes));
        INDArray t = productBuffer.get(e.shape());
        gGamma.assign(Nd4j.exec(new MulOp(e, xHat, t))[0].sum(axes));
        INDArray g = null;
        if (inputGradient && !batchStatistics) {
            // inference: y = gamma * (x - mean) / std + beta with fixed moving statistics, so dx = e * gamma / std
            g = gradientBuffer.get(e.shape());
            Nd4j.exec(new BroadcastMulOp(e, gamma, g, ch));
            Nd4j.exec(new BroadcastDivOp(g, std, g, ch));
        } else if (inputGradient) {
            // dx = (1/m) / std * (m * dxhat - sum(dxhat) - xhat * sum(dxhat * xhat)), dxhat = e * gamma
            INDArray dxhat = gradientBuffer.get(e.shape());
            Nd4j.exec(new BroadcastMulOp(e, gamma, dxhat, ch));
            INDArray sumDxhat = dxhat.sum(axes);
            INDArray sumDxhatXhat = Nd4j.exec(new MulOp(dxhat, xHat, t))[0].sum(axes);
            g = dxhat.muli(m);
            Nd4j.exec(new BroadcastSubOp(g, sumDxhat, g, ch));
            Nd4j.exec(new BroadcastMulOp(xHat, sumDxhatXhat, t, ch));
            g.subi(t);
            Nd4j.exec(new BroadcastDivOp(g, std.mul(m), g, ch));
        }
        xHat = null;
        std = null;
        return g;
    }
}
