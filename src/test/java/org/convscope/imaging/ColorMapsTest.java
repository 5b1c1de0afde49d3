package org.convscope.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ColorMapsTest {

    private static int[] rgb(int argb) {
        return new int[] {argb >> 16 & 0xff, argb >> 8 & 0xff, argb & 0xff};
    }

    private static void near(int[] expected, int[] actual) {
        for (int i = 0; i < 3; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= 3, java.util.Arrays.toString(actual));
        }
    }

    @Test
    void viridisEndsAreMatplotlibs() {
        near(new int[] {0x44, 0x01, 0x54}, rgb(ColorMaps.VIRIDIS.argb(0)));
        near(new int[] {0xfd, 0xe7, 0x25}, rgb(ColorMaps.VIRIDIS.argb(1)));
    }

    @Test
    void grayIsLinearAndDivergingIsWhiteAtZeroBlueBelowRedAbove() {
        assertEquals(0xff808080, ColorMaps.GRAY.argb(128 / 255.0));
        int[] mid = rgb(ColorMaps.DIVERGING.argb(0.5));
        assertTrue(mid[0] > 230 && mid[1] > 230 && mid[2] > 230, java.util.Arrays.toString(mid));
        int[] low = rgb(ColorMaps.DIVERGING.argb(0));
        int[] high = rgb(ColorMaps.DIVERGING.argb(1));
        assertTrue(low[2] > low[0], "negative end is blue: " + java.util.Arrays.toString(low));
        assertTrue(high[0] > high[2], "positive end is red: " + java.util.Arrays.toString(high));
    }
}
