package org.convscope.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Composed transforms (flip, shift, turn, shear, zoom, brightness) against scipy's
 * {@code ndimage.affine_transform}, the routine Keras calls: {@code src/test/resources/augment/make_reference.py}
 * wrote {@code reference.txt} once; every fill mode of every case must agree to 1e-5.
 */
class AugmentationReferenceTest {

    private static final int H = 7;
    private static final int W = 9;
    private static final int C = 3;

    @Test
    void matchesScipyAffineTransformForEveryFillMode() throws IOException {
        String text;
        try (InputStream in = AugmentationReferenceTest.class.getResourceAsStream("/augment/reference.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        float[] image = new float[H * W * C];
        for (int r = 0; r < H; r++) {
            for (int c = 0; c < W; c++) {
                for (int ch = 0; ch < C; ch++) {
                    image[(r * W + c) * C + ch] = (float) (((r * 7 + c * 3 + ch * 5) % 11) / 10.0 + 0.01 * c * r);
                }
            }
        }
        int cases = 0;
        for (String line : text.split("\\R")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] halves = line.split("\\|");
            String[] p = halves[0].trim().split(" ");
            String[] expected = halves[1].trim().split(" ");
            AffineWarp.Fill fill = AffineWarp.Fill.valueOf(p[0].toUpperCase(Locale.ROOT));
            Augmentation.Variant v = new Augmentation.Variant(Boolean.parseBoolean(p[1]), Boolean.parseBoolean(p[2]),
                    Double.parseDouble(p[3]), Double.parseDouble(p[4]), Double.parseDouble(p[5]), Double.parseDouble(p[6]),
                    Double.parseDouble(p[7]), Double.parseDouble(p[8]), Double.parseDouble(p[9]));
            float[] out = image.clone();
            v.apply(out, 0, H, W, C, fill, new float[out.length]);
            assertEquals(expected.length, out.length);
            for (int i = 0; i < out.length; i++) {
                assertEquals(Double.parseDouble(expected[i]), out[i], 1e-5, line.substring(0, 60) + " value " + i);
            }
            cases++;
        }
        assertEquals(9, cases, "3 transforms x 3 fill modes");
    }
}
