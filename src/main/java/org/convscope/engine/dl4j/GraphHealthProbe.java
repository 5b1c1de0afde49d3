package org.convscope.engine.dl4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.convscope.core.model.Activation;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.train.EpochHealth;
import org.convscope.core.train.HealthReport;
import org.convscope.core.train.HealthTracker;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Learning health for a graph model trained by {@link GraphTrainingBackend}: what {@link HealthProbe} measures for
 * chains, with layers found by vertex name instead of {@code MultiLayerNetwork} index. The same batches are measured
 * (the same {@link HealthTracker} sampling), and the same events come out, listed in the model's layer order.
 *
 * <p>Per layer that learns (after the frozen ones) whose vertex (the one named as the layer: for a SeparableConv2D
 * its pointwise convolution) has a weight {@code W}: {@code ||dL/dW||} of the mean loss, the applied step
 * {@code ||W_after - W_before||} and {@code ||W_before||}. Per layer whose output is a plain ReLU's (Conv2D, Dense,
 * DepthwiseConv2D or SeparableConv2D with ReLU, an Activation layer with ReLU, a ReLU layer without slope or
 * threshold): how many of its training-pass outputs are {@code <= 0}, i.e. zero.
 */
final class GraphHealthProbe {

    private final HealthTracker tracker;
    /** Per tracked layer, its vertex name. */
    private final String[] vertex;
    /** Vertex name to position among the tracked layers, for the ReLU layers. */
    private final Map<String, Integer> reluAt = new HashMap<>();
    private final boolean[] weights;
    private boolean measuring;
    private final FlatScan scan = new FlatScan();
    private double[] gradientNorms;
    private double[] updateNorms;
    private double[] weightNorms;
    private long[] zeros;
    private long[] outputs;

    GraphHealthProbe(Dl4jModel m, int frozen, int batchesPerEpoch) {
        List<LayerSpec> layers = m.spec().layers();
        List<String> names = m.names();
        List<HealthTracker.Layer> tracked = new ArrayList<>();
        for (int i = frozen; i < layers.size(); i++) {
            var v = m.graph().getVertex(names.get(i));
            var layer = v != null && v.hasLayer() ? v.getLayer() : null;
            boolean w = layer != null && layer.paramTable().containsKey("W");
            boolean r = relu(layers.get(i));
            if (w || r) {
                if (r) {
                    reluAt.put(names.get(i), tracked.size());
                }
                tracked.add(new HealthTracker.Layer(i + 1, names.get(i), w, r));
            }
        }
        tracker = new HealthTracker(tracked, batchesPerEpoch,
                Math.max(1, Math.min(HealthProbe.SAMPLES_PER_EPOCH, batchesPerEpoch / HealthProbe.MIN_EVERY)));
        vertex = tracked.stream().map(HealthTracker.Layer::name).toArray(String[]::new);
        weights = new boolean[tracked.size()];
        for (int k = 0; k < weights.length; k++) {
            weights[k] = tracked.get(k).weights();
        }
    }

    /** Whether a layer's output is a plain ReLU's, never negative and zero where it is off. */
    static boolean relu(LayerSpec s) {
        Activation a = s instanceof LayerSpec.Conv2D c ? c.activation()
                : s instanceof LayerSpec.Dense d ? d.activation()
                : s instanceof LayerSpec.DepthwiseConv2D d ? d.activation()
                : s instanceof LayerSpec.SeparableConv2D d ? d.activation()
                : s instanceof LayerSpec.ActivationLayer al ? al.activation() : null;
        return a == Activation.RELU
                || s instanceof LayerSpec.ReLU r && r.negativeSlope() == 0 && r.threshold() == 0;
    }

    /** Starts a 1-based batch; returns whether it is measured. */
    boolean begin(int batch) {
        measuring = tracker.measures(batch);
        if (measuring) {
            int n = vertex.length;
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

    /** Counts the tracked ReLUs' outputs of a training forward pass (vertex name to output). */
    void outputs(Map<String, INDArray> activations) {
        if (!measuring) {
            return;
        }
        reluAt.forEach((name, k) -> {
            INDArray out = activations.get(name);
            if (out != null) {
                zeros[k] += scan.notPositive(out);
                outputs[k] += out.length();
            }
        });
    }

    /** Counts one tracked ReLU's training-pass output, by the layer's vertex name (the native-ops path's hook). */
    void output(String name, INDArray out) {
        Integer k = reluAt.get(name);
        if (measuring && k != null) {
            zeros[k] += scan.notPositive(out);
            outputs[k] += out.length();
        }
    }

    /**
     * Takes the norms of the applied updates from the flat step the updater made of the gradient (laid out like
     * {@code net.params()}), as the native-ops path applies it: {@code W -= step}.
     */
    void updates(ComputationGraph net, INDArray flatUpdate) {
        for (int k = 0; k < vertex.length; k++) {
            if (weights[k]) {
                updateNorms[k] = scan.norm(flatUpdate, net.getLayer(vertex[k]).getParam("W"));
            }
        }
    }


    /**
     * Takes the gradient norms and the weight norms before the update.
     *
     * @param flatGradient the gradient, laid out like {@code net.params()}
     * @param scale what turns it into the gradient of the mean loss ({@code 1 / batch size}: DL4J's updater divides)
     */
    void gradients(ComputationGraph net, INDArray flatGradient, double scale) {
        for (int k = 0; k < vertex.length; k++) {
            if (weights[k]) {
                INDArray w = net.getLayer(vertex[k]).getParam("W");
                gradientNorms[k] = scan.norm(flatGradient, w) * scale;
                weightNorms[k] = scan.norm(net.params(), w);
            }
        }
    }

    /** Returns copies of the tracked weights, for an update measured as {@code W_after - W_before}. */
    List<INDArray> weightsNow(ComputationGraph net) {
        List<INDArray> out = new ArrayList<>();
        for (int k = 0; k < vertex.length; k++) {
            out.add(weights[k] ? net.getLayer(vertex[k]).getParam("W").dup() : null);
        }
        return out;
    }

    /** Takes the norms of the applied updates as the difference of the weights now and {@code before}. */
    void updatesSince(ComputationGraph net, List<INDArray> before) {
        for (int k = 0; k < vertex.length; k++) {
            if (weights[k]) {
                updateNorms[k] = net.getLayer(vertex[k]).getParam("W").sub(before.get(k)).norm2Number().doubleValue();
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
    EpochHealth epochEnded(int epoch, ComputationGraph net) {
        List<float[]> w = new ArrayList<>();
        for (int k = 0; k < vertex.length; k++) {
            w.add(weights[k] ? Nd4jArrays.floats(net.getLayer(vertex[k]).getParam("W")) : null);
        }
        return tracker.epochEnded(epoch, w);
    }
}
