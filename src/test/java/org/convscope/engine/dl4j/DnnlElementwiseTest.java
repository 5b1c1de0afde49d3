package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link DnnlElementwise} element by element against the formulas in float: {@code a + b} (one float add, so equal bit
 * for bit), {@code max(0, a + b)}, and {@code y > 0 ? dy : 0}, on a ResNet-20-sized tensor and an odd length, every
 * element of the output written; a non-contiguous array declined.
 */
class DnnlElementwiseTest {
    @BeforeAll
    static void nd4j() {
        Dl4jRuntime.selectNativeBuild();
    }

    @Test
    void sumsAndReluGradientsFollowTheFormulas() {
        assumeTrue(OneDnn.available(), "oneDNN's presets do not load here");
        DnnlElementwise e = new DnnlElementwise();
        for (long[] shape : new long[][] {{64, 32, 32, 16}, {3, 7, 5, 3}}) {
            Nd4j.getRandom().setSeed(shape[0]);
            INDArray a = Nd4j.randn(DataType.FLOAT, shape);
            INDArray b = Nd4j.randn(DataType.FLOAT, shape);
            float[] av = a.data().asFloat();
            float[] bv = b.data().asFloat();
            for (boolean relu : new boolean[] {false, true}) {
                INDArray out = Nd4j.valueArrayOf(shape, 7f);
                assertTrue(e.add(a, b, out, relu));
                float[] o = out.data().asFloat();
                for (int i = 0; i < o.length; i++) {
                    float sum = av[i] + bv[i];
                    assertEquals(relu ? Math.max(0f, sum) : sum, o[i], 0f, "relu " + relu + " at " + i);
                }
            }
            INDArray dx = Nd4j.valueArrayOf(shape, 7f);
            assertTrue(e.reluGradient(a, b, dx)); // a as ReLU's output: its negatives stand for zeros
            float[] d = dx.data().asFloat();
            int zeros = 0;
            for (int i = 0; i < d.length; i++) {
                assertEquals(av[i] > 0 ? bv[i] : 0f, d[i], 0f, "gradient at " + i);
                zeros += av[i] > 0 ? 0 : 1;
            }
            assertTrue(zeros > d.length / 3 && zeros < 2 * d.length / 3, "about half masked: " + zeros);
        }
        INDArray strided = Nd4j.zeros(DataType.FLOAT, 8, 2).getColumn(0);
        assertFalse(e.add(strided, strided, Nd4j.zeros(DataType.FLOAT, 8), false));
    }
}
