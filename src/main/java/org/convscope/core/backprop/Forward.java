package org.convscope.core.backprop;

import org.convscope.core.conv.ConvSettings;
import org.convscope.core.conv.ConvTrace;
import org.convscope.core.conv.Convolution;
import org.convscope.core.conv.PoolSettings;
import org.convscope.core.conv.PoolTrace;
import org.convscope.core.conv.Pooling;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.core.train.Evaluation;

/** Runs a {@link TinyCnn} forward on one input, through the same conv and pooling code as the steppers. */
public final class Forward {

    private Forward() {
    }

    /**
     * Computes the forward pass and the cross-entropy loss.
     *
     * @param net the network
     * @param input {@code X (H, W)}, rows of equal length
     * @param label the true class, 0 .. classes-1
     * @return every intermediate, the probabilities and {@code -log(p_label)}
     * @throws IllegalArgumentException when the label, the kernel or the Dense layer does not fit (with the sizes)
     */
    public static ForwardPass run(TinyCnn net, double[][] input, int label) {
        if (label < 0 || label >= net.classes()) {
            throw new IllegalArgumentException("the label must be a class 0.." + (net.classes() - 1) + ", got " + label);
        }
        int f = net.filters();
        Volume x = Volume.of(input);
        ConvTrace[] convs = new ConvTrace[f];
        double[][][] z = new double[f][][];
        double[][][] a = new double[f][][];
        PoolTrace[] pools = new PoolTrace[f];
        PoolSettings pool = new PoolSettings(Size2.square(net.poolSize()), Size2.square(net.poolSize()), Padding.VALID,
                net.poolMode(), net.poolMode() == PoolSettings.Mode.MAX ? 1 : 0);
        for (int k = 0; k < f; k++) {
            ConvSettings s = new ConvSettings(net.strides(), net.padding(), net.convBias()[k], false, false);
            try {
                convs[k] = Convolution.run(x, Volume.of(net.kernels()[k]), s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("conv: " + e.getMessage(), e);
            }
            z[k] = convs[k].output();
            a[k] = net.relu() ? relu(z[k]) : z[k];
            try {
                pools[k] = Pooling.run(a[k], pool);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("pooling the conv output: " + e.getMessage()
                        + "; use a smaller --pool-size, stride or padding 'same'", e);
            }
        }
        double[] flat = flatten(pools);
        if (flat.length != net.denseW().length) {
            throw new IllegalArgumentException("the pooled maps give " + flat.length + " numbers but the Dense layer has "
                    + net.denseW().length + " weight rows; it needs one row per number");
        }
        double[] logits = new double[net.classes()];
        for (int k = 0; k < logits.length; k++) {
            double s = net.denseB()[k];
            for (int i = 0; i < flat.length; i++) {
                s += flat[i] * net.denseW()[i][k];
            }
            logits[k] = s;
        }
        double[] probs = softmax(logits);
        return new ForwardPass(net, input, label, convs, z, a, pools, flat, logits, probs, crossEntropy(logits, label));
    }

    private static double[][] relu(double[][] m) {
        double[][] out = new double[m.length][m[0].length];
        for (int r = 0; r < m.length; r++) {
            for (int c = 0; c < m[0].length; c++) {
                out[r][c] = Math.max(0, m[r][c]);
            }
        }
        return out;
    }

    private static double[] flatten(PoolTrace[] pools) {
        int h = pools[0].geometry().outHeight();
        int w = pools[0].geometry().outWidth();
        double[] flat = new double[pools.length * h * w];
        for (int f = 0; f < pools.length; f++) {
            double[][] p = pools[f].output();
            for (int r = 0; r < h; r++) {
                System.arraycopy(p[r], 0, flat, (f * h + r) * w, w);
            }
        }
        return flat;
    }

    /** {@code -log(p_label) = log(sum_j e^{o_j}) - o_label}, computed so a tiny {@code p_label} does not give infinity. */
    static double crossEntropy(double[] logits, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (double o : logits) {
            max = Math.max(max, o);
        }
        double sum = 0;
        for (double o : logits) {
            sum += Math.exp(o - max);
        }
        return max + Math.log(sum) - logits[label];
    }

    /** Softmax, shifted by the largest logit so that {@code e^o} cannot overflow (the one in {@link Evaluation}). */
    static double[] softmax(double[] logits) {
        return Evaluation.probabilities(logits, false);
    }
}
