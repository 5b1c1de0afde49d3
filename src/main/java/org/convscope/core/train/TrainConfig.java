package org.convscope.core.train;

import static org.convscope.core.text.CoreText.tr;

/**
 * Settings of one training run.
 *
 * <p>One epoch shows every training image once, in mini-batches of {@code batchSize} (the last batch may be
 * smaller), so an epoch has {@code ceil(N / batchSize)} batches, each one weight update.
 *
 * @param epochs passes over the training images, at least 1
 * @param batchSize images per weight update, at least 1
 * @param learningRate step size of the optimiser, finite and positive
 * @param optimizer how the gradients move the weights
 * @param seed seed of the shuffling and of random layers (dropout): the same seed and settings give the same
 *             losses on the same machine
 * @param shuffle reshuffle the training images before every epoch
 * @param augmentation random changes (flips, shifts, turns, zoom, shear, brightness) of the training images, never
 *                     of the validation images
 * @param schedule how the learning rate changes from epoch to epoch ({@code learningRate} is its start)
 * @param frozenLayers fine-tuning: the first {@code frozenLayers} layers of the model keep their weights (and batch
 *                     normalisation its moving statistics; frozen layers run in inference mode, as Keras runs layers
 *                     with {@code trainable = False}) and only the layers after them learn; 0 trains every layer
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, Optimizer optimizer, long seed, boolean shuffle,
                          Augmentation augmentation, LearningRateSchedule schedule, int frozenLayers) {

    /** Settings that train every layer. */
    public TrainConfig(int epochs, int batchSize, double learningRate, Optimizer optimizer, long seed, boolean shuffle,
            Augmentation augmentation, LearningRateSchedule schedule) {
        this(epochs, batchSize, learningRate, optimizer, seed, shuffle, augmentation, schedule, 0);
    }

    /** Settings without augmentation, with a constant learning rate. */
    public TrainConfig(int epochs, int batchSize, double learningRate, Optimizer optimizer, long seed, boolean shuffle) {
        this(epochs, batchSize, learningRate, optimizer, seed, shuffle, Augmentation.NONE, LearningRateSchedule.CONSTANT);
    }

    /** Settings with a constant learning rate. */
    public TrainConfig(int epochs, int batchSize, double learningRate, Optimizer optimizer, long seed, boolean shuffle,
            Augmentation augmentation) {
        this(epochs, batchSize, learningRate, optimizer, seed, shuffle, augmentation, LearningRateSchedule.CONSTANT);
    }

    /** Returns a copy with another augmentation. */
    public TrainConfig withAugmentation(Augmentation a) {
        return new TrainConfig(epochs, batchSize, learningRate, optimizer, seed, shuffle, a, schedule, frozenLayers);
    }

    /** Returns a copy with another learning-rate schedule. */
    public TrainConfig withSchedule(LearningRateSchedule s) {
        return new TrainConfig(epochs, batchSize, learningRate, optimizer, seed, shuffle, augmentation, s, frozenLayers);
    }

    /**
     * Returns a copy that freezes the first {@code layers} layers (fine-tuning); 0 trains every layer.
     *
     * @param layers how many layers, counted from the input, keep their weights
     */
    public TrainConfig withFrozenLayers(int layers) {
        return new TrainConfig(epochs, batchSize, learningRate, optimizer, seed, shuffle, augmentation, schedule, layers);
    }

    /** Returns the learning rate of a 1-based epoch. */
    public double learningRate(int epoch) {
        return schedule.rate(learningRate, epoch - 1, epochs);
    }

    /** The optimisers on offer. */
    public enum Optimizer {
        /** Adam with beta1 0.9, beta2 0.999, epsilon 1e-8 (Keras' defaults). */
        ADAM,
        /** Stochastic gradient descent with Nesterov momentum 0.9. */
        SGD_MOMENTUM
    }

    /** Checks the settings. */
    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException(tr("error.train.epochs", epochs));
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException(tr("error.train.batch", batchSize));
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException(tr("error.train.learningRate", learningRate));
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("an optimizer is needed");
        }
        if (augmentation == null) {
            throw new IllegalArgumentException("an augmentation is needed (Augmentation.NONE for none)");
        }
        if (schedule == null) {
            throw new IllegalArgumentException("a learning-rate schedule is needed (LearningRateSchedule.CONSTANT)");
        }
        if (frozenLayers < 0) {
            throw new IllegalArgumentException(tr("error.train.frozen", frozenLayers));
        }
    }

    /** Returns Keras-like defaults: 2 epochs, batch 32, Adam with learning rate 0.001, seed 42, shuffled. */
    public static TrainConfig defaults() {
        return new TrainConfig(2, 32, 1e-3, Optimizer.ADAM, 42, true);
    }

    /** Returns the number of batches per epoch for {@code images} training images: {@code ceil(images / batchSize)}. */
    public int batchesPerEpoch(int images) {
        return (images + batchSize - 1) / batchSize;
    }
}
