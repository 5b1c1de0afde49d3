package org.convscope.engine.dl4j;

import static org.convscope.engine.dl4j.NativeOps.activationGradient;
import static org.convscope.engine.dl4j.NativeOps.exec;
import static org.convscope.engine.dl4j.NativeOps.paddingBefore;
import static org.convscope.engine.dl4j.NativeOps.spatial;

import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.TensorShape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Max or average pooling on the native-ops path: {@code maxpool2d} / {@code avgpool2d} and their {@code _bp} on
 * NHWC data {@code [n, H, W, C]}. Average pooling leaves padded cells out of the divisor (Keras' same padding);
 * explicit padding is done here as zeros that count, as the core computes it. During training it may apply the
 * previous convolution's ReLU after pooling (see {@link NativeOpsNetwork}). Max pooling's passes that keep their input
 * for a backward pass run {@link DnnlPool} where oneDNN's presets load, so the backward reuses the forward's winners;
 * average pooling runs there in every pass.
 */
final class PoolStep implements NativeStep {
    /** ReLU's gradient on oneDNN's kernel (declines where the presets do not load). */
    private final DnnlElementwise elementwise = new DnnlElementwise();
    private final String op;
    private final int[] iargs;
    private final int pad;
    private final TensorShape outShape;
    private final NativeOps.Buffer outBuffer = new NativeOps.Buffer();
    private final NativeOps.Buffer reluBuffer = new NativeOps.Buffer();
    private final NativeOps.Buffer inputGradient = new NativeOps.Buffer();
    private final NativeStep.Owner net;
    private final boolean max;
    /** oneDNN's pooling (max pooling's with the winners kept for the backward pass) where the presets load, or null. */
    private final DnnlPool dnnl;
    private boolean dnnlForward;
    /** The convolution before, whose ReLU this pooling applies in training passes; null: none. */
    private ConvStep reluOf;
    /** Whether no layer after writes into this one's output in its backward pass, so it may be the pooled tensor. */
    private boolean nextKeepsInput;
    private boolean fusedNow;
    private INDArray input;
    private INDArray pooled;

    PoolStep(LayerSpec.Pooling2D p, LayerInfo info, NativeStep.Owner net) {
        this.net = net;
        max = p.kind() == LayerSpec.PoolKind.MAX;
        op = max ? "maxpool2d" : "avgpool2d";
        pad = p.padding() instanceof Padding.Explicit e ? e.amount() : 0;
        // kH, kW, sH, sW, pH, pW, dH, dW, same mode, average: 0 = padded cells not in the divisor, NHWC
        iargs = new int[] {p.pool().h(), p.pool().w(), p.strides().h(), p.strides().w(), 0, 0, 1, 1,
                p.padding() instanceof Padding.Same ? 1 : 0, 0, 1};
        outShape = info.output();
        dnnl = OneDnn.available() ? new DnnlPool(iargs[0], iargs[1], iargs[2], iargs[3], max) : null;
    }

    /** Whether this is max pooling, which may take over the previous convolution's ReLU. */
    boolean isMax() {
        return max;
    }

    /**
     * Makes training passes apply ReLU to the pooled output where the previous convolution {@code conv} left it out,
     * and take ReLU's gradient on the pooled output in the backward pass either way.
     *
     * @param nextKeepsInput whether no layer after writes into this one's output ({@link NativeStep#overwritesInput}):
     *        where the kernel applied the ReLU, the pooled tensor is then passed on as it is, not copied, since the
     *        backward pass reads it again after the layers above have run theirs (an activation layer computes its
     *        gradient into its input)
     */
    void applyReluAfter(ConvStep conv, boolean nextKeepsInput) {
        reluOf = conv;
        this.nextKeepsInput = nextKeepsInput;
    }

    @Override
    public INDArray forward(INDArray in, boolean training, boolean keep) {
        INDArray x = pad > 0 ? Nd4j.pad(in, new int[][] {{0, 0}, {pad, pad}, {pad, pad}, {0, 0}}) : in;
        INDArray out = outBuffer.get(spatial((int) in.size(0), outShape));
        dnnlForward = (keep || !max) && dnnl != null && NativeFloats.contiguous(x, out)
                && dnnl.forward(x, out, paddingBefore(iargs, x, out, 1), paddingBefore(iargs, x, out, 2));
        if (!dnnlForward) {
            exec(op, new INDArray[] {x}, new INDArray[] {out}, iargs);
        }
        if (keep) {
            input = x;
        }
        fusedNow = training && reluOf != null && net.fusing();
        if (fusedNow) {
            pooled = out;
            // the pooled maxima of ReLU's output are ReLU's of the pooled maxima
            return reluOf.activated() && nextKeepsInput ? out : NativeOps.relu(out, reluBuffer.get(out.shape()));
        }
        return out;
    }

    @Override
    public INDArray backward(INDArray eps, boolean wanted) {
        INDArray g = null;
        if (fusedNow) {
            eps = activationGradient(new org.nd4j.linalg.activations.impl.ActivationReLU(), pooled, eps,
                    elementwise);
            pooled = null;
        }
        if (wanted) {
            g = inputGradient.get(input.shape());
            if (!(dnnlForward && NativeFloats.contiguous(eps, g) && dnnl.backward(eps, g,
                    paddingBefore(iargs, input, eps, 1), paddingBefore(iargs, input, eps, 2)))) {
                exec(op + "_bp", new INDArray[] {input, eps}, new INDArray[] {g}, iargs);
            }
            if (pad > 0) {
                g = g.get(NDArrayIndex.all(), NDArrayIndex.interval(pad, g.size(1) - pad),
                        NDArrayIndex.interval(pad, g.size(2) - pad), NDArrayIndex.all()).dup('c');
            }
        }
        input = null;
        return g;
    }
}
