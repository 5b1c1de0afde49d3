package org.convscope.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The kernel layouts, checked element by element against their definitions. */
class KernelLayoutTest {

    @Test
    void aTwoByOneKernelWithTwoInputsAndThreeFiltersByHand() {
        // OIHW (3, 2, 2, 1): value = 100 f + 10 ch + r
        float[] oihw = {0, 1, 10, 11, 100, 101, 110, 111, 200, 201, 210, 211};
        // HWIO (2, 1, 2, 3): for r, then ch, the three filters
        float[] hwio = {0, 100, 200, 10, 110, 210, 1, 101, 201, 11, 111, 211};
        assertArrayEquals(hwio, KernelLayout.oihwToHwio(oihw, 3, 2, 2, 1));
        assertArrayEquals(oihw, KernelLayout.hwioToOihw(hwio, 2, 1, 2, 3));
    }

    @Test
    void everyElementLandsWhereTheIndexFormulasSay() {
        int o = 5;
        int in = 3;
        int kh = 3;
        int kw = 2;
        float[] oihw = new float[o * in * kh * kw];
        for (int i = 0; i < oihw.length; i++) {
            oihw[i] = i;
        }
        float[] hwio = KernelLayout.oihwToHwio(oihw, o, in, kh, kw);
        for (int f = 0; f < o; f++) {
            for (int ch = 0; ch < in; ch++) {
                for (int r = 0; r < kh; r++) {
                    for (int c = 0; c < kw; c++) {
                        assertEquals(oihw[((f * in + ch) * kh + r) * kw + c], hwio[((r * kw + c) * in + ch) * o + f]);
                    }
                }
            }
        }
        assertArrayEquals(oihw, KernelLayout.hwioToOihw(hwio, kh, kw, in, o));
    }
}
