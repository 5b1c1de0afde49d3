package org.convscope.engine.dl4j;

import static org.convscope.core.text.CoreText.tr;

import java.util.ArrayList;
import java.util.List;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.TensorShape;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the DL4J {@link MultiLayerNetwork} for a {@link ModelSpec}, as {@link Dl4jEngine#compile} does: one or two
 * DL4J layers per layer of ours (see {@link Dl4jEngine} for the mapping), Flatten as an {@link HwcFlattenPreProcessor}
 * on the next layer, float32, Keras' {@code glorot_uniform} weights, and Adam(0.001) for display.
 */
final class Dl4jNetworkBuilder {

    private Dl4jNetworkBuilder() {
    }

    /**
     * Compiles a model.
     *
     * @param spec the model
     * @param seed the seed of the initial weights
     * @return the model with its network (null when no layer has a DL4J counterpart) and output indices
     * @throws IllegalArgumentException if the model cannot be built, saying why
     */
    static Dl4jModel build(ModelSpec spec, long seed) {
        ModelAnalysis analysis = ModelAnalyzer.analyze(spec);
        if (analysis.problem().isPresent()) {
            throw new IllegalArgumentException(tr("error.engine.cannotBuild", analysis.problem().get().describe()));
        }
        List<String> names = ModelAnalyzer.layerNames(spec);
        if (!Dl4jGraphBuilder.isPlainChain(spec)) {
            return Dl4jGraphBuilder.build(spec, analysis, names, seed);
        }
        List<LayerSpec> layers = spec.layers();
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .updater(new Adam(1e-3))
                .list();
        int[] outputIndex = new int[layers.size()];
        int dl4jLayers = 0;
        HwcFlattenPreProcessor pendingFlatten = null;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec s = layers.get(i);
            LayerInfo info = analysis.layers().get(i);
            boolean spatialOut = info.output() instanceof TensorShape.Spatial;
            if (s instanceof LayerSpec.Flatten) {
                if (info.input() instanceof TensorShape.Spatial in) {
                    pendingFlatten = new HwcFlattenPreProcessor(in.height(), in.width(), in.channels());
                }
                outputIndex[i] = Dl4jModel.FLATTEN;
                continue;
            }
            if (pendingFlatten != null) {
                list.inputPreProcessor(dl4jLayers, pendingFlatten);
                pendingFlatten = null;
            }
            for (Layer layer : dl4jLayers(s, spatialOut, i == layers.size() - 1, names.get(i))) {
                list.layer(dl4jLayers++, layer);
            }
            outputIndex[i] = dl4jLayers; // feedForward's list starts with the input
        }
        MultiLayerNetwork network = null;
        if (dl4jLayers > 0) {
            InputSpec in = spec.input();
            MultiLayerConfiguration conf = list.setInputType(InputType.convolutional(in.height(), in.width(),
                    in.channels())).build();
            network = new MultiLayerNetwork(conf);
            network.init();
        }
        return new Dl4jModel(spec, analysis, names, network, outputIndex);
    }

    /** Returns the DL4J layers for one of ours: usually one, two for pooling with explicit padding. */
    static List<Layer> dl4jLayers(LayerSpec s, boolean spatialOut, boolean last, String name) {
        if (s instanceof LayerSpec.Conv2D c) {
            ConvolutionLayer.Builder b = new ConvolutionLayer.Builder(c.kernel().h(), c.kernel().w())
                    .stride(c.strides().h(), c.strides().w())
                    .nOut(c.filters())
                    .activation(activation(c.activation(), true))
                    .hasBias(c.useBias())
                    .name(name);
            if (c.dilated()) { // only graph-built models have dilation (see Dl4jGraphBuilder#isPlainChain)
                b.dilation(c.dilation().h(), c.dilation().w());
            }
            if (c.padding() instanceof Padding.Same) {
                b.convolutionMode(ConvolutionMode.Same);
            } else {
                b.convolutionMode(ConvolutionMode.Truncate);
                if (c.padding() instanceof Padding.Explicit e) {
                    b.padding(e.amount(), e.amount());
                }
            }
            return List.of(b.build());
        } else if (s instanceof LayerSpec.Pooling2D p) {
            List<Layer> out = new ArrayList<>();
            SubsamplingLayer.Builder b = new SubsamplingLayer.Builder(p.kind() == LayerSpec.PoolKind.MAX
                    ? SubsamplingLayer.PoolingType.MAX : SubsamplingLayer.PoolingType.AVG)
                    .kernelSize(p.pool().h(), p.pool().w())
                    .stride(p.strides().h(), p.strides().w())
                    .avgPoolIncludePadInDivisor(false) // Keras' same padding: padded cells are not averaged
                    .name(name);
            if (p.padding() instanceof Padding.Same) {
                b.convolutionMode(ConvolutionMode.Same);
            } else {
                b.convolutionMode(ConvolutionMode.Truncate);
                if (p.padding() instanceof Padding.Explicit e && e.amount() > 0) {
                    int a = e.amount();
                    out.add(new ZeroPaddingLayer.Builder(a, a, a, a).name(name + "/zero_padding").build());
                }
            }
            out.add(b.build());
            return out;
        } else if (s instanceof LayerSpec.ActivationLayer a) {
            return List.of(new ActivationLayer.Builder().activation(activation(a.activation(), spatialOut))
                    .name(name).build());
        } else if (s instanceof LayerSpec.BatchNormalization bn) {
            return List.of(new BatchNormalization.Builder().decay(bn.momentum()).eps(bn.epsilon()).name(name).build());
        } else if (s instanceof LayerSpec.Dropout d) {
            return List.of(new DropoutLayer.Builder().dropOut(1.0 - d.rate()).name(name).build());
        } else if (s instanceof LayerSpec.Dense d) {
            if (last && (d.activation() == Activation.SOFTMAX || d.activation() == Activation.SIGMOID)) {
                return List.of(new OutputLayer.Builder(d.activation() == Activation.SOFTMAX
                        ? LossFunctions.LossFunction.MCXENT : LossFunctions.LossFunction.XENT)
                        .nOut(d.units()).activation(activation(d.activation(), false)).hasBias(d.useBias())
                        .name(name).build());
            }
            return List.of(new DenseLayer.Builder().nOut(d.units()).activation(activation(d.activation(), false))
                    .hasBias(d.useBias()).name(name).build());
        }
        throw new IllegalArgumentException("no DL4J mapping for layer type " + s.type());
    }

    static IActivation activation(Activation a, boolean spatial) {
        if (a == Activation.LINEAR) {
            return org.nd4j.linalg.activations.Activation.IDENTITY.getActivationFunction();
        } else if (a == Activation.RELU) {
            return org.nd4j.linalg.activations.Activation.RELU.getActivationFunction();
        } else if (a == Activation.SIGMOID) {
            return org.nd4j.linalg.activations.Activation.SIGMOID.getActivationFunction();
        } else if (a == Activation.TANH) {
            return org.nd4j.linalg.activations.Activation.TANH.getActivationFunction();
        } else if (a == Activation.LEAKY_RELU) {
            return new ActivationLReLU(0.2); // DL4J's LEAKYRELU has slope 0.01; Keras 3's is 0.2
        } else if (a == Activation.SOFTMAX) {
            return spatial ? new ActivationChannelSoftmax()
                    : org.nd4j.linalg.activations.Activation.SOFTMAX.getActivationFunction();
        }
        throw new IllegalArgumentException("no DL4J mapping for activation " + a);
    }
}
