package org.convscope.core.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects an engine's measurements of learning health into {@link HealthReport}s and {@link EpochHealth}s: which
 * batches to measure, the ratios and shares, the epoch's means and the weight histograms with bins fixed at the
 * start. Pure arithmetic; the engine measures the norms and counts.
 *
 * <p>Every {@link #every()}-th batch is measured ({@code max(1, round(batchesPerEpoch / samplesPerEpoch))}) and the
 * last of each epoch, so a run gives about {@code samplesPerEpoch} points per layer and epoch whatever the data's
 * size; the epoch's numbers are over the measured batches.
 */
public final class HealthTracker {

    /**
     * A layer whose health is tracked.
     *
     * @param number 1-based layer number
     * @param name its name
     * @param weights whether it has weights ({@code W})
     * @param relu whether its output is a ReLU's
     */
    public record Layer(int number, String name, boolean weights, boolean relu) {
    }

    /**
     * One measured batch, per tracked layer (same order as {@link #layers()}); entries of layers without weights or
     * without ReLU are ignored.
     *
     * @param gradientNorms {@code ||dL/dW||}
     * @param updateNorms {@code ||dW||}, the step the optimiser applied
     * @param weightNorms {@code ||W||} before the step
     * @param zeros ReLU outputs equal to 0
     * @param outputs ReLU outputs in all
     */
    public record Measurement(double[] gradientNorms, double[] updateNorms, double[] weightNorms, long[] zeros,
            long[] outputs) {
    }

    private final List<Layer> layers;
    private final int batchesPerEpoch;
    private final int every;
    private final double[] limits;
    private final double[] gradientSum;
    private final double[] ratioSum;
    private final long[] zeroSum;
    private final long[] outputSum;
    private int samples;

    /**
     * @param layers the tracked layers
     * @param batchesPerEpoch batches in each epoch
     * @param samplesPerEpoch about how many batches of an epoch to measure
     */
    public HealthTracker(List<Layer> layers, int batchesPerEpoch, int samplesPerEpoch) {
        this.layers = List.copyOf(layers);
        this.batchesPerEpoch = batchesPerEpoch;
        this.every = Math.max(1, Math.round(batchesPerEpoch / (float) Math.max(1, samplesPerEpoch)));
        int n = layers.size();
        limits = new double[n];
        gradientSum = new double[n];
        ratioSum = new double[n];
        zeroSum = new long[n];
        outputSum = new long[n];
    }

    public List<Layer> layers() {
        return layers;
    }

    /** Every how many batches one is measured. */
    public int every() {
        return every;
    }

    /** Whether a 1-based batch of an epoch is measured. */
    public boolean measures(int batch) {
        return batch % every == 0 || batch == batchesPerEpoch;
    }

    /** Takes a measured batch's numbers; returns its report and adds them to the epoch's. */
    public HealthReport measured(int epoch, int batch, Measurement m) {
        List<LayerHealth> out = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            double g = l.weights() ? m.gradientNorms()[i] : Double.NaN;
            double r = l.weights() ? m.updateNorms()[i] / m.weightNorms()[i] : Double.NaN;
            double z = l.relu() ? m.zeros()[i] / (double) Math.max(1, m.outputs()[i]) : Double.NaN;
            if (l.weights()) {
                gradientSum[i] += g;
                ratioSum[i] += r;
            }
            if (l.relu()) {
                zeroSum[i] += m.zeros()[i];
                outputSum[i] += m.outputs()[i];
            }
            out.add(new LayerHealth(l.number(), l.name(), g, r, z));
        }
        samples++;
        return new HealthReport(epoch, batch, batchesPerEpoch, out);
    }

    /**
     * Ends an epoch: the means of its measured batches and the histograms of the weights now; starts the next. For
     * epoch 0 (before training) it fixes each layer's bins from the starting weights and returns no layer numbers.
     *
     * @param weights per tracked layer, its weights {@code W} now (null for a layer without)
     */
    public EpochHealth epochEnded(int epoch, List<float[]> weights) {
        List<LayerHealth> health = new ArrayList<>();
        List<WeightHistogram> histograms = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (epoch > 0) {
                double n = Math.max(1, samples);
                health.add(new LayerHealth(l.number(), l.name(), l.weights() ? gradientSum[i] / n : Double.NaN,
                        l.weights() ? ratioSum[i] / n : Double.NaN,
                        l.relu() ? zeroSum[i] / (double) Math.max(1, outputSum[i]) : Double.NaN));
            }
            float[] w = weights.get(i);
            if (l.weights() && w != null) {
                if (limits[i] == 0) {
                    limits[i] = WeightHistogram.limitFor(w);
                }
                histograms.add(WeightHistogram.of(l.number(), l.name(), w, limits[i], WeightHistogram.BINS));
            }
        }
        java.util.Arrays.fill(gradientSum, 0);
        java.util.Arrays.fill(ratioSum, 0);
        java.util.Arrays.fill(zeroSum, 0);
        java.util.Arrays.fill(outputSum, 0);
        samples = 0;
        return new EpochHealth(epoch, health, histograms);
    }
}
