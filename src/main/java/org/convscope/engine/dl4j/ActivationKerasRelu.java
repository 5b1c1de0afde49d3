package org.convscope.engine.dl4j;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras' {@code ReLU(max_value, negative_slope, threshold)} layer, element-wise:
 * {@code y = max_value} for {@code x >= max_value}, {@code y = x} for {@code threshold <= x < max_value}, and
 * {@code y = negative_slope * (x - threshold)} below the threshold; ReLU6 is {@code max_value = 6}. The derivative
 * is 0, 1 and {@code negative_slope} on those three ranges.
 */
public class ActivationKerasRelu extends BaseActivationFunction {

    private static final long serialVersionUID = 1L;

    private double maxValue = Double.POSITIVE_INFINITY;
    private double negativeSlope;
    private double threshold;

    /** For JSON deserialisation: a plain ReLU. */
    public ActivationKerasRelu() {
    }

    /**
     * Creates the activation.
     *
     * @param maxValue the ceiling, or null for none
     * @param negativeSlope the slope below the threshold
     * @param threshold where the identity part starts
     */
    public ActivationKerasRelu(Double maxValue, double negativeSlope, double threshold) {
        this.maxValue = maxValue == null ? Double.POSITIVE_INFINITY : maxValue;
        this.negativeSlope = negativeSlope;
        this.threshold = threshold;
    }

    /** Returns 1 where {@code x >= threshold}, 0 elsewhere, in the input's type. */
    private INDArray identityPart(INDArray in) {
        return in.gte(threshold).castTo(in.dataType());
    }

    /** Returns 1 where {@code x < max_value}, 0 elsewhere. */
    private INDArray belowCeiling(INDArray in) {
        return in.lt(maxValue).castTo(in.dataType());
    }

    /** Returns the derivative: {@code below * (id + (1 - id) * negative_slope)}. */
    private INDArray slope(INDArray in) {
        INDArray id = identityPart(in);
        return id.rsub(1.0).muli(negativeSlope).addi(id).muli(belowCeiling(in));
    }

    /** Whether this is a plain ReLU with an optional ceiling (ReLU6): no slope, no threshold. */
    private boolean plain() {
        return negativeSlope == 0 && threshold == 0;
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        if (plain()) { // min(max(x, 0), max_value) in place: the general form below makes ten temporary arrays
            org.nd4j.linalg.ops.transforms.Transforms.relu(in, false);
            return maxValue == Double.POSITIVE_INFINITY ? in
                    : org.nd4j.linalg.ops.transforms.Transforms.min(in, maxValue, false);
        }
        INDArray id = identityPart(in);
        INDArray below = belowCeiling(in);
        // below * (id * x + (1 - id) * slope * (x - threshold)) + (1 - below) * max_value
        INDArray y = in.mul(id).addi(id.rsub(1.0).muli(in.sub(threshold)).muli(negativeSlope)).muli(below);
        if (maxValue != Double.POSITIVE_INFINITY) {
            y.addi(below.rsub(1.0).muli(maxValue));
        }
        return in.assign(y);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        if (plain()) { // 1 where 0 <= x < max_value
            INDArray open = identityPart(in).muli(belowCeiling(in));
            return new Pair<>(in.assign(open.muli(epsilon)), null);
        }
        return new Pair<>(in.assign(epsilon.mul(slope(in))), null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActivationKerasRelu r && r.maxValue == maxValue && r.negativeSlope == negativeSlope
                && r.threshold == threshold;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(maxValue, negativeSlope, threshold);
    }

    @Override
    public String toString() {
        return "relu(max " + maxValue + ", negative slope " + negativeSlope + ", threshold " + threshold + ")";
    }
}
