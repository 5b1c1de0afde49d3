package org.convscope.core.train;

import java.util.List;

/**
 * Sent after each epoch (and once before the first, as epoch 0, with the starting weights' histograms and no layer
 * numbers) when the listener wants learning health: each layer's health over the epoch and the histograms of its
 * weights at the epoch's end.
 *
 * @param epoch 1-based epoch, or 0 for the weights before training
 * @param layers per layer: the mean gradient norm and update ratio of the epoch's measured batches and the share of
 *               ReLU outputs that were 0 over them (empty for epoch 0)
 * @param histograms per layer with weights, its weights' histogram, with the same bins every epoch
 */
public record EpochHealth(int epoch, List<LayerHealth> layers, List<WeightHistogram> histograms) {

    /** Copies the lists. */
    public EpochHealth {
        layers = List.copyOf(layers);
        histograms = List.copyOf(histograms);
    }
}
