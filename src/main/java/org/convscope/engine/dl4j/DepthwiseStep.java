package org.convscope.engine.dl4j;

import static org.convscope.engine.dl4j.NativeOps.activate;
import static org.convscope.engine.dl4j.NativeOps.activationGradient;
import static org.convscope.engine.dl4j.NativeOps.exec;
import static org.convscope.engine.dl4j.NativeOps.spatial;

import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.core.model.TensorShape;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DepthwiseConv2D on the native-ops path: ND4J's {@code depthwise_conv2d} / {@code depthwise_conv2d_bp} on NHWC data
 * {@code [n, H, W, C]} with the DL4J layer's weights {@code W [kh, kw, C, m]} (Keras' layout, weight format 0) and
 * bias {@code b [C*m]}, then the activation. Output channel {@code c*m + j} is input channel {@code c} convolved
 * with its {@code j}-th filter, as in Keras and DL4J.
 */
final class DepthwiseStep implements NativeStep {
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
    private INDArray input;
    private INDArray preActivation;

    /**
     * @param outShape the layer's output (for a SeparableConv2D its depthwise part's: the input's size after the
     *        kernel, {@code C*m} channels)
     */
    DepthwiseStep(Size2 kernel, Size2 strides, Padding padding, TensorShape outShape, Layer layer,
            NativeStep.Owner net) {
        w = layer.getParam("W");
        b = layer.paramTable().get("b");
        gw = net.gradientFor(w);
        gb = net.gradientFor(b);
        act = NativeOps.activationOf(layer);
        int p = padding instanceof Padding.Explicit e ? e.amount() : 0;
        // kH, kW, sH, sW, pH, pW, dH, dW, same mode, NHWC data, weights [kh, kw, C, m]
        iargs = new int[] {kernel.h(), kernel.w(), strides.h(), strides.w(), p, p, 1, 1,
                padding instanceof Padding.Same ? 1 : 0, 1, 0};
        this.outShape = outShape;
    }

    @Override
    public INDArray forward(INDArray in, boolean training, boolean keep) {
        long[] shape = spatial((int) in.size(0), outShape);
        INDArray z = zBuffer.get(shape);
        exec("depthwise_conv2d", b == null ? new INDArray[] {in, w} : new INDArray[] {in, w, b}, new INDArray[] {z},
                iargs);
        if (keep) {
            input = in;
            preActivation = z;
        }
        return activate(act, z, outBuffer.get(shape), training);
    }

    /** dW, db and dL/d(input); {@code depthwise_conv2d_bp} always computes the input gradient. */
    @Override
    public INDArray backward(INDArray eps, boolean wanted) {
        INDArray dz = activationGradient(act, preActivation, eps);
        INDArray gin = inputGradient.get(input.shape());
        if (b == null) {
            exec("depthwise_conv2d_bp", new INDArray[] {input, w, dz}, new INDArray[] {gin, gw}, iargs);
        } else {
            exec("depthwise_conv2d_bp", new INDArray[] {input, w, b, dz}, new INDArray[] {gin, gw, gb}, iargs);
        }
        input = null;
        preActivation = null;
        return wanted ? gin : null;
    }
}
