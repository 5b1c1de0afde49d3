package org.convscope.engine.dl4j;

import java.util.ArrayList;
import java.util.List;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.TensorShape;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Builds a DL4J {@link ComputationGraph} for a graph model, or for a chain with layers only graphs are built with
 * (see {@link #isPlainChain}). Every layer of ours becomes the vertex of its name, taking the vertices of its
 * inputs ({@link ModelGraph#INPUT} is the image); data stays channels-first {@code [n, C, H, W]} as on the chain
 * path, so that the same layers and weight layouts serve both:
 * <ul>
 *   <li>{@code Add} is an {@link ElementWiseVertex}, {@code Concatenate} a {@link MergeVertex} (axis 1, the
 *       channels: Keras' last axis of {@code (H, W, C)});</li>
 *   <li>{@code Flatten} is a {@link PreprocessorVertex} with {@link HwcFlattenPreProcessor} (channels-last order);</li>
 *   <li>{@code DepthwiseConv2D} is DL4J's {@link DepthwiseConvolution2D} ({@code W [kh, kw, C, m]} as Keras);
 *       {@code SeparableConv2D} is that without bias (vertex {@code name/depthwise}) then a 1x1
 *       {@link ConvolutionLayer} with the bias and activation (vertex {@code name});</li>
 *   <li>{@code ZeroPadding2D}, {@code GlobalAverage/MaxPooling2D} are DL4J's {@link ZeroPaddingLayer} and
 *       {@link GlobalPoolingLayer}; {@code ReLU}, {@code LeakyReLU}, {@code Softmax} and {@code Rescaling} are
 *       {@link ActivationLayer}s with {@link ActivationKerasRelu}, leaky ReLU, (channel) softmax and
 *       {@link ActivationAffine};</li>
 *   <li>the other layers as {@link Dl4jNetworkBuilder} builds them, a last softmax Dense being the output layer.</li>
 * </ul>
 */
final class Dl4jGraphBuilder {

    private Dl4jGraphBuilder() {
    }

    /** Returns true for a chain of the layers the {@code MultiLayerNetwork} path has (no dilated Conv2D). */
    static boolean isPlainChain(ModelSpec spec) {
        if (spec.isGraph()) {
            return false;
        }
        for (LayerSpec s : spec.layers()) {
            boolean chain = s instanceof LayerSpec.Conv2D c ? !c.dilated()
                    : s instanceof LayerSpec.Pooling2D || s instanceof LayerSpec.ActivationLayer
                    || s instanceof LayerSpec.BatchNormalization || s instanceof LayerSpec.Dropout
                    || s instanceof LayerSpec.Flatten || s instanceof LayerSpec.Dense;
            if (!chain) {
                return false;
            }
        }
        return true;
    }

    /**
     * Compiles a model whose analysis is valid.
     *
     * @param names every layer's name, as {@link org.convscope.core.analysis.ModelAnalyzer#layerNames}
     * @param seed the seed of the initial weights
     */
    static Dl4jModel build(ModelSpec spec, ModelAnalysis analysis, List<String> names, long seed) {
        ModelGraph graph = ModelGraph.of(spec);
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .updater(new Adam(1e-3))
                .graphBuilder()
                .addInputs(ModelGraph.INPUT);
        int last = spec.layers().size() - 1;
        for (int i : graph.order()) {
            add(b, spec.layers().get(i), analysis.layers().get(i), i == last, names.get(i),
                    graph.inputNamesOf(i).toArray(String[]::new));
        }
        InputSpec in = spec.input();
        b.setOutputs(names.get(last));
        b.setInputTypes(InputType.convolutional(in.height(), in.width(), in.channels()));
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        return new Dl4jModel(spec, analysis, names, g);
    }

    /**
     * Copies every layer's parameters from one graph to another built from the same layers but a different output
     * layer (a new head): vertices are matched by name, the output vertex is left as built.
     *
     * @throws IllegalStateException if a layer's parameter count differs between the two
     */
    static void copyAllButOutput(ComputationGraph from, ComputationGraph to) {
        String output = to.getConfiguration().getNetworkOutputs().get(0);
        for (org.deeplearning4j.nn.graph.vertex.GraphVertex v : to.getVertices()) {
            String name = v.getVertexName();
            if (!v.hasLayer() || name.equals(output) || v.getLayer().numParams() == 0) {
                continue;
            }
            org.deeplearning4j.nn.api.Layer layer = v.getLayer();
            var sourceVertex = from.getVertex(name);
            org.deeplearning4j.nn.api.Layer source = sourceVertex == null ? null : sourceVertex.getLayer();
            if (source == null || source.numParams() != layer.numParams()) {
                throw new IllegalStateException("layer " + name + " differs between the model and its new-head copy");
            }
            layer.params().assign(source.params());
        }
    }

    /** Adds one layer of ours as one vertex, or a short chain of vertices ending in the one of its name. */
    private static void add(ComputationGraphConfiguration.GraphBuilder b, LayerSpec s, LayerInfo info, boolean last,
            String name, String[] inputs) {
        if (s instanceof LayerSpec.Add) {
            b.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), inputs);
            return;
        } else if (s instanceof LayerSpec.Concatenate) {
            b.addVertex(name, new MergeVertex(), inputs);
            return;
        } else if (s instanceof LayerSpec.Flatten) {
            if (info.input() instanceof TensorShape.Spatial sp) {
                b.addVertex(name, new PreprocessorVertex(new HwcFlattenPreProcessor(sp.height(), sp.width(),
                        sp.channels())), inputs);
            } else {
                b.addLayer(name, new ActivationLayer.Builder().activation(
                        org.nd4j.linalg.activations.Activation.IDENTITY).build(), inputs);
            }
            return;
        }
        boolean spatialOut = info.output() instanceof TensorShape.Spatial;
        List<Layer> layers = layers(s, spatialOut, last, name);
        String[] from = inputs;
        for (int k = 0; k < layers.size(); k++) {
            String vertex = k == layers.size() - 1 ? name : layers.get(k).getLayerName();
            b.addLayer(vertex, layers.get(k), from);
            from = new String[] {vertex};
        }
    }

    /** Returns the DL4J layers for one of ours, the last computing its output. */
    private static List<Layer> layers(LayerSpec s, boolean spatialOut, boolean last, String name) {
        if (s instanceof LayerSpec.DepthwiseConv2D d) {
            DepthwiseConvolution2D.Builder b = new DepthwiseConvolution2D.Builder(d.kernel().h(), d.kernel().w())
                    .depthMultiplier(d.depthMultiplier())
                    .activation(Dl4jNetworkBuilder.activation(d.activation(), true))
                    .hasBias(d.useBias()).name(name);
            stridesAndPadding(b, d.strides().h(), d.strides().w(), d.padding());
            return List.of(b.build());
        } else if (s instanceof LayerSpec.SeparableConv2D d) {
            DepthwiseConvolution2D.Builder dw = new DepthwiseConvolution2D.Builder(d.kernel().h(), d.kernel().w())
                    .depthMultiplier(d.depthMultiplier())
                    .activation(org.nd4j.linalg.activations.Activation.IDENTITY)
                    .hasBias(false).name(name + "/depthwise");
            stridesAndPadding(dw, d.strides().h(), d.strides().w(), d.padding());
            Layer pw = new ConvolutionLayer.Builder(1, 1).nOut(d.filters())
                    .convolutionMode(ConvolutionMode.Truncate)
                    .activation(Dl4jNetworkBuilder.activation(d.activation(), true))
                    .hasBias(d.useBias()).name(name).build();
            return List.of(dw.build(), pw);
        } else if (s instanceof LayerSpec.ZeroPadding2D z) {
            return List.of(new ZeroPaddingLayer.Builder(z.top(), z.bottom(), z.left(), z.right()).name(name).build());
        } else if (s instanceof LayerSpec.GlobalPooling2D g) {
            return List.of(new GlobalPoolingLayer.Builder(g.kind() == LayerSpec.PoolKind.MAX ? PoolingType.MAX
                    : PoolingType.AVG).name(name).build());
        } else if (s instanceof LayerSpec.ReLU r) {
            return List.of(activationLayer(new ActivationKerasRelu(r.maxValue(), r.negativeSlope(), r.threshold()),
                    name));
        } else if (s instanceof LayerSpec.LeakyReLU r) {
            return List.of(activationLayer(new ActivationLReLU(r.alpha()), name));
        } else if (s instanceof LayerSpec.Softmax) {
            return List.of(activationLayer(Dl4jNetworkBuilder.activation(
                    org.convscope.core.model.Activation.SOFTMAX, spatialOut), name));
        } else if (s instanceof LayerSpec.Rescaling r) {
            return List.of(activationLayer(new ActivationAffine(r.scale(), r.offset()), name));
        }
        return Dl4jNetworkBuilder.dl4jLayers(s, spatialOut, last, name);
    }

    private static Layer activationLayer(org.nd4j.linalg.activations.IActivation a, String name) {
        return new ActivationLayer.Builder().activation(a).name(name).build();
    }

    /** Keras' padding: {@code same} as DL4J's Same mode, {@code valid} and explicit amounts as Truncate. */
    private static void stridesAndPadding(ConvolutionLayer.BaseConvBuilder<?> b, int sh, int sw, Padding padding) {
        b.stride(sh, sw);
        if (padding instanceof Padding.Same) {
            b.convolutionMode(ConvolutionMode.Same);
        } else {
            b.convolutionMode(ConvolutionMode.Truncate);
            if (padding instanceof Padding.Explicit e) {
                b.padding(e.amount(), e.amount());
            }
        }
    }
}
