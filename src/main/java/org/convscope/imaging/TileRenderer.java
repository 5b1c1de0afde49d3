package org.convscope.imaging;

import java.util.ArrayList;
import java.util.List;
import org.convscope.core.conv.Volume;

/**
 * Renders channels of an activation {@code (H, W, C)} as tiles, as the seed's
 * {@code plt.imshow(feature_maps[0, :, :, ix-1])} grid does.
 *
 * <p>Each map is min-max normalised to 0..1 ({@code (v - min) / (max - min)}) per map, or across the
 * whole layer so that maps can be compared; the diverging map is centred on 0 instead
 * ({@code 0.5 + v / (2 * max|v|)}). Maps are enlarged by whole pixels (nearest neighbour) to about
 * {@code targetSize} so every value stays a crisp square.
 *
 * <p>{@code render(activation, from, count, normalisation, colours, targetSize)}: channels
 * {@code from .. from+count-1}, each enlarged by {@code max(1, targetSize / max(H, W))}.
 */
public final class TileRenderer {

    /** How values are scaled to colours. */
    public enum Normalisation {
        PER_MAP("each map on its own"), PER_LAYER("whole layer together");

        private final String label;

        Normalisation(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private TileRenderer() {
    }

    public static List<FeatureTile> render(Volume activation, int from, int count, Normalisation norm, ColorMaps colours,
                                    int targetSize) {
        int h = activation.height();
        int w = activation.width();
        int c = activation.channels();
        double layerMin = Double.POSITIVE_INFINITY;
        double layerMax = Double.NEGATIVE_INFINITY;
        for (double v : activation.values()) {
            layerMin = Math.min(layerMin, v);
            layerMax = Math.max(layerMax, v);
        }
        int k = Math.max(1, targetSize / Math.max(h, w));
        List<FeatureTile> tiles = new ArrayList<>();
        for (int ch = from; ch < Math.min(c, from + count); ch++) {
            double[][] m = activation.channel(ch);
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (double[] row : m) {
                for (double v : row) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    sum += v;
                }
            }
            double lo = norm == Normalisation.PER_MAP ? min : layerMin;
            double hi = norm == Normalisation.PER_MAP ? max : layerMax;
            double absMax = Math.max(Math.abs(lo), Math.abs(hi));
            int[] argb = new int[h * k * w * k];
            int[] row = new int[w * k];
            for (int r = 0; r < h; r++) {
                for (int col = 0; col < w; col++) { // one colour per value, repeated k times across
                    double v = m[r][col];
                    double t;
                    if (colours == ColorMaps.DIVERGING) {
                        t = absMax == 0 ? 0.5 : 0.5 + v / (2 * absMax);
                    } else {
                        t = hi > lo ? (v - lo) / (hi - lo) : 0;
                    }
                    java.util.Arrays.fill(row, col * k, (col + 1) * k, colours.argb(t));
                }
                for (int y = r * k; y < (r + 1) * k; y++) { // and k times down
                    System.arraycopy(row, 0, argb, y * w * k, w * k);
                }
            }
            tiles.add(new FeatureTile(ch, min, max, sum / (h * w), w * k, h * k, argb, m));
        }
        return tiles;
    }
}
