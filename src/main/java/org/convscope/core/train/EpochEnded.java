package org.convscope.core.train;

/**
 * Sent after each complete epoch.
 *
 * <p>{@code trainLoss} and {@code trainAccuracy} are the image-weighted means of the epoch's batch values (see
 * {@link BatchEnded}); the validation values are the same formulas over the whole validation set in inference
 * mode (dropout off) after the epoch's last update, or {@code NaN} without validation images.
 *
 * @param epoch 1-based epoch
 * @param trainLoss mean cross-entropy over the epoch's batches
 * @param trainAccuracy fraction of the training images classified correctly during the epoch
 * @param validationLoss mean cross-entropy on the validation images, or NaN
 * @param validationAccuracy fraction of the validation images classified correctly, or NaN
 * @param seconds wall-clock time of the epoch including validation
 */
public record EpochEnded(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
        double validationAccuracy, double seconds) {
}
