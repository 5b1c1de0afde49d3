package org.convscope.engine.dl4j;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras' {@code Rescaling(scale, offset)} as an activation: {@code y = x * scale + offset}, element-wise (for
 * example {@code 1/127.5} and {@code -1} take pixels 0..255 to -1..1); the derivative is {@code scale}.
 */
public class ActivationAffine extends BaseActivationFunction {

    private static final long serialVersionUID = 1L;

    private double scale = 1;
    private double offset;

    /** For JSON deserialisation: the identity. */
    public ActivationAffine() {
    }

    /**
     * Creates the activation.
     *
     * @param scale the factor
     * @param offset what is added after scaling
     */
    public ActivationAffine(double scale, double offset) {
        this.scale = scale;
        this.offset = offset;
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return in.muli(scale).addi(offset);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        return new Pair<>(in.assign(epsilon.mul(scale)), null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActivationAffine a && a.scale == scale && a.offset == offset;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(scale, offset);
    }

    @Override
    public String toString() {
        return "affine(x * " + scale + " + " + offset + ")";
    }
}
