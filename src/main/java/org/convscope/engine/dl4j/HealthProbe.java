package org.convscope.engine.dl4j;

import java.util.ArrayList;
import java.util.List;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.Activation;
import org.convscope.core.model.LayerSpec;
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
final class HealthProbe extends TrackedWeightsProbe<MultiLayerNetwork> {

    /** Per model layer, its position among the tracked layers, or -1. */
    private final int[] position;
    /** Per tracked layer, its DL4J layer index. */
    private final int[] dl4jLayer;
    private final boolean[] relu;

    HealthProbe(Dl4jModel m, int frozen, int batchesPerEpoch) {
        this(m, tracked(m, frozen), batchesPerEpoch);
    }

    private HealthProbe(Dl4jModel m, List<HealthTracker.Layer> tracked, int batchesPerEpoch) {
        super(tracked, batchesPerEpoch);
        position = new int[m.spec().layers().size()];
        java.util.Arrays.fill(position, -1);
        int n = tracked.size();
        dl4jLayer = new int[n];
        relu = new boolean[n];
        for (int k = 0; k < n; k++) {
            int layer = tracked.get(k).number() - 1;
            position[layer] = k;
            dl4jLayer[k] = m.outputIndex(layer) - 1;
            relu[k] = tracked.get(k).relu();
        }
    }

    /** The layers after the frozen ones with weights (Conv2D, Dense) or a ReLU (Conv2D, Dense, Activation). */
    private static List<HealthTracker.Layer> tracked(Dl4jModel m, int frozen) {
        List<LayerSpec> layers = m.spec().layers();
        List<String> names = ModelAnalyzer.layerNames(m.spec());
        List<HealthTracker.Layer> tracked = new ArrayList<>();
        for (int i = frozen; i < layers.size(); i++) {
            LayerSpec s = layers.get(i);
            boolean w = s instanceof LayerSpec.Conv2D || s instanceof LayerSpec.Dense;
            Activation a = s instanceof LayerSpec.Conv2D c ? c.activation() : s instanceof LayerSpec.Dense d
                    ? d.activation() : s instanceof LayerSpec.ActivationLayer al ? al.activation() : null;
            boolean r = a == Activation.RELU;
            if (w || r) {
                tracked.add(new HealthTracker.Layer(i + 1, names.get(i), w, r));
            }
        }
        return tracked;
    }

    @Override
    INDArray weight(MultiLayerNetwork net, int k) {
        return net.getLayer(dl4jLayer[k]).getParam("W");
    }

    /**
     * Counts a model layer's training-pass output if it is a tracked ReLU's and the batch is measured.
     *
     * @param layer 0-based model layer
     */
    void output(int layer, INDArray out) {
        int k = layer < position.length ? position[layer] : -1;
        if (k >= 0 && relu[k]) {
            count(k, out);
        }
    }

    /** Returns the view of {@code flat} that mirrors a parameter view of the same layout (shape, strides, offset). */
    static INDArray mirror(INDArray flat, INDArray param) {
        return Nd4j.create(flat.data(), param.shape(), param.stride(), param.offset(), param.ordering());
    }
}
