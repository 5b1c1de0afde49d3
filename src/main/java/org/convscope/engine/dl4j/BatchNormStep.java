package org.convscope.engine.dl4j;

import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation on the native-ops path, over the last (channel) axis of {@code [n, H, W, C]} or
 * {@code [n, units]}: batch statistics in training, with the DL4J layer's moving statistics updated as DL4J does
 * ({@code m = d*m + (1-d)*batchMean}, variance likewise, kept as {@code log10(std)}); the moving statistics in
 * inference. Gradients go to gamma and beta; mean and {@code log10stdev} get none.
 *
 * <p>Computed by {@link ChannelLoops} straight on the ND4J arrays' memory: forward is one pass for the mean and
 * variance and one for {@code y = (x - mean) / std * gamma + beta}, optionally with the ReLU that follows
 * ({@link #forward(INDArray, boolean, boolean, boolean)}); backward one pass for {@code sum dy} and
 * {@code sum dy * (x - mean)} and one for {@code dx = gamma / std * (dy - mean(dy) - xhat * mean(dy * xhat))}, each
 * through the fused ReLU's mask when there is one. The input is kept (not x-hat): the graph
 * never writes into an array a later backward step still reads. Where oneDNN's presets load, {@link DnnlBatchNorm}
 * runs both passes instead (on both cores); the moving statistics are updated here from the batch's mean and variance
 * either way.
 */
final class BatchNormStep implements NativeStep {
    private final INDArray gamma;
    private final INDArray betaParam;
    private final INDArray mean;
    private final INDArray log10std;
    private final INDArray gGamma;
    private final INDArray gBeta;
    private final double decay;
    private final double eps;
    private final NativeOps.Buffer outBuffer = new NativeOps.Buffer();
    private final NativeOps.Buffer gradientBuffer = new NativeOps.Buffer();
    /** Per-channel numbers, sized on the first pass: mean, std and 1/std used, gamma, beta, dx's a, b, k and sums. */
    private float[] mu = new float[0];
    private float[] std;
    private float[] invStd;
    private float[] g;
    private float[] beta;
    private float[] a;
    private float[] b;
    private float[] k;
    /** The variance oneDNN normalises with (the batch's or the moving one), beside the mean in {@link #mu}. */
    private float[] variance;
    private double[] sum;
    private double[] sq;
    private INDArray input;
    private boolean batchStatistics;
    private boolean relu;
    /** oneDNN's kernels, or null; {@link #viaDnnl}: whether the last forward pass kept ran on them. */
    private final DnnlBatchNorm dnnl;
    private boolean viaDnnl;

    BatchNormStep(Layer layer, NativeStep.Owner net, double decay, double eps) {
        gamma = layer.getParam("gamma");
        betaParam = layer.getParam("beta");
        mean = layer.getParam("mean");
        log10std = layer.getParam("log10stdev");
        gGamma = net.gradientFor(gamma);
        gBeta = net.gradientFor(betaParam);
        this.decay = decay;
        this.eps = eps;
        dnnl = OneDnn.available() ? new DnnlBatchNorm((float) eps) : null;
    }

    @Override
    public INDArray forward(INDArray in, boolean training, boolean keep) {
        return forward(in, training, keep, false);
    }

    /** As {@link #forward(INDArray, boolean, boolean)}, then {@code max(0, y)} when {@code withRelu}. */
    INDArray forward(INDArray in, boolean training, boolean keep, boolean withRelu) {
        int c = (int) in.size(in.rank() - 1);
        int n = (int) in.length();
        channels(c);
        INDArray y = outBuffer.get(in.shape());
        boolean ran = dnnl != null && viaDnnl(in, y, training, withRelu);
        if (keep) {
            input = in;
            batchStatistics = training;
            relu = withRelu;
            viaDnnl = ran;
        }
        if (ran) {
            return y;
        }
        java.nio.FloatBuffer x = NativeFloats.of(in);
        if (training) {
            ChannelLoops.moments(x, n, c, sum, sq);
            moveStatistics(c);
            for (int j = 0; j < c; j++) {
                mu[j] = (float) sum[j];
                std[j] = (float) Math.sqrt((float) sq[j] + (float) eps); // in float, as DL4J's sqrt(var + eps)
            }
        } else {
            for (int j = 0; j < c; j++) {
                float movingStd = (float) Math.pow(10, log10std.getFloat(j));
                mu[j] = mean.getFloat(j);
                std[j] = (float) Math.sqrt(movingStd * movingStd + (float) eps);
            }
        }
        for (int j = 0; j < c; j++) {
            invStd[j] = 1 / std[j];
            g[j] = gamma.getFloat(j);
            beta[j] = betaParam.getFloat(j);
        }
        ChannelLoops.normalize(x, NativeFloats.of(y), n, c, new ChannelLoops.Norm(mu, std, g, beta, withRelu));
        return y;
    }

    /**
     * The forward pass by {@link DnnlBatchNorm}, given the batch's mean and variance ({@link ChannelLoops#moments}, as
     * the loops) or the moving ones; the moving statistics take their step only once oneDNN has run. Returns false
     * (the moving statistics untouched) where oneDNN refused.
     */
    private boolean viaDnnl(INDArray in, INDArray y, boolean training, boolean withRelu) {
        if (!NativeFloats.contiguous(in)) {
            return false;
        }
        int c = mu.length; // sized by the caller
        if (training) {
            ChannelLoops.moments(NativeFloats.of(in), (int) in.length(), c, sum, sq);
            for (int j = 0; j < c; j++) {
                mu[j] = (float) sum[j];
                variance[j] = (float) sq[j];
            }
        } else {
            for (int j = 0; j < c; j++) {
                float movingStd = (float) Math.pow(10, log10std.getFloat(j));
                mu[j] = mean.getFloat(j);
                variance[j] = movingStd * movingStd;
            }
        }
        if (!dnnl.forward(in, y, gamma, betaParam, mu, variance, training, withRelu)) {
            return false; // the loops compute it all again, the moving statistics' step included
        }
        if (training) {
            moveStatistics(c);
        }
        return true;
    }

    /**
     * The moving statistics take a step towards the batch's ({@link #sum}: mean, {@link #sq}: variance), as DL4J:
     * {@code m = d*m + (1-d)*batchMean}, variance likewise, kept as {@code log10(std)}.
     */
    private void moveStatistics(int c) {
        for (int j = 0; j < c; j++) {
            double movingStd = Math.pow(10, log10std.getDouble(j));
            double movingVar = decay * movingStd * movingStd + (1 - decay) * sq[j];
            log10std.putScalar(j, 0.5 * Math.log10(movingVar));
            mean.putScalar(j, decay * mean.getDouble(j) + (1 - decay) * sum[j]);
        }
    }

    /** Sizes the per-channel arrays for {@code c} channels (once per model: a layer's channels never change). */
    private void channels(int c) {
        if (mu.length != c) {
            mu = new float[c];
            std = new float[c];
            invStd = new float[c];
            g = new float[c];
            beta = new float[c];
            a = new float[c];
            b = new float[c];
            k = new float[c];
            sum = new double[c];
            sq = new double[c];
            variance = new float[c];
        }
    }

    /** dL/d(gamma), dL/d(beta) and, when wanted, dL/dx; through the fused ReLU first if the forward pass had one. */
    @Override
    public INDArray backward(INDArray e, boolean inputGradient) {
        if (viaDnnl) {
            INDArray dx = gradientBuffer.get(e.shape()); // oneDNN writes dL/dx whether wanted or not
            INDArray dy = NativeFloats.contiguous(e) ? e : e.dup('c');
            if (!dnnl.backward(input, dy, dx, gamma, gGamma, gBeta)) {
                throw new IllegalStateException("batch norm's oneDNN backward pass declined the arrays of its forward");
            }
            input = null;
            return inputGradient ? dx : null;
        }
        int c = mu.length;
        int n = (int) e.length();
        java.nio.FloatBuffer x = NativeFloats.of(input);
        java.nio.FloatBuffer d = NativeFloats.of(e);
        ChannelLoops.Norm f = new ChannelLoops.Norm(mu, std, g, beta, relu);
        ChannelLoops.gradientSums(x, d, n, c, f, sum, sq);
        double m = n / c;
        for (int j = 0; j < c; j++) {
            gBeta.putScalar(j, sum[j]);
            gGamma.putScalar(j, sq[j] * invStd[j]);
        }
        INDArray dx = null;
        if (inputGradient) {
            // dx = a * dy + b * (x - mean) + k: a = gamma / std, and in training b = -a / std * mean(dy * xhat),
            // k = -a * mean(dy); with fixed moving statistics (inference) b = k = 0
            for (int j = 0; j < c; j++) {
                float aj = g[j] * invStd[j];
                a[j] = aj;
                b[j] = batchStatistics ? (float) (-aj * invStd[j] * (sq[j] * invStd[j] / m)) : 0f;
                k[j] = batchStatistics ? (float) (-aj * sum[j] / m) : 0f;
            }
            dx = gradientBuffer.get(e.shape());
            ChannelLoops.inputGradient(x, d, NativeFloats.of(dx), n, c, f, a, b, k);
        }
        input = null;
        return dx;
    }
}
