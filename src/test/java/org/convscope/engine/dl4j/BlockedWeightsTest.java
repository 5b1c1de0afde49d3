package org.convscope.engine.dl4j;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.dnnl_ABcd16a16b;
import static org.bytedeco.dnnl.global.dnnl.dnnl_ABcd16b16a;
import static org.bytedeco.dnnl.global.dnnl.dnnl_ABcd4b16a4b;
import static org.bytedeco.dnnl.global.dnnl.dnnl_Acdb16a;
import static org.bytedeco.dnnl.global.dnnl.dnnl_Acdb32a;
import static org.bytedeco.dnnl.global.dnnl.dnnl_BAcd16a16b;
import static org.bytedeco.dnnl.global.dnnl.dnnl_oihw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.FloatBuffer;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link BlockedWeights}' Java reorder against oneDNN's own reorder primitive, bit for bit over the whole blocked
 * buffer (the zero padding included): the layouts {@link DnnlConv}'s kernels ask for (16x16 blocks either way
 * round, output channels alone by 16 and 32), one blocked twice over the same dimension ({@code ABcd4b16a4b}), and
 * channel counts that are not whole blocks (3 and 10, padded to 16). Back the other way, {@link BlockedWeights#gather}
 * must give the plain tensor again.
 */
class BlockedWeightsTest {
    @BeforeAll
    static void nd4j() {
        Dl4jRuntime.selectNativeBuild();
    }

    @Test
    void placesFollowOneDnnsFormulaOnAHandWorkedLayout() {
        // [2, 3] with the second dimension in blocks of 2, those blocks outermost (layout Ba2b): element (i, j) at
        // (j / 2) * 4 + i * 2 + j % 2 (strides {2, 4}: i steps over a 2-float inner block, a j block over 2 of them)
        int[] place = BlockedWeights.places(new long[] {2, 3}, 0, new long[] {2, 4}, new long[] {2}, new int[] {1});
        assertArrayEquals(new int[] {0, 1, 4, 2, 3, 6}, place);
    }

    @Test
    void scatterAndGatherMatchOneDnnsReorder() {
        assumeTrue(OneDnn.available(), "oneDNN's presets did not load");
        int[][] shapes = {{64, 64, 3, 3}, {64, 32, 3, 3}, {32, 3, 3, 3}, {10, 16, 3, 3}, {32, 16, 1, 1}};
        int[] tags = {dnnl_ABcd16a16b, dnnl_ABcd16b16a, dnnl_Acdb16a, dnnl_Acdb32a, dnnl_BAcd16a16b,
            dnnl_ABcd4b16a4b};
        int checked = 0;
        for (int[] s : shapes) {
            for (int tag : tags) {
                check(s, tag);
                checked++;
            }
        }
        assertEquals(30, checked);
    }

    private static void check(int[] s, int tag) {
        long[] dims = {s[0], s[1], s[2], s[3]};
        int n = s[0] * s[1] * s[2] * s[3];
        String what = java.util.Arrays.toString(s) + " tag " + tag;
        dnnl_memory_desc_t plainMd = OneDnn.md(dims, dnnl_oihw);
        dnnl_memory_desc_t blockedMd = OneDnn.md(dims, tag);
        assertNotNull(blockedMd, what);
        FloatPointer plain = new FloatPointer(n);
        java.util.Random rnd = new java.util.Random(n + tag);
        for (int i = 0; i < n; i++) {
            plain.put(i, rnd.nextFloat() - 0.5f);
        }
        Pointer expected = OneDnn.buffer(blockedMd);
        int floats = (int) (((FloatPointer) expected).capacity());
        Pointer.memset(expected, 0, (long) floats * Float.BYTES);
        oneDnnReorder(plainMd, plain, blockedMd, expected);

        Pointer mine = OneDnn.buffer(blockedMd);
        Pointer.memset(mine, 0x7f, (long) floats * Float.BYTES); // of() must zero the padding itself
        BlockedWeights table = BlockedWeights.of(blockedMd, mine);
        assertNotNull(table, what);
        table.scatter(((FloatPointer) plain).asBuffer());
        float[] e = new float[floats];
        float[] a = new float[floats];
        ((FloatPointer) expected).get(e);
        ((FloatPointer) mine).get(a);
        assertArrayEquals(e, a, 0f, what + ": scatter");

        FloatBuffer back = FloatBuffer.allocate(n);
        table.gather(back);
        float[] p = new float[n];
        plain.get(p);
        assertArrayEquals(p, back.array(), 0f, what + ": gather");
    }

    private static void oneDnnReorder(dnnl_memory_desc_t fromMd, Pointer from, dnnl_memory_desc_t toMd, Pointer to) {
        dnnl_primitive r = new dnnl_primitive();
        dnnl_memory src = new dnnl_memory();
        dnnl_memory dst = new dnnl_memory();
        dnnl_stream st = OneDnn.stream();
        assertNotNull(st);
        org.junit.jupiter.api.Assertions.assertTrue(OneDnn.reorder(r, fromMd, toMd)
                && OneDnn.memory(src, fromMd, from) && OneDnn.memory(dst, toMd, to));
        dnnl_primitive_execute(r, st, 2, OneDnn.args(new int[] {DNNL_ARG_FROM, DNNL_ARG_TO}, src, dst));
        dnnl_stream_wait(st);
    }
}
