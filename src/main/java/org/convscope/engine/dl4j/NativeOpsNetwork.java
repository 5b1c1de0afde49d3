package org.convscope.engine.dl4j;

import static org.convscope.core.text.CoreText.tr;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.model.Activation;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.TensorShape;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
 * Softmax over the channels of an image tensor is not supported here; such models use the stock path. Each layer
 * is a {@link NativeStep} ({@link ConvStep}, {@link PoolStep}, {@link BatchNormStep}, {@link DenseStep}, ...); this
 * class chains them, owns the flat gradient, and runs the training and Grad-CAM passes.
 *
 * <p>Not thread-safe; {@link Dl4jEngine} synchronises on the model.
 */
final class NativeOpsNetwork implements NativeStep.Owner, NativeOpsTrainingBackend.Pass {

    private final List<NativeStep> steps = new ArrayList<>();
    /** The steps' reusable arrays, for {@link #releaseBuffers}. */
    private final List<NativeOps.Buffer> buffers;
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
    /** Time from one training pass's start to the next one's, and what the passes took, over {@code cycles}. */
    private long cycleNanos;
    private long cyclePassNanos;
    private long cycles;
    private long lastPassStart;
    private long lastPassNanos;
    /** The logits, then dL/d(logits), on the heap, and dL/d(logits) for the backward pass; reused every batch. */
    private float[] logitsHeap = new float[0];
    private final NativeOps.Buffer logitsGradient = new NativeOps.Buffer();
    private long passes;
    /** Sees each layer's output of a training pass (learning health), or null. */
    private java.util.function.ObjIntConsumer<INDArray> outputWatcher;

    private NativeOpsNetwork(Dl4jModel m) {
        MultiLayerNetwork net = m.network();
        INDArray flat = net.numParams() == 0 ? null : net.params();
        this.params = flat == null ? Nd4j.create(DataType.FLOAT, 0) : flat;
        if (params.offset() != 0 || params.rank() > 2 || params.length() != net.numParams()) {
            throw new IllegalStateException("unexpected parameter layout " + params.shapeInfoToString());
        }
        this.gradient = Nd4j.create(DataType.FLOAT, params.shape());
        List<LayerSpec> layers = m.spec().layers();
        buffers = NativeOps.Buffer.createdBy(() -> {
            for (int i = 0; i < layers.size(); i++) {
                LayerSpec s = layers.get(i);
                LayerInfo info = m.analysis().layers().get(i);
                Layer layer = m.outputIndex(i) == Dl4jModel.FLATTEN ? null : net.getLayer(m.outputIndex(i) - 1);
                steps.add(step(s, info, layer));
            }
        });
        lastIsDense = !steps.isEmpty() && steps.get(steps.size() - 1) instanceof DenseStep;
        forwardNanos = new long[steps.size()];
        backwardNanos = new long[steps.size()];
        for (int i = 0; i + 1 < steps.size(); i++) {
            if (steps.get(i) instanceof ConvStep c && c.hasRelu() && steps.get(i + 1) instanceof PoolStep p && p.isMax()) {
                c.moveReluToPool();
                p.applyReluAfter(c, !overwrittenAfter(i + 1));
            }
            if (steps.get(i) instanceof ConvStep c && !overwrittenAfter(i)) {
                c.keepsOutput();
            }
        }
    }

    /**
     * Whether a step after step {@code i} may write into step {@code i}'s output in its backward pass: the first one
     * past Flatten and Dropout (which may hand on their input, or a view of it) that overwrites its input.
     */
    private boolean overwrittenAfter(int i) {
        int j = i + 1;
        while (j < steps.size() && (steps.get(j) instanceof FlattenStep || steps.get(j) instanceof DropoutStep)) {
            j++;
        }
        return j < steps.size() && steps.get(j).overwritesInput();
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
            String way = steps.get(i) instanceof ConvStep c && c.gradientWay() != null ? "  (" + c.gradientWay() + ")" : "";
            sb.append(String.format(java.util.Locale.ROOT, "  %2d %-14s forward %7.2f ms  backward %7.2f ms%s%n", i + 1,
                    steps.get(i).getClass().getSimpleName().replace("Step", ""), forwardNanos[i] / n / 1e6,
                    backwardNanos[i] / n / 1e6, way));
        }
        sb.append(String.format(java.util.Locale.ROOT, "     softmax + loss  %7.2f ms%n", lossNanos / n / 1e6));
        double c = Math.max(1, cycles);
        sb.append(String.format(java.util.Locale.ROOT, "     between passes  %7.2f ms (optimiser step, next batch, listener; batch to batch %.2f ms)%n",
                (cycleNanos - cyclePassNanos) / c / 1e6, cycleNanos / c / 1e6));
        return sb.toString();
    }

    /** Returns why a model cannot run on this path, or empty when it can. */
    static Optional<String> unsupported(Dl4jModel m) {
        if (m.isGraph()) {
            return Optional.of(tr("error.native.graph"));
        }
        if (m.network() == null) {
            return Optional.of(tr("error.native.noWeights"));
        }
        List<LayerSpec> layers = m.spec().layers();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec s = layers.get(i);
            boolean spatial = m.analysis().layers().get(i).output() instanceof TensorShape.Spatial;
            Activation a = s instanceof LayerSpec.Conv2D c ? c.activation()
                    : s instanceof LayerSpec.ActivationLayer al ? al.activation() : null;
            if (spatial && a == Activation.SOFTMAX) {
                return Optional.of(tr("error.native.softmax", i + 1));
            }
        }
        return Optional.empty();
    }

    /** Builds the fast path for a model; check {@link #unsupported} first. */
    static NativeOpsNetwork of(Dl4jModel m) {
        Optional<String> why = unsupported(m);
        if (why.isPresent()) {
            throw new IllegalArgumentException(tr("error.engine.nativeOps", why.get()));
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
        for (NativeStep s : steps) {
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
    @Override
    public INDArray output(INDArray x) {
        INDArray a = x;
        for (NativeStep s : steps) {
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
    @Override
    public double computeGradient(INDArray x, int[] labels, float[][] probabilities, int frozen) {
        if (!lastIsDense) {
            throw new IllegalStateException("training needs a last Dense layer");
        }
        if (frozen < 0 || frozen >= steps.size()) {
            throw new IllegalArgumentException(tr("error.engine.cannotFreeze", frozen, steps.size()));
        }
        int n = labels.length;
        long start = System.nanoTime();
        if (lastPassStart != 0 && start - lastPassStart < 1_000_000_000L) { // consecutive batches, not a new run
            cycleNanos += start - lastPassStart;
            cyclePassNanos += lastPassNanos;
            cycles++;
        }
        lastPassStart = start;
        fusing = true;
        try {
            return trainingPass(x, labels, probabilities, n, frozen);
        } finally {
            fusing = false;
            lastPassNanos = System.nanoTime() - start;
        }
    }

    private double trainingPass(INDArray x, int[] labels, float[][] probabilities, int n, int frozen) {
        INDArray a = x;
        long t = System.nanoTime();
        for (int i = 0; i < steps.size() - 1; i++) {
            a = steps.get(i).forward(a, i >= frozen, i >= frozen);
            if (outputWatcher != null) {
                outputWatcher.accept(a, i);
            }
            t = lap(forwardNanos, i, t);
        }
        DenseStep head = (DenseStep) steps.get(steps.size() - 1);
        INDArray logits = head.logits(a, true);
        t = lap(forwardNanos, steps.size() - 1, t);
        int classes = (int) logits.size(1);
        float[] z = logitsHeap.length == n * classes ? logitsHeap : (logitsHeap = new float[n * classes]);
        logits.data().asNioFloat().position((int) logits.offset()).get(z); // the zBuffer: contiguous [n, classes]
        double loss = SoftmaxLoss.lossAndGradient(z, n, classes, labels, probabilities);
        NativeFloats.zero(gradient);
        INDArray dLogits = logitsGradient.get(n, classes);
        dLogits.data().asNioFloat().put(z);
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
            throw new IllegalArgumentException(tr("error.engine.notBeforeLast", layer + 1));
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
            throw new IllegalArgumentException(tr("error.engine.classes", p.length, c + 1));
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

    /**
     * Lets {@code watcher} see each layer's output (and its 0-based index) in the training passes that follow, before
     * the next layer runs; null stops it. A Conv2D whose ReLU moved after the pooling gives its pre-activation.
     */
    @Override
    public void watchOutputs(java.util.function.ObjIntConsumer<INDArray> watcher) {
        outputWatcher = watcher;
    }

    /**
     * Drops every step's reusable arrays (for {@code tf-cifar-cnn} at batch 64 about 40 MB of native memory); the
     * next pass allocates them again. For after training; not during a pass.
     */
    void releaseBuffers() {
        buffers.forEach(NativeOps.Buffer::release);
        logitsGradient.release();
    }

    /** The flat gradient of the last {@link #computeGradient} call, laid out like {@link #params()}. */
    @Override
    public INDArray gradient() {
        return gradient;
    }

    /** The network's flat parameters (the DL4J network's own array). */
    @Override
    public INDArray params() {
        return params;
    }

    private NativeStep step(LayerSpec s, LayerInfo info, Layer layer) {
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

    /**
     * Fixes how every Conv2D layer computes its gradients where it needs the input gradient: {@code true} GEMMs and
     * a flipped-kernel conv ({@link ConvGradients}), {@code false} {@code conv2d_bp}, null measures again; for tests.
     */
    void forceSplitConvGradients(Boolean split) {
        for (NativeStep s : steps) {
            if (s instanceof ConvStep c) {
                c.forceSplitGradients(split);
            }
        }
    }

    /** Returns the gradient view that mirrors a parameter view (same shape, strides and offset). */
    @Override
    public INDArray gradientFor(INDArray param) {
        if (param == null) {
            return null;
        }
        return Nd4j.create(gradient.data(), param.shape(), param.stride(), param.offset(), param.ordering());
    }

    /**
     * Whether a training pass is running, in which a Conv2D with ReLU and the max pooling after it run fused: the
     * ReLU moves after the pooling (see the field of the same name).
     */
    @Override
    public boolean fusing() {
        return fusing;
    }
}
