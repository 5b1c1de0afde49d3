package org.convscope.engine.dl4j;

import static org.convscope.core.text.CoreText.tr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.model.Activation;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.TensorShape;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The native-ops path for graph models (ResNet and MobileNet-style): one step per layer, run in
 * {@link ModelGraph#order()}, each layer's output kept until the backward pass, on channels-last {@code [n, H, W, C]}
 * arrays. Layers with one input are {@link NativeStep}s ({@link ConvStep}, {@link BatchNormStep}, {@link PoolStep},
 * {@link DenseStep}, {@link ActivationStep} for {@code Activation}, {@code ReLU} (ReLU6), {@code LeakyReLU},
 * {@code Rescaling}, and {@link DepthwiseStep}, {@link SeparableStep}, {@link ZeroPadStep}, {@link GlobalPoolStep});
 * {@code Add} and {@code Concatenate} are {@link JoinStep}s. Backward runs the order in reverse: a layer whose output
 * feeds several others gets the sum of their input gradients ({@code dL/dx = sum over consumers}) before its own
 * step runs. In training passes a plain ReLU right after a BatchNorm or Add that feeds nothing else runs inside that
 * layer ({@link BatchNormStep}, {@link JoinStep.Add}), and Add, batch norm and the gradient sums compute on heap
 * copies ({@link ChannelLoops}) rather than as chains of ND4J ops.
 *
 * <p>As {@link NativeOpsNetwork} for chains it owns no weights: the steps read the {@link ComputationGraph}'s
 * parameter views and write into one flat gradient laid out as {@code graph.params()}, so one optimiser call
 * updates everything and the graph stays the store for saving and the stock path.
 *
 * <p>Not thread-safe; callers synchronise on the model.
 */
final class NativeOpsGraph implements NativeStep.Owner, NativeOpsTrainingBackend.Pass {
    private final List<String> names;
    private final int[] order;
    /** Each layer's inputs, positions in listed order ({@code -1}: the image). */
    private final int[][] inputs;
    private final NativeStep[] steps;
    private final JoinStep[] joins;
    /** Layers whose step overwrites its input in backward while another layer still needs that input. */
    private final boolean[] copyInput;
    private final NativeOps.Buffer[] copies;
    private final NativeOps.Buffer[] sums;
    /** Plain-ReLU activation layers that, in training passes, their input layer (a BatchNorm or Add) computes. */
    private final boolean[] reluFused;
    /** The BatchNorm and Add layers that apply the next layer's ReLU in training passes. */
    private final boolean[] withRelu;
    private final INDArray[][] joinInputs;
    private final List<NativeOps.Buffer> buffers;
    private final INDArray params;
    private final INDArray gradient;
    private final int last;
    private final INDArray[] outputs;
    private final INDArray[] gradients;
    private final long[] forwardNanos;
    private final long[] backwardNanos;
    /** Sums gradients on oneDNN's kernels (declines where the presets do not load). */
    private final DnnlElementwise elementwise = new DnnlElementwise();
    private final NativeOps.Buffer logitsGradient = new NativeOps.Buffer();
    private float[] logitsHeap = new float[0];
    private long passes;
    private java.util.function.ObjIntConsumer<INDArray> outputWatcher;

    private NativeOpsGraph(Dl4jModel m) {
        ComputationGraph g = m.graph();
        INDArray flat = g.numParams() == 0 ? null : g.params();
        params = flat == null ? Nd4j.create(DataType.FLOAT, 0) : flat;
        if (params.offset() != 0 || params.rank() > 2 || params.length() != g.numParams()) {
            throw new IllegalStateException("unexpected parameter layout " + params.shapeInfoToString());
        }
        gradient = Nd4j.create(DataType.FLOAT, params.shape());
        ModelGraph graph = ModelGraph.of(m.spec());
        names = m.names();
        int n = m.spec().layers().size();
        order = graph.order().stream().mapToInt(Integer::intValue).toArray();
        inputs = new int[n][];
        steps = new NativeStep[n];
        joins = new JoinStep[n];
        copyInput = new boolean[n];
        copies = new NativeOps.Buffer[n];
        sums = new NativeOps.Buffer[n];
        reluFused = new boolean[n];
        withRelu = new boolean[n];
        joinInputs = new INDArray[n][];
        outputs = new INDArray[n];
        gradients = new INDArray[n];
        forwardNanos = new long[n];
        backwardNanos = new long[n];
        last = n - 1;
        buffers = NativeOps.Buffer.createdBy(() -> {
            for (int i = 0; i < n; i++) {
                inputs[i] = graph.inputsOf(i).stream().mapToInt(Integer::intValue).toArray();
                LayerSpec s = m.spec().layers().get(i);
                if (s instanceof LayerSpec.Add) {
                    joins[i] = new JoinStep.Add();
                } else if (s instanceof LayerSpec.Concatenate) {
                    joins[i] = new JoinStep.Concatenate(inputs[i].length);
                } else {
                    steps[i] = step(m, i);
                    int from = inputs[i][0];
                    copyInput[i] = steps[i] instanceof ActivationStep && from >= 0 && graph.consumersOf(from).size() > 1;
                }
                copies[i] = new NativeOps.Buffer();
                sums[i] = new NativeOps.Buffer();
                joinInputs[i] = new INDArray[inputs[i].length];
            }
        });
        fuseRelus(graph);
    }

    /**
     * Marks each plain ReLU whose input is a BatchNorm or an Add feeding nothing else, for that layer to apply in
     * training passes: one pass over the tensor less forward and backward, and one array less. A ReLU that takes
     * such an Add-and-ReLU output writes into it in backward, before the Add reads it back for its gradient, so it
     * copies its input first.
     */
    private void fuseRelus(ModelGraph graph) {
        for (int j = 0; j < steps.length; j++) {
            int i = inputs[j].length == 1 ? inputs[j][0] : -1;
            if (steps[j] instanceof ActivationStep a && a.plainRelu() && i >= 0 && graph.consumersOf(i).size() == 1
                    && (steps[i] instanceof BatchNormStep || joins[i] instanceof JoinStep.Add)) {
                reluFused[j] = true;
                withRelu[i] = true;
            }
        }
        for (int k = 0; k < steps.length; k++) {
            int j = inputs[k].length == 1 ? inputs[k][0] : -1;
            if (steps[k] instanceof ActivationStep && j >= 0 && reluFused[j] && joins[inputs[j][0]] != null) {
                copyInput[k] = true;
            }
        }
    }

    /** Returns why a model cannot run on this path, or empty when it can. */
    static Optional<String> unsupported(Dl4jModel m) {
        if (!m.isGraph()) {
            return Optional.of(tr("error.native.notGraph"));
        }
        List<LayerSpec> layers = m.spec().layers();
        if (ModelGraph.of(m.spec()).order().size() != layers.size()) {
            return Optional.of(tr("error.native.cycle"));
        }
        if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof LayerSpec.Dense)) {
            return Optional.of(tr("error.native.noDense"));
        }
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec s = layers.get(i);
            boolean spatial = m.analysis().layers().get(i).output() instanceof TensorShape.Spatial;
            Activation a = s instanceof LayerSpec.Conv2D c ? c.activation()
                    : s instanceof LayerSpec.ActivationLayer al ? al.activation()
                    : s instanceof LayerSpec.DepthwiseConv2D d ? d.activation()
                    : s instanceof LayerSpec.SeparableConv2D d ? d.activation() : null;
            if (spatial && (a == Activation.SOFTMAX || s instanceof LayerSpec.Softmax)) {
                return Optional.of(tr("error.native.softmax", i + 1));
            }
            if (s instanceof LayerSpec.Conv2D c && c.dilated()) {
                return Optional.of(tr("error.native.dilated", i + 1));
            }
        }
        return Optional.empty();
    }

    /** Builds the fast path for a graph model; check {@link #unsupported} first. */
    static NativeOpsGraph of(Dl4jModel m) {
        Optional<String> why = unsupported(m);
        if (why.isPresent()) {
            throw new IllegalArgumentException(tr("error.engine.nativeOps", why.get()));
        }
        return new NativeOpsGraph(m);
    }

    private NativeStep step(Dl4jModel m, int i) {
        LayerSpec s = m.spec().layers().get(i);
        LayerInfo info = m.analysis().layers().get(i);
        if (s instanceof LayerSpec.Flatten) {
            return new FlattenStep(); // NHWC flattens in Keras' order, as HwcFlattenPreProcessor does
        } else if (s instanceof LayerSpec.Pooling2D p) {
            return new PoolStep(p, info, this);
        } else if (s instanceof LayerSpec.Dropout d) {
            return new DropoutStep(1.0 - d.rate());
        } else if (s instanceof LayerSpec.ZeroPadding2D z) {
            return new ZeroPadStep(z.top(), z.bottom(), z.left(), z.right());
        } else if (s instanceof LayerSpec.GlobalPooling2D gp) {
            return new GlobalPoolStep(gp.kind() == LayerSpec.PoolKind.MAX);
        } else if (s instanceof LayerSpec.SeparableConv2D sc) {
            return new SeparableStep(sc, m.names().get(i), info, m, this);
        }
        Layer layer = m.weightLayer(i);
        if (s instanceof LayerSpec.Conv2D c) {
            return new ConvStep(c, info, layer, this);
        } else if (s instanceof LayerSpec.DepthwiseConv2D d) {
            return new DepthwiseStep(d.kernel(), d.strides(), d.padding(), info.output(), layer, this);
        } else if (s instanceof LayerSpec.Dense) {
            return new DenseStep(layer, this);
        } else if (s instanceof LayerSpec.BatchNormalization) {
            var conf = (org.deeplearning4j.nn.conf.layers.BatchNormalization) layer.conf().getLayer();
            if (!conf.isUseLogStd()) {
                throw new IllegalStateException("expected batch norm with log10(std) moving statistics");
            }
            return new BatchNormStep(layer, this, conf.getDecay(), conf.getEps());
        } else if (layer.conf().getLayer() instanceof ActivationLayer a) {
            // Activation, ReLU (max_value, negative_slope), LeakyReLU, Softmax of flat tensors, Rescaling
            return new ActivationStep(a.getActivationFn());
        }
        throw new IllegalArgumentException("no native-ops step for " + s.type());
    }

    /**
     * Runs a batch forward and returns every layer's output in listed order (views of reused arrays).
     *
     * @param x {@code [n, H, W, C]} float, channels-last
     * @param training dropout on and batch statistics in batch normalisation (their moving averages updated)
     */
    List<INDArray> forwardAll(INDArray x, boolean training) {
        forward(x, training, 0, false);
        return new ArrayList<>(java.util.Arrays.asList(outputs));
    }

    /** The last layer's output for a batch in inference mode. */
    @Override
    public INDArray output(INDArray x) {
        forward(x, false, 0, false);
        return outputs[last];
    }

    /**
     * Runs every layer. In a training pass the last layer gives its logits (a Dense layer before its activation) and
     * layers before {@code frozen} run in inference mode.
     */
    private void forward(INDArray x, boolean training, int frozen, boolean logits) {
        for (int i : order) {
            long t = System.nanoTime();
            boolean learn = training && i >= frozen;
            boolean relu = withRelu[i] && logits;
            if (joins[i] != null) {
                INDArray[] in = joinInputs[i];
                for (int k = 0; k < in.length; k++) {
                    in[k] = inputs[i][k] < 0 ? x : outputs[inputs[i][k]];
                }
                outputs[i] = joins[i] instanceof JoinStep.Add add ? add.forward(in, relu) : joins[i].forward(in);
            } else if (reluFused[i] && logits) {
                outputs[i] = outputs[inputs[i][0]]; // the BatchNorm or Add before applied this ReLU
            } else {
                INDArray in = inputs[i][0] < 0 ? x : outputs[inputs[i][0]];
                if (copyInput[i] && learn) {
                    in = copies[i].get(in.shape()).assign(in);
                }
                outputs[i] = i == last && logits ? ((DenseStep) steps[i]).logits(in, true)
                        : relu ? ((BatchNormStep) steps[i]).forward(in, learn, learn, true)
                        : steps[i].forward(in, learn, learn);
            }
            if (training && outputWatcher != null) {
                outputWatcher.accept(outputs[i], i);
            }
            if (logits) {
                forwardNanos[i] += System.nanoTime() - t;
            }
        }
    }

    @Override
    public double computeGradient(INDArray x, int[] labels, float[][] probabilities, int frozen) {
        if (!(steps[last] instanceof DenseStep) || order[order.length - 1] != last) {
            throw new IllegalStateException("training needs a last Dense layer");
        }
        if (frozen < 0 || frozen >= steps.length) {
            throw new IllegalArgumentException(tr("error.engine.cannotFreeze", frozen, steps.length));
        }
        int n = labels.length;
        forward(x, true, frozen, true);
        INDArray logits = outputs[last];
        int classes = (int) logits.size(1);
        float[] z = logitsHeap.length == n * classes ? logitsHeap : (logitsHeap = new float[n * classes]);
        logits.data().asNioFloat().position((int) logits.offset()).get(z); // DenseStep's zBuffer: contiguous
        double loss = SoftmaxLoss.lossAndGradient(z, n, classes, labels, probabilities);
        NativeFloats.zero(gradient);
        INDArray dLogits = logitsGradient.get(n, classes);
        dLogits.data().asNioFloat().put(z);
        backward(dLogits, frozen);
        passes++;
        return loss / n;
    }

    /** Back-propagates from the logits' gradient through every learning layer, in reverse order. */
    private void backward(INDArray dLogits, int frozen) {
        java.util.Arrays.fill(gradients, null);
        gradients[last] = dLogits;
        for (int k = order.length - 1; k >= 0; k--) {
            int i = order[k];
            INDArray eps = gradients[i];
            if (i < frozen || eps == null) {
                continue; // frozen, or its output does not reach the loss
            }
            long t = System.nanoTime();
            int[] from = inputs[i];
            if (joins[i] != null) {
                INDArray[] g = joins[i].backward(eps);
                for (int j = 0; j < from.length; j++) {
                    if (from[j] >= frozen) {
                        accumulate(from[j], g[j]);
                    }
                }
            } else if (reluFused[i]) {
                if (from[0] >= frozen) {
                    accumulate(from[0], eps); // the layer before applies the ReLU's gradient
                }
            } else {
                boolean wanted = from[0] >= frozen; // not the image, nor a frozen layer
                INDArray g = i == last ? ((DenseStep) steps[i]).backwardFromLogits(eps, wanted)
                        : steps[i].backward(eps, wanted);
                if (wanted && g != null) {
                    accumulate(from[0], g);
                }
            }
            gradients[i] = null;
            backwardNanos[i] += System.nanoTime() - t;
        }
    }

    /** Adds one consumer's input gradient to a layer's output gradient, copying before the first sum. */
    private void accumulate(int layer, INDArray g) {
        INDArray have = gradients[layer];
        if (have == null) {
            gradients[layer] = g; // not written to: it may be shared (Add gives every input the same array)
            return;
        }
        INDArray sum = sums[layer].get(have.shape());
        if (!elementwise.add(have, g, sum, false)) {
            ChannelLoops.add(new java.nio.FloatBuffer[] {NativeFloats.of(have), NativeFloats.of(g)},
                    NativeFloats.of(sum), (int) have.length(), false);
        }
        gradients[layer] = sum;
    }

    /** Where the training passes' time went, per layer, in ms per batch; for {@code bench train --profile}. */
    String profile() {
        double n = Math.max(1, passes);
        long total = 0;
        for (int i = 0; i < steps.length; i++) {
            total += forwardNanos[i] + backwardNanos[i];
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "per batch, %d batches: %.2f ms (layers)%n",
                passes, total / n / 1e6));
        for (int i : order) {
            String kind = (joins[i] != null ? joins[i] : steps[i]).getClass().getSimpleName().replace("Step", "");
            String way = steps[i] instanceof ConvStep c && c.gradientWay() != null ? "  (" + c.gradientWay() + ")" : "";
            sb.append(String.format(Locale.ROOT, "  %3d %-18s %-12s forward %7.2f ms  backward %7.2f ms%s%n", i + 1,
                    names.get(i), kind, forwardNanos[i] / n / 1e6, backwardNanos[i] / n / 1e6, way));
        }
        return sb.toString();
    }

    @Override
    public void watchOutputs(java.util.function.ObjIntConsumer<INDArray> watcher) {
        outputWatcher = watcher;
    }

    /** Drops every step's reusable arrays; the next pass allocates them again. Not during a pass. */
    void releaseBuffers() {
        buffers.forEach(NativeOps.Buffer::release);
        logitsGradient.release();
        java.util.Arrays.fill(outputs, null);
    }

    @Override
    public INDArray gradient() {
        return gradient;
    }

    @Override
    public INDArray params() {
        return params;
    }

    @Override
    public INDArray gradientFor(INDArray param) {
        if (param == null) {
            return null;
        }
        return Nd4j.create(gradient.data(), param.shape(), param.stride(), param.offset(), param.ordering());
    }

    /** Graphs run no fused Conv2D-ReLU-max-pool passes: a layer's output may feed several others. */
    @Override
    public boolean fusing() {
        return false;
    }
}
