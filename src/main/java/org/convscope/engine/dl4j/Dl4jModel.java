package org.convscope.engine.dl4j;

import static org.convscope.core.text.CoreText.tr;

import java.util.List;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.engine.CompiledModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model compiled by {@link Dl4jEngine}: the DL4J network and where each of our layers' output is in it.
 *
 * <p>{@code outputIndex[i]} is 1 + the index of the DL4J layer that computes layer {@code i + 1}'s output
 * (as in the list {@code MultiLayerNetwork.feedForward} returns, where 0 is the input), or {@link #FLATTEN} for a Flatten layer,
 * which DL4J does with a preprocessor on the next layer and which the engine computes itself. Methods that
 * touch the network synchronise on this object.
 */
final class Dl4jModel implements CompiledModel {

    /** Marks a Flatten layer in {@link #outputIndex}. */
    static final int FLATTEN = -1;

    private final ModelSpec spec;
    private final ModelAnalysis analysis;
    private final List<String> names;
    private final MultiLayerNetwork network;
    /** A graph model's network (null for a chain); its vertex for layer {@code i} is named {@code names.get(i)}. */
    private final org.deeplearning4j.nn.graph.ComputationGraph graph;
    private final int[] outputIndex;
    private NativeOpsNetwork nativeOps;
    private NativeOpsGraph nativeGraph;
    private volatile org.convscope.core.train.InputNormalization normalization;
    private volatile String partial;
    private volatile List<String> classNames = List.of();

    Dl4jModel(ModelSpec spec, ModelAnalysis analysis, List<String> names, MultiLayerNetwork network, int[] outputIndex) {
        this.spec = spec;
        this.analysis = analysis;
        this.names = List.copyOf(names);
        this.network = network;
        this.graph = null;
        this.outputIndex = outputIndex.clone();
    }

    /**
     * A model run as a DL4J {@code ComputationGraph} ({@link Dl4jGraphBuilder}): each layer's output is the vertex of
     * its name; {@link #network()} is null and {@link #outputIndex} is not used.
     */
    Dl4jModel(ModelSpec spec, ModelAnalysis analysis, List<String> names,
            org.deeplearning4j.nn.graph.ComputationGraph graph) {
        this.spec = spec;
        this.analysis = analysis;
        this.names = List.copyOf(names);
        this.network = null;
        this.graph = graph;
        this.outputIndex = new int[0];
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public java.util.Optional<org.convscope.core.train.InputNormalization> inputNormalization() {
        return java.util.Optional.ofNullable(normalization);
    }

    void setInputNormalization(org.convscope.core.train.InputNormalization n) {
        if (n != null && n.channels() != spec.input().channels()) {
            throw new IllegalArgumentException(tr("error.engine.normalizationChannels", spec.input().channels(), n.channels()));
        }
        normalization = n;
    }

    @Override
    public java.util.Optional<String> partial() {
        return java.util.Optional.ofNullable(partial);
    }

    /** Marks the network as part of its file's model (null: whole); see {@link CompiledModel#partial()}. */
    void setPartial(String reason) {
        partial = reason;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    /** Names the classes; see {@link org.convscope.engine.Engine#setClassNames}. */
    void setClassNames(List<String> names) {
        long outputs = analysis.layers().isEmpty() ? 0 : analysis.layers().get(analysis.layers().size() - 1).output().elements();
        if (!names.isEmpty() && names.size() != outputs) {
            throw new IllegalArgumentException(tr("error.engine.classNameCount", names.size(), outputs));
        }
        for (String n : names) {
            if (n.isBlank() || n.contains("\n") || n.contains("\r")) {
                throw new IllegalArgumentException(tr("error.engine.classNameLine", n));
            }
        }
        classNames = List.copyOf(names);
    }

    /** Standardises channels-last batch values in place, if the model has a normalisation. */
    void normalize(float[] hwc) {
        var n = normalization;
        if (n != null) {
            n.apply(hwc, 0, hwc.length);
        }
    }

    @Override
    public long parameterCount() {
        return graph != null ? graph.numParams() : network == null ? 0 : network.numParams();
    }

    /** Replaces all parameters by a flat {@code [1, n]} array in the network's order (chain or graph). */
    void setParams(INDArray flat) {
        if (graph != null) {
            graph.setParams(flat.castTo(graph.params().dataType()));
        } else {
            network.setParams(flat.castTo(network.params().dataType()));
        }
    }

    /** Returns all parameters as one flat view (chain or graph), or null when no layer has any. */
    INDArray params() {
        if (graph != null) {
            return graph.numParams() == 0 ? null : graph.params();
        }
        return network == null || network.numParams() == 0 ? null : network.params();
    }

    @Override
    public synchronized double[] biases(int layerIndex) {
        boolean dense = layerIndex >= 1 && layerIndex <= spec.layers().size()
                && spec.layers().get(layerIndex - 1) instanceof LayerSpec.Dense;
        // dl4jLayer checks the index and that the layer is a Conv2D (or a Dense, as tested above)
        org.deeplearning4j.nn.api.Layer layer = dl4jLayer(layerIndex, dense ? LayerSpec.Dense.class : LayerSpec.Conv2D.class);
        INDArray b = layer.paramTable().get("b");
        if (b == null) {
            return new double[0];
        }
        float[] f = Nd4jArrays.floats(b);
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
    }

    @Override
    public synchronized Volume[] filters(int layerIndex) {
        if (layerIndex >= 1 && layerIndex <= spec.layers().size()
                && spec.layers().get(layerIndex - 1) instanceof LayerSpec.DepthwiseConv2D) {
            return depthwiseFilters(dl4jLayer(layerIndex, LayerSpec.DepthwiseConv2D.class).getParam("W"));
        }
        if (layerIndex >= 1 && layerIndex <= spec.layers().size()
                && spec.layers().get(layerIndex - 1) instanceof LayerSpec.SeparableConv2D) { // its depthwise part
            return depthwiseFilters(graphLayer(names.get(layerIndex - 1) + "/depthwise").getParam("W"));
        }
        org.deeplearning4j.nn.api.Layer layer = dl4jLayer(layerIndex, LayerSpec.Conv2D.class);
        INDArray w = layer.getParam("W"); // [filters, C_in, kh, kw]
        int out = (int) w.size(0);
        int in = (int) w.size(1);
        int kh = (int) w.size(2);
        int kw = (int) w.size(3);
        float[] data = Nd4jArrays.floats(w);
        Volume[] filters = new Volume[out];
        for (int f = 0; f < out; f++) {
            double[] v = new double[kh * kw * in];
            for (int k = 0; k < in; k++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        v[(i * kw + j) * in + k] = data[((f * in + k) * kh + i) * kw + j];
                    }
                }
            }
            filters[f] = new Volume(kh, kw, in, v);
        }
        return filters;
    }

    @Override
    public synchronized Volume pointwise(int layerIndex) {
        INDArray w = dl4jLayer(layerIndex, LayerSpec.SeparableConv2D.class).getParam("W"); // [F, C*m, 1, 1]
        int out = (int) w.size(0);
        int in = (int) w.size(1);
        float[] data = Nd4jArrays.floats(w);
        double[] v = new double[in * out];
        for (int c = 0; c < in; c++) {
            for (int f = 0; f < out; f++) {
                v[c * out + f] = data[f * in + c];
            }
        }
        return new Volume(in, out, 1, v);
    }

    /**
     * A DepthwiseConv2D layer's kernels, one tile per output channel: output channel {@code c * m + j} (input channel
     * {@code c}, multiplier {@code j}) is the {@code (kh, kw, 1)} kernel {@code W[:, :, c, j]}, as Keras orders them.
     */
    private static Volume[] depthwiseFilters(INDArray w) { // [kh, kw, C, m]
        int kh = (int) w.size(0);
        int kw = (int) w.size(1);
        int channels = (int) w.size(2);
        int m = (int) w.size(3);
        float[] data = Nd4jArrays.floats(w);
        Volume[] filters = new Volume[channels * m];
        for (int c = 0; c < channels; c++) {
            for (int j = 0; j < m; j++) {
                double[] v = new double[kh * kw];
                for (int r = 0; r < kh; r++) {
                    for (int q = 0; q < kw; q++) {
                        v[r * kw + q] = data[((r * kw + q) * channels + c) * m + j];
                    }
                }
                filters[c * m + j] = new Volume(kh, kw, 1, v);
            }
        }
        return filters;
    }

    /**
     * Replaces a Conv2D layer's weights.
     *
     * @param layerIndex 1-based layer position
     * @param filters one {@code (kh, kw, C_in)} kernel per filter
     * @param bias one value per filter, or null to leave the bias (or a layer without one) alone
     */
    synchronized void setConv2DWeights(int layerIndex, Volume[] filters, double[] bias) {
        org.deeplearning4j.nn.api.Layer layer = dl4jLayer(layerIndex, LayerSpec.Conv2D.class);
        INDArray w = layer.getParam("W");
        int out = (int) w.size(0);
        int in = (int) w.size(1);
        int kh = (int) w.size(2);
        int kw = (int) w.size(3);
        if (filters.length != out) {
            throw new IllegalArgumentException(tr("error.engine.filterCount", layerIndex, out, filters.length));
        }
        float[] data = new float[out * in * kh * kw];
        for (int f = 0; f < out; f++) {
            Volume v = filters[f];
            if (v.height() != kh || v.width() != kw || v.channels() != in) {
                throw new IllegalArgumentException(tr("error.engine.filterShape", f, kh + "x" + kw + "x" + in, v));
            }
            for (int k = 0; k < in; k++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        data[((f * in + k) * kh + i) * kw + j] = (float) v.get(i, j, k);
                    }
                }
            }
        }
        w.assign(org.nd4j.linalg.factory.Nd4j.create(data, w.shape(), 'c'));
        setBias(layer, layerIndex, bias);
    }

    /**
     * Replaces a Dense layer's weights.
     *
     * @param layerIndex 1-based layer position
     * @param weights {@code [inputs][units]}, inputs in Keras order (a flattened image channels-last)
     * @param bias one value per unit, or null to leave the bias (or a layer without one) alone
     */
    synchronized void setDenseWeights(int layerIndex, double[][] weights, double[] bias) {
        org.deeplearning4j.nn.api.Layer layer = dl4jLayer(layerIndex, LayerSpec.Dense.class);
        INDArray w = layer.getParam("W"); // [inputs, units]
        int n = (int) w.size(0);
        int units = (int) w.size(1);
        if (weights.length != n) {
            throw new IllegalArgumentException(tr("error.engine.denseRows", layerIndex, n, weights.length));
        }
        float[] data = new float[n * units];
        for (int r = 0; r < n; r++) {
            if (weights[r].length != units) {
                throw new IllegalArgumentException(tr("error.engine.denseRow", layerIndex, units, r, weights[r].length));
            }
            for (int u = 0; u < units; u++) {
                data[r * units + u] = (float) weights[r][u];
            }
        }
        w.assign(org.nd4j.linalg.factory.Nd4j.create(data, w.shape(), 'c'));
        setBias(layer, layerIndex, bias);
    }

    private static void setBias(org.deeplearning4j.nn.api.Layer layer, int layerIndex, double[] bias) {
        if (bias == null) {
            return;
        }
        INDArray b = layer.paramTable().get("b");
        if (b == null) {
            throw new IllegalArgumentException(tr("error.engine.noBias", layerIndex));
        }
        if (b.length() != bias.length) {
            throw new IllegalArgumentException(tr("error.engine.biasCount", layerIndex, b.length(), bias.length));
        }
        b.assign(org.nd4j.linalg.factory.Nd4j.create(bias).castTo(b.dataType()).reshape(b.shape()));
    }

    private org.deeplearning4j.nn.api.Layer dl4jLayer(int layerIndex, Class<? extends LayerSpec> kind) {
        if (layerIndex < 1 || layerIndex > spec.layers().size()) {
            throw new IllegalArgumentException(tr("error.engine.noLayer", layerIndex, spec.layers().size()));
        }
        LayerSpec s = spec.layers().get(layerIndex - 1);
        if (!kind.isInstance(s)) {
            throw new IllegalArgumentException(tr("error.engine.layerKind", layerIndex, names.get(layerIndex - 1), s.type(),
                    kind.getSimpleName()));
        }
        return weightLayer(layerIndex - 1);
    }

    /**
     * Returns the DL4J layer that holds a layer's weights (a SeparableConv2D's pointwise part; its depthwise part is
     * {@link #graphLayer}{@code (name + "/depthwise")}).
     *
     * @param layer 0-based position of a layer that is not a Flatten
     */
    org.deeplearning4j.nn.api.Layer weightLayer(int layer) {
        return graph != null ? graph.getLayer(names.get(layer)) : network.getLayer(outputIndex[layer] - 1);
    }

    /** Returns a graph model's DL4J layer by vertex name. */
    org.deeplearning4j.nn.api.Layer graphLayer(String vertex) {
        return graph.getLayer(vertex);
    }

    /** Drops the native-ops path's reusable arrays, if it was built; see {@link NativeOpsNetwork#releaseBuffers}. */
    synchronized void releaseBuffers() {
        if (nativeOps != null) {
            nativeOps.releaseBuffers();
        }
        if (nativeGraph != null) {
            nativeGraph.releaseBuffers();
        }
    }

    /** Returns the native-ops path over a graph model's parameters, built on first use. */
    synchronized NativeOpsGraph nativeGraph() {
        if (nativeGraph == null) {
            nativeGraph = NativeOpsGraph.of(this);
        }
        return nativeGraph;
    }

    /** Returns the native-ops path over this model's parameters, built on first use. */
    synchronized NativeOpsNetwork nativeOps() {
        if (nativeOps == null) {
            nativeOps = NativeOpsNetwork.of(this);
        }
        return nativeOps;
    }

    ModelAnalysis analysis() {
        return analysis;
    }

    List<String> names() {
        return names;
    }

    MultiLayerNetwork network() {
        return network;
    }

    /** Returns the network of a graph model, or null for a chain (see {@link #network()}). */
    org.deeplearning4j.nn.graph.ComputationGraph graph() {
        return graph;
    }

    /** Returns true when this model runs as a DL4J {@code ComputationGraph}. */
    boolean isGraph() {
        return graph != null;
    }

    int outputIndex(int layer) {
        return outputIndex[layer];
    }
}
