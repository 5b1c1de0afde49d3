package org.convscope.core.train;

/**
 * Sent after each weight update.
 *
 * <p>{@code loss} is the mean cross-entropy of the batch before the update,
 * {@code L = -(1/n) * sum_i log(p_i[y_i])} with {@code p_i} the softmax output for image {@code i} and
 * {@code y_i} its label (about {@code ln 10 = 2.303} for ten classes guessed at random).
 * {@code accuracy} is the fraction of the batch whose largest output is the true label, {@code
 * (1/n) * #{i : argmax p_i = y_i}}, in {@code [0, 1]}, measured with the weights before the update.
 *
 * @param epoch 1-based epoch
 * @param batch 1-based batch within the epoch
 * @param batchesPerEpoch batches in each epoch
 * @param loss mean cross-entropy of the batch
 * @param accuracy fraction of the batch classified correctly
 * @param imagesPerSecond batch size divided by the time this batch took
 */
public record BatchEnded(int epoch, int batch, int batchesPerEpoch, double loss, double accuracy, double imagesPerSecond) {
}
