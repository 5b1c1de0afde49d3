package org.convscope.engine.dl4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.convscope.core.model.Activation;
import org.convscope.core.model.LayerSpec;
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
final class GraphHealthProbe extends TrackedWeightsProbe<ComputationGraph> {

    /** Per tracked layer, its vertex name. */
    private final String[] vertex;
    /** Vertex name to position among the tracked layers, for the ReLU layers. */
    private final Map<String, Integer> reluAt = new HashMap<>();

    GraphHealthProbe(Dl4jModel m, int frozen, int batchesPerEpoch) {
        this(tracked(m, frozen), batchesPerEpoch);
    }

    private GraphHealthProbe(List<HealthTracker.Layer> tracked, int batchesPerEpoch) {
        super(tracked, batchesPerEpoch);
        vertex = tracked.stream().map(HealthTracker.Layer::name).toArray(String[]::new);
        for (int k = 0; k < vertex.length; k++) {
            if (tracked.get(k).relu()) {
                reluAt.put(vertex[k], k);
            }
        }
    }

    /** The layers after the frozen ones whose vertex has weights {@code W} or whose output is a plain ReLU's. */
    private static List<HealthTracker.Layer> tracked(Dl4jModel m, int frozen) {
        List<LayerSpec> layers = m.spec().layers();
        List<String> names = m.names();
        List<HealthTracker.Layer> tracked = new ArrayList<>();
        for (int i = frozen; i < layers.size(); i++) {
            var v = m.graph().getVertex(names.get(i));
            var layer = v != null && v.hasLayer() ? v.getLayer() : null;
            boolean w = layer != null && layer.paramTable().containsKey("W");
            boolean r = relu(layers.get(i));
            if (w || r) {
                tracked.add(new HealthTracker.Layer(i + 1, names.get(i), w, r));
            }
        }
        return tracked;
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

    @Override
    INDArray weight(ComputationGraph net, int k) {
        return net.getLayer(vertex[k]).getParam("W");
    }

    /** Counts the tracked ReLUs' outputs of a training forward pass (vertex name to output). */
    void outputs(Map<String, INDArray> activations) {
        if (measuring()) {
            reluAt.forEach((name, k) -> {
                INDArray out = activations.get(name);
                if (out != null) {
                    count(k, out);
                }
            });
        }
    }

    /** Counts one tracked ReLU's training-pass output, by the layer's vertex name (the native-ops path's hook). */
    void output(String name, INDArray out) {
        Integer k = reluAt.get(name);
        if (k != null) {
            count(k, out);
        }
    }
}
