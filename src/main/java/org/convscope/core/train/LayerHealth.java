package org.convscope.core.train;

/**
 * How one layer learns, over a reporting interval (one measured batch) or an epoch (the means of its measured
 * batches): the numbers {@link HealthAdvisor} reads and the Train screen's "Learning health" tab draws.
 *
 * <p>Only a layer's weights count ({@code W}: a Conv2D kernel {@code [kh, kw, in, out]}, a Dense matrix
 * {@code [in, out]}); biases and batch-normalisation parameters are left out, as is usual for these numbers.
 * <ul>
 *   <li>{@code gradientNorm = ||dL/dW||_2}, the L2 norm of the gradient of the batch's mean cross-entropy;</li>
 *   <li>{@code updateRatio = ||dW||_2 / ||W||_2}, with {@code dW} the update the optimiser actually applied in that
 *       step and {@code W} the weights before it. For SGD without momentum this is {@code ||lr * g|| / ||W||}; with
 *       Nesterov momentum and Adam it is the real step (Adam's is about {@code lr} per weight, whatever the gradient's
 *       size). About {@code 1e-3} is the usual healthy value;</li>
 *   <li>{@code zeroShare}: the share of the layer's ReLU outputs that are exactly 0 (inputs not positive), over the
 *       batch or the epoch's measured batches.</li>
 * </ul>
 *
 * @param layer 1-based layer number in the model
 * @param name the layer's name, as the summary shows it
 * @param gradientNorm {@code ||dL/dW||_2}, or NaN for a layer without weights
 * @param updateRatio {@code ||dW||_2 / ||W||_2}, or NaN for a layer without weights
 * @param zeroShare share of ReLU outputs equal to 0 in {@code [0, 1]}, or NaN for a layer without ReLU
 */
public record LayerHealth(int layer, String name, double gradientNorm, double updateRatio, double zeroShare) {

    /** Whether the layer has weights (and so a gradient norm and an update ratio). */
    public boolean hasWeights() {
        return !Double.isNaN(gradientNorm) || !Double.isNaN(updateRatio);
    }

    /** Whether the layer ends in a ReLU (and so has a zero share). */
    public boolean hasRelu() {
        return !Double.isNaN(zeroShare);
    }
}
