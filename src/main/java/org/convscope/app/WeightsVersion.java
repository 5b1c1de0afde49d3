package org.convscope.app;

import static org.convscope.core.text.CoreText.tr;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names one set of weights, so that a result computed from them can say which and a view can tell when it is stale.
 *
 * <p>Every set of weights the session holds gets a new serial: fresh weights for an edited model, the end of a training
 * run, a snapshot taken during training, a file opened or imported. Two versions are the same weights exactly when
 * they are equal; the label is what a view shows next to a result, e.g. {@code "run 2, after epoch 10 of 10"}.
 *
 * @param serial unique within this process, increasing
 * @param kind where the weights came from
 * @param label a short description for the user
 */
public record WeightsVersion(long serial, Kind kind, String label) {

    /** Where a set of weights came from. */
    public enum Kind {
        /** Freshly initialised from a seed. */
        UNTRAINED,
        /** A snapshot taken while a run was still training. */
        DURING_TRAINING,
        /** The end of a training run (finished, stopped or an epoch checkpoint). */
        TRAINED,
        /** A saved ConvScope model with its weights. */
        OPENED,
        /** A model file written by another tool (Keras). */
        IMPORTED
    }

    private static final AtomicLong NEXT = new AtomicLong(1);

    /** Checks the fields. */
    public WeightsVersion {
        if (kind == null || label == null || label.isBlank()) {
            throw new IllegalArgumentException("a weights version needs a kind and a label");
        }
    }

    /** Fresh weights from {@code seed}, e.g. {@code "untrained weights (seed 42)"}. */
    public static WeightsVersion untrained(long seed) {
        return next(Kind.UNTRAINED, tr("weights.untrained", seed));
    }

    /**
     * The weights at the end of a training run.
     *
     * @param run the run in this session, from 1
     * @param epochs epochs completed (0 when stopped during the first)
     */
    public static WeightsVersion trained(int run, int epochs) {
        return next(Kind.TRAINED, epochs == 0 ? tr("weights.stopped", run) : tr("weights.trained", run, epochs));
    }

    /** A snapshot of a run's weights, e.g. {@code "run 2, after batch 37 of epoch 3"}. */
    public static WeightsVersion duringTraining(int run, int epoch, int batch) {
        return next(Kind.DURING_TRAINING, tr("weights.duringTraining", run, batch, epoch));
    }

    /** The weights saved in a ConvScope model file. */
    public static WeightsVersion opened(Path file) {
        return next(Kind.OPENED, tr("weights.opened", file.getFileName()));
    }

    /**
     * Weights carried in a lesson file: its final weights ({@code epoch} 0), or a checkpoint of its run.
     *
     * @param file the lesson file
     * @param epoch 0 for the final weights, else the epoch of the checkpoint
     */
    public static WeightsVersion lesson(Path file, int epoch) {
        return next(Kind.OPENED, epoch == 0 ? tr("weights.opened", file.getFileName())
                : tr("weights.lessonEpoch", file.getFileName(), epoch));
    }

    /** The weights of a model file written by another tool. */
    public static WeightsVersion imported(Path file) {
        return next(Kind.IMPORTED, tr("weights.imported", file.getFileName()));
    }

    /** True for weights that came from training or a file rather than a seed. */
    public boolean isTrained() {
        return kind != Kind.UNTRAINED;
    }

    private static WeightsVersion next(Kind kind, String label) {
        return new WeightsVersion(NEXT.getAndIncrement(), kind, label);
    }

    @Override
    public String toString() {
        return label;
    }
}
