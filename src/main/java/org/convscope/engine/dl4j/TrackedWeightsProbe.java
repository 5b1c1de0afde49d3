package org.convscope.engine.dl4j;

import java.util.ArrayList;
import java.util.List;
import org.convscope.core.train.EpochHealth;
import org.convscope.core.train.HealthReport;
import org.convscope.core.train.HealthTracker;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What {@link HealthProbe} (chains) and {@link GraphHealthProbe} (graphs) share: the measured batch's sums and the
 * norms over the weights {@code W} of tracked layer {@code k}. The two differ only in how they find that {@code W}
 * in their network ({@link #weight}) and which outputs are a tracked ReLU's.
 *
 * <p>Per tracked layer with weights: {@code ||dL/dW||} of the mean loss, {@code ||W||} before the step and the applied
 * step {@code ||W_after - W_before||}; per tracked ReLU: how many training-pass outputs are {@code <= 0}.
 *
 * @param <N> the network type ({@code MultiLayerNetwork} or {@code ComputationGraph})
 */
abstract class TrackedWeightsProbe<N extends Model> {

    /**
     * At most how many batches of an epoch are measured; and at most one in {@link #MIN_EVERY}, so that measuring
     * (a few ms: the ReLU counts dominate) stays a few percent of training on small epochs too.
     */
    static final int SAMPLES_PER_EPOCH = 25;
    /** The fewest batches between two measured ones (the last batch of an epoch is always measured). */
    static final int MIN_EVERY = 4;

    private final HealthTracker tracker;
    /** Per tracked layer, whether it has weights. */
    private final boolean[] weights;
    private final FlatScan scan = new FlatScan();
    private boolean measuring;
    private double[] gradientNorms;
    private double[] updateNorms;
    private double[] weightNorms;
    private long[] zeros;
    private long[] outputs;

    TrackedWeightsProbe(List<HealthTracker.Layer> tracked, int batchesPerEpoch) {
        tracker = new HealthTracker(tracked, batchesPerEpoch,
                Math.max(1, Math.min(SAMPLES_PER_EPOCH, batchesPerEpoch / MIN_EVERY)));
        weights = new boolean[tracked.size()];
        for (int k = 0; k < weights.length; k++) {
            weights[k] = tracked.get(k).weights();
        }
    }

    /** The weights {@code W} of tracked layer {@code k} in {@code net} (a view of its parameters). */
    abstract INDArray weight(N net, int k);

    /** Starts a 1-based batch; returns whether it is measured. */
    final boolean begin(int batch) {
        measuring = tracker.measures(batch);
        if (measuring) {
            int n = weights.length;
            gradientNorms = new double[n];
            updateNorms = new double[n];
            weightNorms = new double[n];
            zeros = new long[n];
            outputs = new long[n];
        }
        return measuring;
    }

    /** Whether the current batch is measured. */
    final boolean measuring() {
        return measuring;
    }

    /** Counts tracked layer {@code k}'s training-pass output (a ReLU's) on a measured batch. */
    final void count(int k, INDArray out) {
        if (measuring) {
            zeros[k] += scan.notPositive(out);
            outputs[k] += out.length();
        }
    }

    /**
     * Takes the gradient norms and the weight norms before the update.
     *
     * @param flatGradient the gradient, laid out like {@code net.params()}
     * @param scale what turns it into the gradient of the mean loss ({@code 1 / batch size} where DL4J's updater
     *     divides, else 1)
     */
    final void gradients(N net, INDArray flatGradient, double scale) {
        for (int k = 0; k < weights.length; k++) {
            if (weights[k]) {
                INDArray w = weight(net, k);
                gradientNorms[k] = scan.norm(flatGradient, w) * scale;
                weightNorms[k] = scan.norm(net.params(), w);
            }
        }
    }

    /**
     * Takes the norms of the applied updates from the flat step the optimiser subtracts from the parameters
     * ({@code W -= step}), laid out like {@code net.params()}.
     */
    final void updates(N net, INDArray flatUpdate) {
        for (int k = 0; k < weights.length; k++) {
            if (weights[k]) {
                updateNorms[k] = scan.norm(flatUpdate, weight(net, k));
            }
        }
    }

    /** Returns copies of the tracked weights, for an update measured as {@code W_after - W_before}. */
    final List<INDArray> weightsNow(N net) {
        List<INDArray> out = new ArrayList<>();
        for (int k = 0; k < weights.length; k++) {
            out.add(weights[k] ? weight(net, k).dup() : null);
        }
        return out;
    }

    /** Takes the norms of the applied updates as the difference of the weights now and {@code before}. */
    final void updatesSince(N net, List<INDArray> before) {
        for (int k = 0; k < weights.length; k++) {
            if (weights[k]) {
                updateNorms[k] = weight(net, k).sub(before.get(k)).norm2Number().doubleValue();
            }
        }
    }

    /** Ends a measured batch: its report. */
    final HealthReport report(int epoch, int batch) {
        measuring = false;
        return tracker.measured(epoch, batch, new HealthTracker.Measurement(gradientNorms, updateNorms, weightNorms,
                zeros, outputs));
    }

    /** Ends an epoch (0: before training) with the weights of {@code net}. */
    final EpochHealth epochEnded(int epoch, N net) {
        List<float[]> w = new ArrayList<>();
        for (int k = 0; k < weights.length; k++) {
            w.add(weights[k] ? Nd4jArrays.floats(weight(net, k)) : null);
        }
        return tracker.epochEnded(epoch, w);
    }
}
