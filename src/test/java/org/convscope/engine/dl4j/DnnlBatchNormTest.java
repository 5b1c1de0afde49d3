package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link DnnlBatchNorm} against batch normalisation's formulas summed in double here: forward
 * {@code y = gamma (x - mean) / sqrt(var + eps) + beta} (then {@code max(0, y)}), backward with batch statistics
 * {@code dx = gamma / std (dy' - mean(dy') - xhat mean(dy' xhat))} and with fixed ones {@code dx = gamma / std dy'},
 * {@code dgamma = sum dy' xhat}, {@code dbeta = sum dy'}, where {@code dy'} is {@code dy} masked by {@code y > 0} with
 * the ReLU; on {@code [n, H, W, C]} and {@code [n, C]} tensors.
 */
class DnnlBatchNormTest {
    @BeforeAll
    static void nd4j() {
        Dl4jRuntime.selectNativeBuild();
    }

    @Test
    void forwardAndBackwardFollowTheFormulas() {
        assumeTrue(OneDnn.available(), "oneDNN's presets do not load here");
        for (long[] shape : new long[][] {{3, 5, 4, 16}, {6, 8}}) {
            for (boolean training : new boolean[] {true, false}) {
                for (boolean relu : new boolean[] {false, true}) {
                    check(shape, training, relu);
                }
            }
        }
    }

    private static void check(long[] shape, boolean training, boolean relu) {
        String what = java.util.Arrays.toString(shape) + (training ? " batch statistics" : " fixed statistics")
                + (relu ? " + ReLU" : "");
        Nd4j.getRandom().setSeed(shape.length * 4 + (training ? 2 : 0) + (relu ? 1 : 0));
        int c = (int) shape[shape.length - 1];
        INDArray x = Nd4j.randn(DataType.FLOAT, shape).muli(0.7).addi(1.5);
        INDArray dy = Nd4j.randn(DataType.FLOAT, shape);
        INDArray params = Nd4j.rand(DataType.FLOAT, 1, 2 * c).subi(0.5); // gamma, beta: views of one flat array
        INDArray gamma = params.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, c));
        INDArray beta = params.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(c, 2 * c));
        float eps = 1e-3f;
        float[] xs = x.data().asFloat();
        float[] ds = dy.data().asFloat();
        int rows = xs.length / c;
        double[] mean = new double[c];
        double[] var = new double[c];
        for (int i = 0; i < xs.length; i++) {
            mean[i % c] += xs[i] / (double) rows;
        }
        for (int i = 0; i < xs.length; i++) {
            var[i % c] += (xs[i] - mean[i % c]) * (xs[i] - mean[i % c]) / rows;
        }
        float[] m = new float[c];
        float[] v = new float[c];
        for (int j = 0; j < c; j++) {
            m[j] = (float) (training ? mean[j] : mean[j] + 0.3);
            v[j] = (float) (training ? var[j] : var[j] * 1.7);
        }
        INDArray y = Nd4j.valueArrayOf(shape, 9f);
        DnnlBatchNorm bn = new DnnlBatchNorm(eps);
        assertTrue(bn.forward(x, y, gamma, beta, m, v, training, relu), what + ": oneDNN refused");
        float[] g = gamma.dup().data().asFloat();
        float[] b = beta.dup().data().asFloat();
        double[] xhat = new double[xs.length];
        double[] dyMasked = new double[xs.length];
        double[] sumDy = new double[c];
        double[] sumDyXhat = new double[c];
        float[] ys = y.data().asFloat();
        for (int i = 0; i < xs.length; i++) {
            int j = i % c;
            xhat[i] = (xs[i] - m[j]) / Math.sqrt(v[j] + (double) eps);
            double expected = g[j] * xhat[i] + b[j];
            expected = relu ? Math.max(0, expected) : expected;
            assertEquals(expected, ys[i], 2e-5 * Math.max(1, Math.abs(expected)), what + ": y at " + i);
            dyMasked[i] = relu && expected <= 0 ? 0 : ds[i];
            sumDy[j] += dyMasked[i];
            sumDyXhat[j] += dyMasked[i] * xhat[i];
        }
        INDArray dx = Nd4j.valueArrayOf(shape, 9f);
        INDArray grads = Nd4j.valueArrayOf(new long[] {1, 2 * c}, 9f);
        INDArray gGamma = grads.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, c));
        INDArray gBeta = grads.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(c, 2 * c));
        assertTrue(bn.backward(x, dy, dx, gamma, gGamma, gBeta), what + ": backward refused");
        float[] gg = gGamma.dup().data().asFloat();
        float[] gb = gBeta.dup().data().asFloat();
        for (int j = 0; j < c; j++) {
            assertEquals(sumDyXhat[j], gg[j], 1e-4 * Math.max(1, Math.abs(sumDyXhat[j])), what + ": dgamma " + j);
            assertEquals(sumDy[j], gb[j], 1e-4 * Math.max(1, Math.abs(sumDy[j])), what + ": dbeta " + j);
        }
        float[] dxs = dx.data().asFloat();
        for (int i = 0; i < xs.length; i++) {
            int j = i % c;
            double scale = g[j] / Math.sqrt(v[j] + (double) eps);
            double expected = training
                    ? scale * (dyMasked[i] - sumDy[j] / rows - xhat[i] * sumDyXhat[j] / rows)
                    : scale * dyMasked[i];
            assertEquals(expected, dxs[i], 1e-4 * Math.max(1, Math.abs(expected)), what + ": dx at " + i);
        }
    }
}
