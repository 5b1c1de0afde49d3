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
        int h = image.height();
        int w = image.width();
        if (heat.length != h || heat[0].length != w) {
            throw new IllegalArgumentException("the heat map is " + heat.length + "x" + heat[0].length + ", the image "
                    + h + "x" + w);
        }
        double max = 1e-12;
        for (double[] row : heat) {
            for (double v : row) {
                max = Math.max(max, Math.abs(v));
            }
        }
        double a = Math.max(0, Math.min(1, opacity));
        byte[] out = new byte[h * scale * w * scale * 3];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int argb = ColorMaps.DIVERGING.argb(0.5 + 0.5 * heat[r][c] / max);
                double[] rgb = new double[3];
                for (int ch = 0; ch < 3; ch++) {
                    double pixel = image.get(r, c, image.channels() == 3 ? ch : 0) * 255;
                    double colour = (argb >> (16 - 8 * ch)) & 0xff;
                    rgb[ch] = (1 - a) * pixel + a * colour;
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
        int h = image.height();
        int w = image.width();
        if (heat.length != h || heat[0].length != w) {
            throw new IllegalArgumentException("the heat map is " + heat.length + "x" + heat[0].length + ", the image "
                    + h + "x" + w);
        }
        double max = 1e-12;
        for (double[] row : heat) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        double a = Math.max(0, Math.min(1, opacity));
        byte[] out = new byte[h * scale * w * scale * 3];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double t = Math.max(0, Math.min(1, heat[r][c] / max));
                double[] colour = {255, 230 * (1 - t), 0};
                double weight = a * t;
                double[] rgb = new double[3];
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
}
