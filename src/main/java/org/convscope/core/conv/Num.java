package org.convscope.core.conv;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Formats numbers for the arithmetic shown to learners: whole numbers without decimals, others to 4 places. */
public final class Num {

    private Num() {
    }

    /** Returns {@code 6}, {@code -3}, {@code 0.1111} or {@code 1.5}. */
    public static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new BigDecimal(v).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /**
     * Returns text that reads back to exactly this value, for files (CSV exports), never rounded for show: whole numbers
     * as {@code 6} or {@code -3}; a value that is a float32 (every activation, weight and map the engine computes) as
     * the shortest digits that {@code Float.parseFloat} (or NumPy's {@code float32}) reads back to the same bits, e.g.
     * {@code 0.1} for {@code 0.1f} and {@code 1.0E-8} for {@code 1e-8f}; any other double as the shortest digits that
     * {@code Double.parseDouble} reads back to the same bits. Each choice is checked by reading it back, and falls back
     * to the value's complete decimal expansion where a JDK's shortest digits would not round-trip.
     *
     * @param v the value (NaN and infinities as Java writes them)
     * @return the text
     */
    public static String exact(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == 0) {
            return Double.doubleToRawLongBits(v) == 0 ? "0" : "-0";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        float f = (float) v;
        if (f == v) {
            String s = Float.toString(f);
            if (Float.floatToRawIntBits(Float.parseFloat(s)) == Float.floatToRawIntBits(f)) {
                return s;
            }
        }
        String s = Double.toString(v);
        return Double.doubleToRawLongBits(Double.parseDouble(s)) == Double.doubleToRawLongBits(v) ? s
                : new BigDecimal(v).toString();
    }

    /** Returns the number wrapped in parentheses when negative, for products: {@code 3*(-1)}. */
    static String factor(double v) {
        String s = format(v);
        return v < 0 ? "(" + s + ")" : s;
    }
}
