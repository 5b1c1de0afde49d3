package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ChannelLoops} on a ResNet-sized tensor ({@code [16, 32, 32, 16]}, 262,144 floats: many sum blocks, and
 * split over the cores where the loop is): each result against the plain per-element formula or a double-precision
 * sum written out here, so splitting changes no element and no sum beyond rounding; the batch mean is a float sum in
 * pixel order bit for bit.
 */
class ChannelLoopsTest {
    private static final int C = 16;
    private static final int N = 16 * 32 * 32 * C;

    private static float[] gaussian(Random r, float scale, float shift) {
        float[] v = new float[N];
        for (int i = 0; i < N; i++) {
            v[i] = (float) r.nextGaussian() * scale + shift;
        }
        return v;
    }

    private static float[] perChannel(Random r, float low, float high) {
        float[] v = new float[C];
        for (int j = 0; j < C; j++) {
            v[j] = low + (high - low) * r.nextFloat();
        }
        return v;
    }

    @Test
    void reluKeepsPositivesZeroesTheRestAndPassesNan() {
        int n = ChannelLoops.PARALLEL_FROM + 37; // split over the cores, with a short last span
        float[] x = new float[n];
        Random rnd = new Random(12);
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        x[5] = Float.NaN;
        x[6] = -0f;
        x[n - 1] = Float.MIN_VALUE;
        float[] y = new float[n];
        ChannelLoops.relu(FloatBuffer.wrap(x), FloatBuffer.wrap(y), n);
        for (int i = 0; i < n; i++) {
            float want = Float.isNaN(x[i]) ? Float.NaN : x[i] > 0 ? x[i] : 0f;
            assertEquals(want, y[i], 0f, "element " + i + " of " + x[i]);
        }
        assertTrue(Float.isNaN(y[5]));
        assertEquals(Float.MIN_VALUE, y[n - 1], 0f);
    }

    @Test
    void theTensorIsLargeEnoughToBeSplit() {
        org.junit.jupiter.api.Assertions.assertTrue(ChannelLoops.parts(N) == Math.min(4,
                Runtime.getRuntime().availableProcessors()) && N >= ChannelLoops.PARALLEL_FROM);
    }

    @Test
    void momentsKeepTheFloatMeanInPixelOrderAndTheVarianceToRounding() {
        float[] x = gaussian(new Random(1), 2f, 30f);
        double[] mean = new double[C];
        double[] var = new double[C];
        ChannelLoops.moments(FloatBuffer.wrap(x), N, C, mean, var);
        int m = N / C;
        for (int j = 0; j < C; j++) {
            float total = 0f;
            double sum = 0;
            for (int i = j; i < N; i += C) {
                total += x[i];
                sum += x[i];
            }
            double exactMean = sum / m;
            double sq = 0;
            for (int i = j; i < N; i += C) {
                sq += (x[i] - exactMean) * (x[i] - exactMean);
            }
            assertEquals(total / m, mean[j], 0.0, "channel " + j + ": the float sum in pixel order, bit for bit");
            assertEquals(sq / m, var[j], 1e-5 * sq / m, "channel " + j);
        }
    }

    @Test
    void normalizeAndItsReluGiveEachElementsOwnFormula() {
        Random r = new Random(2);
        float[] x = gaussian(r, 1f, 0.1f);
        float[] mean = perChannel(r, -0.2f, 0.2f);
        float[] std = perChannel(r, 0.5f, 1.5f);
        float[] gamma = perChannel(r, -1f, 1f);
        float[] beta = perChannel(r, -0.3f, 0.3f);
        float[] y = new float[N];
        ChannelLoops.normalize(FloatBuffer.wrap(x), FloatBuffer.wrap(y), N, C,
                new ChannelLoops.Norm(mean, std, gamma, beta, true));
        float[] expected = new float[N];
        for (int i = 0; i < N; i++) {
            int j = i % C;
            expected[i] = Math.max((x[i] - mean[j]) / std[j] * gamma[j] + beta[j], 0f);
        }
        assertArrayEquals(expected, y);
    }

    /**
     * An input {@code x}, a gradient {@code d} (and its copy {@code d0}), and per-channel numbers: a mean in
     * [-0.2, 0.2], then one array per {@code (low, high)} pair.
     */
    private record Backward(float[] x, float[] d, float[] d0, float[] mean, float[][] channels) {
        static Backward of(long seed, float... lowHigh) {
            Random r = new Random(seed);
            float[] x = gaussian(r, 1f, 0f);
            float[] d = gaussian(r, 1f, 0f);
            float[] mean = perChannel(r, -0.2f, 0.2f);
            float[][] more = new float[lowHigh.length / 2][];
            for (int i = 0; i < more.length; i++) {
                more[i] = ChannelLoopsTest.perChannel(r, lowHigh[2 * i], lowHigh[2 * i + 1]);
            }
            return new Backward(x, d, d.clone(), mean, more);
        }
    }

    @Test
    void gradientSumsAndInputGradientGoThroughTheReluMask() {
        Backward f = Backward.of(3, 0.5f, 1.5f, -1f, 1f, -0.3f, 0.3f, -1f, 1f, -1f, 1f, -1f, 1f);
        float[] x = f.x();
        float[] d = f.d();
        float[] d0 = f.d0();
        float[] mean = f.mean();
        float[] std = f.channels()[0];
        float[] gamma = f.channels()[1];
        float[] beta = f.channels()[2];
        float[] a = f.channels()[3];
        float[] b = f.channels()[4];
        float[] k = f.channels()[5];
        ChannelLoops.Norm norm = new ChannelLoops.Norm(mean, std, gamma, beta, true);
        double[] sumD = new double[C];
        double[] sumDx = new double[C];
        ChannelLoops.gradientSums(FloatBuffer.wrap(x), FloatBuffer.wrap(d), N, C, norm, sumD, sumDx);
        float[] dx = new float[N];
        ChannelLoops.inputGradient(FloatBuffer.wrap(x), FloatBuffer.wrap(d), FloatBuffer.wrap(dx), N, C, norm, a, b, k);
        double[] expectD = new double[C];
        double[] expectDx = new double[C];
        int zeroed = 0;
        for (int i = 0; i < N; i++) {
            int j = i % C;
            float xc = x[i] - mean[j];
            float dv = xc / std[j] * gamma[j] + beta[j] > 0f ? d0[i] : 0f;
            zeroed += dv == 0f ? 1 : 0;
            assertEquals(a[j] * dv + b[j] * xc + k[j], dx[i], 0f, "input gradient " + i);
            expectD[j] += dv;
            expectDx[j] += (double) dv * xc;
        }
        assertArrayEquals(d0, d, "the incoming gradient is read, not written");
        assertTrue(zeroed > N / 4 && zeroed < 3 * N / 4, "the ReLU switched off " + zeroed + " of " + N);
        assertArrayEquals(expectD, sumD, 1e-3);
        assertArrayEquals(expectDx, sumDx, 1e-3);
    }

    @Test
    void inputGradientAddAndMaskGiveEachElementsOwnFormula() {
        Backward f = Backward.of(4, -1f, 1f, -1f, 1f, -1f, 1f);
        float[] x = f.x();
        float[] d = f.d();
        float[] d0 = f.d0();
        float[] mean = f.mean();
        float[] a = f.channels()[0];
        float[] b = f.channels()[1];
        float[] k = f.channels()[2];
        FloatBuffer inPlace = FloatBuffer.wrap(d);
        ChannelLoops.inputGradient(FloatBuffer.wrap(x), inPlace, inPlace, N, C,
                new ChannelLoops.Norm(mean, null, null, null, false), a, b, k);
        float[] sum = new float[N];
        ChannelLoops.add(new FloatBuffer[] {FloatBuffer.wrap(x), FloatBuffer.wrap(d0)}, FloatBuffer.wrap(sum), N, true);
        float[] masked = new float[N];
        ChannelLoops.reluMask(FloatBuffer.wrap(sum), FloatBuffer.wrap(d0), FloatBuffer.wrap(masked), N);
        for (int i = 0; i < N; i++) {
            int j = i % C;
            assertEquals(a[j] * d0[i] + b[j] * (x[i] - mean[j]) + k[j], d[i], 0f, "input gradient " + i);
            assertEquals(Math.max(x[i] + d0[i], 0f), sum[i], 0f, "add " + i);
            assertEquals(sum[i] > 0f ? d0[i] : 0f, masked[i], 0f, "mask " + i);
        }
    }

    /**
     * Channel counts that do not divide a span ({@code 3}: no group of eight for the mean; {@code 24}: spans of 264
     * floats) and a pixel count that leaves a short last span in each of the split parts: every loop against each
     * element's own formula, the mean bit for bit.
     */
    @Test
    void oddChannelCountsAndShortSpansGiveTheSameFormulas() {
        for (int c : new int[] {3, 24}) {
            int pixels = 3001 * 24 / c;
            int n = pixels * c;
            Random r = new Random(c);
            float[] x = new float[n];
            float[] d0 = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) r.nextGaussian() * 1.5f + 4f;
                d0[i] = (float) r.nextGaussian();
            }
            float[] std = new float[c];
            float[] gamma = new float[c];
            float[] beta = new float[c];
            for (int j = 0; j < c; j++) {
                std[j] = 0.5f + r.nextFloat();
                gamma[j] = r.nextFloat() * 2 - 1;
                beta[j] = r.nextFloat() - 0.5f;
            }
            double[] mean = new double[c];
            double[] var = new double[c];
            ChannelLoops.moments(FloatBuffer.wrap(x), n, c, mean, var);
            float[] mu = new float[c];
            for (int j = 0; j < c; j++) {
                float total = 0f;
                double sq = 0;
                for (int i = j; i < n; i += c) {
                    total += x[i];
                }
                mu[j] = total / pixels;
                for (int i = j; i < n; i += c) {
                    sq += (x[i] - (double) mu[j]) * (x[i] - (double) mu[j]);
                }
                assertEquals(mu[j], mean[j], 0.0, c + " channels, mean " + j);
                assertEquals(sq / pixels, var[j], 1e-5 * sq / pixels, c + " channels, variance " + j);
            }
            float[] y = new float[n];
            ChannelLoops.Norm norm = new ChannelLoops.Norm(mu, std, gamma, beta, true);
            ChannelLoops.normalize(FloatBuffer.wrap(x), FloatBuffer.wrap(y), n, c, norm);
            float[] d = d0.clone();
            double[] sumD = new double[c];
            double[] sumDx = new double[c];
            ChannelLoops.gradientSums(FloatBuffer.wrap(x), FloatBuffer.wrap(d), n, c, norm, sumD, sumDx);
            float[] dx = new float[n];
            ChannelLoops.inputGradient(FloatBuffer.wrap(x), FloatBuffer.wrap(d), FloatBuffer.wrap(dx), n, c, norm,
                    gamma, beta, std);
            double[] expectD = new double[c];
            double[] expectDx = new double[c];
            for (int i = 0; i < n; i++) {
                int j = i % c;
                float yi = (x[i] - mu[j]) / std[j] * gamma[j] + beta[j];
                assertEquals(Math.max(yi, 0f), y[i], 0f, c + " channels, y " + i);
                float dv = yi > 0f ? d0[i] : 0f;
                assertEquals(gamma[j] * dv + beta[j] * (x[i] - mu[j]) + std[j], dx[i], 0f, c + " channels, dx " + i);
                expectD[j] += dv;
                expectDx[j] += (double) dv * (x[i] - mu[j]);
            }
            assertArrayEquals(expectD, sumD, 1e-3);
            assertArrayEquals(expectDx, sumDx, 1e-3);
        }
    }

    @Test
    void theStepIsOneExactlyAbovePositiveZero() {
        assertEquals(1f, ChannelLoops.step(Float.MIN_VALUE), 0f);
        assertEquals(1f, ChannelLoops.step(Float.MAX_VALUE), 0f);
        assertEquals(1f, ChannelLoops.step(Float.POSITIVE_INFINITY), 0f);
        assertEquals(0f, ChannelLoops.step(0f), 0f);
        assertEquals(0f, ChannelLoops.step(-0f), 0f);
        assertEquals(0f, ChannelLoops.step(-Float.MIN_VALUE), 0f);
        assertEquals(0f, ChannelLoops.step(Float.NEGATIVE_INFINITY), 0f);
        assertTrue(Float.isNaN(ChannelLoops.step(Float.NaN)));
    }
}
