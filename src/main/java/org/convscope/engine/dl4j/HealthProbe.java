package org.convscope.engine.dl4j;

import java.util.ArrayList;
import java.util.List;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.Activation;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.train.EpochHealth;
import org.convscope.core.train.HealthReport;
import org.convscope.core.train.HealthTracker;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures learning health for {@link Dl4jTrainer} on either training path, only on the batches the
 * {@link HealthTracker} picks: per layer that learns (after the frozen ones) with weights (Conv2D, Dense), the norms
 * of its weights' gradient, of the applied update and of the weights before it; per layer with ReLU (Conv2D, Dense
 * or Activation), how many of its training-pass outputs are not positive. A ReLU's output is never negative, so
 * {@code <= 0} counts its zeros; where the native-ops path has moved a Conv2D's ReLU after the max pooling, the
 * Conv2D's output is the pre-activation {@code z} and {@code z <= 0} counts the same cells {@code relu(z) = 0}.
 */
final class HealthProbe {

    /**
     * At most how many batches of an epoch are measured; and at most one in {@link #MIN_EVERY}, so that measuring
     * (a few ms: the ReLU counts dominate) stays a few percent of training on small epochs too.
     */
    static final int SAMPLES_PER_EPOCH = 25;
    /** The fewest batches between two measured ones (the last batch of an epoch is always measured). */
    static final int MIN_EVERY = 4;

    private final HealthTracker tracker;
    /** Per tracked layer, its 0-based model layer. */
    private final int[] modelLayer;
    /** Per model layer, its position among the tracked layers, or -1. */
    private final int[] position;
    private final int[] dl4jLayer;
    private final boolean[] weights;
    private final boolean[] relu;
    private boolean measuring;
    private double[] gradientNorms;
    private double[] updateNorms;
    private double[] weightNorms;
    private long[] zeros;
    private long[] outputs;
    private final FlatScan scan = new FlatScan();

    HealthProbe(Dl4jModel m, int frozen, int batchesPerEpoch) {
        List<LayerSpec> layers = m.spec().layers();
        List<String> names = ModelAnalyzer.layerNames(m.spec());
        List<HealthTracker.Layer> tracked = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        position = new int[layers.size()];
        java.util.Arrays.fill(position, -1);
        for (int i = frozen; i < layers.size(); i++) {
            LayerSpec s = layers.get(i);
            boolean w = s instanceof LayerSpec.Conv2D || s instanceof LayerSpec.Dense;
            Activation a = s instanceof LayerSpec.Conv2D c ? c.activation() : s instanceof LayerSpec.Dense d
                    ? d.activation() : s instanceof LayerSpec.ActivationLayer al ? al.activation() : null;
            boolean r = a == Activation.RELU;
            if (w || r) {
                position[i] = tracked.size();
                tracked.add(new HealthTracker.Layer(i + 1, names.get(i), w, r));
                at.add(i);
            }
        }
        tracker = new HealthTracker(tracked, batchesPerEpoch,
                Math.max(1, Math.min(SAMPLES_PER_EPOCH, batchesPerEpoch / MIN_EVERY)));
        int n = tracked.size();
        modelLayer = at.stream().mapToInt(Integer::intValue).toArray();
        dl4jLayer = new int[n];
        weights = new boolean[n];
        relu = new boolean[n];
        for (int k = 0; k < n; k++) {
            dl4jLayer[k] = m.outputIndex(modelLayer[k]) - 1;
            weights[k] = tracked.get(k).weights();
            relu[k] = tracked.get(k).relu();
        }
    }

    /** Starts a 1-based batch; returns whether it is measured. */
    boolean begin(int batch) {
        measuring = tracker.measures(batch);
        if (measuring) {
            int n = modelLayer.length;
            gradientNorms = new double[n];
            updateNorms = new double[n];
            weightNorms = new double[n];
            zeros = new long[n];
            outputs = new long[n];
        }
        return measuring;
    }

    /** Whether the current batch is measured. */
    boolean measuring() {
        return measuring;
    }

    /**
     * Counts a model layer's training-pass output if it is a tracked ReLU's and the batch is measured.
     *
     * @param layer 0-based model layer
     */
    void output(int layer, INDArray out) {
        int k = layer < position.length ? position[layer] : -1;
        if (measuring && k >= 0 && relu[k]) {
            zeros[k] += scan.notPositive(out);
            outputs[k] += out.length();
        }
    }


    /**
     * Takes the gradient norms and the weight norms before the update.
     *
     * @param net the network whose parameters {@code flatGradient} mirrors
     * @param flatGradient the gradient of the mean loss, laid out like {@code net.params()}
     */
    void gradients(MultiLayerNetwork net, INDArray flatGradient, double scale) {
        for (int k = 0; k < modelLayer.length; k++) {
            if (weights[k]) {
                INDArray w = net.getLayer(dl4jLayer[k]).getParam("W");
                gradientNorms[k] = scan.norm(flatGradient, w) * scale;
                weightNorms[k] = scan.norm(net.params(), w);
            }
        }
    }

    /**
     * Takes the norms of the applied updates.
     *
     * @param flatUpdate the step the optimiser subtracts from the parameters, laid out like {@code net.params()}
     */
    void updates(MultiLayerNetwork net, INDArray flatUpdate) {
        for (int k = 0; k < modelLayer.length; k++) {
            if (weights[k]) {
                updateNorms[k] = scan.norm(flatUpdate, net.getLayer(dl4jLayer[k]).getParam("W"));
            }
        }
    }

    /** Returns the copies of the tracked weights, for an update measured as {@code W_after - W_before}. */
    List<INDArray> weightsNow(MultiLayerNetwork net) {
        List<INDArray> out = new ArrayList<>();
        for (int k = 0; k < modelLayer.length; k++) {
            out.add(weights[k] ? net.getLayer(dl4jLayer[k]).getParam("W").dup() : null);
        }
        return out;
    }

    /** Takes the norms of the applied updates as the difference of the weights now and {@code before}. */
    void updatesSince(MultiLayerNetwork net, List<INDArray> before) {
        for (int k = 0; k < modelLayer.length; k++) {
            if (weights[k]) {
                updateNorms[k] = net.getLayer(dl4jLayer[k]).getParam("W").sub(before.get(k)).norm2Number().doubleValue();
            }
        }
    }

    /** Ends a measured batch: its report. */
    HealthReport report(int epoch, int batch) {
        measuring = false;
        return tracker.measured(epoch, batch, new HealthTracker.Measurement(gradientNorms, updateNorms, weightNorms,
                zeros, outputs));
    }

    /** Ends an epoch (0: before training) with the weights of {@code net}. */
    EpochHealth epochEnded(int epoch, MultiLayerNetwork net) {
        List<float[]> w = new ArrayList<>();
        for (int k = 0; k < modelLayer.length; k++) {
            w.add(weights[k] ? Nd4jArrays.floats(net.getLayer(dl4jLayer[k]).getParam("W")) : null);
        }
        return tracker.epochEnded(epoch, w);
    }


    /** Returns the view of {@code flat} that mirrors a parameter view of the same layout (shape, strides, offset). */
    static INDArray mirror(INDArray flat, INDArray param) {
        return Nd4j.create(flat.data(), param.shape(), param.stride(), param.offset(), param.ordering());
    }
}
