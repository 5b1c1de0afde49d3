package org.convscope.engine.dl4j;

/**
 * Plain Java loops over channels-last float arrays ({@code [pixels, c]} flattened: element {@code i} is channel
 * {@code i % c}) for batch normalisation and Add on the graph path. Each is one pass over its arrays (the moments
 * two), in {@link #span}s of whole pixels with the per-channel numbers repeated along the span, so the inner loop is
 * long enough for the JIT to vectorise; per-channel sums are kept in float over {@value #ROWS} spans and added into
 * doubles, so a 65,536-pixel channel loses no precision.
 *
 * <p>Why not ND4J's ops: batch normalisation built from broadcast ops reads and writes each tensor about seven times
 * forward and twelve times backward, each op a separate OpenMP region; on a busy two-core machine those regions
 * cost far more than the arithmetic.
 *
 * <p>The backward loops ({@link #gradientSums}, {@link #inputGradient}, {@link #reluMask}) and {@link #add} split
 * tensors of at least {@value #PARALLEL_FROM} floats into one part per core ({@link #inParts}): the calling thread
 * takes the first, the common fork-join pool the rest. Each element gets the same float either way; the gradient sums
 * add the parts' double sums in part order. The forward pass's {@link #moments} and {@link #normalize} stay on the
 * calling thread: the mean must be one float sum in pixel order (its own scalar pass), and a split normalize measured
 * slower.
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
     * Per-channel mean and biased variance ({@code sum (x - mean)^2 / m}, {@code m = n / c}) in two passes. The mean
     * is ND4J's own {@code mean} bit for bit (a float sum in pixel order, divided in float), as DL4J's batch-norm
     * layer has it: a ReLU after the batch norm then switches off at the same elements, and the moving mean moves the
     * same. The variance is summed around that mean ({@link #span} layout, float over a few rows, double over those),
     * so large means do not cancel it away (ND4J's double-precision variance to a float rounding).
     */
    static void moments(float[] x, int n, int c, double[] mean, double[] var) {
        int m = n / c;
        float[] mu = new float[c];
        int j0 = 0;
        for (; j0 + 8 <= c; j0 += 8) {
            pixelOrderSums8(x, n, c, j0, mu);
        }
        for (; j0 < c; j0++) {
            float total = 0f;
            for (int i = j0; i < n; i += c) {
                total += x[i];
            }
            mu[j0] = total;
        }
        for (int j = 0; j < c; j++) {
            mu[j] /= m;
        }
        double[] sum = new double[c];
        double[] sq = new double[c];
        int span = span(c);
        float[] s = repeat(mu, span);
        float[] t = new float[span];
        Sums sums = new Sums(span);
        for (int p = 0; p < n; p += span) {
            int len = Math.min(span, n - p);
            System.arraycopy(x, p, t, 0, len);
            for (int q = 0; q < len; q++) {
                float v = t[q] - s[q];
                sums.f1[q] += v;
                sums.f2[q] += v * v;
            }
            sums.rowDone(p + span >= n);
        }
        sums.into(c, sum, sq);
        for (int j = 0; j < c; j++) {
            double shifted = sum[j] / m;
            var[j] = Math.max(0, sq[j] / m - shifted * shifted);
            mean[j] = mu[j];
        }
    }

    /**
     * Channels {@code j0 .. j0 + 7}'s float sums in pixel order into {@code into}, in eight locals the JIT keeps in
     * registers (an array of totals is stored and loaded again for every element: 1.45 ms a million floats for
     * the old one-pass moments, this about 0.2).
     */
    private static void pixelOrderSums8(float[] x, int n, int c, int j0, float[] into) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        float s4 = 0f;
        float s5 = 0f;
        float s6 = 0f;
        float s7 = 0f;
        for (int i = j0; i < n; i += c) {
            s0 += x[i];
            s1 += x[i + 1];
            s2 += x[i + 2];
            s3 += x[i + 3];
            s4 += x[i + 4];
            s5 += x[i + 5];
            s6 += x[i + 6];
            s7 += x[i + 7];
        }
        into[j0] = s0;
        into[j0 + 1] = s1;
        into[j0 + 2] = s2;
        into[j0 + 3] = s3;
        into[j0 + 4] = s4;
        into[j0 + 5] = s5;
        into[j0 + 6] = s6;
        into[j0 + 7] = s7;
    }

    /**
     * {@code y = (x - mean) / std * gamma + beta} per channel, then {@code max(0, y)} when {@code relu}; {@code y}
     * may be {@code x}. Computed in that order, as DL4J's layer does, so that a ReLU's on/off decision at a y within
     * rounding of zero comes out as the reference's. One thread: split, it measured slower.
     */
    static void normalize(float[] x, float[] y, int n, int c, float[] mean, float[] std, float[] gamma,
            float[] beta, boolean relu) {
        int span = span(c);
        float[] mu = repeat(mean, span);
        float[] sd = repeat(std, span);
        float[] g = repeat(gamma, span);
        float[] b = repeat(beta, span);
        float[] t = new float[span];
        for (int p = 0; p < n; p += span) {
            int len = Math.min(span, n - p);
            System.arraycopy(x, p, t, 0, len);
            if (relu) {
                for (int q = 0; q < len; q++) {
                    t[q] = Math.max((t[q] - mu[q]) / sd[q] * g[q] + b[q], 0f);
                }
            } else {
                for (int q = 0; q < len; q++) {
                    t[q] = (t[q] - mu[q]) / sd[q] * g[q] + b[q];
                }
            }
            System.arraycopy(t, 0, y, p, len);
        }
    }

    /**
     * Batch-norm backward's sums: {@code sumD = sum d}, {@code sumDx = sum d * (x - mean)} per channel. With
     * {@code relu}, {@code d} is first zeroed in place where the forward output (as {@link #normalize}) was not
     * positive (the fused ReLU's gradient), without a branch ({@link #step}).
     */
    static void gradientSums(float[] x, float[] d, int n, int c, float[] mean, float[] std, float[] gamma,
            float[] beta, boolean relu, double[] sumD, double[] sumDx) {
        int parts = parts(n);
        double[][] partD = new double[parts][c];
        double[][] partDx = new double[parts][c];
        int span = span(c);
        float[] mu = repeat(mean, span);
        float[] sd = repeat(std, span);
        float[] g = repeat(gamma, span);
        float[] b = repeat(beta, span);
        inParts(n, c, (part, from, to) -> {
            float[] tx = new float[span];
            float[] td = new float[span];
            Sums sums = new Sums(span);
            for (int p = from; p < to; p += span) {
                int len = Math.min(span, to - p);
                System.arraycopy(x, p, tx, 0, len);
                System.arraycopy(d, p, td, 0, len);
                if (relu) {
                    for (int q = 0; q < len; q++) {
                        td[q] *= step((tx[q] - mu[q]) / sd[q] * g[q] + b[q]);
                    }
                    System.arraycopy(td, 0, d, p, len);
                }
                for (int q = 0; q < len; q++) {
                    float dv = td[q];
                    sums.f1[q] += dv;
                    sums.f2[q] += dv * (tx[q] - mu[q]);
                }
                sums.rowDone(p + span >= to);
            }
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
     * All one bits where {@code v > 0}, else zero (for -0 too), computed from {@code v}'s bits without a branch: a
     * ReLU's on/off pattern is close to random, and a branch per element mispredicts about half the time (a mask by
     * branch took 5 ms for a million floats, this 0.25 ms; the JIT vectorises it). A NaN passes where its sign bit
     * is clear; a NaN loss skips the optimiser step, so such a gradient is never used.
     */
    static int positiveMask(float v) {
        int bits = Float.floatToRawIntBits(v);
        return (-bits & ~bits) >> 31;
    }

    /** {@code d = a * d + b * (x - mean) + k} per channel, in place: batch-norm's input gradient. */
    static void inputGradient(float[] x, float[] d, int n, int c, float[] mean, float[] a, float[] b, float[] k) {
        int span = span(c);
        float[] mu = repeat(mean, span);
        float[] ra = repeat(a, span);
        float[] rb = repeat(b, span);
        float[] rk = repeat(k, span);
        inParts(n, c, (part, from, to) -> {
            float[] tx = new float[span];
            float[] td = new float[span];
            for (int p = from; p < to; p += span) {
                int len = Math.min(span, to - p);
                System.arraycopy(x, p, tx, 0, len);
                System.arraycopy(d, p, td, 0, len);
                for (int q = 0; q < len; q++) {
                    td[q] = ra[q] * td[q] + rb[q] * (tx[q] - mu[q]) + rk[q];
                }
                System.arraycopy(td, 0, d, p, len);
            }
        });
    }

    /** {@code a += b} over {@code n} elements, then {@code max(0, a)} when {@code relu}. */
    static void add(float[] a, float[] b, int n, boolean relu) {
        inParts(n, 1, (part, from, to) -> {
            if (relu) {
                for (int i = from; i < to; i++) {
                    a[i] = Math.max(a[i] + b[i], 0f);
                }
            } else {
                for (int i = from; i < to; i++) {
                    a[i] += b[i];
                }
            }
        });
    }

    /** Zeroes {@code d} in place where {@code y} is not positive: a ReLU's gradient from its output. */
    static void reluMask(float[] y, float[] d, int n) {
        inParts(n, 1, (part, from, to) -> {
            for (int i = from; i < to; i++) {
                d[i] = Float.intBitsToFloat(Float.floatToRawIntBits(d[i]) & positiveMask(y[i]));
            }
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
