package org.convscope.engine.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One layer of {@link NativeOpsNetwork}: forward on channels-last {@code [n, H, W, C]} (or flat {@code [n, units]})
 * float arrays, and backward from the gradient of its output. Steps with weights read the DL4J network's parameter
 * views and write their weight gradients into views of the network's flat gradient.
 */
interface NativeStep {
    /**
     * Computes the layer's output.
     *
     * @param in the previous layer's output
     * @param training dropout on and batch statistics in batch normalisation
     * @param keep keep what {@link #backward} needs (the input, the pre-activation)
     * @return the output, possibly in a buffer the next pass reuses
     */
    INDArray forward(INDArray in, boolean training, boolean keep);

    /**
     * Back-propagates through the layer of the last forward pass that kept its inputs, writing weight gradients.
     *
     * @param eps dL/d(output)
     * @param inputGradient whether dL/d(input) is wanted
     * @return dL/d(input), or null when not wanted
     */
    INDArray backward(INDArray eps, boolean inputGradient);

    /**
     * Whether {@link #backward} writes into the array its forward pass was given (an activation layer computes its
     * gradient there): the step before must then not hand it an array its own backward pass still reads.
     */
    default boolean overwritesInput() {
        return false;
    }

    /**
     * What a step with weights needs from the network it belongs to ({@link NativeOpsNetwork} or
     * {@link NativeOpsGraph}): views of the flat gradient, and whether a fused training pass is running.
     */
    interface Owner {
        /** Returns the gradient view that mirrors a parameter view (same shape, strides and offset), or null for null. */
        INDArray gradientFor(INDArray param);

        /** Whether a Conv2D's ReLU runs after the next max pooling in the current pass (chains only). */
        boolean fusing();
    }
}
