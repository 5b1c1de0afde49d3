package org.convscope.engine.dl4j;

import static org.convscope.engine.dl4j.NativeOps.activate;
import static org.convscope.engine.dl4j.NativeOps.activationGradient;
import static org.convscope.engine.dl4j.NativeOps.exec;
import static org.convscope.engine.dl4j.NativeOps.paddingBefore;
import static org.convscope.engine.dl4j.NativeOps.spatial;

import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.TensorShape;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Conv2D on the native-ops path: {@code conv2d} / {@code conv2d_bp} on NHWC data {@code [n, H, W, C]} with the DL4J
 * layer's OIHW weights {@code W [out, in, kh, kw]} and bias {@code b}, TF-style same padding, then the activation.
 * ReLU is applied by oneDNN's kernel as it stores the output where the presets load ({@link #activated}); otherwise,
 * with ReLU followed by max pooling, the ReLU can move after the pooling during training (see
 * {@link NativeOpsNetwork}) and the output is then the pre-activation.
 */
final class ConvStep implements NativeStep {
    /** ReLU's gradient on oneDNN's kernel (declines where the presets do not load). */
    private final DnnlElementwise elementwise = new DnnlElementwise();
    private final INDArray w;
    private final INDArray b;
    private final INDArray gw;
    private final INDArray gb;
    private final IActivation act;
    /** Whether {@link #act} is plain ReLU, which oneDNN's kernel applies (asked every forward pass). */
    private final boolean relu;
    private final int[] iargs;
    private final TensorShape outShape;
    private final NativeOps.Buffer zBuffer = new NativeOps.Buffer();
    private final NativeOps.Buffer outBuffer = new NativeOps.Buffer();
    private final NativeOps.Buffer inputGradient = new NativeOps.Buffer();
    private final ConvGradients gradients;
    /** oneDNN's direct kernels for the backward pass, where its presets load; null: the other ways. */
    private final DnnlConv dnnl;
    /** oneDNN's kernels for the forward pass on the same threads as {@link #dnnl}; null: ND4J's {@code conv2d}. */
    private final DnnlConvForward dnnlForward;
    private boolean usedDnnl;
    private boolean withoutDnnl;
    /** Between {@code conv2d_bp} (first) and {@link #gradients} (second), where both apply. */
    private final ConvGradients.Choice choice = new ConvGradients.Choice();
    private final NativeStep.Owner net;
    private boolean reluMovedToPool;
    private boolean fusedNow;
    /** Whether the last forward pass's kernel applied the ReLU itself (its output is then the activation). */
    private boolean activated;
    /** Whether the layers after leave this layer's output as it is, so it may be the array the backward pass reads. */
    private boolean outputKept;
    private INDArray input;
    private INDArray preActivation;

    ConvStep(LayerSpec.Conv2D c, LayerInfo info, Layer layer, NativeStep.Owner net) {
        this.net = net;
        w = layer.getParam("W");
        b = layer.paramTable().get("b");
        gw = net.gradientFor(w);
        gb = net.gradientFor(b);
        act = NativeOps.activationOf(layer);
        relu = NativeOps.isRelu(act);
        int p = c.padding() instanceof Padding.Explicit e ? e.amount() : 0;
        // kH, kW, sH, sW, pH, pW, dH, dW, same mode, NHWC data, weights [out, in, kh, kw]
        iargs = new int[] {c.kernel().h(), c.kernel().w(), c.strides().h(), c.strides().w(), p, p, 1, 1,
                c.padding() instanceof Padding.Same ? 1 : 0, 1, 1};
        outShape = info.output();
        gradients = new ConvGradients(iargs[0], iargs[1], iargs[2], iargs[3]);
        dnnl = DnnlConv.available() ? new DnnlConv(iargs[0], iargs[1], iargs[2], iargs[3]) : null;
        dnnlForward = DnnlConv.available() ? new DnnlConvForward(iargs[0], iargs[1], iargs[2], iargs[3]) : null;
        choice.force(ConvGradients.Choice.fromProperty());
    }

    /** Whether the activation is plain ReLU, which the next max pooling may apply instead. */
    boolean hasRelu() {
        return relu;
    }

    /**
     * Lets the next max pooling apply this layer's ReLU during training passes (where the kernel did not already,
     * see {@link #activated}), and take ReLU's gradient on the pooled tensor, 4x smaller than this layer's output.
     */
    void moveReluToPool() {
        reluMovedToPool = true;
    }

    @Override
    public INDArray forward(INDArray in, boolean training, boolean keep) {
        long[] shape = spatial((int) in.size(0), outShape);
        INDArray z = zBuffer.get(shape);
        boolean viaDnnl = dnnlForward != null && NativeFloats.contiguous(in, w, b, z) && dnnlForward.forward(in, w, b,
                z, paddingBefore(iargs, in, z, 1), paddingBefore(iargs, in, z, 2), relu);
        if (!viaDnnl) {
            exec("conv2d", b == null ? new INDArray[] {in, w} : new INDArray[] {in, w, b}, new INDArray[] {z}, iargs);
        }
        activated = viaDnnl && relu;
        if (keep) {
            input = in;
            preActivation = z; // or the activation: ReLU's gradient reads y > 0 from either
        }
        fusedNow = training && reluMovedToPool && net.fusing();
        if (fusedNow || activated && outputKept) {
            return z; // activated, or the next max pooling applies the ReLU after pooling
        }
        return activate(act, z, outBuffer.get(shape), training);
    }

    /**
     * Lets the forward pass return the kernel's ReLU output itself, which the backward pass reads for ReLU's gradient,
     * rather than a copy: for when no layer after writes into it (see {@link NativeStep#overwritesInput}).
     */
    void keepsOutput() {
        outputKept = true;
    }

    /**
     * Whether the last forward pass's output is already ReLU's activation, applied by the kernel: the max pooling
     * that took over this layer's ReLU then has nothing left to apply, since {@code maxpool(relu(z)) =
     * relu(maxpool(z))}.
     */
    boolean activated() {
        return activated;
    }

    /**
     * dW, db and (when {@code wanted}) dL/d(input): by oneDNN's direct kernels ({@link DnnlConv}) where its presets
     * load and take the shapes. Otherwise, without the input gradient (the first layer: a 3-channel image gradient
     * nobody reads, which {@code conv2d_bp} always computes) {@link ConvGradients#weights} alone; with it,
     * {@code conv2d_bp} or {@link ConvGradients}, whichever {@link #choice} measured faster for this layer.
     */
    @Override
    public INDArray backward(INDArray eps, boolean wanted) {
        INDArray dz = fusedNow ? eps : activationGradient(act, preActivation, eps, elementwise);
        int top = paddingBefore(iargs, input, dz, 1);
        int left = paddingBefore(iargs, input, dz, 2);
        INDArray gin = wanted ? inputGradient.get(input.shape()) : null;
        if (dnnl != null && !withoutDnnl && NativeFloats.contiguous(input, w, dz, gw, gb)
                && dnnl.backward(input, w, dz, gin, gw, gb, top, left)) {
            usedDnnl = true;
        } else if (!wanted) {
            gradients.weights(input, dz, top, left, gw, gb);
        } else if (gradients.inputApplies(input.size(1), input.size(2), dz.size(1), dz.size(2), top, left)) {
            boolean split = choice.second(input.size(0));
            long t0 = System.nanoTime();
            if (split) {
                gradients.weights(input, dz, top, left, gw, gb);
                gradients.input(dz, w, gin, top, left);
            } else {
                convBp(dz, gin);
            }
            choice.took(System.nanoTime() - t0);
        } else {
            convBp(dz, gin);
        }
        input = null;
        preActivation = null;
        return gin;
    }

    private void convBp(INDArray dz, INDArray gin) {
        if (b == null) {
            exec("conv2d_bp", new INDArray[] {input, w, dz}, new INDArray[] {gin, gw}, iargs);
        } else {
            exec("conv2d_bp", new INDArray[] {input, w, b, dz}, new INDArray[] {gin, gw, gb}, iargs);
        }
    }

    /**
     * Fixes how the gradients are computed: {@code true} {@link ConvGradients}, {@code false} {@code conv2d_bp} (both
     * without oneDNN's direct kernels), null the default (oneDNN's where it loads, else measuring both); for tests.
     */
    void forceSplitGradients(Boolean split) {
        choice.force(split);
        withoutDnnl = split != null;
    }

    /** The way this layer's measurement chose ({@code "conv2d_bp"}, {@code "gemm + conv"}), or null while measuring. */
    String gradientWay() {
        if (usedDnnl) {
            return "oneDNN direct";
        }
        Boolean c = choice.chosen();
        return c == null ? null : c ? "gemm + conv" : "conv2d_bp";
    }
}
