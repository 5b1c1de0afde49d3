package org.convscope.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A sequential CNN: an input image followed by layers applied in order.
 *
 * @param name display name, as Keras' {@code Model: "sequential"}
 * @param description one line shown with presets; may be empty
 * @param input the input image shape
 * @param layers the layers in order (immutable copy)
 */
public record ModelSpec(String name, String description, InputSpec input, List<LayerSpec> layers) {

    /** Creates a model, copying {@code layers}. */
    public ModelSpec {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        Objects.requireNonNull(input, "input");
        layers = List.copyOf(layers);
    }

    /** Returns a copy with another name. */
    public ModelSpec withName(String newName) {
        return new ModelSpec(newName, description, input, layers);
    }

    /** Returns a copy with the layer at {@code index} replaced. */
    public ModelSpec withLayer(int index, LayerSpec layer) {
        List<LayerSpec> copy = new ArrayList<>(layers);
        copy.set(index, layer);
        return new ModelSpec(name, description, input, copy);
    }
}
