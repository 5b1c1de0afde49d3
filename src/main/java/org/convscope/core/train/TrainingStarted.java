package org.convscope.core.train;

/**
 * Sent once before the first batch.
 *
 * @param totalEpochs epochs planned
 * @param batchesPerEpoch weight updates per epoch, {@code ceil(N / batchSize)}
 */
public record TrainingStarted(int totalEpochs, int batchesPerEpoch) {
}
