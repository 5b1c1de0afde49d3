package org.convscope.core.train;

import java.util.List;

/**
 * Sent (when the listener {@linkplain TrainingListener#wantsHealth wants it}) after a batch whose learning health was
 * measured: one {@link LayerHealth} per layer that has weights or a ReLU, from that batch alone. Batches are measured
 * every {@link HealthTracker#every()}-th batch and at each epoch's last.
 *
 * @param epoch 1-based epoch
 * @param batch 1-based batch within the epoch
 * @param batchesPerEpoch batches in each epoch
 * @param layers the layers, in model order
 */
public record HealthReport(int epoch, int batch, int batchesPerEpoch, List<LayerHealth> layers) {

    /** Copies the list. */
    public HealthReport {
        layers = List.copyOf(layers);
    }

    /** The position on a curve's x axis: {@code epoch - 1 + batch / batchesPerEpoch}. */
    public double x() {
        return epoch - 1 + batch / (double) batchesPerEpoch;
    }
}
