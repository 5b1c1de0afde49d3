package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The graph layers' steps on hand-worked numbers: global pooling, zero padding, Add and Concatenate. */
class GraphStepsTest {

    /** {@code [2, 2, 2, 2]}: image k, cell (y, x), channel c holds {@code 10k + 4y + 2x + c}, but channel 1 negated. */
    private static INDArray input() {
        float[] v = new float[16];
        for (int k = 0; k < 2; k++) {
            for (int cell = 0; cell < 4; cell++) {
                v[k * 8 + cell * 2] = 10 * k + 2 * cell;
                v[k * 8 + cell * 2 + 1] = -(10 * k + 2 * cell + 1);
            }
        }
        return Nd4j.create(v, new long[] {2, 2, 2, 2}, 'c');
    }

    @Test
    void globalAveragePoolingSpreadsTheGradientEvenly() {
        GlobalPoolStep step = new GlobalPoolStep(false);
        INDArray out = step.forward(input(), true, true);
        // image 0: channel 0 mean of 0, 2, 4, 6 = 3; channel 1 mean of -1, -3, -5, -7 = -4; image 1: 13, -14
        assertArrayEquals(new float[] {3, -4, 13, -14}, Nd4jArrays.floats(out), 1e-6f);
        INDArray g = step.backward(Nd4j.create(new float[] {4, 8, -4, 12}, new long[] {2, 2}, 'c'), true);
        assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2, 1, 2, -1, 3, -1, 3, -1, 3, -1, 3}, Nd4jArrays.floats(g), 1e-6f);
    }

    @Test
    void globalMaxPoolingRoutesTheGradientToTheMaximum() {
        GlobalPoolStep step = new GlobalPoolStep(true);
        INDArray out = step.forward(input(), true, true);
        // channel 0's maximum is the last cell (6, 16), channel 1's the first (-1, -11)
        assertArrayEquals(new float[] {6, -1, 16, -11}, Nd4jArrays.floats(out), 1e-6f);
        INDArray g = step.backward(Nd4j.create(new float[] {4, 8, -4, 12}, new long[] {2, 2}, 'c'), true);
        assertArrayEquals(new float[] {0, 8, 0, 0, 0, 0, 4, 0, 0, 12, 0, 0, 0, 0, -4, 0}, Nd4jArrays.floats(g), 1e-6f);
    }

    /** A channel whose cells all tie (a dead ReLU's zeros) passes its gradient to one cell, as a nudge moves the max. */
    @Test
    void globalMaxPoolingGivesATieToOneCell() {
        GlobalPoolStep step = new GlobalPoolStep(true);
        step.forward(Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 2, 2, 1), true, true);
        INDArray g = step.backward(Nd4j.create(new float[] {5}, new long[] {1, 1}, 'c'), true);
        assertArrayEquals(new float[] {5, 0, 0, 0}, Nd4jArrays.floats(g), 1e-6f);
    }

    /** Add with the ReLU after it fused: max(0, a + b), and the gradient zeroed where that is 0 (a sum of 0 too). */
    @Test
    void addWithReluClipsTheSumAndMasksTheGradient() {
        JoinStep.Add add = new JoinStep.Add();
        INDArray a = Nd4j.create(new float[] {1, -2, 3, -4}, new long[] {1, 2, 2, 1}, 'c');
        INDArray b = Nd4j.create(new float[] {-2, 1, 1, 4}, new long[] {1, 2, 2, 1}, 'c');
        INDArray out = add.forward(new INDArray[] {a, b}, true);
        assertArrayEquals(new float[] {0, 0, 4, 0}, Nd4jArrays.floats(out), 0f);
        INDArray[] g = add.backward(Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {1, 2, 2, 1}, 'c'));
        assertArrayEquals(new float[] {0, 0, 3, 0}, Nd4jArrays.floats(g[0]), 0f);
        assertArrayEquals(new float[] {0, 0, 3, 0}, Nd4jArrays.floats(g[1]), 0f);
        assertArrayEquals(new float[] {1, -2, 3, -4}, Nd4jArrays.floats(a), 0f); // the inputs are left as they were
        // without the ReLU: the plain sum, and the gradient passes unchanged
        out = add.forward(new INDArray[] {a, b, b}, false);
        assertArrayEquals(new float[] {-3, 0, 5, 4}, Nd4jArrays.floats(out), 0f);
        INDArray eps = Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {1, 2, 2, 1}, 'c');
        assertArrayEquals(new float[] {1, 2, 3, 4}, Nd4jArrays.floats(add.backward(eps)[2]), 0f);
    }

    /** The ReLU mask keeps a gradient only where the value is above zero, signed zeros included. */
    @Test
    void reluMaskKeepsTheGradientOnlyAboveZero() {
        float[] y = {0.5f, 0f, 2f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.POSITIVE_INFINITY, -3f};
        float[] d = {5f, -6f, 7f, 8f, 9f, 10f, 11f, 12f};
        float[] out = new float[y.length];
        ChannelLoops.reluMask(java.nio.FloatBuffer.wrap(y), java.nio.FloatBuffer.wrap(d), java.nio.FloatBuffer.wrap(out),
                y.length);
        assertArrayEquals(new float[] {5f, 0f, 7f, 0f, 9f, 0f, 11f, 0f}, out, 0f);
    }
}
