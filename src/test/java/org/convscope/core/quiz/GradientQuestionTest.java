package org.convscope.core.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Small gradients need a tighter check than the stepper's 0.01: 1% of the value, or 0.0005. */
class GradientQuestionTest {

    private final GradientQuestion dK = new GradientQuestion("What is dK1[0][0]?", -0.1075766, "-0.1076",
            "dK1[0][0] = (-0.0538)*2 + ... = -0.1076");

    @Test
    void threeSignificantDigitsAreRightWithAPointOrAComma() {
        assertTrue(dK.check("-0.108").right()); // 0.00042 off, within 1% (0.00108)
        assertTrue(dK.check("-0,1076").right());
        assertTrue(dK.check("\u22120.1076").right()); // a typographic minus
    }

    @Test
    void twoSignificantDigitsOrTheStepperToleranceAreNot() {
        assertFalse(dK.check("-0.11").right()); // 0.0024 off
        assertFalse(dK.check("-0.1").right());
        Verdict v = dK.check("0.1076");
        assertEquals(Verdict.Kind.WRONG, v.kind());
        assertEquals("\u2718 Not quite: you said 0.1076, the answer is -0.1076", v.headline());
        assertEquals(dK.working(), v.working());
    }

    @Test
    void nearZeroTheAbsoluteToleranceApplies() {
        GradientQuestion zero = new GradientQuestion("What is dK1[0][1]?", 0, "0", "= 0");
        assertTrue(zero.check("0.0004").right());
        assertFalse(zero.check("0.001").right());
    }

    @Test
    void aSlipIsUnreadableNotWrong() {
        assertEquals(Verdict.Kind.UNREADABLE, dK.check("abc").kind());
        assertEquals(Verdict.Kind.UNREADABLE, dK.check("").kind());
        assertTrue(dK.check("abc").headline().contains("is not a number"));
    }
}
