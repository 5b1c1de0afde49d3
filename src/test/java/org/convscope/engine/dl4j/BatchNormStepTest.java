package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.IdentityHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link BatchNormStep}'s heap loops on hand-worked numbers: one channel holding 1, 2, 3, 6 (mean 3, biased variance
 * 3.5; with eps 0.5 the std is 2), gamma 2, beta 1, so x-hat is -1, -0.5, 0, 1.5 and y is -1, 0, 1, 4. A second
 * channel, gamma 1 beta 0 over 10, 9, 11, 14 (mean 11, variance 3.5, x-hat -0.5, -1, 0, 1.5), keeps them apart.
 */
class BatchNormStepTest {

    /** The DL4J layer whose parameter views the step reads, and the gradient views it writes. */
    private final Map<INDArray, INDArray> gradients = new IdentityHashMap<>();
    private Layer layer;

    private BatchNormStep step() {
        var conf = new NeuralNetConfiguration.Builder().list()
                .layer(new BatchNormalization.Builder().nOut(2).eps(0.5).decay(0.9).useLogStd(true).build())
                .setInputType(InputType.feedForward(2)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        layer = net.getLayer(0);
        layer.getParam("gamma").assign(Nd4j.create(new float[] {2, 1}, new long[] {1, 2}, 'c'));
        layer.getParam("beta").assign(Nd4j.create(new float[] {1, 0}, new long[] {1, 2}, 'c'));
        layer.getParam("mean").assign(0);
        layer.getParam("log10stdev").assign(0); // moving std 1
        NativeStep.Owner owner = new NativeStep.Owner() {
            @Override
            public INDArray gradientFor(INDArray param) {
                return gradients.computeIfAbsent(param, p -> Nd4j.zeros(p.dataType(), p.shape()));
            }

            @Override
            public boolean fusing() {
                return false;
            }
        };
        return new BatchNormStep(layer, owner, 0.9, 0.5);
    }

    /** Pixels 1, 2, 3, 6 in channel 0 and 10, 9, 11, 14 in channel 1, as a {@code [1, 2, 2, 2]} image. */
    private static INDArray input() {
        return Nd4j.create(new float[] {1, 10, 2, 9, 3, 11, 6, 14}, new long[] {1, 2, 2, 2}, 'c');
    }

    private static INDArray gradient(float... v) {
        return Nd4j.create(v, new long[] {1, 2, 2, 2}, 'c');
    }

    @Test
    void trainingForwardNormalisesWithBatchStatisticsAndMovesTheAverages() {
        BatchNormStep bn = step();
        INDArray y = bn.forward(input(), true, true);
        assertArrayEquals(new float[] {-1, -0.5f, 0, -1, 1, 0, 4, 1.5f}, Nd4jArrays.floats(y), 1e-6f);
        // mean 0.9 * 0 + 0.1 * (3, 11); variance 0.9 * 1 + 0.1 * 3.5 = 1.25, as log10(std)
        assertArrayEquals(new float[] {0.3f, 1.1f}, Nd4jArrays.floats(layer.getParam("mean")), 1e-6f);
        assertArrayEquals(new float[] {(float) (0.5 * Math.log10(1.25)), (float) (0.5 * Math.log10(1.25))},
                Nd4jArrays.floats(layer.getParam("log10stdev")), 1e-6f);
    }

    @Test
    void trainingBackwardGivesGammaBetaAndTheInputGradient() {
        BatchNormStep bn = step();
        bn.forward(input(), true, true);
        INDArray dx = bn.backward(gradient(4, 0, 0, 0, 0, 0, 2, 1), true);
        // channel 0, dy 4, 0, 0, 2: dbeta 6, dgamma = sum dy * xhat = -4 + 3 = -1;
        // dx = gamma / std * (dy - mean(dy) - xhat * mean(dy * xhat)) = dy - 1.5 + 0.25 xhat = 2.25, -1.625, -1.5, 0.875
        // channel 1, dy 0, 0, 0, 1: dbeta 1, dgamma 1.5; dx = 0.5 (dy - 0.25 - 0.375 xhat) = -1/32, 1/16, -1/8, 3/32
        assertArrayEquals(new float[] {2.25f, -0.03125f, -1.625f, 0.0625f, -1.5f, -0.125f, 0.875f, 0.09375f},
                Nd4jArrays.floats(dx), 1e-6f);
        assertArrayEquals(new float[] {6, 1}, Nd4jArrays.floats(gradients.get(layer.getParam("beta"))), 1e-6f);
        assertArrayEquals(new float[] {-1, 1.5f}, Nd4jArrays.floats(gradients.get(layer.getParam("gamma"))), 1e-6f);
    }

    /** The fused ReLU: y = 0 at x = 2 counts as off, as DL4J's ReLU gradient has it. */
    @Test
    void fusedReluClipsTheOutputAndMasksTheGradient() {
        BatchNormStep bn = step();
        INDArray y = bn.forward(input(), true, true, true);
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 0, 4, 1.5f}, Nd4jArrays.floats(y), 1e-6f);
        INDArray dx = bn.backward(gradient(4, 7, 5, 7, 0, 7, 2, 1), true);
        // channel 0, masked dy 0, 0, 0, 2: dbeta 2, dgamma 3, dx = dy - 0.5 - 0.75 xhat = 0.25, -0.125, -0.5, 0.375
        // channel 1, masked dy 0, 0, 0, 1: as above
        assertArrayEquals(new float[] {0.25f, -0.03125f, -0.125f, 0.0625f, -0.5f, -0.125f, 0.375f, 0.09375f},
                Nd4jArrays.floats(dx), 1e-6f);
        assertArrayEquals(new float[] {2, 1}, Nd4jArrays.floats(gradients.get(layer.getParam("beta"))), 1e-6f);
        assertArrayEquals(new float[] {3, 1.5f}, Nd4jArrays.floats(gradients.get(layer.getParam("gamma"))), 1e-6f);
    }

    /** Inference: the moving statistics (mean 0, std sqrt(1 + 0.5)), and dx = dy * gamma / std. */
    @Test
    void inferenceUsesTheMovingStatistics() {
        BatchNormStep bn = step();
        float s = (float) Math.sqrt(1.5);
        INDArray y = bn.forward(input(), false, true);
        assertArrayEquals(new float[] {2 / s + 1, 10 / s, 4 / s + 1, 9 / s, 6 / s + 1, 11 / s, 12 / s + 1, 14 / s},
                Nd4jArrays.floats(y), 1e-5f);
        INDArray dx = bn.backward(gradient(1, 1, 2, 0, 0, 0, 0, 3), true);
        assertArrayEquals(new float[] {2 / s, 1 / s, 4 / s, 0, 0, 0, 0, 3 / s}, Nd4jArrays.floats(dx), 1e-5f);
        assertArrayEquals(new float[] {0, 0}, Nd4jArrays.floats(layer.getParam("mean")), 0f); // unchanged
    }

    /**
     * Values near 10,000 with a spread of 1: a plain float sum of squares would lose the variance ({@code E[x^2]} is
     * 1e8, where a float's step is 8). The mean is a float sum in pixel order, as ND4J's: exact here (sums stay
     * under 2^24), and equal to ND4J's bit for bit on random data.
     */
    @Test
    void momentsKeepTheVarianceOfLargeValuesAndTakeNd4jsMean() {
        int pixels = 1_000;
        float[] x = new float[pixels];
        for (int i = 0; i < pixels; i++) {
            x[i] = 10_000 + (i % 2 == 0 ? -1 : 1); // mean 10,000, variance 1
        }
        double[] mean = new double[1];
        double[] var = new double[1];
        ChannelLoops.moments(java.nio.FloatBuffer.wrap(x), pixels, 1, mean, var);
        assertEquals(10_000, mean[0], 0);
        assertEquals(1, var[0], 1e-9);

        Nd4j.getRandom().setSeed(3);
        INDArray r = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 32, 32, 16).muli(3).addi(1.7f);
        double[] m16 = new double[16];
        double[] v16 = new double[16];
        ChannelLoops.moments(java.nio.FloatBuffer.wrap(Nd4jArrays.floats(r)), (int) r.length(), 16, m16, v16);
        float[] nd4jMean = r.mean(0, 1, 2).toFloatVector();
        float[] nd4jVar = r.var(false, 0, 1, 2).toFloatVector();
        for (int j = 0; j < 16; j++) {
            assertEquals(nd4jMean[j], (float) m16[j], 0f, "mean " + j);
            assertEquals(nd4jVar[j], v16[j], 1e-6 * nd4jVar[j], "variance " + j);
        }
    }
}
