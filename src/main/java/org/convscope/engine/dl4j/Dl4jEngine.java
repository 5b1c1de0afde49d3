package org.convscope.engine.dl4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.TensorShape;
import org.convscope.engine.Activations;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.engine.LayerActivation;
import org.convscope.core.task.CancelToken;
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingListener;
import org.convscope.core.train.TrainingResult;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
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
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The {@link Engine} on Deeplearning4j 1.0.0-M2.1: one {@link MultiLayerNetwork} per model, float32 on ND4J's
 * CPU backend.
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
 * <p>Our {@code (H, W, C)} volumes become {@code [1, C, H, W]} arrays here and back; no ND4J type leaves this
 * package. {@link #forward} runs the DL4J layers one by one in inference mode and copies each output at once:
 * {@code MultiLayerNetwork.feedForward} is not used because DL4J's {@code ActivationLayer} works in place on its
 * input when not training, which would overwrite the previous layer's output in that list. Calls on the same
 * compiled model are serialised.
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
                throw new IllegalArgumentException("unknown kernels \"" + name + "\"; use auto, layers or native_ops");
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
        return "DL4J layers";
    }

    @Override
    public CompiledModel compile(ModelSpec spec, long seed) {
        ModelAnalysis analysis = ModelAnalyzer.analyze(spec);
        if (analysis.problem().isPresent()) {
            throw new IllegalArgumentException("The model cannot be built. " + analysis.problem().get().describe());
        }
        List<String> names = ModelAnalyzer.layerNames(spec);
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
            if (m.network() != null) {
                c.network().params().assign(m.network().params());
            }
            c.setInputNormalization(m.inputNormalization().orElse(null));
            return c;
        }
    }

    @Override
    public CompiledModel withNewHead(CompiledModel model, int units, long seed) {
        Dl4jModel m = own(model);
        List<LayerSpec> layers = new ArrayList<>(m.spec().layers());
        if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof LayerSpec.Dense d)) {
            throw new IllegalArgumentException("a new head replaces the last Dense layer, but the model does not end with one");
        }
        if (units < 1) {
            throw new IllegalArgumentException("the new layer needs at least 1 unit, got " + units);
        }
        layers.set(layers.size() - 1, new LayerSpec.Dense(d.userName(), units, d.activation(), d.useBias()));
        ModelSpec spec = new ModelSpec(m.spec().name(), m.spec().description(), m.spec().input(), layers);
        Dl4jModel c = (Dl4jModel) compile(spec, seed);
        synchronized (m) {
            MultiLayerNetwork from = m.network();
            for (int i = 0; i < from.getnLayers() - 1; i++) {
                if (from.getLayer(i).numParams() > 0) {
                    c.network().getLayer(i).params().assign(from.getLayer(i).params());
                }
            }
            c.setInputNormalization(m.inputNormalization().orElse(null));
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
     * <p>Keras' layouts become DL4J's here: a conv kernel {@code (kh, kw, C_in, F)} becomes {@code W [F, C_in, kh, kw]};
     * a Dense kernel {@code (in, units)} is DL4J's {@code W} as it is (after Flatten both use channels-last order, see
     * {@link HwcFlattenPreProcessor}); batch normalisation keeps gamma, beta and the moving mean, and the moving
     * variance {@code v} as {@code log10(sqrt(v))}, DL4J's {@code log10stdev}.
     */
    @Override
    public org.convscope.engine.ImportedModel importKeras(java.nio.file.Path file) throws org.convscope.io.ModelFileException {
        org.convscope.io.KerasH5.Contents k = org.convscope.io.KerasH5.read(file);
        Dl4jModel m;
        try {
            m = (Dl4jModel) compile(k.imported().spec(), 0);
        } catch (IllegalArgumentException e) {
            throw new org.convscope.io.ModelFileException("/model_config", e.getMessage(), e);
        }
        synchronized (m) {
            List<LayerSpec> layers = m.spec().layers();
            for (int i = 0; i < layers.size(); i++) {
                List<org.convscope.io.KerasH5.Tensor> w = k.weights().get(i);
                if (w.isEmpty()) {
                    continue;
                }
                org.deeplearning4j.nn.api.Layer layer = m.network().getLayer(m.outputIndex(i) - 1);
                LayerSpec s = layers.get(i);
                if (s instanceof LayerSpec.Conv2D) {
                    INDArray dst = layer.getParam("W");
                    int[] sh = w.get(0).shape(); // kh, kw, in, out
                    float[] src = w.get(0).values();
                    int kh = sh[0];
                    int kw = sh[1];
                    int in = sh[2];
                    int out = sh[3];
                    float[] oihw = new float[src.length];
                    for (int r = 0; r < kh; r++) {
                        for (int c = 0; c < kw; c++) {
                            for (int ch = 0; ch < in; ch++) {
                                for (int f = 0; f < out; f++) {
                                    oihw[((f * in + ch) * kh + r) * kw + c] = src[((r * kw + c) * in + ch) * out + f];
                                }
                            }
                        }
                    }
                    dst.assign(Nd4j.create(oihw, new long[] {out, in, kh, kw}, 'c'));
                    if (w.size() > 1) {
                        layer.getParam("b").assign(Nd4j.create(w.get(1).values(), layer.getParam("b").shape(), 'c'));
                    }
                } else if (s instanceof LayerSpec.Dense) {
                    int[] sh = w.get(0).shape();
                    layer.getParam("W").assign(Nd4j.create(w.get(0).values(), new long[] {sh[0], sh[1]}, 'c'));
                    if (w.size() > 1) {
                        layer.getParam("b").assign(Nd4j.create(w.get(1).values(), layer.getParam("b").shape(), 'c'));
                    }
                } else if (s instanceof LayerSpec.BatchNormalization) {
                    long[] shape = layer.getParam("gamma").shape();
                    layer.getParam("gamma").assign(Nd4j.create(w.get(0).values(), shape, 'c'));
                    layer.getParam("beta").assign(Nd4j.create(w.get(1).values(), shape, 'c'));
                    layer.getParam("mean").assign(Nd4j.create(w.get(2).values(), shape, 'c'));
                    float[] var = w.get(3).values();
                    float[] log10std = new float[var.length];
                    for (int c = 0; c < var.length; c++) {
                        // a zero variance stays finite: 10^(2 * -20) is far below any epsilon
                        log10std[c] = (float) (0.5 * Math.log10(Math.max(var[c], 1e-40)));
                    }
                    layer.getParam("log10stdev").assign(Nd4j.create(log10std, shape, 'c'));
                }
            }
        }
        return new org.convscope.engine.ImportedModel(m, k.imported(), k.kerasVersion());
    }

    /** Returns the DL4J layers for one of ours: usually one, two for pooling with explicit padding. */
    private static List<Layer> dl4jLayers(LayerSpec s, boolean spatialOut, boolean last, String name) {
        if (s instanceof LayerSpec.Conv2D c) {
            ConvolutionLayer.Builder b = new ConvolutionLayer.Builder(c.kernel().h(), c.kernel().w())
                    .stride(c.strides().h(), c.strides().w())
                    .nOut(c.filters())
                    .activation(activation(c.activation(), true))
                    .hasBias(c.useBias())
                    .name(name);
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

    private static IActivation activation(Activation a, boolean spatial) {
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

    @Override
    public Activations forward(CompiledModel model, Volume image) {
        return forward(model, image, CancelToken.NEVER);
    }

    @Override
    public Activations forward(CompiledModel model, Volume image, CancelToken cancel) {
        Dl4jModel m = own(model);
        InputSpec in = m.spec().input();
        if (image.height() != in.height() || image.width() != in.width() || image.channels() != in.channels()) {
            throw new IllegalArgumentException("the model expects a " + in.height() + "x" + in.width() + "x"
                    + in.channels() + " image, got " + image.height() + "x" + image.width() + "x" + image.channels());
        }
        Volume original = image;
        image = preprocess(m, image); // the model's own input standardisation, if it has one
        List<Volume> outputs = new ArrayList<>();
        List<Boolean> flatOutputs = new ArrayList<>();
        synchronized (m) {
            MultiLayerNetwork net = m.network();
            if (net != null && usesNativeOps(m)) {
                float[] data = new float[image.values().length];
                for (int k = 0; k < data.length; k++) {
                    data[k] = (float) image.values()[k];
                }
                INDArray x = Nd4j.create(data, new long[] {1, in.height(), in.width(), in.channels()}, 'c');
                List<INDArray> outs = m.nativeOps().forwardAll(x, false, cancel);
                return activations(m, original, nhwcVolumes(outs), null);
            }
            if (net != null) {
                // Layer by layer rather than net.feedForward(input, false): in inference DL4J's ActivationLayer
                // works in place on its input, so feedForward's list would show the previous layer's output
                // already activated. Each output is copied out before the next layer runs.
                LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
                INDArray x = toNchw(image);
                try {
                    for (int i = 0; i < net.getnLayers(); i++) {
                        cancel.throwIfCancelled();
                        InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
                        if (pre != null) {
                            x = pre.preProcess(x, 1, ws);
                        }
                        x = net.getLayer(i).activate(x, false, ws);
                        boolean flat = x.rank() == 2;
                        outputs.add(flat ? new Volume(1, 1, (int) x.size(1), toDoubles(floats(x))) : fromNchw(x));
                        flatOutputs.add(flat);
                    }
                } finally {
                    net.clearLayersStates();
                }
            }
        }
        return activations(m, original, outputs, flatOutputs);
    }

    /** Turns native-ops outputs ({@code [1, h, w, c]} or {@code [1, n]}) into volumes, one per model layer. */
    private static List<Volume> nhwcVolumes(List<INDArray> outs) {
        List<Volume> volumes = new ArrayList<>(outs.size());
        for (INDArray a : outs) {
            float[] f = floats(a);
            double[] v = toDoubles(f);
            volumes.add(a.rank() == 4 ? new Volume((int) a.size(1), (int) a.size(2), (int) a.size(3), v)
                    : new Volume(1, 1, v.length, v));
        }
        return volumes;
    }

    /**
     * Checks and labels layer outputs. With {@code flatOutputs == null}, {@code outputs} has one volume per model
     * layer (native ops; flat when 1x1xN and the model says so); otherwise they are per DL4J layer as the loop above
     * collects them.
     */
    private static Activations activations(Dl4jModel m, Volume image, List<Volume> outputs, List<Boolean> flatOutputs) {
        List<LayerActivation> result = new ArrayList<>();
        Volume previous = image;
        List<LayerSpec> layers = m.spec().layers();
        for (int i = 0; i < layers.size(); i++) {
            Volume out;
            boolean flat;
            if (flatOutputs == null) {
                out = outputs.get(i);
                flat = m.analysis().layers().get(i).output() instanceof TensorShape.Flat;
            } else if (m.outputIndex(i) == Dl4jModel.FLATTEN) {
                // channels-last order is exactly the Volume's storage order
                out = new Volume(1, 1, previous.values().length, previous.values().clone());
                flat = true;
            } else {
                out = outputs.get(m.outputIndex(i) - 1);
                flat = flatOutputs.get(m.outputIndex(i) - 1);
            }
            TensorShape expected = m.analysis().layers().get(i).output();
            LayerActivation act = new LayerActivation(i + 1, m.names().get(i), layers.get(i).type(), out, flat);
            if (!act.shape().equals(expected)) {
                throw new IllegalStateException("DL4J computed " + act.shape().keras() + " for layer " + (i + 1)
                        + " (" + m.names().get(i) + ") but the model says " + expected.keras());
            }
            result.add(act);
            previous = out;
        }
        return new Activations(result);
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
            return usesNativeOps(m) ? m.nativeOps().profile() : "no per-layer profile: DL4J layers";
        }
    }

    /**
     * Checks a batch call: the model ends with a Dense layer, the batch size is positive and the images have the
     * model's input shape.
     *
     * @return the last Dense layer
     */
    private static LayerSpec.Dense checkBatches(Dl4jModel m, LabelledImages images, int batchSize, String what) {
        List<LayerSpec> layers = m.spec().layers();
        if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof LayerSpec.Dense last)) {
            throw new IllegalArgumentException(what + " needs a model that ends with a Dense layer");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, got " + batchSize);
        }
        InputSpec in = m.spec().input();
        if (images.size() > 0 && (images.height() != in.height() || images.width() != in.width()
                || images.channels() != in.channels())) {
            throw new IllegalArgumentException("the model expects " + in.height() + "x" + in.width() + "x"
                    + in.channels() + " images, these are " + images.height() + "x" + images.width() + "x"
                    + images.channels());
        }
        return last;
    }

    /**
     * {@inheritDoc} On the native-ops path the first {@code layers - 1} steps run; on DL4J's layers every DL4J layer
     * before the last Dense one runs, then that layer's input preprocessor (the channels-last flatten, if any).
     */
    @Override
    public float[][] lastHidden(CompiledModel model, LabelledImages images, int batchSize, CancelToken cancel) {
        Dl4jModel m = own(model);
        checkBatches(m, images, batchSize, "reading the last hidden layer");
        int layers = m.spec().layers().size(); // at least 2: a Dense layer needs a Flatten (or more) before it
        float[][] result = new float[images.size()][];
        synchronized (m) {
            boolean fast = usesNativeOps(m);
            MultiLayerNetwork net = m.network();
            int lastDl4j = m.outputIndex(layers - 1) - 1; // the DL4J index of the last Dense layer
            LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
            try {
                for (int from = 0; from < images.size(); from += batchSize) {
                    if (cancel.isCancelled()) {
                        throw new java.util.concurrent.CancellationException("reading the hidden layer was cancelled");
                    }
                    int count = Math.min(batchSize, images.size() - from);
                    int[] idx = new int[count];
                    for (int k = 0; k < count; k++) {
                        idx[k] = from + k;
                    }
                    INDArray x = Dl4jTrainer.modelInput(m, images, idx, fast);
                    if (fast) {
                        x = m.nativeOps().forwardFirst(x, layers - 1);
                    } else {
                        for (int i = 0; i <= lastDl4j; i++) {
                            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
                            if (pre != null) {
                                x = pre.preProcess(x, count, ws);
                            }
                            if (i < lastDl4j) {
                                x = net.getLayer(i).activate(x, false, ws);
                            }
                        }
                    }
                    float[] f = floats(x);
                    int units = f.length / count;
                    for (int k = 0; k < count; k++) {
                        result[from + k] = java.util.Arrays.copyOfRange(f, k * units, (k + 1) * units);
                    }
                }
            } finally {
                if (!fast && net != null) {
                    net.clearLayersStates();
                }
            }
        }
        return result;
    }

    @Override
    public double[][] classify(CompiledModel model, LabelledImages images, int batchSize, CancelToken cancel) {
        Dl4jModel m = own(model);
        LayerSpec.Dense last = checkBatches(m, images, batchSize, "classifying");
        double[][] result = new double[images.size()][];
        synchronized (m) {
            boolean fast = usesNativeOps(m);
            for (int from = 0; from < images.size(); from += batchSize) {
                if (cancel.isCancelled()) {
                    throw new java.util.concurrent.CancellationException("classifying was cancelled");
                }
                int count = Math.min(batchSize, images.size() - from);
                int[] idx = new int[count];
                for (int k = 0; k < count; k++) {
                    idx[k] = from + k;
                }
                INDArray x = Dl4jTrainer.modelInput(m, images, idx, fast);
                INDArray out = fast ? m.nativeOps().output(x) : m.network().output(x, false);
                if (last.activation() == Activation.LINEAR) {
                    out = org.nd4j.linalg.ops.transforms.Transforms.softmax(out, true);
                }
                float[] f = floats(out);
                int classes = (int) out.size(1);
                for (int k = 0; k < count; k++) {
                    double[] row = new double[classes];
                    for (int c = 0; c < classes; c++) {
                        row[c] = f[k * classes + c];
                    }
                    result[from + k] = row;
                }
            }
            if (!fast && m.network() != null) {
                m.network().clearLayersStates();
            }
        }
        return result;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Computed on {@link NativeOpsNetwork} whichever kernels forward passes use: its ops exist in both ND4J
     * builds, and its inference-mode backward pass is the one tested against finite differences.
     */
    @Override
    public org.convscope.engine.ClassGradient classGradient(CompiledModel model, Volume image, int layer,
            int classIndex) {
        Dl4jModel m = own(model);
        List<LayerSpec> layers = m.spec().layers();
        if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof LayerSpec.Dense)) {
            throw new IllegalArgumentException("a class score needs a model that ends with a Dense layer");
        }
        if (layer < 1 || layer >= layers.size()
                || !(m.analysis().layers().get(layer - 1).output() instanceof TensorShape.Spatial)) {
            throw new IllegalArgumentException("layer " + layer + " is not an image-shaped layer before the last one");
        }
        Optional<String> why = NativeOpsNetwork.unsupported(m);
        if (why.isPresent()) {
            throw new IllegalArgumentException("gradients are not available for this model: " + why.get());
        }
        InputSpec in = m.spec().input();
        if (image.height() != in.height() || image.width() != in.width() || image.channels() != in.channels()) {
            throw new IllegalArgumentException("the model expects a " + in.height() + "x" + in.width() + "x"
                    + in.channels() + " image, got " + image.height() + "x" + image.width() + "x" + image.channels());
        }
        Volume x = preprocess(m, image);
        float[] data = new float[x.values().length];
        for (int k = 0; k < data.length; k++) {
            data[k] = (float) x.values()[k];
        }
        synchronized (m) {
            NativeOpsNetwork.ClassGradient g = m.nativeOps().classGradient(
                    Nd4j.create(data, new long[] {1, in.height(), in.width(), in.channels()}, 'c'), layer - 1,
                    classIndex);
            List<Volume> two = nhwcVolumes(List.of(g.activation(), g.gradient()));
            return new org.convscope.engine.ClassGradient(layer, m.names().get(layer - 1), g.classIndex(), two.get(0),
                    two.get(1), toDoubles(g.probabilities()));
        }
    }

    /** {@inheritDoc} See {@link Dl4jTrainer} for how DL4J does it. */
    @Override
    public TrainingResult train(CompiledModel model, LabelledImages train, LabelledImages validation,
            TrainConfig config, TrainingListener listener, CancelToken cancel) {
        Dl4jModel m = own(model);
        if (m.network() == null) {
            throw new IllegalArgumentException("the model has no layers with weights to train");
        }
        return Dl4jTrainer.train(m, train, validation, config, listener, cancel, usesNativeOps(m));
    }

    /** Returns the network's own output for an image, as {@code [1, ...]}; for tests against the layer loop. */
    static INDArray networkOutput(CompiledModel model, Volume image) {
        Dl4jModel m = own(model);
        synchronized (m) {
            return m.network().output(toNchw(image), false);
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

    private static Dl4jModel own(CompiledModel model) {
        if (model instanceof Dl4jModel m) {
            return m;
        }
        throw new IllegalArgumentException("the model was not compiled by the DL4J engine");
    }

    /** Returns an {@code (H, W, C)} volume as a float {@code [1, C, H, W]} array. */
    static INDArray toNchw(Volume v) {
        int h = v.height();
        int w = v.width();
        int c = v.channels();
        float[] data = new float[h * w * c];
        for (int r = 0; r < h; r++) {
            for (int col = 0; col < w; col++) {
                for (int ch = 0; ch < c; ch++) {
                    data[(ch * h + r) * w + col] = (float) v.get(r, col, ch);
                }
            }
        }
        return Nd4j.create(data, new long[] {1, c, h, w}, 'c');
    }

    /** Returns the first example of a {@code [n, C, H, W]} array as an {@code (H, W, C)} volume. */
    static Volume fromNchw(INDArray a) {
        if (a.rank() != 4) {
            throw new IllegalArgumentException("expected [n, C, H, W], got " + java.util.Arrays.toString(a.shape()));
        }
        int c = (int) a.size(1);
        int h = (int) a.size(2);
        int w = (int) a.size(3);
        float[] data = floats(a);
        double[] v = new double[h * w * c];
        for (int ch = 0; ch < c; ch++) {
            for (int r = 0; r < h; r++) {
                for (int col = 0; col < w; col++) {
                    v[(r * w + col) * c + ch] = data[(ch * h + r) * w + col];
                }
            }
        }
        return new Volume(h, w, c, v);
    }

    /** Returns all values of an array in row-major ({@code c}) order. */
    static float[] floats(INDArray a) {
        INDArray copy = a.castTo(DataType.FLOAT).dup('c');
        float[] data = copy.data().asFloat();
        if (data.length != copy.length()) {
            float[] exact = new float[(int) copy.length()];
            System.arraycopy(data, 0, exact, 0, exact.length);
            return exact;
        }
        return data;
    }

    /** Returns all values of an array as doubles, row-major. */
    static double[] toDoublesForTest(INDArray a) {
        return toDoubles(floats(a));
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
