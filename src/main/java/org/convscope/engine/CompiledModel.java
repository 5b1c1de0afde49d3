package org.convscope.engine;

import org.convscope.core.conv.Volume;
import org.convscope.core.model.ModelSpec;

/**
 * A network built by an {@link Engine}: the model it was built from and its current weights.
 *
 * <p>Not safe for concurrent use from several threads unless the engine says otherwise.
 */
public interface CompiledModel {

    /**
     * Returns how inputs are standardised before the first layer, if the model was trained that way; every
     * forward pass, prediction and training batch applies it.
     */
    default java.util.Optional<org.convscope.core.train.InputNormalization> inputNormalization() {
        return java.util.Optional.empty();
    }

    /**
     * Says why this network is only part of the model in its file, when it is: a file read up to its first layer
     * ConvScope cannot represent (e.g. {@code resnet.h5 is shown only up to its first unsupported layer, add (Add);
     * 40 Keras layer(s) from there on are left out}). Such a network's last layer is not the model's output, so
     * predictions, explanations, evaluation, embeddings and training refuse it; feature maps and filters of the layers
     * it has are right.
     *
     * @return the reason, or empty for a whole model
     */
    default java.util.Optional<String> partial() {
        return java.util.Optional.empty();
    }

    /**
     * Returns the names of the classes the last layer's outputs stand for, index = class, when they are known (a
     * model trained on a data set with names, or saved or given with them); empty when they are not, and then class
     * {@code k} is called {@code "class k"}.
     */
    default java.util.List<String> classNames() {
        return java.util.List.of();
    }

    /** Returns the model this network was built from. */
    ModelSpec spec();

    /** Returns the number of stored values (trainable weights plus batch-norm moving statistics), as the analyzer counts them. */
    long parameterCount();

    /**
     * Returns a Conv2D layer's kernels, one per filter, each {@code (kh, kw, C_in)} channels-last like the
     * kernels of {@code core.conv.Convolution}: sliding filter {@code f} over the layer's input (cross-correlation,
     * the layer's strides and padding) and adding the bias gives output channel {@code f} before the activation.
     * A DepthwiseConv2D layer's kernels are {@code (kh, kw, 1)}, one per output channel {@code c * m + j} (input
     * channel {@code c}, depth multiplier {@code m}), each sliding over its own input channel. A SeparableConv2D
     * layer's are those of its depthwise part; its 1x1 part is {@link #pointwise}.
     *
     * @param layerIndex 1-based position of the layer in the model
     * @return {@code filters} volumes of shape {@code (kh, kw, C_in)} (copies)
     * @throws IllegalArgumentException if there is no such layer or it is not a Conv2D, DepthwiseConv2D or
     *         SeparableConv2D layer
     */
    Volume[] filters(int layerIndex);

    /**
     * Returns a SeparableConv2D layer's pointwise (1x1) kernel as a matrix: a {@code (C_in * m, F, 1)} volume whose
     * value at row {@code c}, column {@code f} weighs channel {@code c} of the depthwise part's output in output
     * channel {@code f} (Keras' {@code pointwise_kernel[0, 0, c, f]}).
     *
     * @param layerIndex 1-based position of the layer in the model
     * @return the matrix (a copy)
     * @throws IllegalArgumentException if there is no such layer or it is not a SeparableConv2D layer
     */
    default Volume pointwise(int layerIndex) {
        throw new IllegalArgumentException("layer " + layerIndex + " is not a SeparableConv2D layer");
    }

    /**
     * Returns a Conv2D or Dense layer's biases, one per filter or unit.
     *
     * @param layerIndex 1-based position of the layer in the model
     * @return the biases (a copy); empty when the layer has {@code use_bias = false}
     * @throws IllegalArgumentException if there is no such layer or it has no weights
     */
    double[] biases(int layerIndex);
}
