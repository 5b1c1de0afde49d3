package org.convscope.core.quiz;

import org.convscope.core.text.CoreText;

import java.util.OptionalDouble;
import org.convscope.core.conv.ConvStep;
import org.convscope.core.conv.ConvTrace;
import org.convscope.core.conv.Num;
import org.convscope.core.conv.PoolStep;
import org.convscope.core.conv.PoolTrace;

/**
 * "What number goes in this output cell?": the expected value comes from the core traces, with the
 * arithmetic that produces it.
 *
 * <p>An answer is right when {@code |given - expected| <= max(0.01, 0.001 * |expected|)}: two decimals
 * are always enough, and large values may be rounded to 0.1% (104.92497 accepts 105). Both {@code 0.25}
 * and {@code 0,25} are read; anything else is unreadable, not wrong.
 *
 * @param prompt the question, e.g. {@code What is output cell (0, 1)?}
 * @param expected the right value
 * @param working the arithmetic, e.g. {@code 7*1 + 2*0 + 3*(-1) + ... = 6} or {@code max(7, 2, 4, 5) = 7}
 */
public record NumberQuestion(String prompt, double expected, String working) {

    /** Absolute tolerance: answers to two decimals are right. */
    public static final double ABSOLUTE_TOLERANCE = 0.01;
    /** Relative tolerance: large values may be rounded to 0.1%. */
    public static final double RELATIVE_TOLERANCE = 0.001;

    /**
     * The question for one output cell of a convolution: the learner sees the window and the kernel.
     *
     * @param trace the convolution
     * @param index the output cell, row-major, 0 .. steps()-1
     * @return the question; its working is every product, the sum, bias and ReLU
     */
    public static NumberQuestion convolutionCell(ConvTrace trace, int index) {
        ConvStep s = trace.step(index);
        return new NumberQuestion(CoreText.tr("quiz.cell.prompt", s.outRow(), s.outCol()), s.output(), s.expression());
    }

    /**
     * The question for one output cell of a pooling.
     *
     * @param trace the pooling
     * @param index the output cell, row-major
     * @return the question; its working is the max, the average or the mix of the window
     */
    public static NumberQuestion poolingCell(PoolTrace trace, int index) {
        PoolStep s = trace.step(index);
        return new NumberQuestion(CoreText.tr("quiz.cell.prompt", s.outRow(), s.outCol()), s.output(), s.expression());
    }

    /** Returns true when {@code given} is within the tolerance of the expected value. */
    public boolean accepts(double given) {
        return Math.abs(given - expected) <= Math.max(ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE * Math.abs(expected)) + 1e-12;
    }

    /**
     * Checks a typed answer.
     *
     * @param typed what the learner typed, e.g. {@code 6}, {@code -0.25} or {@code 0,25}
     * @return right or wrong with the working, or unreadable with what to type
     */
    public Verdict check(String typed) {
        String t = typed == null ? "" : typed.strip();
        OptionalDouble v = parse(t);
        if (v.isEmpty()) {
            return Verdict.unreadable(t, t.isEmpty() ? CoreText.tr("quiz.number.first")
                    : CoreText.tr("quiz.number.notANumber", t, "6, -3", "0.25"));
        }
        return new Verdict(accepts(v.getAsDouble()) ? Verdict.Kind.RIGHT : Verdict.Kind.WRONG, t,
                Num.format(expected), working);
    }

    /** Reads {@code 6}, {@code -3}, {@code +2}, {@code 0.25}, {@code .5} or {@code 0,25}; empty for anything else. */
    static OptionalDouble parse(String t) {
        String s = t.strip().replace('\u2212', '-'); // a typographic minus pasted from a slide
        if (!s.matches("[+-]?(\\d+([.,]\\d*)?|[.,]\\d+)")) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Double.parseDouble(s.replace(',', '.')));
    }
}
