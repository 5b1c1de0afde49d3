package org.convscope.core.quiz;

import org.convscope.core.text.CoreText;

/**
 * The outcome of checking one answer: right, wrong, or not readable as an answer (a typing slip that
 * is neither counted nor revealed).
 *
 * <p>{@link #headline()} says it in words (with a check or cross mark), so that the verdict never
 * depends on colour alone.
 *
 * @param kind right, wrong or unreadable
 * @param given the answer as the learner gave it, e.g. {@code 5} or {@code filter 3}
 * @param expected the right answer as text, e.g. {@code 6} or {@code 3 x 3 x 1}
 * @param working how the right answer is obtained, e.g. {@code 7*1 + 2*0 + ... = 6}; empty for unreadable
 */
public record Verdict(Kind kind, String given, String expected, String working) {

    /** How an answer fared. */
    public enum Kind { RIGHT, WRONG, UNREADABLE }

    /** Returns true for a right answer. */
    public boolean right() {
        return kind == Kind.RIGHT;
    }

    /** Returns true when the answer counts toward the score (right or wrong, not a typing slip). */
    public boolean counts() {
        return kind != Kind.UNREADABLE;
    }

    /**
     * Returns the verdict in words: {@code ✔ Right: 6}, {@code ✘ Not quite: you said 5, the answer is 6}, or
     * what to type for an unreadable answer.
     */
    public String headline() {
        return switch (kind) {
            case RIGHT -> CoreText.tr("quiz.right", expected);
            case WRONG -> CoreText.tr("quiz.wrong", given, expected);
            case UNREADABLE -> working.isEmpty() ? CoreText.tr("quiz.typeFirst") : working;
        };
    }

    static Verdict unreadable(String given, String hint) {
        return new Verdict(Kind.UNREADABLE, given, "", hint);
    }
}
