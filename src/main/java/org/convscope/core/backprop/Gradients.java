package org.convscope.core.backprop;

/**
 * The loss's gradient for every parameter of a {@link TinyCnn}, shaped as the parameters.
 *
 * @param dK {@code [f][i][j]}
 * @param dConvBias one per kernel
 * @param dW {@code [n][classes]}
 * @param db {@code [classes]}
 */
public record Gradients(double[][][] dK, double[] dConvBias, double[][] dW, double[] db) {

    /** Returns the gradients as flat arrays, in the order of {@link TinyCnn#parameters()}. */
    public double[][] flat() {
        return TinyCnn.flatten(dK, dConvBias, dW, db);
    }
}
