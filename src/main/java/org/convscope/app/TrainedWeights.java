package org.convscope.app;

import java.util.List;
import java.util.Objects;
import org.convscope.engine.CompiledModel;

/**
 * Weights trained on the Train screen or loaded from a file, for the model they were made for.
 *
 * @param model the network with its weights (its spec is the model they belong to)
 * @param version which weights these are, for tagging results computed from them
 * @param description where they came from, for status lines, e.g. {@code trained 10 epochs, val accuracy 0.71}
 * @param checkpoints the weights after each epoch of the run, oldest first (the "time machine"; may be empty)
 */
public record TrainedWeights(CompiledModel model, WeightsVersion version, String description,
                             List<Checkpoint> checkpoints) {

    /** Checks the fields and copies the checkpoint list. */
    public TrainedWeights {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(description, "description");
        checkpoints = List.copyOf(checkpoints);
    }

    /** Weights without checkpoints. */
    public TrainedWeights(CompiledModel model, WeightsVersion version, String description) {
        this(model, version, description, List.of());
    }

    /**
     * The weights as they were at the end of one epoch of a training run.
     *
     * @param epoch the epoch, from 1
     * @param model a copy of the network then
     * @param version which weights these are
     * @param description e.g. {@code epoch 3 of 10, validation accuracy 0.55}
     */
    public record Checkpoint(int epoch, CompiledModel model, WeightsVersion version, String description) {
        /** Checks the fields. */
        public Checkpoint {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(version, "version");
        }

        /** These weights as a set of their own (as the Weights choice on Feature maps uses them). */
        public TrainedWeights asWeights() {
            return new TrainedWeights(model, version, description);
        }
    }
}
