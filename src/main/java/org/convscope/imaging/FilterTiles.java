package org.convscope.imaging;

import java.util.ArrayList;
import java.util.List;
import org.convscope.core.conv.Volume;

/**
 * Renders Conv2D filters as the seed does: each filter min-max normalised over all its weights,
 * {@code (f - f.min()) / (f.max() - f.min())}, then one gray tile per input channel, plus an RGB
 * composite when the filter has 3 input channels (the first layer of a colour model).
 */
public final class FilterTiles {

    /**
     * One filter, ready to draw.
     *
     * @param index 0-based filter number
     * @param min smallest raw weight
     * @param max largest raw weight
     * @param size pixels per tile side direction: width {@code kw*k}, height {@code kh*k}
     * @param width tile width in pixels
     * @param height tile height in pixels
     * @param channels one ARGB tile per input channel
     * @param rgb the RGB composite, or null when the filter does not have 3 input channels
     * @param filter the raw weights {@code (kh, kw, C_in)}
     */
    public record Row(int index, double min, double max, int size, int width, int height, List<int[]> channels,
                      int[] rgb, Volume filter) {
    }

    private FilterTiles() {
    }

    /**
     * Renders filters {@code from .. from+count-1}.
     *
     * @param filters one {@code (kh, kw, C_in)} volume per filter
     * @param from first filter
     * @param count how many
     * @param targetSize approximate tile size in pixels; each weight becomes a square of whole pixels
     * @return one row per filter
     */
    public static List<Row> render(Volume[] filters, int from, int count, int targetSize) {
        List<Row> rows = new ArrayList<>();
        for (int f = from; f < Math.min(filters.length, from + count); f++) {
            Volume v = filters[f];
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double x : v.values()) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            int k = Math.max(1, targetSize / Math.max(v.height(), v.width()));
            int w = v.width() * k;
            int h = v.height() * k;
            List<int[]> channels = new ArrayList<>();
            for (int ch = 0; ch < v.channels(); ch++) {
                int[] argb = new int[w * h];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int g = level(v.get(y / k, x / k, ch), min, max);
                        argb[y * w + x] = 0xff000000 | g << 16 | g << 8 | g;
                    }
                }
                channels.add(argb);
            }
            int[] rgb = null;
            if (v.channels() == 3) {
                rgb = new int[w * h];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        rgb[y * w + x] = 0xff000000 | level(v.get(y / k, x / k, 0), min, max) << 16
                                | level(v.get(y / k, x / k, 1), min, max) << 8 | level(v.get(y / k, x / k, 2), min, max);
                    }
                }
            }
            rows.add(new Row(f, min, max, k, w, h, channels, rgb, v));
        }
        return rows;
    }

    private static int level(double v, double min, double max) {
        return max > min ? (int) Math.round((v - min) / (max - min) * 255) : 0;
    }
}
