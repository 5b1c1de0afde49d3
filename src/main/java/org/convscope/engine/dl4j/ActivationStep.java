package org.convscope.engine.dl4j;

import static org.convscope.engine.dl4j.NativeOps.activate;
import static org.convscope.engine.dl4j.NativeOps.activationGradient;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A separate activation layer on the native-ops path: DL4J's own {@code IActivation} forward and backward. */
final class ActivationStep implements NativeStep {
    private final IActivation act;
    private final NativeOps.Buffer outBuffer = new NativeOps.Buffer();
    private INDArray input;

    ActivationStep(IActivation act) {
        this.act = act;
    }

    /** Whether this is DL4J's plain ReLU, which a batch norm or Add before it may apply instead. */
    boolean plainRelu() {
        return NativeOps.isRelu(act);
    }

    @Override
    public INDArray forward(INDArray in, boolean training, boolean keep) {
        if (keep) {
            input = in;
        }
        return activate(act, in, outBuffer.get(in.shape()), training);
    }

    @Override
    public boolean overwritesInput() {
        return true;
    }

    @Override
    public INDArray backward(INDArray eps, boolean inputGradient) {
        INDArray g = activationGradient(act, input, eps); // the input is not needed after this
        input = null;
        return g;
    }
}
