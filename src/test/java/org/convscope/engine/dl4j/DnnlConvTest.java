package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link DnnlConv}'s gradients against ND4J's own {@code conv2d_bp} (the path it replaces) on channels-last data:
 * valid and same padding, strides 1 and 2, 3x3 and 1x1 kernels, with and without bias and input gradient. The
 * weight and bias gradients are written into views at an offset inside one flat array, as DL4J's gradient views
 * are, so a wrong address shows as a wrong value. {@link DnnlConvForward}'s output against ND4J's {@code conv2d} on
 * the same cases, before and after the weights change.
 */
class DnnlConvTest {
    @BeforeAll
    static void nd4j() {
        Dl4jRuntime.selectNativeBuild();
    }

    private record Case(int n, int h, int w, int ci, int co, int k, int s, int pad, boolean bias, boolean input) {
    }

    @Test
    void theOneDnnPresetsLoadHere() {
        assertTrue(DnnlConv.available(), "org.bytedeco:dnnl should load on linux-x86_64");
    }

    @Test
    void gradientsMatchNd4jsConv2dBp() {
        Case[] cases = {
            new Case(4, 9, 9, 5, 7, 3, 1, 0, true, true),
            new Case(3, 8, 8, 16, 16, 3, 1, 1, false, true),
            new Case(2, 9, 9, 16, 32, 3, 2, 0, true, true),
            new Case(2, 8, 8, 16, 32, 1, 2, 0, true, true),
            new Case(5, 10, 10, 3, 8, 3, 1, 0, true, false),
        };
        for (Case c : cases) {
            check(c);
        }
    }

    @Test
    void forwardMatchesNd4jsConv2d() {
        Case[] cases = {
            new Case(4, 9, 9, 5, 7, 3, 1, 0, true, true),
            new Case(3, 8, 8, 16, 16, 3, 1, 1, false, true),
            new Case(2, 9, 9, 16, 32, 3, 2, 0, true, true),
            new Case(2, 8, 8, 16, 32, 1, 2, 0, true, true),
            new Case(5, 32, 32, 3, 32, 3, 1, 0, true, true),
        };
        for (Case c : cases) {
            Nd4j.getRandom().setSeed(c.hashCode() + 1);
            int oh = (c.h() + 2 * c.pad() - c.k()) / c.s() + 1;
            int ow = (c.w() + 2 * c.pad() - c.k()) / c.s() + 1;
            INDArray x = Nd4j.randn(DataType.FLOAT, c.n(), c.h(), c.w(), c.ci());
            INDArray w = Nd4j.randn(DataType.FLOAT, c.co(), c.ci(), c.k(), c.k());
            INDArray b = Nd4j.randn(DataType.FLOAT, 1, c.co());
            int[] iargs = {c.k(), c.k(), c.s(), c.s(), c.pad(), c.pad(), 1, 1, 0, 1, 1};
            INDArray ref = Nd4j.create(DataType.FLOAT, c.n(), oh, ow, c.co());
            NativeOps.exec("conv2d", c.bias() ? new INDArray[] {x, w, b} : new INDArray[] {x, w},
                    new INDArray[] {ref}, iargs);
            INDArray z = Nd4j.valueArrayOf(ref.shape(), 7f);
            DnnlConvForward conv = new DnnlConvForward(c.k(), c.k(), c.s(), c.s());
            assertTrue(conv.forward(x, w, c.bias() ? b : null, z, c.pad(), c.pad()), c + ": oneDNN refused");
            assertClose(ref, z, c + " z");
            // the weights change between batches: the next call must use the new ones
            w.muli(-2);
            NativeOps.exec("conv2d", c.bias() ? new INDArray[] {x, w, b} : new INDArray[] {x, w},
                    new INDArray[] {ref}, iargs);
            assertTrue(conv.forward(x, w, c.bias() ? b : null, z, c.pad(), c.pad()), c + ": oneDNN refused");
            assertClose(ref, z, c + " z after new weights");
            // ReLU by the kernel: max(0, z), the negative half (about half the outputs) 0
            z.assign(7f);
            assertTrue(conv.forward(x, w, c.bias() ? b : null, z, c.pad(), c.pad(), true), c + ": oneDNN refused");
            assertClose(Transforms.relu(ref, true), z, c + " relu(z)");
            assertEquals(ref.lt(0).castTo(DataType.FLOAT).sumNumber().longValue(),
                    z.eq(0).castTo(DataType.FLOAT).sumNumber().longValue(), c + " zeros of relu(z)");
        }
    }

    private static void check(Case c) {
        Nd4j.getRandom().setSeed(c.hashCode());
        int oh = (c.h() + 2 * c.pad() - c.k()) / c.s() + 1;
        int ow = (c.w() + 2 * c.pad() - c.k()) / c.s() + 1;
        INDArray x = Nd4j.randn(DataType.FLOAT, c.n(), c.h(), c.w(), c.ci());
        INDArray w = Nd4j.randn(DataType.FLOAT, c.co(), c.ci(), c.k(), c.k());
        INDArray b = Nd4j.randn(DataType.FLOAT, 1, c.co());
        INDArray dz = Nd4j.randn(DataType.FLOAT, c.n(), oh, ow, c.co());
        // kH, kW, sH, sW, pH, pW, dH, dW, same mode, NHWC, weights [out, in, kH, kW]
        int[] iargs = {c.k(), c.k(), c.s(), c.s(), c.pad(), c.pad(), 1, 1, 0, 1, 1};
        INDArray refIn = Nd4j.create(DataType.FLOAT, x.shape());
        INDArray refW = Nd4j.create(DataType.FLOAT, w.shape());
        INDArray refB = Nd4j.create(DataType.FLOAT, 1, c.co());
        NativeOps.exec("conv2d_bp", new INDArray[] {x, w, b, dz}, new INDArray[] {refIn, refW, refB}, iargs);

        long wn = w.length();
        INDArray flat = Nd4j.zeros(DataType.FLOAT, 1, 3 + wn + c.co());
        INDArray gw = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(3, 3 + wn)).reshape('c', w.shape());
        INDArray gb = flat.get(NDArrayIndex.all(), NDArrayIndex.interval(3 + wn, 3 + wn + c.co()));
        INDArray gin = c.input() ? Nd4j.create(DataType.FLOAT, x.shape()) : null;
        DnnlConv conv = new DnnlConv(c.k(), c.k(), c.s(), c.s());
        assertTrue(conv.backward(x, w, dz, gin, gw, c.bias() ? gb : null, c.pad(), c.pad()), c + ": oneDNN refused");

        assertClose(refW, gw, c + " dW");
        if (c.bias()) {
            assertClose(refB, gb, c + " db");
        }
        if (c.input()) {
            assertClose(refIn, gin, c + " dx");
        }
        float[] f = Nd4jArrays.floats(flat);
        assertArrayEquals(new float[] {0, 0, 0}, java.util.Arrays.copyOf(f, 3), 0f, c + ": wrote before the view");
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        float[] e = Nd4jArrays.floats(expected);
        float[] a = Nd4jArrays.floats(actual);
        double scale = 0;
        for (float v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0, what + ": the reference is all zeros");
        for (int i = 0; i < e.length; i++) {
            if (Math.abs(e[i] - a[i]) > 1e-4 * scale) {
                throw new AssertionError(what + " element " + i + ": " + a[i] + ", conv2d_bp " + e[i]);
            }
        }
    }
}
