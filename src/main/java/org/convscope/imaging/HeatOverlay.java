package org.convscope.imaging;

import org.convscope.core.conv.Volume;
import org.convscope.core.image.Raster;

/**
 * Lays a heat map over an image: every pixel enlarged {@code scale} times (crisp), coloured with the diverging map
 * centred on 0 (red where the value is positive, blue where negative, scaled by the largest magnitude) and blended
 * with the image: {@code out = (1 - opacity) * image + opacity * heat}.
 */
public final class HeatOverlay {

    private HeatOverlay() {
    }

    /**
     * Renders the overlay.
     *
     * @param image the image {@code (H, W, 1 or 3)}, values 0-1
     * @param heat {@code [H][W]} values, any sign
     * @param opacity 0 (image only) to 1 (heat only)
     * @param scale pixels per image pixel, at least 1
     * @return an RGB raster {@code (H * scale, W * scale, 3)}
     */
    public static Raster render(Volume image, double[][] heat, double opacity, int scale) {
        checkSize(image, heat);
        double max = 1e-12;
        for (double[] row : heat) {
            for (double v : row) {
                max = Math.max(max, Math.abs(v));
            }
        }
        double a = clamp01(opacity);
        double largest = max;
        return blend(image, heat, scale, (v, colour) -> {
            int argb = ColorMaps.DIVERGING.argb(0.5 + 0.5 * v / largest);
            for (int ch = 0; ch < 3; ch++) {
                colour[ch] = (argb >> (16 - 8 * ch)) & 0xff;
            }
            return a;
        });
    }

    /**
     * Renders a map of values at least 0 (Grad-CAM) so the image stays plain where the map is cold: with
     * {@code t = value / max}, the colour runs from yellow {@code (255, 230, 0)} to red {@code (255, 0, 0)},
     * {@code heat(t) = (255, 230 (1 - t), 0)}, blended with weight {@code opacity * t}:
     * {@code out = (1 - opacity t) * image + opacity t * heat(t)}.
     *
     * @param image the image {@code (H, W, 1 or 3)}, values 0-1
     * @param heat {@code [H][W]} values at least 0 (negative ones count as 0)
     * @param opacity of the hottest pixels, 0-1
     * @param scale pixels per image pixel, at least 1
     * @return an RGB raster {@code (H * scale, W * scale, 3)}
     */
    public static Raster renderPositive(Volume image, double[][] heat, double opacity, int scale) {
        checkSize(image, heat);
        double max = 1e-12;
        for (double[] row : heat) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        double a = clamp01(opacity);
        double largest = max;
        return blend(image, heat, scale, (v, colour) -> {
            double t = clamp01(v / largest);
            colour[0] = 255;
            colour[1] = 230 * (1 - t);
            colour[2] = 0;
            return a * t;
        });
    }

    /** A heat value's colour (written to {@code colour}, 0-255 RGB) and the weight it is blended with. */
    private interface Tint {
        double apply(double value, double[] colour);
    }

    /** {@code out = (1 - weight) * image + weight * colour} per pixel, each pixel repeated {@code scale} times. */
    private static Raster blend(Volume image, double[][] heat, int scale, Tint tint) {
        int h = image.height();
        int w = image.width();
        byte[] out = new byte[h * scale * w * scale * 3];
        double[] colour = new double[3];
        double[] rgb = new double[3];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double weight = tint.apply(heat[r][c], colour);
                for (int ch = 0; ch < 3; ch++) {
                    double pixel = image.get(r, c, image.channels() == 3 ? ch : 0) * 255;
                    rgb[ch] = (1 - weight) * pixel + weight * colour[ch];
                }
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        int i = (((r * scale + dy) * w * scale) + c * scale + dx) * 3;
                        for (int ch = 0; ch < 3; ch++) {
                            out[i + ch] = (byte) Math.round(Math.max(0, Math.min(255, rgb[ch])));
                        }
                    }
                }
            }
        }
        return new Raster(h * scale, w * scale, 3, out);
    }

    private static void checkSize(Volume image, double[][] heat) {
        if (heat.length != image.height() || heat[0].length != image.width()) {
            throw new IllegalArgumentException("the heat map is " + heat.length + "x" + heat[0].length + ", the image "
                    + image.height() + "x" + image.width());
        }
    }

    private static double clamp01(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
