package org.convscope.imaging;

import net.mahdilamb.colormap.Colormap;
import net.mahdilamb.colormap.Colormaps;

/**
 * Colour maps for matrices shown as images, as 256-entry ARGB lookup tables.
 *
 * <p>Gray for intuition, viridis (perceptually uniform) for detail, and a diverging blue-white-red
 * map for signed values, where white is 0. The tables come from the {@code net.mahdilamb:colormap}
 * library (matplotlib's and ColorBrewer's definitions).
 */
public enum ColorMaps {
    GRAY("gray"), VIRIDIS("viridis"), DIVERGING("diverging (blue - 0 - red)");

    private final String label;
    private volatile int[] lut;

    ColorMaps(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }

    /** Returns the ARGB colour for a position {@code t} in 0..1 (clamped). */
    public int argb(double t) {
        int[] table = table();
        int i = (int) Math.round(Math.max(0, Math.min(1, t)) * 255);
        return table[i];
    }

    private int[] table() {
        int[] t = lut;
        if (t == null) {
            t = new int[256];
            if (this == GRAY) {
                for (int i = 0; i < 256; i++) {
                    t[i] = 0xff000000 | i << 16 | i << 8 | i;
                }
            } else {
                Colormap map = this == VIRIDIS ? Colormaps.Sequential.Viridis()
                        : Colormaps.reversedColormap(Colormaps.Diverging.RdBu());
                for (int i = 0; i < 256; i++) {
                    java.awt.Color c = map.get(i / 255.0);
                    t[i] = 0xff000000 | c.getRed() << 16 | c.getGreen() << 8 | c.getBlue();
                }
            }
            lut = t;
        }
        return t;
    }
}
