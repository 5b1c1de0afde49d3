package org.convscope.engine.dl4j;

import java.nio.FloatBuffer;

/**
 * Plain Java loops over channels-last floats ({@code [pixels, c]} flattened: element {@code i} is channel
 * {@code i % c}) for batch normalisation and Add on the graph path. The batch-norm loops read and write ND4J's
 * memory directly ({@link FloatBuffer}s), one {@link #span} of whole pixels at a time copied into a small heap array
 * with the per-channel numbers repeated along it, so the inner loop is long enough for the JIT to vectorise and no
 * whole tensor is copied; each is one pass over its tensors. Per-channel sums are kept in float over {@value #ROWS}
 * spans and added into doubles, so a 65,536-pixel channel loses no precision.
 *
 * <p>Why not ND4J's ops: batch normalisation built from broadcast ops reads and writes each tensor about seven times
 * forward and twelve times backward, each op a separate OpenMP region; on a busy two-core machine those regions
 * cost far more than the arithmetic.
 *
 * <p>The backward loops ({@link #gradientSums}, {@link #inputGradient}, {@link #reluMask}) and {@link #add} split
 * tensors of at least {@value #PARALLEL_FROM} floats into one part per core ({@link #inParts}): the calling thread
 * takes the first, the common fork-join pool the rest. Each element gets the same float either way; the gradient sums
 * add the parts' double sums in part order. The forward pass's {@link #moments} and {@link #normalize} stay on the
 * calling thread: the mean must be one float sum in pixel order, and a split normalize measured slower.
 */
final class ChannelLoops {
    /** Spans summed in float before their sums move into the double totals. */
    static final int ROWS = 8;
    /** The least floats in a {@link #span}. */
    static final int SPAN_FLOATS = 256;
    /** Floats from which a loop is split over the cores (a fork and join costs tens of microseconds). */
    static final int PARALLEL_FROM = 1 << 16;
    private static final int PARTS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    /** A loop over elements {@code [from, to)}, part {@code part} of {@link #inParts}'s split. */
    @FunctionalInterface
    interface Part {
        void run(int part, int from, int to);
    }

    private ChannelLoops() {
    }

    /**
     * Per-channel mean and biased variance ({@code sum (x - mean)^2 / m}, {@code m = n / c}) in one pass. The mean is
     * ND4J's own {@code mean} bit for bit (a float sum in pixel order, divided in float), as DL4J's batch-norm layer
     * has it: a ReLU after the batch norm then switches off at the same elements, and the moving mean moves the same.
     * The variance is summed shifted by each channel's first value ({@link #span} layout, float over a few rows,
     * double over those), so large means do not cancel it away (ND4J's double-precision variance to a float
     * rounding). Reads {@code x}'s first {@code n} floats.
     */
    static void moments(FloatBuffer x, int n, int c, double[] mean, double[] var) {
        int span = span(c);
        float[] t = new float[span];
        float[] first = new float[c];
        x.get(0, first, 0, c);
        float[] s = repeat(first, span);
        float[] total = new float[c];
        Sums sums = new Sums(span);
        forSpans(0, n, span, (p, len) -> {
            x.get(p, t, 0, len);
            pixelOrderSums(t, len, c, total);
            for (int q = 0; q < len; q++) {
                float v = t[q] - s[q];
                sums.f1[q] += v;
                sums.f2[q] += v * v;
            }
            sums.rowDone(p + span >= n);
        });
        double[] sum = new double[c];
        double[] sq = new double[c];
        sums.into(c, sum, sq);
        int m = n / c;
        for (int j = 0; j < c; j++) {
            double shifted = sum[j] / m;
            var[j] = Math.max(0, sq[j] / m - shifted * shifted);
            mean[j] = total[j] / m;
        }
    }

    /**
     * Adds {@code t}'s pixels ({@code len} floats, whole pixels) into {@code total} per channel, in pixel order, eight
     * channels at a time in locals the JIT keeps in registers (a per-element store and load of an array of totals
     * took most of the old moments' 1.45 ms a million floats).
     */
    private static void pixelOrderSums(float[] t, int len, int c, float[] total) {
        int j0 = 0;
        for (; j0 + 8 <= c; j0 += 8) {
            float s0 = total[j0];
            float s1 = total[j0 + 1];
            float s2 = total[j0 + 2];
            float s3 = total[j0 + 3];
            float s4 = total[j0 + 4];
            float s5 = total[j0 + 5];
            float s6 = total[j0 + 6];
            float s7 = total[j0 + 7];
            for (int i = j0; i < len; i += c) {
                s0 += t[i];
                s1 += t[i + 1];
                s2 += t[i + 2];
                s3 += t[i + 3];
                s4 += t[i + 4];
                s5 += t[i + 5];
                s6 += t[i + 6];
                s7 += t[i + 7];
            }
            total[j0] = s0;
            total[j0 + 1] = s1;
            total[j0 + 2] = s2;
            total[j0 + 3] = s3;
            total[j0 + 4] = s4;
            total[j0 + 5] = s5;
            total[j0 + 6] = s6;
            total[j0 + 7] = s7;
        }
        for (; j0 < c; j0++) {
            float s0 = total[j0];
            for (int i = j0; i < len; i += c) {
                s0 += t[i];
            }
            total[j0] = s0;
        }
    }

    /**
     * Batch normalisation's per-channel numbers: {@code y = (x - mean) / std * gamma + beta}, then {@code max(0, y)}
     * when {@code relu}, in that order, as DL4J's layer computes it, so that a ReLU's on/off decision at a y within
     * rounding of zero comes out as the reference's.
     */
    record Norm(float[] mean, float[] std, float[] gamma, float[] beta, boolean relu) {
    }

    /** {@link Norm}'s arrays repeated along a span. */
    private record Repeated(float[] mu, float[] sd, float[] g, float[] b) {
        static Repeated of(Norm f, int span) {
            return new Repeated(repeat(f.mean(), span), repeat(f.std(), span), repeat(f.gamma(), span),
                    repeat(f.beta(), span));
        }

        /** Zeroes {@code d[q]} where the forward output at {@code x[q]} was not positive ({@link #step}). */
        void mask(float[] x, float[] d, int len) {
            for (int q = 0; q < len; q++) {
                d[q] *= step((x[q] - mu[q]) / sd[q] * g[q] + b[q]);
            }
        }
    }

    /**
     * {@link Norm}'s formula from {@code x} into {@code y} (n floats each, from index 0; may be one buffer). One
     * thread: split, it measured slower.
     */
    static void normalize(FloatBuffer x, FloatBuffer y, int n, int c, Norm f) {
        int span = span(c);
        Repeated r = Repeated.of(f, span);
        float[] t = new float[span];
        forSpans(0, n, span, (p, len) -> {
            x.get(p, t, 0, len);
            if (f.relu()) {
                for (int q = 0; q < len; q++) {
                    t[q] = Math.max((t[q] - r.mu[q]) / r.sd[q] * r.g[q] + r.b[q], 0f);
                }
            } else {
                for (int q = 0; q < len; q++) {
                    t[q] = (t[q] - r.mu[q]) / r.sd[q] * r.g[q] + r.b[q];
                }
            }
            y.put(p, t, 0, len);
        });
    }

    /**
     * Batch-norm backward's sums: {@code sumD = sum d}, {@code sumDx = sum d * (x - mean)} per channel, with
     * {@code d} first zeroed where the forward output was not positive when {@code f.relu()} (the fused ReLU's
     * gradient; {@code d} itself is left as it is).
     */
    static void gradientSums(FloatBuffer x, FloatBuffer d, int n, int c, Norm f, double[] sumD, double[] sumDx) {
        int parts = parts(n);
        double[][] partD = new double[parts][c];
        double[][] partDx = new double[parts][c];
        int span = span(c);
        Repeated r = Repeated.of(f, span);
        inParts(n, c, (part, from, to) -> {
            float[] tx = new float[span];
            float[] td = new float[span];
            Sums sums = new Sums(span);
            forSpans(from, to, span, (p, len) -> {
                x.get(p, tx, 0, len);
                d.get(p, td, 0, len);
                if (f.relu()) {
                    r.mask(tx, td, len);
                }
                for (int q = 0; q < len; q++) {
                    float dv = td[q];
                    sums.f1[q] += dv;
                    sums.f2[q] += dv * (tx[q] - r.mu[q]);
                }
                sums.rowDone(p + span >= to);
            });
            sums.into(c, partD[part], partDx[part]);
        });
        java.util.Arrays.fill(sumD, 0, c, 0);
        java.util.Arrays.fill(sumDx, 0, c, 0);
        for (int p = 0; p < parts; p++) {
            for (int j = 0; j < c; j++) {
                sumD[j] += partD[p][j];
                sumDx[j] += partDx[p][j];
            }
        }
    }

    /** A loop body over one span: elements {@code [p, p + len)}. */
    @FunctionalInterface
    interface SpanBody {
        void run(int p, int len);
    }

    /** Runs {@code body} over {@code [from, to)} in spans of {@code span} floats (the last may be shorter). */
    static void forSpans(int from, int to, int span, SpanBody body) {
        for (int p = from; p < to; p += span) {
            body.run(p, Math.min(span, to - p));
        }
    }

    /**
     * 1 where {@code y > 0}, else 0 (for -0 too; NaN for a NaN), without a branch and in float arithmetic only, so
     * the JIT vectorises the loop it is in: {@code y * 2^252} lifts the smallest positive float above 1. Multiplying
     * a gradient by it keeps the gradient bit for bit or makes it a zero (signed like the gradient).
     */
    static float step(float y) {
        return Math.min(Math.max(y * 0x1p126f * 0x1p126f, 0f), 1f);
    }

    /**
     * Per-channel sums in the {@link #span} layout: float sums {@code f1}, {@code f2} over up to {@value #ROWS}
     * spans, then added into doubles, which {@link #into} folds per channel.
     */
    private static final class Sums {
        final float[] f1;
        final float[] f2;
        private final double[] d1;
        private final double[] d2;
        private int rows;

        Sums(int span) {
            f1 = new float[span];
            f2 = new float[span];
            d1 = new double[span];
            d2 = new double[span];
        }

        /** After each span: moves the float sums into the doubles every {@value #ROWS} spans and at the last. */
        void rowDone(boolean last) {
            if (++rows == ROWS || last) {
                for (int q = 0; q < f1.length; q++) {
                    d1[q] += f1[q];
                    d2[q] += f2[q];
                    f1[q] = 0f;
                    f2[q] = 0f;
                }
                rows = 0;
            }
        }

        /** Adds the sums per channel ({@code q % c}) into {@code sum1} and {@code sum2}. */
        void into(int c, double[] sum1, double[] sum2) {
            for (int q = 0; q < d1.length; q++) {
                sum1[q % c] += d1[q];
                sum2[q % c] += d2[q];
            }
        }
    }

    /**
     * Floats per span: whole pixels, at least {@value #SPAN_FLOATS}. A span is copied to a small array and worked
     * on there with the per-channel numbers repeated along it ({@link #repeat}), every array indexed alike: a loop the
     * JIT vectorises. A loop over a pixel's 16 channels is too short for its vector loop, and one mixing the
     * tensor's index with the span's is not vectorised either (normalize: 1.45 and 0.8 ms a million floats, 0.35
     * this way).
     */
    static int span(int c) {
        return c * ((SPAN_FLOATS + c - 1) / c);
    }

    /** {@code perChannel} repeated to {@code span} floats (a multiple of its length). */
    private static float[] repeat(float[] perChannel, int span) {
        int c = perChannel.length;
        float[] r = new float[span];
        for (int q = 0; q < span; q++) {
            r[q] = perChannel[q % c];
        }
        return r;
    }

    /**
     * {@code out = a * d + b * (x - mean) + k} per channel ({@code out} may be {@code d}), with {@code d} first
     * zeroed where the forward output was not positive when {@code f.relu()}: batch-norm's input gradient.
     */
    static void inputGradient(FloatBuffer x, FloatBuffer d, FloatBuffer out, int n, int c, Norm f, float[] a,
            float[] b, float[] k) {
        int span = span(c);
        Repeated r = f.relu() ? Repeated.of(f, span) : null;
        float[] mu = repeat(f.mean(), span);
        float[] ra = repeat(a, span);
        float[] rb = repeat(b, span);
        float[] rk = repeat(k, span);
        inParts(n, c, (part, from, to) -> {
            float[] tx = new float[span];
            float[] td = new float[span];
            forSpans(from, to, span, (p, len) -> {
                x.get(p, tx, 0, len);
                d.get(p, td, 0, len);
                if (r != null) {
                    r.mask(tx, td, len);
                }
                for (int q = 0; q < len; q++) {
                    td[q] = ra[q] * td[q] + rb[q] * (tx[q] - mu[q]) + rk[q];
                }
                out.put(p, td, 0, len);
            });
        });
    }

    /**
     * {@code out = terms[0] + terms[1] + ...} over {@code n} elements (added in that order), then {@code max(0, out)}
     * when {@code relu}; {@code out} may be one of the terms.
     */
    static void add(FloatBuffer[] terms, FloatBuffer out, int n, boolean relu) {
        inParts(n, 1, (part, from, to) -> {
            float[] t = new float[SPAN_FLOATS];
            float[] u = new float[SPAN_FLOATS];
            forSpans(from, to, SPAN_FLOATS, (p, len) -> {
                terms[0].get(p, t, 0, len);
                for (int k = 1; k < terms.length; k++) {
                    terms[k].get(p, u, 0, len);
                    for (int q = 0; q < len; q++) {
                        t[q] += u[q];
                    }
                }
                if (relu) {
                    for (int q = 0; q < len; q++) {
                        t[q] = Math.max(t[q], 0f);
                    }
                }
                out.put(p, t, 0, len);
            });
        });
    }

    /** {@code out = max(0, x)} over {@code n} floats ({@code out} may be {@code x}; NaN stays NaN, as ND4J's ReLU). */
    static void relu(FloatBuffer x, FloatBuffer out, int n) {
        add(new FloatBuffer[] {x}, out, n, true);
    }

    /** {@code out = d} where {@code y > 0}, else zero ({@link #step}): a ReLU's gradient from its output. */
    static void reluMask(FloatBuffer y, FloatBuffer d, FloatBuffer out, int n) {
        inParts(n, 1, (part, from, to) -> {
            float[] ty = new float[SPAN_FLOATS];
            float[] td = new float[SPAN_FLOATS];
            forSpans(from, to, SPAN_FLOATS, (p, len) -> {
                y.get(p, ty, 0, len);
                d.get(p, td, 0, len);
                for (int q = 0; q < len; q++) {
                    td[q] *= step(ty[q]);
                }
                out.put(p, td, 0, len);
            });
        });
    }

    /** How many parts {@link #inParts} splits {@code n} floats into. */
    static int parts(int n) {
        return n < PARALLEL_FROM ? 1 : PARTS;
    }

    /**
     * Runs {@code body} over {@code [0, n)} in {@link #parts} parts of whole pixels ({@code c} floats each), part 0
     * on this thread and the others in the common fork-join pool, and returns when all are done.
     */
    static void inParts(int n, int c, Part body) {
        int parts = parts(n);
        if (parts == 1) {
            body.run(0, 0, n);
            return;
        }
        int pixels = n / c;
        java.util.concurrent.ForkJoinTask<?>[] others = new java.util.concurrent.ForkJoinTask<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            int part = p;
            int from = (int) ((long) pixels * p / parts) * c;
            int to = p == parts - 1 ? n : (int) ((long) pixels * (p + 1) / parts) * c;
            others[p - 1] = java.util.concurrent.ForkJoinPool.commonPool().submit(() -> body.run(part, from, to));
        }
        body.run(0, 0, (int) ((long) pixels / parts) * c);
        for (java.util.concurrent.ForkJoinTask<?> t : others) {
            t.join();
        }
    }
}
