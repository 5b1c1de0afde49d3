package org.convscope.core.train;

/**
 * Sent once when training stops, however it stops.
 *
 * @param reason why it stopped
 * @param message a sentence for the user
 */
public record TrainingEnded(Reason reason, String message) {

    /** Why training stopped. */
    public enum Reason {
        /** All epochs ran. */
        COMPLETED,
        /** The cancel token was set; training stopped between two batches. */
        CANCELLED,
        /** The loss became NaN or infinite; the weights are left as they were before training. */
        DIVERGED,
        /** Memory ran out during a batch; training stopped there and the weights are as after the last full batch. */
        OUT_OF_MEMORY
    }
}
