package org.convscope.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Flips and shifts checked cell by cell on a small image whose values name their position. */
class AugmentationTest {

    /** A 3x4 image with 2 channels: value = 100 * row + 10 * column + channel + 1 (never 0). */
    private static float[] image() {
        float[] v = new float[3 * 4 * 2];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                for (int ch = 0; ch < 2; ch++) {
                    v[(r * 4 + c) * 2 + ch] = 100 * r + 10 * c + ch + 1;
                }
            }
        }
        return v;
    }

    /** A Random whose next draws are fixed: nextBoolean, then the two shifts. */
    private static Random draws(boolean flip, int dyIndex, int dxIndex) {
        return new Random() {
            private int call;

            @Override
            public boolean nextBoolean() {
                return flip;
            }

            @Override
            public int nextInt(int bound) {
                return call++ == 0 ? dyIndex : dxIndex;
            }
        };
    }

    @Test
    void flipMirrorsEveryRow() {
        float[] v = image();
        new Augmentation(true, 0).apply(v, 0, 3, 4, 2, draws(true, 0, 0), new float[24]);
        // row 1: columns 3, 2, 1, 0 of the original
        assertEquals(100 + 30 + 1, v[(1 * 4 + 0) * 2], 0f);
        assertEquals(100 + 0 + 2, v[(1 * 4 + 3) * 2 + 1], 0f);
    }

    @Test
    void shiftMovesAndFillsWithZeros() {
        float[] v = image();
        // maxShift 1: nextInt(3) - 1, so index 2 -> +1 row down, index 0 -> 1 column left
        new Augmentation(false, 1).apply(v, 0, 3, 4, 2, draws(false, 2, 0), new float[24]);
        assertEquals(0f, v[0], "row 0 came from outside");
        assertEquals(0f, v[(1 * 4 + 3) * 2], "the last column came from outside");
        assertEquals(10 + 1, v[(1 * 4 + 0) * 2], 0f, "(1, 0) holds the old (0, 1)");
        assertEquals(100 + 30 + 2, v[(2 * 4 + 2) * 2 + 1], 0f, "(2, 2) holds the old (1, 3)");
    }

    @Test
    void noneLeavesTheImageAndTheOffsetIsRespected() {
        float[] v = new float[30];
        float[] img = image();
        System.arraycopy(img, 0, v, 6, 24);
        float[] before = v.clone();
        Augmentation.NONE.apply(v, 6, 3, 4, 2, new Random(1), new float[24]);
        assertArrayEquals(before, v, 0f);
        Augmentation.FLIP_AND_SHIFT_4.apply(v, 6, 3, 4, 2, new Random(1), new float[24]);
        for (int i = 0; i < 6; i++) {
            assertEquals(0f, v[i], "nothing before the offset is touched");
        }
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(false, -1));
        float[] a = image();
        float[] b = image();
        Augmentation.FLIP_AND_SHIFT_4.apply(a, 0, 3, 4, 2, new Random(7), new float[24]);
        Augmentation.FLIP_AND_SHIFT_4.apply(b, 0, 3, 4, 2, new Random(7), new float[24]);
        assertArrayEquals(a, b, 0f, "the same seed gives the same change");
        assertTrue(Augmentation.NONE.none());
    }
}
