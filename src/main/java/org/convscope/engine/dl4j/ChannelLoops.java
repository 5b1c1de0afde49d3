package org.convscope.engine.dl4j;

/**
 * Plain Java loops over channels-last float arrays ({@code [pixels, c]} flattened: element {@code i} is channel
 * {@code i % c}) for batch normalisation and Add on the graph path. Each is one pass over its arrays, with the
 * channel loop innermost so the JIT vectorises it; per-channel sums are kept in float over blocks of
 * {@value #BLOCK} pixels and added into doubles, so a 65,536-pixel channel loses no precision.
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
    /** Pixels summed in float before their sums move into the double totals. */
    static final int BLOCK = 32;
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
     * The variance is summed shifted by each channel's first value, in float over blocks and in double over those,
     * so large means do not cancel it away (ND4J's double-precision variance to a float rounding).
     *
     * @param total scratch of length {@code c}
     * @param blockSum scratch of length {@code c}
     * @param blockSq scratch of length {@code c}
     */
    static void moments(float[] x, int n, int c, double[] mean, double[] var, float[] total, float[] blockSum,
            float[] blockSq) {
        double[] sum = mean;
        double[] sq = var;
        java.util.Arrays.fill(sum, 0, c, 0);
        java.util.Arrays.fill(sq, 0, c, 0);
        java.util.Arrays.fill(total, 0, c, 0f);
        java.util.Arrays.fill(blockSum, 0, c, 0f);
        java.util.Arrays.fill(blockSq, 0, c, 0f);
        for (int p = 0; p < n; p += BLOCK * c) {
            int end = Math.min(n, p + BLOCK * c);
            for (int i = p; i < end; i += c) {
                for (int j = 0; j < c; j++) {
                    float xv = x[i + j];
                    float v = xv - x[j];
                    total[j] += xv;
                    blockSum[j] += v;
                    blockSq[j] += v * v;
                }
            }
            for (int j = 0; j < c; j++) {
                sum[j] += blockSum[j];
                sq[j] += blockSq[j];
                blockSum[j] = 0f;
                blockSq[j] = 0f;
            }
        }
        int m = n / c;
        for (int j = 0; j < c; j++) {
            double shifted = sum[j] / m;
            var[j] = Math.max(0, sq[j] / m - shifted * shifted);
            mean[j] = total[j] / m;
        }
    }

    /**
     * {@code y = (x - mean) / std * gamma + beta} per channel, then {@code max(0, y)} when {@code relu}; {@code y}
     * may be {@code x}. Computed in that order, as DL4J's layer does, so that a ReLU's on/off decision at a y within
     * rounding of zero comes out as the reference's.
     */
    static void normalize(float[] x, float[] y, int n, int c, float[] mean, float[] std, float[] gamma,
            float[] beta, boolean relu) {
        normalize(x, y, 0, n, c, mean, std, gamma, beta, relu); // split, it measured slower (3.5 -> 3.9-4.6 ms)
    }

    private static void normalize(float[] x, float[] y, int from, int to, int c, float[] mean, float[] std,
            float[] gamma, float[] beta, boolean relu) {
        for (int i = from; i < to; i += c) {
            for (int j = 0; j < c; j++) {
                float v = (x[i + j] - mean[j]) / std[j] * gamma[j] + beta[j];
                y[i + j] = relu ? Math.max(v, 0f) : v;
            }
        }
    }

    /**
     * Batch-norm backward's sums: {@code sumD = sum d}, {@code sumDx = sum d * (x - mean)} per channel. With
     * {@code relu}, {@code d} is first zeroed in place where the forward output (as {@link #normalize}) was not
     * positive (the fused ReLU's gradient), without a branch ({@link #positiveMask}).
     */
    static void gradientSums(float[] x, float[] d, int n, int c, float[] mean, float[] std, float[] gamma,
            float[] beta, boolean relu, double[] sumD, double[] sumDx, float[] blockD, float[] blockDx) {
        java.util.Arrays.fill(sumD, 0, c, 0);
        java.util.Arrays.fill(sumDx, 0, c, 0);
        int parts = parts(n);
        double[][] partD = new double[parts][];
        double[][] partDx = new double[parts][];
        inParts(n, c, (part, from, to) -> {
            boolean first = part == 0;
            partD[part] = first ? sumD : new double[c];
            partDx[part] = first ? sumDx : new double[c];
            gradientSums(x, d, from, to, c, mean, std, gamma, beta, relu, partD[part], partDx[part],
                    first ? blockD : new float[c], first ? blockDx : new float[c]);
        });
        for (int p = 1; p < parts; p++) {
            for (int j = 0; j < c; j++) {
                sumD[j] += partD[p][j];
                sumDx[j] += partDx[p][j];
            }
        }
    }

    private static void gradientSums(float[] x, float[] d, int from, int to, int c, float[] mean, float[] std,
            float[] gamma, float[] beta, boolean relu, double[] sumD, double[] sumDx, float[] blockD,
            float[] blockDx) {
        java.util.Arrays.fill(blockD, 0, c, 0f);
        java.util.Arrays.fill(blockDx, 0, c, 0f);
        for (int p = from; p < to; p += BLOCK * c) {
            int end = Math.min(to, p + BLOCK * c);
            if (relu) {
                blockSumsThroughRelu(x, d, p, end, c, mean, std, gamma, beta, blockD, blockDx);
            } else {
                blockSums(x, d, p, end, c, mean, blockD, blockDx);
            }
            for (int j = 0; j < c; j++) {
                sumD[j] += blockD[j];
                sumDx[j] += blockDx[j];
                blockD[j] = 0f;
                blockDx[j] = 0f;
            }
        }
    }

    private static void blockSums(float[] x, float[] d, int from, int to, int c, float[] mean, float[] blockD,
            float[] blockDx) {
        for (int i = from; i < to; i += c) {
            for (int j = 0; j < c; j++) {
                float dv = d[i + j];
                blockD[j] += dv;
                blockDx[j] += dv * (x[i + j] - mean[j]);
            }
        }
    }

    private static void blockSumsThroughRelu(float[] x, float[] d, int from, int to, int c, float[] mean,
            float[] std, float[] gamma, float[] beta, float[] blockD, float[] blockDx) {
        for (int i = from; i < to; i += c) {
            for (int j = 0; j < c; j++) {
                float xc = x[i + j] - mean[j];
                int keep = positiveMask(xc / std[j] * gamma[j] + beta[j]);
                float dv = Float.intBitsToFloat(Float.floatToRawIntBits(d[i + j]) & keep);
                d[i + j] = dv;
                blockD[j] += dv;
                blockDx[j] += dv * xc;
            }
        }
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
        inParts(n, c, (part, from, to) -> {
            for (int i = from; i < to; i += c) {
                for (int j = 0; j < c; j++) {
                    d[i + j] = a[j] * d[i + j] + b[j] * (x[i + j] - mean[j]) + k[j];
                }
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
