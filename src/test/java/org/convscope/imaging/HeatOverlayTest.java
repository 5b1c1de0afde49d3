package org.convscope.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.convscope.core.conv.Volume;
import org.convscope.core.image.Raster;
import org.junit.jupiter.api.Test;

/** The blends of the two overlays, by hand. */
class HeatOverlayTest {

    @Test
    void positiveMapsLeaveColdPixelsPlainAndBlendHotOnesByTheirShare() {
        // a 1x3 gray image of 0.4 with heat 0, 1 and 2 (max 2): weights 0, 0.8 * 0.5 = 0.4, 0.8
        Volume image = new Volume(1, 3, 1, new double[] {0.4, 0.4, 0.4});
        Raster r = HeatOverlay.renderPositive(image, new double[][] {{0, 1, 2}}, 0.8, 2);
        assertEquals(6, r.width());
        assertEquals(2, r.height());
        double pixel = 0.4 * 255;
        double[] orange = {255, 115, 0}; // t = 0.5
        double[] red = {255, 0, 0}; // t = 1
        for (int ch = 0; ch < 3; ch++) {
            assertEquals(Math.round(pixel), r.get(0, 0, ch), "cold: the image");
            assertEquals(Math.round(0.6 * pixel + 0.4 * orange[ch]), r.get(1, 2, ch));
            assertEquals(Math.round(0.2 * pixel + 0.8 * red[ch]), r.get(0, 5, ch));
        }
    }

    @Test
    void signedMapsBlendEveryPixelEqually() {
        Volume image = new Volume(1, 2, 1, new double[] {1, 0});
        Raster r = HeatOverlay.render(image, new double[][] {{-1, 0}}, 0.5, 1);
        int blue = ColorMaps.DIVERGING.argb(0.0);
        int white = ColorMaps.DIVERGING.argb(0.5);
        for (int ch = 0; ch < 3; ch++) {
            assertEquals(Math.round(0.5 * 255 + 0.5 * ((blue >> (16 - 8 * ch)) & 0xff)), r.get(0, 0, ch));
            assertEquals(Math.round(0.5 * ((white >> (16 - 8 * ch)) & 0xff)), r.get(0, 1, ch));
        }
    }
}
