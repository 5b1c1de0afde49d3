package org.convscope.ui.common;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import org.convscope.core.conv.Num;

/**
 * Numbers as a screen reader should say them: short. Whole numbers as they are ({@code 12}), others with two
 * decimals from 1 up ({@code 12.35}) and two significant digits below 1 ({@code 0.52}, {@code 0.0021}), trailing
 * zeros dropped; always with a point, as the matrices and formulas write numbers.
 */
public final class Spoken {

    private Spoken() {
    }

    /** The number rounded for reading out, e.g. {@code 0.5234 -> "0.52"}. */
    public static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v == Math.rint(v)) {
            return Num.format(v);
        }
        BigDecimal d = new BigDecimal(v);
        d = Math.abs(v) >= 1 ? d.setScale(2, RoundingMode.HALF_UP) : d.round(new MathContext(2, RoundingMode.HALF_UP));
        String s = d.stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }
}
