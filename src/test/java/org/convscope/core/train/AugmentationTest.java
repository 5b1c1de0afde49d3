package org.convscope.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Flips, shifts, turns, zooms, shears and brightness checked cell by cell on small images with hand-worked values;
 * the old flip-and-shift preset checked draw for draw against the pre-affine code; ranges and seeds.
 */
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

    /** The flip-and-shift code from before the affine version, kept as the reference for {@link Augmentation#FLIP_AND_SHIFT_4}. */
    private static void legacy(float[] image, int offset, int h, int w, int c, Random random, boolean flip, int maxShift) {
        boolean mirror = flip && random.nextBoolean();
        int dy = maxShift == 0 ? 0 : random.nextInt(2 * maxShift + 1) - maxShift;
        int dx = maxShift == 0 ? 0 : random.nextInt(2 * maxShift + 1) - maxShift;
        float[] scratch = java.util.Arrays.copyOfRange(image, offset, offset + h * w * c);
        for (int r = 0; r < h; r++) {
            for (int col = 0; col < w; col++) {
                int sr = r - dy;
                int sc = col - dx;
                for (int ch = 0; ch < c; ch++) {
                    image[offset + (r * w + col) * c + ch] = sr < 0 || sr >= h || sc < 0 || sc >= w ? 0f
                            : scratch[(sr * w + (mirror ? w - 1 - sc : sc)) * c + ch];
                }
            }
        }
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat();
        }
        return v;
    }

    @Test
    void flipAndShift4GivesExactlyTheOldImagesForTheSameSeed() {
        for (long seed = 0; seed < 40; seed++) {
            float[] a = random(3 * 32 * 32 * 3, seed);
            float[] b = a.clone();
            Random ra = new Random(seed);
            Random rb = new Random(seed);
            float[] scratch = new float[32 * 32 * 3];
            for (int k = 0; k < 3; k++) { // three images from one stream, as in a batch
                Augmentation.FLIP_AND_SHIFT_4.apply(a, k * 3072, 32, 32, 3, ra, scratch);
                legacy(b, k * 3072, 32, 32, 3, rb, true, 4);
            }
            assertArrayEquals(b, a, 0f, "seed " + seed);
        }
    }

    /** A 1-channel image from rows of values. */
    private static float[] gray(float[][] rows) {
        int w = rows[0].length;
        float[] v = new float[rows.length * w];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, v, r * w, w);
        }
        return v;
    }

    private static float[] transformed(float[] image, int h, int w, Augmentation.Variant v, AffineWarp.Fill fill) {
        float[] out = image.clone();
        v.apply(out, 0, h, w, 1, fill, new float[h * w]);
        return out;
    }

    private static Augmentation.Variant variant(double dy, double dx, double rotation, double shear, double zoom) {
        return new Augmentation.Variant(false, false, dy, dx, rotation, shear, zoom, zoom, 1);
    }

    @Test
    void ninetyDegreesTurnsA3x3And4x4ImageExactly() {
        float[] three = gray(new float[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
        // Keras' R(90) maps output (r, c) to input (2 - c, r): the picture turns clockwise on screen
        assertArrayEquals(gray(new float[][] {{7, 4, 1}, {8, 5, 2}, {9, 6, 3}}),
                transformed(three, 3, 3, variant(0, 0, 90, 0, 1), AffineWarp.Fill.CONSTANT), 0f);
        assertArrayEquals(gray(new float[][] {{3, 6, 9}, {2, 5, 8}, {1, 4, 7}}),
                transformed(three, 3, 3, variant(0, 0, -90, 0, 1), AffineWarp.Fill.NEAREST), 0f);
        float[] four = gray(new float[][] {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}, {13, 14, 15, 16}});
        assertArrayEquals(gray(new float[][] {{13, 9, 5, 1}, {14, 10, 6, 2}, {15, 11, 7, 3}, {16, 12, 8, 4}}),
                transformed(four, 4, 4, variant(0, 0, 90, 0, 1), AffineWarp.Fill.CONSTANT), 0f,
                "about the true centre (1.5, 1.5): nothing falls outside, no shift");
        assertArrayEquals(gray(new float[][] {{16, 15, 14, 13}, {12, 11, 10, 9}, {8, 7, 6, 5}, {4, 3, 2, 1}}),
                transformed(four, 4, 4, variant(0, 0, 180, 0, 1), AffineWarp.Fill.CONSTANT), 0f);
    }

    @Test
    void onePixelShiftsFillFromTheEdgeReflectionOrZero() {
        float[] img = gray(new float[][] {{1, 2, 3}, {4, 5, 6}});
        // content one column right: column 0 reads input column -1
        assertArrayEquals(gray(new float[][] {{1, 1, 2}, {4, 4, 5}}),
                transformed(img, 2, 3, variant(0, 1, 0, 0, 1), AffineWarp.Fill.NEAREST), 0f);
        assertArrayEquals(gray(new float[][] {{0, 1, 2}, {0, 4, 5}}),
                transformed(img, 2, 3, variant(0, 1, 0, 0, 1), AffineWarp.Fill.CONSTANT), 0f);
        // two columns left: columns 1, 2 read input columns 3, 4 = reflected 2, 1
        assertArrayEquals(gray(new float[][] {{3, 3, 2}, {6, 6, 5}}),
                transformed(img, 2, 3, variant(0, -2, 0, 0, 1), AffineWarp.Fill.REFLECT), 0f);
        // one row up: row 1 reads input row 2, the edge row 1
        assertArrayEquals(gray(new float[][] {{4, 5, 6}, {4, 5, 6}}),
                transformed(img, 2, 3, variant(-1, 0, 0, 0, 1), AffineWarp.Fill.NEAREST), 0f);
        // half a pixel right: bilinear mix of neighbours
        assertArrayEquals(gray(new float[][] {{1, 1.5f, 2.5f}, {4, 4.5f, 5.5f}}),
                transformed(img, 2, 3, variant(0, 0.5, 0, 0, 1), AffineWarp.Fill.NEAREST), 1e-6f);
    }

    @Test
    void zoomScaleOneHalfEnlargesTheCentreTwice() {
        float[][] rows = new float[5][5];
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 5; c++) {
                rows[r][c] = (r * 5 + c) * (r * 5 + c); // not linear, so bilinear mixing shows
            }
        }
        float[] out = transformed(gray(rows), 5, 5, variant(0, 0, 0, 0, 0.5), AffineWarp.Fill.NEAREST);
        // output (r, c) reads input (1 + r / 2, 1 + c / 2): the centre 3x3 spread over 5x5
        for (int r = 0; r < 5; r += 2) {
            for (int c = 0; c < 5; c += 2) {
                assertEquals(rows[1 + r / 2][1 + c / 2], out[r * 5 + c], 0f, "(" + r + ", " + c + ")");
            }
        }
        // (1, 1) reads (1.5, 1.5): the mean of input cells 6, 7, 11, 12 squared = (36 + 49 + 121 + 144) / 4
        assertEquals(87.5f, out[6], 1e-4f);
        // (0, 1) reads (1, 1.5): (36 + 49) / 2
        assertEquals(42.5f, out[1], 1e-4f);
    }

    @Test
    void shearTiltsHorizontalStripes() {
        float[][] rows = new float[5][5];
        for (int r = 0; r < 5; r++) {
            java.util.Arrays.fill(rows[r], r);
        }
        // 30 degrees: input row = r - sin(30) (c - 2) = r - (c - 2) / 2, columns squeezed by cos 30
        float[] out = transformed(gray(rows), 5, 5, variant(0, 0, 0, 30, 1), AffineWarp.Fill.NEAREST);
        assertEquals(3f, out[2 * 5 + 0], 1e-5f, "(2, 0) reads row 3");
        assertEquals(2f, out[2 * 5 + 2], 1e-5f, "the centre column stays");
        assertEquals(1f, out[2 * 5 + 4], 1e-5f, "(2, 4) reads row 1");
        assertEquals(2.5f, out[2 * 5 + 1], 1e-5f, "(2, 1) reads row 2.5");
        assertEquals(0f, out[0 * 5 + 4], 1e-5f, "(0, 4) reads row -1: the nearest edge row 0");
        assertEquals(4f, out[4 * 5 + 0], 1e-5f, "(4, 0) reads row 5: the nearest edge row 4");
    }

    @Test
    void brightnessMultipliesAndClips() {
        float[] img = {0.2f, 0.5f, 0.8f, 0f};
        Augmentation.Variant brighter = new Augmentation.Variant(false, false, 0, 0, 0, 0, 1, 1, 1.5);
        float[] out = img.clone();
        brighter.apply(out, 0, 2, 2, 1, AffineWarp.Fill.NEAREST, new float[4]);
        assertArrayEquals(new float[] {0.3f, 0.75f, 1f, 0f}, out, 1e-6f);
        Augmentation.Variant darker = new Augmentation.Variant(false, false, 0, 0, 0, 0, 1, 1, 0.5);
        out = img.clone();
        darker.apply(out, 0, 2, 2, 1, AffineWarp.Fill.NEAREST, new float[4]);
        assertArrayEquals(new float[] {0.1f, 0.25f, 0.4f, 0f}, out, 1e-6f);
    }

    @Test
    void verticalAndHorizontalFlips() {
        float[] img = gray(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertArrayEquals(gray(new float[][] {{4, 5, 6}, {1, 2, 3}}), transformed(img, 2, 3,
                new Augmentation.Variant(false, true, 0, 0, 0, 0, 1, 1, 1), AffineWarp.Fill.CONSTANT), 0f);
        assertArrayEquals(gray(new float[][] {{6, 5, 4}, {3, 2, 1}}), transformed(img, 2, 3,
                new Augmentation.Variant(true, true, 0, 0, 0, 0, 1, 1, 1), AffineWarp.Fill.CONSTANT), 0f);
        // flip first, then shift one column right: (0, 1) reads flipped (0, 0) = 3
        assertArrayEquals(gray(new float[][] {{3, 3, 2}, {6, 6, 5}}), transformed(img, 2, 3,
                new Augmentation.Variant(true, false, 0, 1, 0, 0, 1, 1, 1), AffineWarp.Fill.NEAREST), 0f);
    }

    @Test
    void drawsStayInsideTheKerasRanges() {
        Random random = new Random(3);
        double minTheta = 0;
        double maxTheta = 0;
        double maxDx = 0;
        double minZoom = 2;
        double maxZoom = 0;
        int flips = 0;
        for (int i = 0; i < 4000; i++) {
            Augmentation.Variant v = Augmentation.KERAS_TUTORIAL.draw(random, 32, 48);
            assertTrue(Math.abs(v.rotation()) <= 40 && Math.abs(v.shear()) <= 0.2, v.toString());
            assertTrue(Math.abs(v.dy()) <= 0.2 * 32 && Math.abs(v.dx()) <= 0.2 * 48, v.toString());
            assertTrue(v.zoomRows() >= 0.8 && v.zoomRows() <= 1.2 && v.zoomCols() >= 0.8 && v.zoomCols() <= 1.2, v.toString());
            assertTrue(!v.flipV() && v.brightness() == 1, v.toString());
            minTheta = Math.min(minTheta, v.rotation());
            maxTheta = Math.max(maxTheta, v.rotation());
            maxDx = Math.max(maxDx, Math.abs(v.dx()));
            minZoom = Math.min(minZoom, Math.min(v.zoomRows(), v.zoomCols()));
            maxZoom = Math.max(maxZoom, Math.max(v.zoomRows(), v.zoomCols()));
            flips += v.flipH() ? 1 : 0;
        }
        assertTrue(minTheta < -39.5 && maxTheta > 39.5, minTheta + " " + maxTheta);
        assertTrue(maxDx > 9.5, "a fraction of the width (0.2 * 48 = 9.6): " + maxDx);
        assertTrue(minZoom < 0.81 && maxZoom > 1.19, minZoom + " " + maxZoom);
        assertTrue(flips > 1800 && flips < 2200, "about half flipped: " + flips);
        Augmentation pixels = Augmentation.NONE.withShift(3, 0).withBrightness(0.5, 2);
        for (int i = 0; i < 200; i++) {
            Augmentation.Variant v = pixels.draw(random, 32, 32);
            assertEquals(Math.rint(v.dy()), v.dy(), 0.0, "whole pixels");
            assertTrue(Math.abs(v.dy()) <= 3 && v.dx() == 0 && v.brightness() >= 0.5 && v.brightness() <= 2, v.toString());
        }
    }

    @Test
    void theSameSeedGivesTheSameImagesAndAnotherSeedOthers() {
        float[] img = random(32 * 32 * 3, 5);
        float[] a = img.clone();
        float[] b = img.clone();
        float[] c = img.clone();
        Augmentation.KERAS_TUTORIAL.apply(a, 0, 32, 32, 3, new Random(11), new float[3072]);
        Augmentation.KERAS_TUTORIAL.apply(b, 0, 32, 32, 3, new Random(11), new float[3072]);
        Augmentation.KERAS_TUTORIAL.apply(c, 0, 32, 32, 3, new Random(12), new float[3072]);
        assertArrayEquals(a, b, 0f);
        assertTrue(!java.util.Arrays.equals(a, c));
        assertTrue(!java.util.Arrays.equals(a, img));
    }

    @Test
    void badSettingsAreRefusedWithAMessage() {
        var e = assertThrows(IllegalArgumentException.class, () -> Augmentation.NONE.withShift(1.5, 0));
        assertTrue(e.getMessage().contains("whole number of pixels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Augmentation.NONE.withRotation(200));
        assertThrows(IllegalArgumentException.class, () -> Augmentation.NONE.withZoom(1));
        assertThrows(IllegalArgumentException.class, () -> Augmentation.NONE.withBrightness(1.2, 0.8));
        assertThrows(IllegalArgumentException.class, () -> Augmentation.NONE.withShear(Double.NaN));
        assertEquals("--rotation 40 --width-shift 0.2 --height-shift 0.2 --shear 0.2 --zoom 0.2 --flip h --fill nearest",
                Augmentation.KERAS_TUTORIAL.describe());
        assertEquals("none", Augmentation.NONE.describe());
    }
}
