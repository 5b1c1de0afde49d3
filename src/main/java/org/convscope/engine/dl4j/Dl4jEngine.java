package org.convscope.engine.dl4j;

import static org.convscope.core.text.CoreText.tr;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.TensorShape;
import org.convscope.engine.Activations;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.core.task.CancelToken;
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingListener;
import org.convscope.core.train.TrainingResult;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@link Engine} on Deeplearning4j 1.0.0-M2.1: one {@link MultiLayerNetwork} per chain model, float32 on ND4J's
 * CPU backend. Graph models (skip connections, joins) and chains with layers only graphs are built with (depthwise and
 * separable convolutions, global pooling, ...) are one DL4J {@code ComputationGraph} each, built by
 * {@link Dl4jGraphBuilder} and run by {@link Dl4jGraphRunner}; they train on {@link NativeOpsGraph} where the
 * native-ops path is chosen (as chains train on {@link NativeOpsNetwork}), otherwise by {@link GraphTrainingBackend}
 * on DL4J's layers; their class gradients (Grad-CAM) come from {@link GraphClassGradient}.
 *
 * <p>Keras layers map to DL4J as in {@code io.Dl4jCode}: {@code valid} and explicit padding use
 * {@code ConvolutionMode.Truncate} (explicit: {@code padding(p, p)}), {@code same} uses
 * {@code ConvolutionMode.Same}; dropout rate {@code r} becomes retain probability {@code 1 - r}; leaky ReLU has
 * slope 0.2; a last Dense layer with softmax (sigmoid) is an {@code OutputLayer} with multi-class (binary)
 * cross-entropy. Differences, each hidden from callers:
 * <ul>
 *   <li>{@code Flatten} is an {@link HwcFlattenPreProcessor} on the next DL4J layer, flattening channels-last
 *       as Keras does (DL4J's own preprocessor flattens channels-first); its output is computed here;</li>
 *   <li>pooling with explicit padding is a {@code ZeroPaddingLayer} and unpadded pooling, because Keras pads
 *       with zeros that count (DL4J's max pooling would ignore them);</li>
 *   <li>softmax on an image tensor uses {@link ActivationChannelSoftmax} (over the channels, as Keras).</li>
 * </ul>
 * Weights start as Keras' {@code glorot_uniform} ({@link WeightInit#XAVIER_UNIFORM}), biases and batch-norm
 * beta 0, gamma 1, moving mean 0 and variance 1.
 *
 * <p>Our {@code (H, W, C)} volumes become {@code [1, C, H, W]} arrays here and back ({@link Nd4jArrays}); no ND4J
 * type leaves this package. {@link #forward} runs the DL4J layers one by one in inference mode and copies each
 * output at once: {@code MultiLayerNetwork.feedForward} is not used because DL4J's {@code ActivationLayer} works in
 * place on its input when not training, which would overwrite the previous layer's output in that list. Calls on
 * the same compiled model are serialised.
 *
 * <p>This class checks arguments and picks the kernels; the work is done by package-private helpers, one per job:
 * {@link Dl4jNetworkBuilder} (compile), {@link KerasWeightImport} (also for ONNX files, read by {@link OnnxFile}),
 * {@link Dl4jForwardPass}, {@link BatchInference}
 * (classify, last hidden layer), {@link Dl4jTrainer}, {@link Dl4jModelFile} (save, load) and {@link NativeOpsNetwork}.
 */
public final class Dl4jEngine implements Engine {

    /**
     * Which code computes forward passes and training: DL4J's own layers (the reference), or
     * {@link NativeOpsNetwork} on ND4J's native ops, which is several times faster with the oneDNN build.
     */
    public enum Kernels {
        /** The native ops where ND4J's oneDNN build is loaded and the model is supported, DL4J's layers otherwise. */
        AUTO,
        /** DL4J's {@code MultiLayerNetwork} layers: the reference path. */
        LAYERS,
        /** {@link NativeOpsNetwork}, whatever the ND4J build (for tests and benchmarks). */
        NATIVE_OPS;

        /**
         * Reads a name in any case: {@code auto}, {@code layers}, {@code native_ops} (or {@code native}).
         *
         * @throws IllegalArgumentException naming the choices
         */
        public static Kernels parse(String name) {
            String v = name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            try {
                return valueOf(v.equals("NATIVE") ? "NATIVE_OPS" : v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(tr("error.engine.kernels", name));
            }
        }

        /** Reads {@code -Dconvscope.kernels=auto|layers|native_ops}; AUTO when unset or unknown. */
        static Kernels fromSystemProperty() {
            try {
                return parse(System.getProperty("convscope.kernels", "auto"));
            } catch (IllegalArgumentException e) {
                return AUTO;
            }
        }
    }

    static {
        Dl4jRuntime.selectNativeBuild();
    }

    private final Kernels kernels;

    /** An engine that picks its kernels as {@link Kernels#AUTO} does, unless {@code -Dconvscope.kernels} says otherwise. */
    public Dl4jEngine() {
        this(Kernels.fromSystemProperty());
    }

    /**
     * An engine with the given kernels.
     *
     * @param kernels which code computes; {@link Kernels#NATIVE_OPS} still falls back to DL4J's layers for a model
     *        that path does not support (softmax over image channels)
     */
    public Dl4jEngine(Kernels kernels) {
        this.kernels = java.util.Objects.requireNonNull(kernels);
        Dl4jRuntime.checkSupported();
    }

    /** Returns whether this engine computes the model with {@link NativeOpsNetwork}. */
    boolean usesNativeOps(Dl4jModel m) {
        if (kernels == Kernels.LAYERS || NativeOpsNetwork.unsupported(m).isPresent()) {
            return false;
        }
        return kernels == Kernels.NATIVE_OPS || Dl4jRuntime.oneDnn();
    }

    /** Returns whether this engine trains a graph model with {@link NativeOpsGraph}, by the same rule. */
    boolean trainsNativeGraph(Dl4jModel m) {
        if (kernels == Kernels.LAYERS || NativeOpsGraph.unsupported(m).isPresent()) {
            return false;
        }
        return kernels == Kernels.NATIVE_OPS || Dl4jRuntime.oneDnn();
    }

    /**
     * Describes the kernels this engine uses for a model, e.g. {@code native ops (oneDNN)}; for benchmarks and
     * the status bar.
     *
     * @param model a model compiled by this engine
     * @return a short description
     */
    public String kernelsFor(CompiledModel model) {
        Dl4jModel m = own(model);
        if (usesNativeOps(m)) {
            return "native ops" + (Dl4jRuntime.oneDnn() ? " (oneDNN)" : " (no oneDNN)");
        }
        if (trainsNativeGraph(m)) {
            return "native ops graph for training" + (Dl4jRuntime.oneDnn() ? " (oneDNN)" : " (no oneDNN)");
        }
        return "DL4J layers";
    }

    @Override
    public CompiledModel compile(ModelSpec spec, long seed) {
        return Dl4jNetworkBuilder.build(spec, seed);
    }


    @Override
    public void setClassNames(CompiledModel model, List<String> names) {
        own(model).setClassNames(names);
    }

    @Override
    public void setInputNormalization(CompiledModel model, org.convscope.core.train.InputNormalization normalization) {
        Dl4jModel m = own(model);
        synchronized (m) {
            m.setInputNormalization(normalization);
        }
    }

    @Override
    public CompiledModel copy(CompiledModel model) {
        Dl4jModel m = own(model);
        synchronized (m) {
            Dl4jModel c = (Dl4jModel) compile(m.spec(), 0);
            if (m.params() != null) {
                c.params().assign(m.params());
            }
            c.setInputNormalization(m.inputNormalization().orElse(null));
            c.setPartial(m.partial().orElse(null));
            c.setClassNames(m.classNames());
            return c;
        }
    }

    @Override
    public CompiledModel withNewHead(CompiledModel model, int units, long seed) {
        Dl4jModel m = own(model);
        List<LayerSpec> layers = new ArrayList<>(m.spec().layers());
        if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof LayerSpec.Dense d)) {
            throw new IllegalArgumentException(tr("error.engine.headNoDense"));
        }
        if (units < 1) {
            throw new IllegalArgumentException(tr("error.engine.headUnits", units));
        }
        // withLayer keeps a graph's inputs; the head keeps its name, so the joins that name it still find it
        ModelSpec spec = m.spec().withLayer(layers.size() - 1,
                new LayerSpec.Dense(d.userName(), units, d.activation(), d.useBias()));
        Dl4jModel c = (Dl4jModel) compile(spec, seed);
        synchronized (m) {
            if (m.isGraph()) {
                Dl4jGraphBuilder.copyAllButOutput(m.graph(), c.graph());
            } else {
                MultiLayerNetwork from = m.network();
                for (int i = 0; i < from.getnLayers() - 1; i++) {
                    if (from.getLayer(i).numParams() > 0) {
                        c.network().getLayer(i).params().assign(from.getLayer(i).params());
                    }
                }
            }
            c.setInputNormalization(m.inputNormalization().orElse(null));
            c.setPartial(m.partial().orElse(null)); // the new head has new classes: no names
        }
        return c;
    }

    @Override
    public void save(CompiledModel model, java.nio.file.Path file) throws java.io.IOException {
        Dl4jModelFile.save(own(model), file);
    }

    @Override
    public CompiledModel load(java.nio.file.Path file) throws java.io.IOException {
        return Dl4jModelFile.load(this, file);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Keras' layouts become DL4J's as {@link KerasWeightImport} describes.
     */
    @Override
    public org.convscope.engine.ImportedModel importKeras(java.nio.file.Path file) throws org.convscope.io.ModelFileException {
        return withWeights(org.convscope.io.KerasV3.isZip(file) ? org.convscope.io.KerasV3.read(file)
                : org.convscope.io.KerasH5.read(file), "/model_config", file, tr("error.partial.kerasLayers"));
    }

    @Override
    public org.convscope.engine.ImportedModel importKeras(java.nio.file.Path file,
            org.convscope.io.KerasH5.Contents contents) throws org.convscope.io.ModelFileException {
        return withWeights(contents, "/model_config", file, tr("error.partial.kerasLayers"));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The file is read by {@link OnnxFile} (ND4J's ONNX protobuf classes), converted to Keras' layouts by
     * {@link org.convscope.io.OnnxImport}, and copied as a Keras file's weights are.
     */
    @Override
    public org.convscope.engine.ImportedModel importOnnx(java.nio.file.Path file) throws org.convscope.io.ModelFileException {
        return withWeights(org.convscope.io.OnnxImport.convert(OnnxFile.read(file)), "$", file, tr("error.partial.onnxNodes"));
    }

    /**
     * Compiles an imported model's supported part and copies its Keras-layout weights in; a model shown only up to an
     * unsupported layer is marked {@link CompiledModel#partial() partial}, naming the file and what is left out.
     */
    private org.convscope.engine.ImportedModel withWeights(org.convscope.io.KerasH5.Contents k, String where,
            java.nio.file.Path file, String units) throws org.convscope.io.ModelFileException {
        Dl4jModel m;
        try {
            m = (Dl4jModel) compile(k.imported().spec(), 0);
        } catch (IllegalArgumentException e) {
            throw new org.convscope.io.ModelFileException(where, e.getMessage(), e);
        }
        synchronized (m) {
            KerasWeightImport.copy(m, k.weights());
            if (!k.imported().complete()) {
                var first = k.imported().unsupported().get(0);
                m.setPartial(tr("error.partial.reason", file.getFileName(), first.name(), first.kerasClass(),
                        k.imported().omitted(), units));
            }
            if (k.inputNormalization() != null) {
                m.setInputNormalization(k.inputNormalization());
            }
        }
        return new org.convscope.engine.ImportedModel(m, k.imported(), k.kerasVersion());
    }

    @Override
    public Activations forward(CompiledModel model, Volume image) {
        return forward(model, image, CancelToken.NEVER);
    }

    @Override
    public Activations forward(CompiledModel model, Volume image, CancelToken cancel) {
        Dl4jModel m = own(model);
        checkImage(m, image);
        // the model's own input standardisation, if it has one
        return Dl4jForwardPass.run(m, image, preprocess(m, image), usesNativeOps(m), cancel);
    }

    /** Checks that an image has the model's input shape. */
    private static void checkImage(Dl4jModel m, Volume image) {
        InputSpec in = m.spec().input();
        if (image.height() != in.height() || image.width() != in.width() || image.channels() != in.channels()) {
            throw new IllegalArgumentException(tr("error.engine.imageSize", in.height() + "x" + in.width() + "x"
                    + in.channels(), image.height() + "x" + image.width() + "x" + image.channels()));
        }
    }

    /**
     * Returns where training time went per layer (forward and backward, ms per batch) for a model trained on the
     * native-ops path, or a line saying there is no profile; for {@code convscope bench train --profile}.
     *
     * @param model a model compiled by this engine
     * @return a few lines of text
     */
    public String trainingProfile(CompiledModel model) {
        Dl4jModel m = own(model);
        synchronized (m) {
            return usesNativeOps(m) ? m.nativeOps().profile() : trainsNativeGraph(m) ? m.nativeGraph().profile()
                    : "no per-layer profile: DL4J layers";
        }
    }

    /**
     * {@inheritDoc} On the native-ops path the first {@code layers - 1} steps run; on DL4J's layers every DL4J layer
     * before the last Dense one runs, then that layer's input preprocessor (the channels-last flatten, if any).
     */
    @Override
    public float[][] lastHidden(CompiledModel model, LabelledImages images, int batchSize, CancelToken cancel) {
        Dl4jModel m = own(model);
        return BatchInference.lastHidden(m, images, batchSize, cancel, usesNativeOps(m));
    }

    @Override
    public double[][] classify(CompiledModel model, LabelledImages images, int batchSize, CancelToken cancel) {
        Dl4jModel m = own(model);
        // graphs classify on NativeOpsGraph where they train on it: occlusion's hundreds of passes went vertex by
        // vertex through Dl4jGraphRunner's copies before
        return BatchInference.classify(m, images, batchSize, cancel, usesNativeOps(m) || trainsNativeGraph(m));
    }


    /**
     * {@inheritDoc}
     *
     * <p>Computed on {@link NativeOpsNetwork} whichever kernels forward passes use: its ops exist in both ND4J
     * builds, and its inference-mode backward pass is the one tested against finite differences. Graph models
     * (which run on DL4J's layers only) go through {@link GraphClassGradient}'s reverse pass over the graph.
     */
    @Override
    public org.convscope.engine.ClassGradient classGradient(CompiledModel model, Volume image, int layer,
            int classIndex) {
        Dl4jModel m = own(model);
        List<LayerSpec> layers = m.spec().layers();
        if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof LayerSpec.Dense)) {
            throw new IllegalArgumentException(tr("error.engine.scoreNeedsDense"));
        }
        if (layer < 1 || layer >= layers.size()
                || !(m.analysis().layers().get(layer - 1).output() instanceof TensorShape.Spatial)) {
            throw new IllegalArgumentException(tr("error.engine.notImageLayer", layer));
        }
        if (m.isGraph()) {
            checkImage(m, image);
            INDArray x = Nd4jArrays.toNchw(preprocess(m, image));
            synchronized (m) {
                GraphClassGradient.Result g = GraphClassGradient.compute(m.graph(), x, m.names().get(layer - 1),
                        classIndex);
                return new org.convscope.engine.ClassGradient(layer, m.names().get(layer - 1), g.classIndex(),
                        Nd4jArrays.fromNchw(g.activation()), Nd4jArrays.fromNchw(g.gradient()),
                        Nd4jArrays.toDoubles(g.probabilities()));
            }
        }
        Optional<String> why = NativeOpsNetwork.unsupported(m);
        if (why.isPresent()) {
            throw new IllegalArgumentException(tr("error.engine.noGradients", why.get()));
        }
        checkImage(m, image);
        INDArray x = Nd4jArrays.toNhwc(preprocess(m, image));
        synchronized (m) {
            NativeOpsNetwork.ClassGradient g = m.nativeOps().classGradient(x, layer - 1, classIndex);
            List<Volume> two = Nd4jArrays.nhwcVolumes(List.of(g.activation(), g.gradient()));
            return new org.convscope.engine.ClassGradient(layer, m.names().get(layer - 1), g.classIndex(), two.get(0),
                    two.get(1), Nd4jArrays.toDoubles(g.probabilities()));
        }
    }

    /**
     * {@inheritDoc} See {@link Dl4jTrainer} for how DL4J does it. Afterwards the memory training used is released
     * (see {@link Dl4jRuntime#releaseMemory}).
     */
    @Override
    public TrainingResult train(CompiledModel model, LabelledImages train, LabelledImages validation,
            TrainConfig config, TrainingListener listener, CancelToken cancel) {
        Dl4jModel m = own(model);
        if (m.network() == null && !m.isGraph()) {
            throw new IllegalArgumentException(tr("error.engine.nothingToTrain"));
        }
        long start = System.nanoTime();
        try {
            return Dl4jTrainer.train(m, train, validation, config, listener, cancel,
                    usesNativeOps(m) || trainsNativeGraph(m));
        } finally {
            // an idle app should not keep training's working memory: the native-ops buffers (allocated again by the
            // next pass), DL4J's workspaces, then, after a run long enough to matter, garbage and the C heap's free pages
            m.releaseBuffers();
            Dl4jRuntime.releaseWorkspaces();
            if (System.nanoTime() - start > 5_000_000_000L) {
                Dl4jRuntime.releaseMemoryLater();
            }
        }
    }

    /** {@inheritDoc} The native-ops path's buffers and this thread's ND4J workspaces. */
    @Override
    public void releaseWorkingMemory(CompiledModel model) {
        own(model).releaseBuffers();
        Dl4jRuntime.releaseWorkspaces();
    }

    /** Returns the network's own output for an image, as {@code [1, ...]}; for tests against the layer loop. */
    static INDArray networkOutput(CompiledModel model, Volume image) {
        Dl4jModel m = own(model);
        synchronized (m) {
            if (m.isGraph()) {
                return m.graph().output(false, Nd4jArrays.toNchw(image))[0];
            }
            return m.network().output(Nd4jArrays.toNchw(image), false);
        }
    }

    /**
     * Replaces a Conv2D layer's weights; for tests and weight import.
     *
     * @param model a model compiled by this engine
     * @param layerIndex 1-based position of a Conv2D layer
     * @param filters one {@code (kh, kw, C_in)} kernel per filter, as {@link CompiledModel#filters} returns them
     * @param bias one value per filter, or null to keep the bias
     */
    void setConv2DWeights(CompiledModel model, int layerIndex, Volume[] filters, double[] bias) {
        own(model).setConv2DWeights(layerIndex, filters, bias);
    }

    /**
     * Replaces a Dense layer's weights; for tests and weight import.
     *
     * @param model a model compiled by this engine
     * @param layerIndex 1-based position of a Dense layer
     * @param weights {@code [inputs][units]} as in Keras; inputs after Flatten are in channels-last order
     * @param bias one value per unit, or null to keep the bias
     */
    void setDenseWeights(CompiledModel model, int layerIndex, double[][] weights, double[] bias) {
        own(model).setDenseWeights(layerIndex, weights, bias);
    }

    @Override
    public java.util.List<java.util.List<org.convscope.io.KerasH5.Tensor>> kerasWeights(CompiledModel model) {
        Dl4jModel m = own(model);
        synchronized (m) {
            return KerasWeightExport.read(m);
        }
    }

    @Override
    public void exportOnnx(CompiledModel model, java.nio.file.Path file) throws java.io.IOException {
        var weights = kerasWeights(model);
        var graph = org.convscope.io.OnnxExport.graph(model.spec(), model.inputNormalization().orElse(null), weights);
        var out = org.convscope.core.analysis.ModelAnalyzer.analyze(model.spec()).outputShape();
        long[] dims = out instanceof org.convscope.core.model.TensorShape.Spatial s
                ? new long[] {-1, s.channels(), s.height(), s.width()} : new long[] {-1, out.elements()};
        org.convscope.io.AtomicFiles.write(file, OnnxWriter.bytes(graph, dims));
    }

    private static Dl4jModel own(CompiledModel model) {
        if (model instanceof Dl4jModel m) {
            return m;
        }
        throw new IllegalArgumentException("the model was not compiled by the DL4J engine");
    }

}
