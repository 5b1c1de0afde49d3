package org.convscope.imaging;

import java.util.ArrayList;
import java.util.List;
import net.mahdilamb.colormap.Colormaps;

/**
 * Colours and marker shapes for the classes of a scatter plot, readable with colour-blindness: CARTO's "Safe"
 * qualitative palette (from Paul Tol's colour-blind-safe schemes, via the {@code net.mahdilamb:colormap} library) for
 * the colour, and one of five shapes as well, so that no two of ten classes share both.
 */
public final class ClassPalette {

    /** A marker shape. */
    public enum Shape { CIRCLE, SQUARE, TRIANGLE_UP, DIAMOND, TRIANGLE_DOWN }

    private static final List<Integer> SAFE = safe();

    private ClassPalette() {
    }

    private static List<Integer> safe() {
        List<Integer> out = new ArrayList<>();
        for (java.awt.Color c : Colormaps.Qualitative.Safe().colors()) {
            out.add(0xff000000 | c.getRed() << 16 | c.getGreen() << 8 | c.getBlue());
        }
        return List.copyOf(out);
    }

    /** Returns the ARGB colour of class {@code k} (the palette repeats after its 12 colours, the shape does not). */
    public static int colour(int k) {
        return SAFE.get(Math.floorMod(k, SAFE.size()));
    }

    /** Returns the marker shape of class {@code k}: {@code k mod 5}. */
    public static Shape shape(int k) {
        return Shape.values()[Math.floorMod(k, Shape.values().length)];
    }

    /**
     * Returns the outline of a marker as polygon corners around {@code (x, y)}, or null for a circle.
     *
     * @param shape the shape
     * @param x centre
     * @param y centre
     * @param r half the marker's size
     * @return {@code {x0, y0, x1, y1, ...}}
     */
    public static double[] polygon(Shape shape, double x, double y, double r) {
        return switch (shape) {
            case CIRCLE -> null;
            case SQUARE -> new double[] {x - r * 0.85, y - r * 0.85, x + r * 0.85, y - r * 0.85, x + r * 0.85,
                y + r * 0.85, x - r * 0.85, y + r * 0.85};
            case TRIANGLE_UP -> new double[] {x, y - r * 1.15, x + r, y + r * 0.75, x - r, y + r * 0.75};
            case DIAMOND -> new double[] {x, y - r * 1.2, x + r, y, x, y + r * 1.2, x - r, y};
            case TRIANGLE_DOWN -> new double[] {x, y + r * 1.15, x + r, y - r * 0.75, x - r, y - r * 0.75};
        };
    }
}
