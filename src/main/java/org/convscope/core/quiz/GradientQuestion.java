package org.convscope.core.quiz;

import org.convscope.core.text.CoreText;

import java.util.OptionalDouble;

/**
 * "What is this gradient (or updated weight)?", for the Learn screen's quiz: the expected value comes from
 * {@code core.backprop}, with the arithmetic that produces it.
 *
 * <p>Gradients are often small ({@code -0.0538}), so the stepper's 0.01 would accept almost anything; here an
 * answer is right when {@code |given - expected| <= max(0.0005, 0.01 * |expected|)}: three significant digits,
 * or four decimals, are always enough. Typed as {@link NumberQuestion} reads it ({@code -0.054} or {@code -0,054}).
 *
 * @param prompt the question, e.g. {@code What is dK1[0][1]?}
 * @param expected the right value
 * @param shown the right value as the screen writes it, e.g. {@code -0.0538}
 * @param working the arithmetic, e.g. {@code dK1[0][1] = (-0.0538)*2 + ... = -0.1076}
 */
public record GradientQuestion(String prompt, double expected, String shown, String working) {

    /** Absolute tolerance: four decimals are right. */
    public static final double ABSOLUTE_TOLERANCE = 0.0005;
    /** Relative tolerance: three significant digits are right. */
    public static final double RELATIVE_TOLERANCE = 0.01;

    /** Returns true when {@code given} is within the tolerance of the expected value. */
    public boolean accepts(double given) {
        return Math.abs(given - expected) <= Math.max(ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE * Math.abs(expected)) + 1e-12;
    }

    /**
     * Checks a typed answer.
     *
     * @param typed what the learner typed, e.g. {@code -0.054} or {@code -0,054}
     * @return right or wrong with the working, or unreadable with what to type
     */
    public Verdict check(String typed) {
        String t = typed == null ? "" : typed.strip();
        OptionalDouble v = NumberQuestion.parse(t);
        if (v.isEmpty()) {
            return Verdict.unreadable(t, t.isEmpty() ? CoreText.tr("quiz.number.first")
                    : CoreText.tr("quiz.number.notANumber", t, "-0.05, 1.2", "0,25"));
        }
        return new Verdict(accepts(v.getAsDouble()) ? Verdict.Kind.RIGHT : Verdict.Kind.WRONG, t, shown, working);
    }
}
