package org.convscope.engine.dl4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.model.Activation;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.TensorShape;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastDivOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The engine's fast path: a {@link Dl4jModel}'s layers run with ND4J's native ops ({@code conv2d}, {@code conv2d_bp},
 * {@code maxpool2d}, ...) on channels-last {@code [n, H, W, C]} float arrays, which the oneDNN build of ND4J runs
 * 4-10x faster than DL4J's own layers run their Java-side im2col.
 *
 * <p>It owns no weights: every step reads and writes the DL4J network's parameter views, so the
 * {@code MultiLayerNetwork} stays the one store for saving, loading, filters and the stock path, which tests keep
 * as the reference. Gradients go into one flat array laid out exactly as {@code network.params()} (DL4J's order:
 * conv {@code b} then {@code W [out, in, kh, kw]}; dense {@code W [in, out]} column-major then {@code b};
 * batch norm {@code gamma, beta, mean, log10stdev}), so one optimiser call updates everything.
 *
 * <p>Layers: Conv2D ({@code conv2d} with NHWC data and OIHW weights, TF-style same padding), max and average
 * pooling (average excludes padded cells; explicit padding is done as zeros that count, as the core computes
 * it), activations (DL4J's own {@code IActivation} forward and backward), batch normalisation (batch statistics in
 * training, moving statistics updated as DL4J does: {@code m = d*m + (1-d)*batchMean}, variance likewise, kept
 * as {@code log10(std)}), inverted dropout, Flatten (a reshape: NHWC is already Keras' order) and Dense.
 * Softmax over the channels of an image tensor is not supported here; such models use the stock path.
 *
 * <p>Not thread-safe; {@link Dl4jEngine} synchronises on the model.
 */
final class NativeOpsNetwork {

    private final List<Step> steps = new ArrayList<>();
    private final INDArray params;
    private final INDArray gradient;
    private final boolean lastIsDense;
    /**
     * True during a training pass: Conv2D with ReLU followed by max pooling then pools the convolution's output and
     * applies ReLU to the 4x smaller pooled tensor, since {@code maxpool(relu(z)) = relu(maxpool(z))} (ReLU is
     * monotonic, padded zeros included); backward, ReLU's gradient is taken on the pooled tensor and max pooling
     * routes it to the same cells. This saves a ReLU and its gradient on the largest tensors. Inference passes keep
     * the layers' own outputs (the feature maps show them).
     */
    private boolean fusing;
    private final long[] forwardNanos;
    private final long[] backwardNanos;
    private long lossNanos;
    private long passes;

    private NativeOpsNetwork(Dl4jModel m) {
        MultiLayerNetwork net = m.network();
        INDArray flat = net.numParams() == 0 ? null : net.params();
        this.params = flat == null ? Nd4j.create(DataType.FLOAT, 0) : flat;
        if (params.offset() != 0 || params.rank() > 2 || params.length() != net.numParams()) {
            throw new IllegalStateException("unexpected parameter layout " + params.shapeInfoToString());
        }
        this.gradient = Nd4j.create(DataType.FLOAT, params.shape());
        List<LayerSpec> layers = m.spec().layers();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec s = layers.get(i);
            LayerInfo info = m.analysis().layers().get(i);
            Layer layer = m.outputIndex(i) == Dl4jModel.FLATTEN ? null : net.getLayer(m.outputIndex(i) - 1);
            steps.add(step(s, info, layer));
        }
        lastIsDense = !steps.isEmpty() && steps.get(steps.size() - 1) instanceof DenseStep;
        forwardNanos = new long[steps.size()];
        backwardNanos = new long[steps.size()];
        for (int i = 0; i + 1 < steps.size(); i++) {
            if (steps.get(i) instanceof ConvStep c && isRelu(c.act) && steps.get(i + 1) instanceof PoolStep p && p.max) {
                c.reluMovedToPool = true;
                p.reluAfter = true;
            }
        }
    }

    /**
     * Returns where the time of the training passes so far went, per layer, forward and backward, in ms per
     * batch; for the benchmark.
     */
    String profile() {
        StringBuilder sb = new StringBuilder();
        double n = Math.max(1, passes);
        double total = lossNanos;
        for (int i = 0; i < steps.size(); i++) {
            total += forwardNanos[i] + backwardNanos[i];
        }
        sb.append(String.format(java.util.Locale.ROOT, "per batch, %d batches: %.2f ms%n", passes, total / n / 1e6));
        for (int i = 0; i < steps.size(); i++) {
            sb.append(String.format(java.util.Locale.ROOT, "  %2d %-14s forward %7.2f ms  backward %7.2f ms%n", i + 1,
                    steps.get(i).getClass().getSimpleName().replace("Step", ""), forwardNanos[i] / n / 1e6,
                    backwardNanos[i] / n / 1e6));
        }
        sb.append(String.format(java.util.Locale.ROOT, "     softmax + loss  %7.2f ms%n", lossNanos / n / 1e6));
        return sb.toString();
    }

    /** Returns why a model cannot run on this path, or empty when it can. */
    static Optional<String> unsupported(Dl4jModel m) {
        if (m.network() == null) {
            return Optional.of("the model has no layers with weights");
        }
        List<LayerSpec> layers = m.spec().layers();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec s = layers.get(i);
            boolean spatial = m.analysis().layers().get(i).output() instanceof TensorShape.Spatial;
            Activation a = s instanceof LayerSpec.Conv2D c ? c.activation()
                    : s instanceof LayerSpec.ActivationLayer al ? al.activation() : null;
            if (spatial && a == Activation.SOFTMAX) {
                return Optional.of("softmax over the channels of an image tensor (layer " + (i + 1) + ")");
            }
        }
        return Optional.empty();
    }

    /** Builds the fast path for a model; check {@link #unsupported} first. */
    static NativeOpsNetwork of(Dl4jModel m) {
        Optional<String> why = unsupported(m);
        if (why.isPresent()) {
            throw new IllegalArgumentException("the native-ops path cannot run this model: " + why.get());
        }
        return new NativeOpsNetwork(m);
    }

    /**
     * Runs a batch forward and returns every layer's output, in model order.
     *
     * @param x {@code [n, H, W, C]} float, channels-last
     * @param training dropout on and batch statistics in batch normalisation (and their moving averages updated)
     * @return one array per layer: {@code [n, h, w, c]} or {@code [n, units]}
     */
    List<INDArray> forwardAll(INDArray x, boolean training) {
        return forwardAll(x, training, org.convscope.core.task.CancelToken.NEVER);
    }

    /**
     * As {@link #forwardAll(INDArray, boolean)}, checking {@code cancel} before each layer.
     *
     * @throws org.convscope.core.task.CancelToken.CancelledException if cancelled
     */
    List<INDArray> forwardAll(INDArray x, boolean training, org.convscope.core.task.CancelToken cancel) {
        List<INDArray> out = new ArrayList<>(steps.size());
        INDArray a = x;
        for (Step s : steps) {
            cancel.throwIfCancelled();
            a = s.forward(a, training, training);
            out.add(a);
        }
        return out;
    }

    /**
     * Runs the first {@code count} layers on a batch in inference mode and returns the last one's output.
     *
     * @param x {@code [n, H, W, C]} float, channels-last
     * @param count layers to run, {@code 0 .. layers}
     * @return {@code [n, h, w, c]} or {@code [n, units]}
     */
    INDArray forwardFirst(INDArray x, int count) {
        INDArray a = x;
        for (int i = 0; i < count; i++) {
            a = steps.get(i).forward(a, false, false);
        }
        return a;
    }

    /** Returns the last layer's output for a batch in inference mode, {@code [n, units]}. */
    INDArray output(INDArray x) {
        INDArray a = x;
        for (Step s : steps) {
            a = s.forward(a, false, false);
        }
        return a;
    }

    /**
     * One training step's forward and backward pass on softmax cross-entropy: fills {@link #gradient()} and returns
     * the mean loss over the batch. The last layer must be a Dense layer whose output (before a softmax activation,
     * or its linear output) is read as logits.
     *
     * @param x {@code [n, H, W, C]} channels-last images
     * @param labels one class index per image
     * @param probabilities receives {@code [n, classes]} softmax probabilities of this forward pass (training mode)
     * @return {@code -mean(log p[label])}
     */
    double computeGradient(INDArray x, int[] labels, float[][] probabilities) {
        return computeGradient(x, labels, probabilities, 0);
    }

    /**
     * As {@link #computeGradient(INDArray, int[], float[][])}, with the first {@code frozen} layers frozen: they run in
     * inference mode (batch normalisation with its moving statistics, which stay as they are; no dropout), nothing is
     * back-propagated into them and their gradient stays 0, so an optimiser step leaves their parameters exactly as
     * they are.
     *
     * @param frozen layers from the input that do not learn, less than the number of layers
     */
    double computeGradient(INDArray x, int[] labels, float[][] probabilities, int frozen) {
        if (!lastIsDense) {
            throw new IllegalStateException("training needs a last Dense layer");
        }
        if (frozen < 0 || frozen >= steps.size()) {
            throw new IllegalArgumentException("cannot freeze " + frozen + " of " + steps.size() + " layers");
        }
        int n = labels.length;
        fusing = true;
        try {
            return trainingPass(x, labels, probabilities, n, frozen);
        } finally {
            fusing = false;
        }
    }

    private double trainingPass(INDArray x, int[] labels, float[][] probabilities, int n, int frozen) {
        INDArray a = x;
        long t = System.nanoTime();
        for (int i = 0; i < steps.size() - 1; i++) {
            a = steps.get(i).forward(a, i >= frozen, i >= frozen);
            t = lap(forwardNanos, i, t);
        }
        DenseStep head = (DenseStep) steps.get(steps.size() - 1);
        INDArray logits = head.logits(a, true);
        t = lap(forwardNanos, steps.size() - 1, t);
        INDArray p = Transforms.softmax(logits, true);
        int classes = (int) p.size(1);
        float[] pv = p.dup('c').data().asFloat();
        double loss = 0;
        float[] dz = new float[n * classes];
        for (int k = 0; k < n; k++) {
            float[] row = probabilities[k];
            for (int c = 0; c < classes; c++) {
                float v = pv[k * classes + c];
                row[c] = v;
                dz[k * classes + c] = (v - (c == labels[k] ? 1f : 0f)) / n;
            }
            loss -= Math.log(Math.max(pv[k * classes + labels[k]], 1e-10f));
        }
        gradient.assign(0);
        INDArray dLogits = Nd4j.create(dz, new long[] {n, classes}, 'c');
        lossNanos += System.nanoTime() - t;
        t = System.nanoTime();
        INDArray eps = head.backwardFromLogits(dLogits, steps.size() - 1 > frozen);
        t = lap(backwardNanos, steps.size() - 1, t);
        for (int i = steps.size() - 2; i >= frozen && eps != null; i--) {
            // the first learning layer's input gradient is not needed
            eps = steps.get(i).backward(eps, i > frozen);
            t = lap(backwardNanos, i, t);
        }
        passes++;
        return loss / n;
    }

    /**
     * A layer's output for one image, the gradient of a class's logit with respect to it, the class (the most likely
     * one where none was asked for) and the probabilities.
     */
    record ClassGradient(INDArray activation, INDArray gradient, int classIndex, float[] probabilities) {
    }

    /**
     * Back-propagates one class's score to a layer's output, in inference mode (dropout off, batch normalisation
     * with its moving statistics): Grad-CAM's {@code dy^c / dA}. The score is the last Dense layer's logit
     * {@code z_c} (before its softmax), so the gradient arriving at the logits is the one-hot vector {@code e_c}.
     * Weight gradients computed on the way are written to {@link #gradient()} and mean nothing.
     *
     * @param x {@code [1, H, W, C]} one image, channels-last
     * @param layer 0-based index of the layer whose output is differentiated (not the last layer)
     * @param classIndex the class {@code c}, or -1 for the most likely one
     * @return {@code A} and {@code dy^c/dA}, both {@code [1, h, w, k]} copies, and the softmax of the logits
     */
    ClassGradient classGradient(INDArray x, int layer, int classIndex) {
        if (!lastIsDense) {
            throw new IllegalStateException("a class score needs a last Dense layer");
        }
        if (layer < 0 || layer >= steps.size() - 1) {
            throw new IllegalArgumentException("layer " + (layer + 1) + " is not before the last layer");
        }
        INDArray a = x;
        INDArray activation = null;
        for (int i = 0; i < steps.size() - 1; i++) {
            a = steps.get(i).forward(a, false, i > layer); // only the layers above need their inputs kept
            if (i == layer) {
                activation = a.dup('c');
            }
        }
        DenseStep head = (DenseStep) steps.get(steps.size() - 1);
        INDArray logits = head.logits(a, true);
        float[] p = Transforms.softmax(logits, true).dup('c').data().asFloat();
        int c = classIndex;
        if (c < 0) {
            c = 0;
            for (int k = 1; k < p.length; k++) {
                c = p[k] > p[c] ? k : c;
            }
        }
        if (c >= p.length) {
            throw new IllegalArgumentException("the model has " + p.length + " classes, not " + (c + 1));
        }
        INDArray oneHot = Nd4j.create(DataType.FLOAT, 1, p.length);
        oneHot.putScalar(0, c, 1f);
        INDArray eps = head.backwardFromLogits(oneHot, true);
        for (int i = steps.size() - 2; i > layer; i--) {
            eps = steps.get(i).backward(eps, true);
        }
        return new ClassGradient(activation, eps.dup('c'), c, p);
    }

    private static long lap(long[] into, int i, long since) {
        long now = System.nanoTime();
        into[i] += now - since;
        return now;
    }

    /** The flat gradient of the last {@link #computeGradient} call, laid out like {@link #params()}. */
    INDArray gradient() {
        return gradient;
    }

    /** The network's flat parameters (the DL4J network's own array). */
    INDArray params() {
        return params;
    }

    // ---------------------------------------------------------------------------------------------------------

    private Step step(LayerSpec s, LayerInfo info, Layer layer) {
        if (s instanceof LayerSpec.Conv2D c) {
            return new ConvStep(c, info, layer, this);
        } else if (s instanceof LayerSpec.Pooling2D p) {
            return new PoolStep(p, info, this);
        } else if (s instanceof LayerSpec.ActivationLayer) {
            return new ActivationStep(((ActivationLayer) layer.conf().getLayer()).getActivationFn());
        } else if (s instanceof LayerSpec.BatchNormalization) {
            org.deeplearning4j.nn.conf.layers.BatchNormalization conf =
                    (org.deeplearning4j.nn.conf.layers.BatchNormalization) layer.conf().getLayer();
            if (!conf.isUseLogStd()) {
                throw new IllegalStateException("expected batch norm with log10(std) moving statistics");
            }
            return new BatchNormStep(layer, this, conf.getDecay(), conf.getEps());
        } else if (s instanceof LayerSpec.Dropout d) {
            return new DropoutStep(1.0 - d.rate());
        } else if (s instanceof LayerSpec.Flatten) {
            return new FlattenStep();
        } else if (s instanceof LayerSpec.Dense) {
            return new DenseStep(layer, this);
        }
        throw new IllegalArgumentException("no native-ops step for " + s.type());
    }

    /** Returns the gradient view that mirrors a parameter view (same shape, strides and offset). */
    private INDArray gradientFor(INDArray param) {
        if (param == null) {
            return null;
        }
        return Nd4j.create(gradient.data(), param.shape(), param.stride(), param.offset(), param.ordering());
    }

    private static IActivation activationOf(Layer layer) {
        return ((BaseLayer) layer.conf().getLayer()).getActivationFn();
    }

    private static long[] spatial(int n, TensorShape shape) {
        TensorShape.Spatial s = (TensorShape.Spatial) shape;
        return new long[] {n, s.height(), s.width(), s.channels()};
    }

    private static void exec(String op, INDArray[] in, INDArray[] out, int... iargs) {
        DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder(op).addInputs(in).addOutputs(out);
        b.addIntegerArguments(iargs);
        Nd4j.exec(b.build());
    }

    /**
     * One reusable array: allocating a fresh multi-megabyte ND4J array costs more than the ReLU computed into it
     * (about 4 ms against 0.5 ms for {@code [64, 30, 30, 32]}), so every step keeps its outputs and reallocates only
     * when the batch size changes. Contents are stale until written.
     */
    private static final class Buffer {
        private INDArray array;

        INDArray get(long... shape) {
            if (array == null || !java.util.Arrays.equals(array.shape(), shape)) {
                array = Nd4j.createUninitialized(DataType.FLOAT, shape);
            }
            return array;
        }
    }

    /** Whether an activation is DL4J's plain ReLU, which the steps compute with native ops into their buffers. */
    private static boolean isRelu(IActivation act) {
        return act instanceof org.nd4j.linalg.activations.impl.ActivationReLU r
                && r.equals(new org.nd4j.linalg.activations.impl.ActivationReLU());
    }

    /**
     * Applies an activation from {@code z} into {@code out} (a different array), leaving {@code z} as it was.
     */
    private static INDArray activate(IActivation act, INDArray z, INDArray out, boolean training) {
        if (isRelu(act)) {
            Nd4j.exec(new org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear(z, out, 0.0));
            return out;
        }
        out.assign(z);
        return act.getActivation(out, training); // DL4J activations work in place
    }

    /** Returns dL/dz for an activation, computed into {@code z}'s own array (z is not needed afterwards). */
    private static INDArray activationGradient(IActivation act, INDArray z, INDArray eps) {
        if (isRelu(act)) {
            Nd4j.exec(DynamicCustomOp.builder("relu_bp").addInputs(z, eps).addOutputs(z)
                    .addFloatingPointArguments(0.0).build());
            return z;
        }
        return act.backprop(z, eps).getFirst();
    }

    /** One layer: forward, and backward from the gradient of its output. */
    private interface Step {
        /**
         * Computes the layer's output.
         *
         * @param in the previous layer's output
         * @param training dropout on and batch statistics in batch normalisation
         * @param keep keep what {@link #backward} needs (the input, the pre-activation)
         * @return the output, possibly in a buffer the next pass reuses
         */
        INDArray forward(INDArray in, boolean training, boolean keep);

        /**
         * Back-propagates through the layer of the last forward pass that kept its inputs, writing weight gradients.
         *
         * @param eps dL/d(output)
         * @param inputGradient whether dL/d(input) is wanted
         * @return dL/d(input), or null when not wanted
         */
        INDArray backward(INDArray eps, boolean inputGradient);
    }

    private static final class ConvStep implements Step {
        private final INDArray w;
        private final INDArray b;
        private final INDArray gw;
        private final INDArray gb;
        private final IActivation act;
        private final int[] iargs;
        private final TensorShape outShape;
        private final Buffer zBuffer = new Buffer();
        private final Buffer outBuffer = new Buffer();
        private final Buffer inputGradient = new Buffer();
        private final NativeOpsNetwork net;
        private boolean reluMovedToPool;
        private boolean fusedNow;
        private INDArray input;
        private INDArray preActivation;

        ConvStep(LayerSpec.Conv2D c, LayerInfo info, Layer layer, NativeOpsNetwork net) {
            this.net = net;
            w = layer.getParam("W");
            b = layer.paramTable().get("b");
            gw = net.gradientFor(w);
            gb = net.gradientFor(b);
            act = activationOf(layer);
            int p = c.padding() instanceof Padding.Explicit e ? e.amount() : 0;
            // kH, kW, sH, sW, pH, pW, dH, dW, same mode, NHWC data, weights [out, in, kh, kw]
            iargs = new int[] {c.kernel().h(), c.kernel().w(), c.strides().h(), c.strides().w(), p, p, 1, 1,
                    c.padding() instanceof Padding.Same ? 1 : 0, 1, 1};
            outShape = info.output();
        }

        @Override
        public INDArray forward(INDArray in, boolean training, boolean keep) {
            long[] shape = spatial((int) in.size(0), outShape);
            INDArray z = zBuffer.get(shape);
            exec("conv2d", b == null ? new INDArray[] {in, w} : new INDArray[] {in, w, b}, new INDArray[] {z}, iargs);
            if (keep) {
                input = in;
                preActivation = z;
            }
            fusedNow = training && reluMovedToPool && net.fusing;
            if (fusedNow) {
                return z; // the next max pooling applies the ReLU after pooling
            }
            return activate(act, z, outBuffer.get(shape), training);
        }

        @Override
        public INDArray backward(INDArray eps, boolean wanted) {
            INDArray dz = fusedNow ? eps : activationGradient(act, preActivation, eps);
            INDArray gin = inputGradient.get(input.shape());
            if (b == null) {
                exec("conv2d_bp", new INDArray[] {input, w, dz}, new INDArray[] {gin, gw}, iargs);
            } else {
                exec("conv2d_bp", new INDArray[] {input, w, b, dz}, new INDArray[] {gin, gw, gb}, iargs);
            }
            input = null;
            preActivation = null;
            return gin;
        }
    }

    private static final class PoolStep implements Step {
        private final String op;
        private final int[] iargs;
        private final int pad;
        private final TensorShape outShape;
        private final Buffer outBuffer = new Buffer();
        private final Buffer reluBuffer = new Buffer();
        private final Buffer inputGradient = new Buffer();
        private final NativeOpsNetwork net;
        private final boolean max;
        private boolean reluAfter;
        private boolean fusedNow;
        private INDArray input;
        private INDArray pooled;

        PoolStep(LayerSpec.Pooling2D p, LayerInfo info, NativeOpsNetwork net) {
            this.net = net;
            max = p.kind() == LayerSpec.PoolKind.MAX;
            op = max ? "maxpool2d" : "avgpool2d";
            pad = p.padding() instanceof Padding.Explicit e ? e.amount() : 0;
            // kH, kW, sH, sW, pH, pW, dH, dW, same mode, average: 0 = padded cells not in the divisor, NHWC
            iargs = new int[] {p.pool().h(), p.pool().w(), p.strides().h(), p.strides().w(), 0, 0, 1, 1,
                    p.padding() instanceof Padding.Same ? 1 : 0, 0, 1};
            outShape = info.output();
        }

        @Override
        public INDArray forward(INDArray in, boolean training, boolean keep) {
            INDArray x = pad > 0 ? Nd4j.pad(in, new int[][] {{0, 0}, {pad, pad}, {pad, pad}, {0, 0}}) : in;
            INDArray out = outBuffer.get(spatial((int) in.size(0), outShape));
            exec(op, new INDArray[] {x}, new INDArray[] {out}, iargs);
            if (keep) {
                input = x;
            }
            fusedNow = training && reluAfter && net.fusing;
            if (fusedNow) {
                pooled = out;
                INDArray a = reluBuffer.get(out.shape());
                Nd4j.exec(new org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear(out, a, 0.0));
                return a;
            }
            return out;
        }

        @Override
        public INDArray backward(INDArray eps, boolean wanted) {
            INDArray g = null;
            if (fusedNow) {
                eps = activationGradient(new org.nd4j.linalg.activations.impl.ActivationReLU(), pooled, eps);
                pooled = null;
            }
            if (wanted) {
                g = inputGradient.get(input.shape());
                exec(op + "_bp", new INDArray[] {input, eps}, new INDArray[] {g}, iargs);
                if (pad > 0) {
                    g = g.get(NDArrayIndex.all(), NDArrayIndex.interval(pad, g.size(1) - pad),
                            NDArrayIndex.interval(pad, g.size(2) - pad), NDArrayIndex.all()).dup('c');
                }
            }
            input = null;
            return g;
        }
    }

    private static final class ActivationStep implements Step {
        private final IActivation act;
        private final Buffer outBuffer = new Buffer();
        private INDArray input;

        ActivationStep(IActivation act) {
            this.act = act;
        }

        @Override
        public INDArray forward(INDArray in, boolean training, boolean keep) {
            if (keep) {
                input = in;
            }
            return activate(act, in, outBuffer.get(in.shape()), training);
        }

        @Override
        public INDArray backward(INDArray eps, boolean inputGradient) {
            INDArray g = activationGradient(act, input, eps); // the input is not needed after this
            input = null;
            return g;
        }
    }

    private static final class BatchNormStep implements Step {
        private final INDArray gamma;
        private final INDArray beta;
        private final INDArray mean;
        private final INDArray log10std;
        private final INDArray gGamma;
        private final INDArray gBeta;
        private final double decay;
        private final double eps;
        private INDArray xHat;
        private INDArray std;
        private boolean batchStatistics;

        BatchNormStep(Layer layer, NativeOpsNetwork net, double decay, double eps) {
            gamma = layer.getParam("gamma");
            beta = layer.getParam("beta");
            mean = layer.getParam("mean");
            log10std = layer.getParam("log10stdev");
            gGamma = net.gradientFor(gamma);
            gBeta = net.gradientFor(beta);
            this.decay = decay;
            this.eps = eps;
        }

        private static int[] reduceAxes(INDArray in) {
            return in.rank() == 4 ? new int[] {0, 1, 2} : new int[] {0};
        }

        @Override
        public INDArray forward(INDArray in, boolean training, boolean keep) {
            int ch = in.rank() - 1;
            INDArray mu;
            INDArray sd;
            if (training) {
                int[] axes = reduceAxes(in);
                mu = in.mean(axes);
                INDArray var = in.var(false, axes);
                sd = Transforms.sqrt(var.add(eps), false);
                // moving statistics, as DL4J: m = d*m + (1-d)*batchMean; var = d*var + (1-d)*batchVar as log10(std)
                INDArray movingVar = Transforms.pow(Nd4j.valueArrayOf(log10std.shape(), 10.0, DataType.FLOAT), log10std, false);
                movingVar.muli(movingVar).muli(decay).addi(var.mul(1 - decay));
                log10std.assign(Transforms.log(movingVar, 10.0, false).muli(0.5));
                mean.muli(decay).addi(mu.mul(1 - decay));
            } else {
                mu = mean;
                INDArray var = Transforms.pow(Nd4j.valueArrayOf(log10std.shape(), 10.0, DataType.FLOAT), log10std, false);
                sd = Transforms.sqrt(var.muli(var).addi(eps), false);
            }
            INDArray xh = Nd4j.create(DataType.FLOAT, in.shape());
            Nd4j.exec(new BroadcastSubOp(in, mu, xh, ch));
            Nd4j.exec(new BroadcastDivOp(xh, sd, xh, ch));
            INDArray y = Nd4j.create(DataType.FLOAT, in.shape());
            Nd4j.exec(new BroadcastMulOp(xh, gamma, y, ch));
            Nd4j.exec(new BroadcastAddOp(y, beta, y, ch));
            if (keep) {
                xHat = xh;
                std = sd;
                batchStatistics = training;
            }
            return y;
        }

        @Override
        public INDArray backward(INDArray e, boolean inputGradient) {
            int ch = e.rank() - 1;
            int[] axes = reduceAxes(e);
            long m = e.length() / e.size(ch);
            gBeta.assign(e.sum(axes));
            gGamma.assign(e.mul(xHat).sum(axes));
            INDArray g = null;
            if (inputGradient && !batchStatistics) {
                // inference: y = gamma * (x - mean) / std + beta with fixed moving statistics, so dx = e * gamma / std
                g = Nd4j.create(DataType.FLOAT, e.shape());
                Nd4j.exec(new BroadcastMulOp(e, gamma, g, ch));
                Nd4j.exec(new BroadcastDivOp(g, std, g, ch));
            } else if (inputGradient) {
                // dx = (1/m) / std * (m * dxhat - sum(dxhat) - xhat * sum(dxhat * xhat)), dxhat = e * gamma
                INDArray dxhat = Nd4j.create(DataType.FLOAT, e.shape());
                Nd4j.exec(new BroadcastMulOp(e, gamma, dxhat, ch));
                INDArray sumDxhat = dxhat.sum(axes);
                INDArray sumDxhatXhat = dxhat.mul(xHat).sum(axes);
                g = dxhat.muli(m);
                Nd4j.exec(new BroadcastSubOp(g, sumDxhat, g, ch));
                INDArray t = Nd4j.create(DataType.FLOAT, e.shape());
                Nd4j.exec(new BroadcastMulOp(xHat, sumDxhatXhat, t, ch));
                g.subi(t);
                Nd4j.exec(new BroadcastDivOp(g, std.mul(m), g, ch));
            }
            xHat = null;
            std = null;
            return g;
        }
    }

    private static final class DropoutStep implements Step {
        private final double retain;
        private INDArray mask;

        DropoutStep(double retain) {
            this.retain = retain;
        }

        @Override
        public INDArray forward(INDArray in, boolean training, boolean keep) {
            if (!training || retain >= 1.0) {
                mask = null;
                return in;
            }
            mask = Nd4j.create(DataType.FLOAT, in.shape());
            Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, retain));
            mask.divi(retain); // inverted dropout: the expected value is unchanged
            return in.mul(mask);
        }

        @Override
        public INDArray backward(INDArray eps, boolean inputGradient) {
            INDArray g = mask == null ? eps : eps.mul(mask);
            mask = null;
            return g;
        }
    }

    private static final class FlattenStep implements Step {
        private long[] shape;

        @Override
        public INDArray forward(INDArray in, boolean training, boolean keep) {
            shape = in.shape();
            return in.reshape('c', in.size(0), in.length() / in.size(0));
        }

        @Override
        public INDArray backward(INDArray eps, boolean inputGradient) {
            return eps.reshape('c', shape);
        }
    }

    private static final class DenseStep implements Step {
        private final INDArray w;
        private final INDArray b;
        private final INDArray gw;
        private final INDArray gb;
        private final IActivation act;
        private final Buffer zBuffer = new Buffer();
        private final Buffer outBuffer = new Buffer();
        private final Buffer inputGradient = new Buffer();
        private INDArray input;
        private INDArray preActivation;

        DenseStep(Layer layer, NativeOpsNetwork net) {
            w = layer.getParam("W"); // [in, units], column-major
            b = layer.paramTable().get("b");
            gw = net.gradientFor(w);
            gb = net.gradientFor(b);
            act = activationOf(layer);
        }

        // Nd4j.gemm into kept arrays: INDArray.mmul and transpose().mmul allocate and copy, 5-30x slower here.

        INDArray logits(INDArray in, boolean keep) {
            INDArray z = zBuffer.get(in.size(0), w.size(1));
            Nd4j.gemm(in, w, z, false, false, 1.0, 0.0);
            if (b != null) {
                z.addiRowVector(b);
            }
            if (keep) {
                input = in;
            }
            return z;
        }

        @Override
        public INDArray forward(INDArray in, boolean training, boolean keep) {
            INDArray z = logits(in, keep);
            if (keep) {
                preActivation = z;
            }
            return activate(act, z, outBuffer.get(z.shape()), training);
        }

        @Override
        public INDArray backward(INDArray eps, boolean wanted) {
            INDArray dz = activationGradient(act, preActivation, eps);
            preActivation = null;
            return backwardFromLogits(dz, wanted);
        }

        INDArray backwardFromLogits(INDArray dz, boolean wanted) {
            Nd4j.gemm(input, dz, gw, true, false, 1.0, 0.0); // dW = x^T dz
            if (gb != null) {
                gb.assign(dz.sum(0));
            }
            INDArray g = null;
            if (wanted) {
                g = inputGradient.get(dz.size(0), w.size(0));
                Nd4j.gemm(dz, w, g, false, true, 1.0, 0.0); // dx = dz W^T
            }
            input = null;
            return g;
        }
    }
}
