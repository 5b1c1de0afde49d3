package org.convscope.imaging;

import java.awt.image.IndexColorModel;

/**
 * The one fixed palette every animation frame uses: index 0 transparent (unchanged pixels of a frame), 1-216 the
 * web-safe 6x6x6 colour cube (every colour the frame renderers pick lies on it, so it survives exactly) and 39 more
 * greys for shaded image cells and anti-aliased text. One global palette means no colour table per frame and
 * colours that do not flicker from frame to frame.
 */
final class GifPalette {

    /** The transparent index. */
    static final int TRANSPARENT = 0;

    private static final int[] RGB = new int[256];
    private static final byte[] LUT = new byte[1 << 18]; // 6 bits per channel -> nearest palette index
    static final IndexColorModel MODEL;

    static {
        int n = 1;
        for (int r = 0; r < 6; r++) {
            for (int g = 0; g < 6; g++) {
                for (int b = 0; b < 6; b++) {
                    RGB[n++] = (r * 51) << 16 | (g * 51) << 8 | b * 51;
                }
            }
        }
        for (int i = 0; n < 256; i++) {
            int v = (int) Math.round(6.4 * (i + 1)); // 6, 13, ... 250, between the cube's greys
            if (v % 51 == 0) {
                v++;
            }
            RGB[n++] = v << 16 | v << 8 | v;
        }
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            r[i] = (byte) (RGB[i] >> 16);
            g[i] = (byte) (RGB[i] >> 8);
            b[i] = (byte) RGB[i];
        }
        MODEL = new IndexColorModel(8, 256, r, g, b, TRANSPARENT);
        for (int key = 0; key < LUT.length; key++) {
            LUT[key] = (byte) nearest(((key >> 12) << 2) + 2, (((key >> 6) & 63) << 2) + 2, ((key & 63) << 2) + 2);
        }
    }

    private GifPalette() {
    }

    /** Returns the palette index nearest to an RGB colour (alpha ignored); never the transparent one. */
    static int index(int rgb) {
        return LUT[((rgb >> 18) & 63) << 12 | ((rgb >> 10) & 63) << 6 | ((rgb >> 2) & 63)] & 0xff;
    }

    /** Returns the colour of a palette index as 0xRRGGBB. */
    static int rgb(int index) {
        return RGB[index];
    }

    private static int nearest(int r, int g, int b) {
        int best = 1;
        int bestD = Integer.MAX_VALUE;
        for (int i = 1; i < 256; i++) {
            int dr = r - (RGB[i] >> 16 & 255);
            int dg = g - (RGB[i] >> 8 & 255);
            int db = b - (RGB[i] & 255);
            int d = 3 * dr * dr + 4 * dg * dg + 2 * db * db;
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }
}
