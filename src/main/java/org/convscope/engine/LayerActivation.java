package org.convscope.engine;

import java.util.Objects;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.TensorShape;

/**
 * One layer's output for one input image.
 *
 * @param index 1-based position of the layer in the model
 * @param name the layer's name, user-given or automatic as {@code ModelAnalyzer.layerNames} assigns it
 * @param type the Keras class name, e.g. {@code Conv2D}
 * @param output the values: {@code (H, W, C)} channels-last for image tensors, {@code (1, 1, N)} for vectors
 * @param flat true when the layer outputs a vector {@code (N)} (after {@code Flatten}), false for an image tensor
 */
public record LayerActivation(int index, String name, String type, Volume output, boolean flat) {

    /** Checks the arguments. */
    public LayerActivation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(output, "output");
        if (flat && (output.height() != 1 || output.width() != 1)) {
            throw new IllegalArgumentException("a flat activation is a (1, 1, N) volume, got " + output);
        }
    }

    /** Returns the shape as the analyzer writes it: {@code Spatial(H, W, C)} or {@code Flat(N)}. */
    public TensorShape shape() {
        return flat ? new TensorShape.Flat(output.channels())
                : new TensorShape.Spatial(output.height(), output.width(), output.channels());
    }
}
