package org.convscope.io;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.ModelSpec;

/**
 * Turns the layers a Keras functional model's {@code inbound_nodes} connect into a {@link ModelSpec}: a chain when
 * every layer takes the one before it, else a graph whose layers keep their Keras names (so that the summary's
 * "Connected to" reads as Keras prints it).
 */
final class KerasGraphs {

    private KerasGraphs() {
    }

    /**
     * Builds the model.
     *
     * @param specs the layers in the file's order
     * @param kerasNames each layer's Keras name
     * @param from each layer's input positions ({@code -1} the input image), or null for the layer before it
     */
    static ModelSpec model(String name, String description, InputSpec input, List<LayerSpec> specs,
                           List<String> kerasNames, List<List<Integer>> from) {
        boolean graph = false;
        for (int i = 0; i < specs.size(); i++) {
            graph |= from.get(i) != null && !from.get(i).equals(List.of(i - 1));
        }
        if (!graph) {
            return new ModelSpec(name, description, input, specs);
        }
        List<LayerSpec> named = new ArrayList<>();
        Map<String, List<String>> links = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            named.add(specs.get(i).withUserName(kerasNames.get(i)));
            if (from.get(i) != null) {
                links.put(kerasNames.get(i), from.get(i).stream().map(f -> f < 0 ? ModelGraph.INPUT : kerasNames.get(f))
                        .toList());
            }
        }
        return new ModelSpec(name, description, input, named, links);
    }

    /**
     * When a model is shown only up to an unsupported layer, keeps the layers whose outputs reach the last one kept
     * (a branch whose join was cut off would end nowhere); the lists are changed in place.
     *
     * @return how many layers were dropped
     */
    static int keepWhatFeedsTheLast(List<LayerSpec> specs, List<String> kerasNames, List<List<Integer>> from,
                                    boolean cut) {
        if (!cut || specs.isEmpty()) {
            return 0;
        }
        Set<Integer> keep = new HashSet<>();
        List<Integer> todo = new ArrayList<>(List.of(specs.size() - 1));
        while (!todo.isEmpty()) {
            int i = todo.remove(todo.size() - 1);
            if (i >= 0 && keep.add(i)) {
                todo.addAll(from.get(i) == null ? List.of(i - 1) : from.get(i));
            }
        }
        if (keep.size() == specs.size()) {
            return 0;
        }
        int[] moved = new int[specs.size()];
        List<LayerSpec> s = new ArrayList<>();
        List<String> k = new ArrayList<>();
        List<List<Integer>> f = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            moved[i] = keep.contains(i) ? s.size() : -2;
            if (keep.contains(i)) {
                s.add(specs.get(i));
                k.add(kerasNames.get(i));
                List<Integer> in = from.get(i) == null ? List.of(i - 1) : from.get(i);
                f.add(in.stream().map(x -> x < 0 ? -1 : moved[x]).toList());
            }
        }
        int dropped = specs.size() - s.size();
        specs.clear();
        specs.addAll(s);
        kerasNames.clear();
        kerasNames.addAll(k);
        from.clear();
        from.addAll(f);
        return dropped;
    }
}
