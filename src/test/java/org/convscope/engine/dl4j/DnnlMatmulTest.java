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
 * {@link DnnlMatmul} against products computed here in double from the same floats: a Dense layer's forward pass
 * ({@code x W + b}, {@code W} given as its transpose's rows), weight gradient ({@code dz^T x}) and input gradient
 * ({@code dz W^T}), at the TF CNN's 1024x64 shape and at odd sizes; every output element written (prefilled with 7),
 * and a strided operand declined.
 */
class DnnlMatmulTest {
    @BeforeAll
    static void nd4j() {
        Dl4jRuntime.selectNativeBuild();
    }

    @Test
    void theThreeDenseProductsMatchDoubleSums() {
        assumeTrue(OneDnn.available(), "oneDNN's presets did not load");
        int[][] shapes = {{64, 1024, 64}, {3, 17, 5}, {32, 64, 10}};
        for (int[] s : shapes) {
            int n = s[0];
            int in = s[1];
            int units = s[2];
            Nd4j.getRandom().setSeed(n * 31L + in);
            INDArray x = Nd4j.randn(DataType.FLOAT, n, in);
            INDArray wRows = Nd4j.randn(DataType.FLOAT, units, in); // W^T, as DenseStep reads DL4J's W
            INDArray b = Nd4j.randn(DataType.FLOAT, 1, units);
            INDArray dz = Nd4j.randn(DataType.FLOAT, n, units);
            DnnlMatmul mm = new DnnlMatmul();
            INDArray z = Nd4j.valueArrayOf(new long[] {n, units}, 7f);
            assertTrue(mm.multiply(x, false, wRows, true, b, z));
            assertClose(product(x, false, wRows, true, b), z, "z " + java.util.Arrays.toString(s));
            INDArray gwRows = Nd4j.valueArrayOf(new long[] {units, in}, 7f);
            assertTrue(mm.multiply(dz, true, x, false, null, gwRows));
            assertClose(product(dz, true, x, false, null), gwRows, "dW^T " + java.util.Arrays.toString(s));
            INDArray dx = Nd4j.valueArrayOf(new long[] {n, in}, 7f);
            assertTrue(mm.multiply(dz, false, wRows, false, null, dx));
            assertClose(product(dz, false, wRows, false, null), dx, "dx " + java.util.Arrays.toString(s));
        }
    }

    @Test
    void aStridedOperandIsDeclined() {
        INDArray wide = Nd4j.rand(DataType.FLOAT, 4, 10);
        INDArray x = wide.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5)); // rows 10 floats apart
        INDArray w = Nd4j.rand(DataType.FLOAT, 5, 3);
        INDArray z = Nd4j.valueArrayOf(new long[] {4, 3}, 7f);
        assertFalse(new DnnlMatmul().multiply(x, false, w, false, null, z));
        assertEquals(7f, z.getFloat(0, 0), 0f);
    }

    /** {@code op(a) op(b) + bias} in double, rounded to float. */
    private static INDArray product(INDArray a, boolean ta, INDArray b, boolean tb, INDArray bias) {
        float[][] av = (ta ? a.transpose() : a).toFloatMatrix();
        float[][] bv = (tb ? b.transpose() : b).toFloatMatrix();
        int m = av.length;
        int k = bv.length;
        int n = bv[0].length;
        float[][] c = new float[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = bias == null ? 0 : bias.getDouble(0, j);
                for (int q = 0; q < k; q++) {
                    s += (double) av[i][q] * bv[q][j];
                }
                c[i][j] = (float) s;
            }
        }
        return Nd4j.createFromArray(c);
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        float[] e = Nd4jArrays.floats(expected);
        float[] a = Nd4jArrays.floats(actual);
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-4 * Math.max(1, Math.abs(e[i])) * 10, what + " element " + i);
        }
    }
}
