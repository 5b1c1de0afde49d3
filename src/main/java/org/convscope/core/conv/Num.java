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

    /** Returns the number wrapped in parentheses when negative, for products: {@code 3*(-1)}. */
    static String factor(double v) {
        String s = format(v);
        return v < 0 ? "(" + s + ")" : s;
    }
}
