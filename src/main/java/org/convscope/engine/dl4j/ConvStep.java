package org.convscope.engine.dl4j;

import static org.convscope.engine.dl4j.NativeOps.activate;
import static org.convscope.engine.dl4j.NativeOps.activationGradient;
import static org.convscope.engine.dl4j.NativeOps.exec;
import static org.convscope.engine.dl4j.NativeOps.spatial;

import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.TensorShape;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conv2D on the native-ops path: {@code conv2d} / {@code conv2d_bp} on NHWC data {@code [n, H, W, C]} with the DL4J
 * layer's OIHW weights {@code W [out, in, kh, kw]} and bias {@code b}, TF-style same padding, then the activation.
 * With ReLU followed by max pooling the ReLU can move after the pooling during training (see
 * {@link NativeOpsNetwork}); the output is then the pre-activation.
 */
final class ConvStep implements NativeStep {
    private final INDArray w;
    private final INDArray b;
    private final INDArray gw;
    private final INDArray gb;
    private final IActivation act;
    private final int[] iargs;
    private final TensorShape outShape;
    private final NativeOps.Buffer zBuffer = new NativeOps.Buffer();
    private final NativeOps.Buffer outBuffer = new NativeOps.Buffer();
    private final NativeOps.Buffer inputGradient = new NativeOps.Buffer();
    private final NativeOps.Buffer columns = new NativeOps.Buffer();
    /** {@code gw} as {@code [out, in*kh*kw]}, or null where the view is not contiguous (then conv2d_bp always). */
    private final INDArray gwRows;
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
        act = NativeOps.activationOf(layer);
        int p = c.padding() instanceof Padding.Explicit e ? e.amount() : 0;
        // kH, kW, sH, sW, pH, pW, dH, dW, same mode, NHWC data, weights [out, in, kh, kw]
        iargs = new int[] {c.kernel().h(), c.kernel().w(), c.strides().h(), c.strides().w(), p, p, 1, 1,
                c.padding() instanceof Padding.Same ? 1 : 0, 1, 1};
        outShape = info.output();
        gwRows = gw.ordering() == 'c' && gw.elementWiseStride() == 1
                ? Nd4j.create(gw.data(), new long[] {w.size(0), w.length() / w.size(0)},
                        new long[] {w.length() / w.size(0), 1}, gw.offset(), 'c')
                : null;
    }

    /** Whether the activation is plain ReLU, which the next max pooling may apply instead. */
    boolean hasRelu() {
        return NativeOps.isRelu(act);
    }

    /** Lets the next max pooling apply this layer's ReLU during training passes. */
    void moveReluToPool() {
        reluMovedToPool = true;
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
        fusedNow = training && reluMovedToPool && net.fusing();
        if (fusedNow) {
            return z; // the next max pooling applies the ReLU after pooling
        }
        return activate(act, z, outBuffer.get(shape), training);
    }

    @Override
    public INDArray backward(INDArray eps, boolean wanted) {
        INDArray dz = fusedNow ? eps : activationGradient(act, preActivation, eps);
        int[] im2col = wanted || gwRows == null ? null : im2colArgs(dz);
        if (im2col != null) {
            weightGradientOnly(dz, im2col);
            return null;
        }
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

    /**
     * dW and db without dL/d(input), which {@code conv2d_bp} always computes (for the first layer a 3-channel image
     * gradient nobody reads, about a quarter of the training step): {@code im2col} writes the input's patches as rows
     * {@code [n*oh*ow, in*kh*kw]} (its output is a permuted view of that buffer, so the columns come out in the
     * weights' OIHW order), then one GEMM gives {@code dW = dz^T cols}.
     */
    private void weightGradientOnly(INDArray dz, int[] a) {
        long n = input.size(0);
        long rows = n * dz.size(1) * dz.size(2);
        INDArray col = columns.get(n, dz.size(1), dz.size(2), w.size(1), w.size(2), w.size(3));
        Nd4j.exec(DynamicCustomOp.builder("im2col").addInputs(input.permute(0, 3, 1, 2))
                .addOutputs(col.permute(0, 3, 4, 5, 1, 2)).addIntegerArguments(a).addFloatingPointArguments(0.0)
                .build());
        INDArray dzRows = dz.reshape('c', rows, dz.size(3));
        Nd4j.gemm(dzRows, col.reshape('c', rows, gwRows.size(1)), gwRows, true, false, 1.0, 0.0);
        if (gb != null) {
            gb.assign(dzRows.sum(0));
        }
        input = null;
        preActivation = null;
    }

    /**
     * The {@code im2col} arguments for this layer on the kept input: same padding as its explicit top/left amount
     * ({@code im2col} reads same mode for its shape only); null where the padding is uneven (the bottom/right one
     * larger), which {@code im2col}'s shape cannot express: conv2d_bp then.
     */
    private int[] im2colArgs(INDArray dz) {
        int[] a = java.util.Arrays.copyOf(iargs, 9);
        if (a[8] == 1) {
            a[4] = (int) Math.max(0, ((dz.size(1) - 1) * a[2] + a[0] - input.size(1)) / 2);
            a[5] = (int) Math.max(0, ((dz.size(2) - 1) * a[3] + a[1] - input.size(2)) / 2);
            a[8] = 0;
        }
        boolean fits = (input.size(1) + 2L * a[4] - a[0]) / a[2] + 1 == dz.size(1)
                && (input.size(2) + 2L * a[5] - a[1]) / a[3] + 1 == dz.size(2);
        return fits ? a : null;
    }
}
