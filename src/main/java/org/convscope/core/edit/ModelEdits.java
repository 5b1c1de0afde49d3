package org.convscope.core.edit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;

/**
 * The edits the Build screen offers: add, remove, move, duplicate and replace layers, change the input.
 *
 * <p>Layer positions are 0-based indexes into {@link ModelSpec#layers()}.
 */
public final class ModelEdits {

    private ModelEdits() {
    }

    private record Edit(String description, String mergeKey, UnaryOperator<ModelSpec> change) implements ModelEdit {
        @Override
        public ModelSpec apply(ModelSpec before) {
            return change.apply(before);
        }
    }

    private static ModelSpec withLayers(ModelSpec m, List<LayerSpec> layers) {
        return new ModelSpec(m.name(), m.description(), m.input(), layers);
    }

    private static void check(ModelSpec m, int index, int max) {
        if (index < 0 || index > max) {
            throw new IllegalArgumentException("layer position " + index + " is outside 0.." + max
                    + " for a model with " + m.layers().size() + " layers");
        }
    }

    /**
     * Inserts a layer.
     *
     * @param index position of the new layer, 0..size
     * @param layer the layer
     * @return the edit
     */
    public static ModelEdit insert(int index, LayerSpec layer) {
        Objects.requireNonNull(layer);
        return new Edit("Add " + layer.type(), null, m -> {
            check(m, index, m.layers().size());
            List<LayerSpec> l = new ArrayList<>(m.layers());
            l.add(index, layer);
            return withLayers(m, l);
        });
    }

    /** Appends a layer at the end. */
    public static ModelEdit append(LayerSpec layer) {
        Objects.requireNonNull(layer);
        return new Edit("Add " + layer.type(), null, m -> {
            List<LayerSpec> l = new ArrayList<>(m.layers());
            l.add(layer);
            return withLayers(m, l);
        });
    }

    /**
     * Removes a layer.
     *
     * @param index position of the layer
     * @param label the layer's name, for the description
     * @return the edit
     */
    public static ModelEdit remove(int index, String label) {
        return new Edit("Delete " + label, null, m -> {
            check(m, index, m.layers().size() - 1);
            List<LayerSpec> l = new ArrayList<>(m.layers());
            l.remove(index);
            return withLayers(m, l);
        });
    }

    /**
     * Moves a layer.
     *
     * @param from its position now
     * @param to its position afterwards (in the list after removal from {@code from})
     * @param label the layer's name, for the description
     * @return the edit
     */
    public static ModelEdit move(int from, int to, String label) {
        return new Edit("Move " + label, null, m -> {
            check(m, from, m.layers().size() - 1);
            check(m, to, m.layers().size() - 1);
            List<LayerSpec> l = new ArrayList<>(m.layers());
            l.add(to, l.remove(from));
            return withLayers(m, l);
        });
    }

    /**
     * Inserts a copy of a layer right after it (without its user name, which must stay unique).
     *
     * @param index position of the layer
     * @param label the layer's name, for the description
     * @return the edit
     */
    public static ModelEdit duplicate(int index, String label) {
        return new Edit("Duplicate " + label, null, m -> {
            check(m, index, m.layers().size() - 1);
            List<LayerSpec> l = new ArrayList<>(m.layers());
            l.add(index + 1, LayerSpecs.withName(l.get(index), null));
            return withLayers(m, l);
        });
    }

    /**
     * Replaces a layer with a changed copy, e.g. after a property edit.
     *
     * @param index position of the layer
     * @param layer the new layer
     * @param description e.g. {@code Set filters of conv2d to 64}
     * @param mergeKey consecutive edits with the same key merge into one undo step; null never merges
     * @return the edit
     */
    public static ModelEdit replace(int index, LayerSpec layer, String description, String mergeKey) {
        Objects.requireNonNull(layer);
        return new Edit(description, mergeKey, m -> {
            check(m, index, m.layers().size() - 1);
            return m.withLayer(index, layer);
        });
    }

    /**
     * Changes the input image shape.
     *
     * @param input the new input
     * @param description e.g. {@code Set input height to 64}
     * @param mergeKey as for {@link #replace}
     * @return the edit
     */
    public static ModelEdit setInput(InputSpec input, String description, String mergeKey) {
        Objects.requireNonNull(input);
        return new Edit(description, mergeKey,
                m -> new ModelSpec(m.name(), m.description(), input, m.layers()));
    }

    /**
     * Replaces the whole model, e.g. "New from preset" or an import.
     *
     * @param model the new model
     * @param description e.g. {@code Load preset VGG16}
     * @return the edit
     */
    public static ModelEdit replaceAll(ModelSpec model, String description) {
        Objects.requireNonNull(model);
        return new Edit(description, null, m -> model);
    }
}
