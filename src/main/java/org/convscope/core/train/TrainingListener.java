package org.convscope.core.train;

/**
 * Receives progress of a training run, on the training thread (a UI must hand events over to its own thread).
 * Every method does nothing by default, so a listener overrides only what it needs.
 */
public interface TrainingListener {

    /** A listener that ignores everything. */
    TrainingListener NONE = new TrainingListener() { };

    /** Called once before the first batch. */
    default void onStart(TrainingStarted event) {
    }

    /** Called after each weight update. */
    default void onBatch(BatchEnded event) {
    }

    /** Called after each complete epoch, with validation results. */
    default void onEpoch(EpochEnded event) {
    }

    /**
     * Whether this listener wants learning health ({@link #onHealth}, {@link #onEpochHealth}); measuring it costs a
     * little training speed, so engines measure it only when asked.
     */
    default boolean wantsHealth() {
        return false;
    }

    /** Called after a batch whose learning health was measured, when {@link #wantsHealth()}. */
    default void onHealth(HealthReport event) {
    }

    /** Called before the first batch (epoch 0) and after each epoch's {@link #onEpoch}, when {@link #wantsHealth()}. */
    default void onEpochHealth(EpochHealth event) {
    }

    /** Called once at the end, whatever the reason. */
    default void onEnd(TrainingEnded event) {
    }
}
