package org.convscope.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.TensorShape;
import org.convscope.engine.Activations;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.engine.LayerActivation;

/**
 * An {@link Engine} without ND4J, for tests of view models and use cases: outputs have the shapes the analyzer infers
 * and values simple enough to work out by hand.
 *
 * <p>Layer {@code L} (1-based) outputs, at channels-last index {@code j} of its output, {@code L * m + j / 10}, where
 * {@code m} is the mean of the input image. A Conv2D layer's filter {@code f} holds {@code f + 1} everywhere; biases are
 * 0. {@link #forwardCalls()} counts forward passes.
 */
public final class FakeEngine implements Engine {

    private final AtomicInteger forwards = new AtomicInteger();

    /** A network of the fake engine: the model and the seed it was "initialised" with. */
    public record FakeModel(ModelSpec spec, long seed, ModelAnalysis analysis) implements CompiledModel {

        @Override
        public long parameterCount() {
            return analysis.totalParams();
        }

        @Override
        public Volume[] filters(int layerIndex) {
            LayerInfo info = analysis.layers().get(layerIndex - 1);
            if (!(info.spec() instanceof LayerSpec.Conv2D c)) {
                throw new IllegalArgumentException("layer " + layerIndex + " is not a Conv2D layer");
            }
            int channelsIn = ((TensorShape.Spatial) info.input()).channels();
            Volume[] out = new Volume[c.filters()];
            for (int f = 0; f < out.length; f++) {
                double[] v = new double[c.kernel().h() * c.kernel().w() * channelsIn];
                java.util.Arrays.fill(v, f + 1);
                out[f] = new Volume(c.kernel().h(), c.kernel().w(), channelsIn, v);
            }
            return out;
        }

        @Override
        public double[] biases(int layerIndex) {
            LayerSpec s = spec.layers().get(layerIndex - 1);
            int n = s instanceof LayerSpec.Conv2D c ? c.filters() : s instanceof LayerSpec.Dense d ? d.units() : -1;
            if (n < 0) {
                throw new IllegalArgumentException("layer " + layerIndex + " has no weights");
            }
            return new double[n];
        }
    }

    /** Returns how many forward passes ran. */
    public int forwardCalls() {
        return forwards.get();
    }

    @Override
    public CompiledModel compile(ModelSpec spec, long seed) {
        ModelAnalysis analysis = ModelAnalyzer.analyze(spec);
        if (!analysis.valid()) {
            throw new IllegalArgumentException(analysis.problem().orElseThrow().describe());
        }
        return new FakeModel(spec, seed, analysis);
    }

    @Override
    public Activations forward(CompiledModel model, Volume image) {
        if (!(model instanceof FakeModel m)) {
            throw new IllegalArgumentException("the model was not compiled by the fake engine");
        }
        forwards.incrementAndGet();
        double mean = java.util.Arrays.stream(image.values()).average().orElse(0);
        List<LayerActivation> layers = new ArrayList<>();
        int layer = 0;
        for (LayerInfo info : m.analysis().layers()) {
            layer++;
            boolean flat = info.output() instanceof TensorShape.Flat;
            int[] hwc = flat ? new int[] {1, 1, (int) ((TensorShape.Flat) info.output()).length()}
                    : new int[] {((TensorShape.Spatial) info.output()).height(),
                        ((TensorShape.Spatial) info.output()).width(), ((TensorShape.Spatial) info.output()).channels()};
            double[] v = new double[hwc[0] * hwc[1] * hwc[2]];
            for (int j = 0; j < v.length; j++) {
                v[j] = layer * mean + j / 10.0;
            }
            layers.add(new LayerActivation(layer, info.name(), info.spec().type(), new Volume(hwc[0], hwc[1], hwc[2], v),
                    flat));
        }
        return new Activations(layers);
    }
}
