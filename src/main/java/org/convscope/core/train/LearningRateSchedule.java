package org.convscope.core.train;

import static org.convscope.core.text.CoreText.tr;

/**
 * How the learning rate changes from epoch to epoch (it stays fixed within an epoch).
 *
 * <ul>
 *   <li>{@code CONSTANT}: {@code lr(e) = base};</li>
 *   <li>{@code STEP}: halved every {@code every} epochs, {@code lr(e) = base * 0.5^floor(e / every)};</li>
 *   <li>{@code COSINE}: from {@code base} down towards 0 along half a cosine over the run,
 *       {@code lr(e) = base * (1 + cos(pi * e / E)) / 2} for epochs {@code e = 0 .. E-1}.</li>
 * </ul>
 *
 * @param kind the shape
 * @param every for {@code STEP}: epochs between halvings, at least 1
 */
public record LearningRateSchedule(Kind kind, int every) {

    /** The shapes on offer. */
    public enum Kind {
        /** The same rate throughout. */
        CONSTANT,
        /** Halved every few epochs. */
        STEP,
        /** Half a cosine from the base rate towards 0. */
        COSINE
    }

    /** The rate never changes. */
    public static final LearningRateSchedule CONSTANT = new LearningRateSchedule(Kind.CONSTANT, 1);

    /** Checks the settings. */
    public LearningRateSchedule {
        if (kind == null) {
            throw new IllegalArgumentException("a schedule kind is needed");
        }
        if (every < 1) {
            throw new IllegalArgumentException(tr("error.train.scheduleStep", every));
        }
    }

    /**
     * Returns the rate for an epoch.
     *
     * @param base the configured learning rate
     * @param epoch 0-based epoch
     * @param epochs epochs in the run
     * @return the rate, above 0 (cosine's last epoch keeps a small positive rate)
     */
    public double rate(double base, int epoch, int epochs) {
        return switch (kind) {
            case CONSTANT -> base;
            case STEP -> base * Math.pow(0.5, epoch / every);
            case COSINE -> base * (1 + Math.cos(Math.PI * epoch / Math.max(1, epochs))) / 2;
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case CONSTANT -> "constant";
            case STEP -> "halved every " + every + (every == 1 ? " epoch" : " epochs");
            case COSINE -> "cosine";
        };
    }
}
