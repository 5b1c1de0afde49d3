package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.same.Round;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link DnnlPool} against ND4J's own {@code maxpool2d} and {@code maxpool2d_bp} (the ops it replaces) on
 * channels-last data: 2x2 windows with stride 2 on even and odd sizes (an odd last row and column belong to no window
 * and get a zero gradient), 3x3 windows with stride 2, same padding on an odd size, and ties (whole numbers in few
 * values, so most windows tie: each window's gradient must reach the same single cell as ND4J's). Every element of
 * the input gradient must be written; a backward pass with no forward pass of its shapes declines.
 */
class DnnlPoolTest {
    @BeforeAll
    static void nd4j() {
        Dl4jRuntime.selectNativeBuild();
    }

    private record Case(int n, int h, int w, int c, int k, int s, boolean same) {
        int oh() {
            return same ? (h + s - 1) / s : (h - k) / s + 1;
        }

        int ow() {
            return same ? (w + s - 1) / s : (w - k) / s + 1;
        }

        /** Rows of padding above: the smaller half of what same padding needs, as TF and ND4J put it. */
        int padTop() {
            return same ? Math.max(0, ((oh() - 1) * s + k - h) / 2) : 0;
        }

        int padLeft() {
            return same ? Math.max(0, ((ow() - 1) * s + k - w) / 2) : 0;
        }

        /** ND4J's pooling arguments: kH, kW, sH, sW, pH, pW, dH, dW, same mode, average divisor (0: no padding), NHWC. */
        int[] iargs() {
            return new int[] {k, k, s, s, 0, 0, 1, 1, same ? 1 : 0, 0, 1};
        }
    }

    @Test
    void poolAndGradientMatchNd4js() {
        assertTrue(OneDnn.available(), "org.bytedeco:dnnl should load on linux-x86_64");
        Case[] cases = {
            new Case(3, 30, 30, 32, 2, 2, false),
            new Case(2, 13, 13, 64, 2, 2, false),
            new Case(2, 9, 11, 5, 3, 2, false),
            new Case(2, 7, 7, 16, 2, 2, true),
        };
        for (Case c : cases) {
            check(c, false);
            check(c, true);
        }
    }

    /**
     * Average pooling against ND4J's {@code avgpool2d} and {@code avgpool2d_bp} with padded cells left out of the
     * divisor: ResNet-20's global 8x8 average, 2x2 windows on an odd size (the last row and column in no window), and
     * same padding with 3x3 windows, where border windows average 4 or 6 cells instead of 9.
     */
    @Test
    void averagePoolAndGradientMatchNd4js() {
        Case[] cases = {
            new Case(3, 8, 8, 64, 8, 8, false),
            new Case(2, 9, 11, 5, 2, 2, false),
            new Case(2, 7, 7, 16, 3, 1, true),
        };
        for (Case c : cases) {
            Nd4j.getRandom().setSeed(c.hashCode());
            INDArray x = Nd4j.randn(DataType.FLOAT, c.n(), c.h(), c.w(), c.c());
            int padTop = c.padTop();
            int padLeft = c.padLeft();
            INDArray eps = Nd4j.randn(DataType.FLOAT, c.n(), c.oh(), c.ow(), c.c());
            int[] iargs = c.iargs();
            INDArray refOut = Nd4j.create(DataType.FLOAT, c.n(), c.oh(), c.ow(), c.c());
            NativeOps.exec("avgpool2d", new INDArray[] {x}, new INDArray[] {refOut}, iargs);
            INDArray refGin = Nd4j.create(DataType.FLOAT, x.shape());
            NativeOps.exec("avgpool2d_bp", new INDArray[] {x, eps}, new INDArray[] {refGin}, iargs);
            DnnlPool pool = new DnnlPool(c.k(), c.k(), c.s(), c.s(), false);
            INDArray out = Nd4j.valueArrayOf(refOut.shape(), 7f, DataType.FLOAT);
            INDArray gin = Nd4j.valueArrayOf(x.shape(), 7f, DataType.FLOAT);
            assertTrue(pool.backward(eps, gin, padTop, padLeft), c + ": the average needs no forward pass first");
            assertArrayEquals(refGin.data().asFloat(), gin.data().asFloat(), 1e-6f, c + ": input gradient");
            assertTrue(pool.forward(x, out, padTop, padLeft), c.toString());
            assertArrayEquals(refOut.data().asFloat(), out.data().asFloat(), 1e-6f, c + ": pooled");
        }
    }

    @Test
    void declinesABackwardPassWithoutItsForwardPass() {
        DnnlPool pool = new DnnlPool(2, 2, 2, 2);
        INDArray eps = Nd4j.zeros(DataType.FLOAT, 1, 3, 3, 4);
        INDArray gin = Nd4j.zeros(DataType.FLOAT, 1, 6, 6, 4);
        assertFalse(pool.backward(eps, gin, 0, 0));
    }

    private static void check(Case c, boolean ties) {
        String what = c + (ties ? " ties" : "");
        Nd4j.getRandom().setSeed(what.hashCode());
        INDArray x = Nd4j.randn(DataType.FLOAT, c.n(), c.h(), c.w(), c.c());
        if (ties) {
            x = Nd4j.getExecutioner().exec(new Round(x.mul(0.7)));
        }
        int padTop = c.padTop();
        int padLeft = c.padLeft();
        INDArray eps = Nd4j.randn(DataType.FLOAT, c.n(), c.oh(), c.ow(), c.c());
        int[] iargs = c.iargs();
        INDArray refOut = Nd4j.create(DataType.FLOAT, c.n(), c.oh(), c.ow(), c.c());
        NativeOps.exec("maxpool2d", new INDArray[] {x}, new INDArray[] {refOut}, iargs);
        INDArray refGin = Nd4j.create(DataType.FLOAT, x.shape());
        NativeOps.exec("maxpool2d_bp", new INDArray[] {x, eps}, new INDArray[] {refGin}, iargs);

        DnnlPool pool = new DnnlPool(c.k(), c.k(), c.s(), c.s());
        INDArray out = Nd4j.valueArrayOf(refOut.shape(), 7f, DataType.FLOAT);
        INDArray gin = Nd4j.valueArrayOf(x.shape(), 7f, DataType.FLOAT);
        assertTrue(pool.forward(x, out, padTop, padLeft), what);
        assertTrue(pool.backward(eps, gin, padTop, padLeft), what);
        assertArrayEquals(refOut.data().asFloat(), out.data().asFloat(), 0f, what + ": pooled");
        assertArrayEquals(refGin.data().asFloat(), gin.data().asFloat(), 0f, what + ": input gradient");
        if (ties && c.k() == c.s()) { // windows do not overlap: each output's gradient reaches one cell only
            assertEquals(eps.sumNumber().doubleValue(), gin.sumNumber().doubleValue(), 1e-3, what);
        }
        assertFalse(Arrays.equals(new float[(int) gin.length()], gin.data().asFloat()), what + ": some gradient");
    }
}
