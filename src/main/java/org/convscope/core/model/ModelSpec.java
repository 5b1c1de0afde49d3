package org.convscope.core.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A CNN: an input image followed by layers, a chain unless some layers name their inputs.
 *
 * <p>A layer without an entry in {@code inputs} takes the output of the layer listed before it (the input image
 * for the first layer), so a chain needs no names. A layer with an entry takes the outputs of the named layers
 * ({@link ModelGraph#INPUT} names the input image): {@code "add": ["conv2d_3", "conv2d_5"]} makes a skip
 * connection. The model's output is its last listed layer. {@link ModelGraph} checks and orders the graph.
 *
 * @param name display name, as Keras' {@code Model: "sequential"}
 * @param description one line shown with presets; may be empty
 * @param input the input image shape
 * @param layers the layers in order (immutable copy)
 * @param inputs layer name to the names of its inputs, for the layers that do not simply follow the one before
 *     (immutable copy, in insertion order; empty for a chain)
 */
public record ModelSpec(String name, String description, InputSpec input, List<LayerSpec> layers,
                        Map<String, List<String>> inputs) {

    /** Creates a model, copying {@code layers} and {@code inputs}. */
    public ModelSpec {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        Objects.requireNonNull(input, "input");
        layers = List.copyOf(layers);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        if (inputs != null && !inputs.isEmpty()) {
            List<String> names = ModelGraph.names(layers);
            inputs.forEach((k, v) -> {
                int at = names.indexOf(Objects.requireNonNull(k, "layer name"));
                List<String> previous = List.of(at == 0 ? ModelGraph.INPUT : at > 0 ? names.get(at - 1) : "");
                if (!v.equals(previous)) {
                    copy.put(k, List.copyOf(v)); // an entry that names the layer before is the chain's default
                }
            });
        }
        inputs = java.util.Collections.unmodifiableMap(copy);
    }

    /** Creates a chain: every layer takes the output of the one before. */
    public ModelSpec(String name, String description, InputSpec input, List<LayerSpec> layers) {
        this(name, description, input, layers, Map.of());
    }

    /** Returns true when some layer takes other inputs than the output of the layer before it: not a chain. */
    public boolean isGraph() {
        return !inputs.isEmpty();
    }

    /** Returns a copy with another name. */
    public ModelSpec withName(String newName) {
        return new ModelSpec(newName, description, input, layers, inputs);
    }

    /** Returns a copy with the layer at {@code index} replaced (its connections kept). */
    public ModelSpec withLayer(int index, LayerSpec layer) {
        List<LayerSpec> copy = new ArrayList<>(layers);
        copy.set(index, layer);
        return new ModelSpec(name, description, input, copy, inputs);
    }

    /** Returns a copy with other layers and the same connections. */
    public ModelSpec withLayers(List<LayerSpec> newLayers) {
        return new ModelSpec(name, description, input, newLayers, inputs);
    }

    /** Returns a copy with other connections ({@code inputs} as for the record). */
    public ModelSpec withInputs(Map<String, List<String>> newInputs) {
        return new ModelSpec(name, description, input, layers, newInputs);
    }
}
