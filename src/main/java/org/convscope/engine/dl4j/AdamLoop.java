package org.convscope.engine.dl4j;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Adam's step in one pass over the flat arrays, in place of DL4J's {@code AdamUpdater} (ND4J's {@code adam_updater}
 * op) followed by {@code params.subi(step)}: for each parameter, with {@code t = iteration + 1},
 * <pre>
 *   m = b1 m + (1 - b1) g          v = b2 v + (1 - b2) g^2
 *   step = a_t m / (sqrt(v) + eps),   a_t = lr sqrt(1 - b2^t) / (1 - b1^t)
 *   g := step                      params -= step
 * </pre>
 * as ND4J's op computes it (in float, {@code a_t} once per step; every {@value #SWEEP_EVERY} steps moments below
 * {@code 2^-90} become 0, see {@link #SWEEP_EVERY}), and leaving the step in the gradient array as
 * DL4J's updater does (the learning-health probe reads it there). For the TF CNN's 122,570 parameters the two ND4J
 * ops took 0.63 + 0.18 ms a batch on a 2-core machine; the arrays are read and written a span at a time
 * ({@link NativeFloats}), split over the cores ({@link ChannelLoops#inParts}).
 */
final class AdamLoop {
    private static final int SPAN = 1024;
    /**
     * Steps between two sweeps that set moments below {@value #TINY} to 0. A parameter whose gradient stays 0 (a
     * weight into a dead unit) has its first moment shrink by {@code b1} each step into the subnormal floats (below
     * {@code 2^-126}), where each multiply takes the CPU's slow microcode path (Java cannot set flush-to-zero): 13% of
     * the TF CNN's moments were subnormal after 8 s of training and the step took 0.66 ms a batch instead of 0.41.
     * Between two sweeps a moment shrinks by at most {@code 0.9^64 = 2^-9.7}, so it never gets there, nor does
     * {@code m a_t} for a learning rate down to about {@code 10^-6}. Zeroing them changes a step by at most
     * {@code 2^-90 a_t / eps}, about {@code 10^-25}; ND4J's op keeps them. The step's loop itself is unchanged (a
     * branch in it would stop it vectorising), and the sweep reads the spans it loads anyway.
     */
    static final int SWEEP_EVERY = 64;
    /** Moments below this magnitude are zeroed by the sweep, {@code 2^-90} (about {@code 8 10^-28}). */
    static final float TINY = 0x1p-90f;

    private AdamLoop() {
    }

    /**
     * Applies one Adam step, or returns false (changing nothing) where the arrays are not contiguous float arrays.
     *
     * @param config the updater's settings (learning rate by iteration and epoch, b1, b2, eps)
     * @param state DL4J's Adam state view {@code [1, 2n]}: m, then v
     * @param gradient the flat gradient {@code n}; becomes the step
     * @param params the flat parameters {@code n}
     */
    static boolean apply(Adam config, INDArray state, INDArray gradient, INDArray params, int iteration, int epoch) {
        int n = (int) params.length();
        if (gradient.length() != n || state.length() != 2L * n || !NativeFloats.contiguous(state, gradient, params)) {
            return false;
        }
        FloatBuffer s = NativeFloats.of(state);
        FloatBuffer g = NativeFloats.of(gradient);
        FloatBuffer p = NativeFloats.of(params);
        float b1 = (float) config.getBeta1();
        float b2 = (float) config.getBeta2();
        float eps = (float) config.getEpsilon();
        float lr = (float) config.getLearningRate(iteration, epoch);
        float b1t = (float) Math.pow(b1, iteration + 1);
        float b2t = (float) Math.pow(b2, iteration + 1);
        float at = lr * (float) Math.sqrt(1f - b2t) / (1f - b1t);
        if (Float.isNaN(at) || Float.isInfinite(at) || at == 0f) {
            at = eps; // as ND4J's op
        }
        float alpha = at;
        boolean sweep = iteration % SWEEP_EVERY == 0;
        ChannelLoops.inParts(n, 1, (part, from, to) -> {
            float[] tm = new float[SPAN];
            float[] tv = new float[SPAN];
            float[] tg = new float[SPAN];
            float[] tp = new float[SPAN];
            ChannelLoops.forSpans(from, to, SPAN, (i, len) -> {
                s.get(i, tm, 0, len);
                s.get(n + i, tv, 0, len);
                g.get(i, tg, 0, len);
                p.get(i, tp, 0, len);
                if (sweep) {
                    zeroTiny(tm, len);
                    zeroTiny(tv, len);
                }
                for (int q = 0; q < len; q++) {
                    float gq = tg[q];
                    float m = b1 * tm[q] + gq * (1f - b1);
                    float v = b2 * tv[q] + gq * gq * (1f - b2);
                    float step = m * alpha / ((float) Math.sqrt(v) + eps);
                    tm[q] = m;
                    tv[q] = v;
                    tg[q] = step;
                    tp[q] -= step;
                }
                s.put(i, tm, 0, len);
                s.put(n + i, tv, 0, len);
                g.put(i, tg, 0, len);
                p.put(i, tp, 0, len);
            });
        });
        return true;
    }

    private static void zeroTiny(float[] a, int len) {
        for (int q = 0; q < len; q++) {
            if (Math.abs(a[q]) < TINY) {
                a[q] = 0f;
            }
        }
    }
}
