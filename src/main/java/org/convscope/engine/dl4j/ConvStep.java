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
