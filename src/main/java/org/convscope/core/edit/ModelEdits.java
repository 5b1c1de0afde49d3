package org.convscope.core.edit;

import static org.convscope.core.text.CoreText.tr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelGraph;
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

    /**
     * Returns the model with new layers whose connections follow the old ones: {@code moved[j]} is the new position of
     * old layer {@code j} ({@code -1} when removed); a removed layer's consumers take its inputs instead; the layer
     * right after an {@code inserted} one takes the inserted layer instead of the one before it. A chain stays a
     * chain.
     */
    static ModelSpec relinked(ModelSpec m, List<LayerSpec> layers, int[] moved, int inserted) {
        if (!m.isGraph()) {
            return withLayers(m, layers);
        }
        ModelGraph g = ModelGraph.of(m);
        List<String> newNames = ModelGraph.names(layers);
        Map<String, List<String>> renamed = new HashMap<>();
        for (int j = 0; j < moved.length; j++) {
            renamed.put(g.names().get(j), moved[j] < 0 ? null : List.of(newNames.get(moved[j])));
        }
        renamed.put(ModelGraph.INPUT, List.of(ModelGraph.INPUT));
        Map<String, List<String>> links = new LinkedHashMap<>();
        for (int j = 0; j < moved.length; j++) {
            if (moved[j] >= 0) {
                List<String> from = new ArrayList<>();
                for (String n : g.inputNamesOf(j)) {
                    follow(n, g, renamed, from, 0);
                }
                if (inserted >= 0 && moved[j] == inserted + 1) {
                    String before = inserted == 0 ? ModelGraph.INPUT : newNames.get(inserted - 1);
                    from.replaceAll(n -> n.equals(before) ? newNames.get(inserted) : n);
                }
                links.put(newNames.get(moved[j]), from);
            }
        }
        return new ModelSpec(m.name(), m.description(), m.input(), layers, links);
    }

    private static void follow(String old, ModelGraph g, Map<String, List<String>> renamed, List<String> out, int depth) {
        List<String> now = renamed.get(old);
        if (now != null) {
            now.stream().filter(n -> !out.contains(n)).forEach(out::add);
        } else if (depth < g.names().size()) { // a removed layer: its consumers take its own inputs
            for (String n : g.inputNamesOf(g.names().indexOf(old))) {
                follow(n, g, renamed, out, depth + 1);
            }
        }
    }

    private static int[] shifted(int size, int from, int by) {
        int[] moved = new int[size];
        for (int j = 0; j < size; j++) {
            moved[j] = j < from ? j : j + by;
        }
        return moved;
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
        return new Edit(tr("edit.add", layer.type()), null, m -> {
            check(m, index, m.layers().size());
            List<LayerSpec> l = new ArrayList<>(m.layers());
            l.add(index, layer);
            return relinked(m, l, shifted(m.layers().size(), index, 1), index);
        });
    }

    /** Appends a layer at the end. */
    public static ModelEdit append(LayerSpec layer) {
        Objects.requireNonNull(layer);
        return new Edit(tr("edit.add", layer.type()), null, m -> {
            List<LayerSpec> l = new ArrayList<>(m.layers());
            l.add(layer);
            return relinked(m, l, shifted(m.layers().size(), m.layers().size(), 0), m.layers().size());
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
        return new Edit(tr("edit.delete", label), null, m -> {
            check(m, index, m.layers().size() - 1);
            List<LayerSpec> l = new ArrayList<>(m.layers());
            l.remove(index);
            int[] moved = shifted(m.layers().size(), index, -1);
            moved[index] = -1;
            return relinked(m, l, moved, -1);
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
        return new Edit(tr("edit.move", label), null, m -> {
            check(m, from, m.layers().size() - 1);
            check(m, to, m.layers().size() - 1);
            List<LayerSpec> l = new ArrayList<>(m.layers());
            l.add(to, l.remove(from));
            List<Integer> order = new ArrayList<>();
            for (int j = 0; j < m.layers().size(); j++) {
                order.add(j);
            }
            order.add(to, order.remove(from));
            int[] moved = new int[order.size()];
            for (int k = 0; k < order.size(); k++) {
                moved[order.get(k)] = k;
            }
            return relinked(m, l, moved, -1);
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
        return new Edit(tr("edit.duplicate", label), null, m -> {
            check(m, index, m.layers().size() - 1);
            List<LayerSpec> l = new ArrayList<>(m.layers());
            l.add(index + 1, LayerSpecs.withName(l.get(index), null));
            return relinked(m, l, shifted(m.layers().size(), index + 1, 1), index + 1);
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
            List<LayerSpec> l = new ArrayList<>(m.layers());
            l.set(index, layer);
            return relinked(m, l, shifted(m.layers().size(), 0, 0), -1); // a new name carries over to its consumers
        });
    }

    /**
     * Makes a layer take the outputs of the named layers ({@link ModelGraph#INPUT} for the input image); naming only
     * the layer before it makes it a plain link of the chain again.
     *
     * @param index position of the layer
     * @param inputNames the names of its inputs, in order
     * @param description e.g. {@code Connect conv2d_4 to add}
     * @return the edit
     */
    public static ModelEdit connect(int index, List<String> inputNames, String description) {
        List<String> from = List.copyOf(inputNames);
        return new Edit(description, null, m -> {
            check(m, index, m.layers().size() - 1);
            Map<String, List<String>> links = new LinkedHashMap<>(m.inputs());
            links.put(ModelGraph.names(m.layers()).get(index), from);
            return m.withInputs(links);
        });
    }

    /**
     * Applies several edits as one undo step.
     *
     * @param description what they do together
     * @param edits the edits, in order
     * @return the edit
     */
    public static ModelEdit chain(String description, List<ModelEdit> edits) {
        List<ModelEdit> all = List.copyOf(edits);
        return new Edit(description, null, m -> {
            ModelSpec at = m;
            for (ModelEdit e : all) {
                at = e.apply(at);
            }
            return at;
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
                m -> new ModelSpec(m.name(), m.description(), input, m.layers(), m.inputs()));
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
