package org.convscope.engine.dl4j;

import static org.convscope.engine.dl4j.NativeOps.activate;
import static org.convscope.engine.dl4j.NativeOps.activationGradient;

import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dense on the native-ops path: {@code z = x W + b} on {@code [n, in]} with the DL4J layer's {@code W [in, units]}
 * (column-major) and {@code b}, then the activation. The network's last Dense layer is also read as logits: the
 * training loss and Grad-CAM start from {@link #logits} and {@link #backwardFromLogits}.
 */
final class DenseStep implements NativeStep {
    private final INDArray w;
    private final INDArray b;
    private final INDArray gw;
    private final INDArray gb;
    private final IActivation act;
    private final NativeOps.Buffer zBuffer = new NativeOps.Buffer();
    private final NativeOps.Buffer outBuffer = new NativeOps.Buffer();
    private final NativeOps.Buffer inputGradient = new NativeOps.Buffer();
    private INDArray input;
    private INDArray preActivation;

    DenseStep(Layer layer, NativeOpsNetwork net) {
        w = layer.getParam("W"); // [in, units], column-major
        b = layer.paramTable().get("b");
        gw = net.gradientFor(w);
        gb = net.gradientFor(b);
        act = NativeOps.activationOf(layer);
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
