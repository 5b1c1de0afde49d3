package org.convscope.engine.dl4j;

import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.TrainConfig;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * How {@link Dl4jTrainer} trains one batch and evaluates images: on DL4J's own layers
 * ({@link LayersTrainingBackend}) or on the native-ops path ({@link NativeOpsTrainingBackend}).
 */
interface TrainingBackend {
    /**
     * Trains on one batch; returns its loss (before the update) and stores the number right in {@code correct[0]}.
     *
     * @param batch the images of {@code idx}, channels-last one after another (augmented when asked)
     */
    double trainBatch(float[] batch, LabelledImages images, int[] idx, int[] labels, int[] correct);

    /** Returns {@code [loss, accuracy]} over all images in inference mode, or NaNs for none. */
    double[] evaluate(LabelledImages images);

    /** Sets the optimiser's learning rate for the epoch that starts (1-based). */
    void setLearningRate(double rate, int epoch);

    /** Makes the compiled model hold the weights trained so far (listeners may copy them as a checkpoint). */
    default void epochEnded() {
    }

    /**
     * Measures learning health with {@code probe} from now on: the backend reports its training-pass outputs, gradients
     * and updates on the batches the probe {@linkplain HealthProbe#measuring() measures}.
     */
    default void watch(HealthProbe probe) {
    }

    /** Keeps the trained weights in the compiled model, or restores the ones from before training. */
    void finish(boolean keep);

    void close();

    /** Returns the optimiser the configuration asks for, at its base learning rate; both backends use it. */
    static IUpdater updater(TrainConfig config) {
        return switch (config.optimizer()) {
            case ADAM -> new Adam(config.learningRate());
            case SGD_MOMENTUM -> new Nesterovs(config.learningRate(), 0.9);
        };
    }
}
