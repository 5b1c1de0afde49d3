package org.convscope.engine;

import java.util.List;

/**
 * Every layer's output for one input image, in model order: {@code layers().get(i)} is layer {@code i + 1}.
 *
 * @param layers one entry per layer of the model (immutable copy)
 */
public record Activations(List<LayerActivation> layers) {

    /** Copies the list. */
    public Activations {
        layers = List.copyOf(layers);
    }

    /**
     * Returns one layer's output.
     *
     * @param index 1-based layer position
     * @return the layer's activation
     * @throws IndexOutOfBoundsException if there is no such layer
     */
    public LayerActivation layer(int index) {
        if (index < 1 || index > layers.size()) {
            throw new IndexOutOfBoundsException("layer " + index + " of " + layers.size());
        }
        return layers.get(index - 1);
    }

    /** Returns the number of layers. */
    public int size() {
        return layers.size();
    }
}
