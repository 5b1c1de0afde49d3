package org.convscope.core.backprop;

import java.util.Locale;
import org.convscope.core.conv.Num;

/** Small matrix helpers and number formatting for the worked lines. */
final class Mat {

    private Mat() {
    }

    static double[] flat(double[][] m) {
        int w = m[0].length;
        double[] out = new double[m.length * w];
        for (int r = 0; r < m.length; r++) {
            System.arraycopy(m[r], 0, out, r * w, w);
        }
        return out;
    }

    static double[][] unflat(double[] v, int h, int w) {
        double[][] out = new double[h][w];
        for (int r = 0; r < h; r++) {
            System.arraycopy(v, r * w, out[r], 0, w);
        }
        return out;
    }

    static double[][] copy(double[][] m) {
        double[][] out = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
            out[r] = m[r].clone();
        }
        return out;
    }

    static double[][][] copy(double[][][] m) {
        double[][][] out = new double[m.length][][];
        for (int f = 0; f < m.length; f++) {
            out[f] = copy(m[f]);
        }
        return out;
    }

    static double sum(double[][] m) {
        double s = 0;
        for (double[] row : m) {
            for (double v : row) {
                s += v;
            }
        }
        return s;
    }

    /**
     * Formats a number for a worked line: as {@link Num#format(double)} (whole numbers plain, others to 4 places),
     * but very small numbers, which 4 places would show as 0, with 4 significant digits ({@code 5.29e-05}, {@code 1e-08}).
     */
    static String f(double v) {
        if (v != 0 && Math.abs(v) < 0.0005 && Double.isFinite(v)) {
            String s = String.format(Locale.ROOT, "%.3e", v);
            int e = s.indexOf('e');
            String mantissa = s.substring(0, e).replaceAll("\\.?0+$", "");
            return mantissa + s.substring(e);
        }
        return Num.format(v);
    }

    /** Returns {@link #f(double)} wrapped in parentheses when negative, for products: {@code 3*(-1)}. */
    static String factor(double v) {
        String s = f(v);
        return v < 0 ? "(" + s + ")" : s;
    }
}
