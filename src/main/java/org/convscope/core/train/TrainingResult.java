package org.convscope.core.train;

import java.util.List;

/**
 * The outcome of a training run.
 *
 * @param end why and how it stopped
 * @param epochs the completed epochs, in order
 * @param batchLosses the loss of every batch run, in order
 */
public record TrainingResult(TrainingEnded end, List<EpochEnded> epochs, List<Double> batchLosses) {

    /** Copies the lists. */
    public TrainingResult {
        epochs = List.copyOf(epochs);
        batchLosses = List.copyOf(batchLosses);
    }

    /** Returns why training stopped. */
    public TrainingEnded.Reason reason() {
        return end.reason();
    }
}
