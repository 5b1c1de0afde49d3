package org.convscope.core.quiz;

/**
 * A running quiz score: answers that counted and how many were right.
 *
 * @param right right answers
 * @param answered answers counted (right or wrong; unreadable ones are not counted)
 */
public record Score(int right, int answered) {

    /** No answers yet. */
    public static final Score ZERO = new Score(0, 0);

    /** Checks the counts. */
    public Score {
        if (right < 0 || answered < right) {
            throw new IllegalArgumentException("a score needs 0 <= right <= answered, got " + right + " of " + answered);
        }
    }

    /** Returns the score after one more verdict (unchanged for an unreadable answer). */
    public Score add(Verdict v) {
        return v.counts() ? new Score(right + (v.right() ? 1 : 0), answered + 1) : this;
    }

    /** Returns e.g. {@code 3 of 4 right}. */
    public String text() {
        return right + " of " + answered + " right";
    }
}
