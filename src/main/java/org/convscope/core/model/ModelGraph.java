package org.convscope.core.model;

import static org.convscope.core.text.CoreText.tr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The connections of a {@link ModelSpec}: every layer's name, inputs and consumers, whether the graph can be run
 * (no unknown input, no cycle, no output left unused) and an order in which every layer comes after its inputs.
 *
 * <p>Layers are numbered by their 0-based position in {@link ModelSpec#layers()}; {@code -1} stands for the input
 * image. The model's output is its last listed layer; every other layer must feed at least one layer.
 */
public final class ModelGraph {

    /** The name by which a layer takes the model's input image, as Keras' {@code InputLayer}. */
    public static final String INPUT = "input";

    /**
     * Why the graph cannot be run.
     *
     * @param layerIndex 0-based position of the layer at fault
     * @param message what is wrong, naming the layers
     * @param suggestion what to change
     */
    public record Problem(int layerIndex, String message, String suggestion) {
    }

    private final List<String> names;
    private final List<List<Integer>> inputs = new ArrayList<>();
    private final List<List<Integer>> consumers = new ArrayList<>();
    private final List<Integer> order = new ArrayList<>();
    private final Map<Integer, Problem> problems = new HashMap<>();
    private final boolean chain;

    private ModelGraph(ModelSpec model) {
        names = names(model.layers());
        int n = names.size();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            consumers.add(new ArrayList<>());
            boolean isInput = names.get(i).equals(INPUT);
            if (index.putIfAbsent(names.get(i), i) != null || isInput) {
                problems.putIfAbsent(i, new Problem(i, tr(isInput ? "graph.name.input" : "graph.name.earlier",
                        names.get(i)), tr("graph.name.fix")));
            }
        }
        model.inputs().keySet().stream().filter(k -> n > 0 && !index.containsKey(k)).findFirst().ifPresent(k ->
                problems.putIfAbsent(n - 1, new Problem(n - 1, tr("graph.inputsOfUnknown", k),
                        tr("graph.inputsOfUnknown.fix", k))));
        boolean plain = true;
        for (int i = 0; i < n; i++) {
            List<String> named = model.inputs().get(names.get(i));
            List<Integer> from = new ArrayList<>();
            if (named == null) {
                from.add(i - 1);
            } else {
                for (String s : named) {
                    Integer at = s.equals(INPUT) ? Integer.valueOf(-1) : index.get(s);
                    if (at == null) {
                        problems.putIfAbsent(i, new Problem(i, tr("graph.unknownInput", s),
                                tr("graph.unknownInput.fix", INPUT)));
                    } else {
                        from.add(at);
                    }
                }
                if (named.isEmpty()) {
                    problems.putIfAbsent(i, new Problem(i, tr("graph.noInput"), tr("graph.noInput.fix")));
                }
            }
            plain &= from.equals(List.of(i - 1));
            inputs.add(from);
            for (int f : from) {
                if (f >= 0) {
                    consumers.get(f).add(i);
                }
            }
        }
        chain = plain;
        sort(n);
        for (int i = 0; i < n - 1 && problems.isEmpty(); i++) { // unknown inputs and cycles leave outputs unused
            if (consumers.get(i).isEmpty()) {
                problems.putIfAbsent(i, new Problem(i, tr("graph.unusedOutput", names.get(n - 1)),
                        tr("graph.unusedOutput.fix", names.get(i))));
            }
        }
    }

    /** Kahn's algorithm, taking the lowest listed layer first so that a listed order that works is kept. */
    private void sort(int n) {
        int[] waiting = new int[n];
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < n; i++) {
            waiting[i] = (int) inputs.get(i).stream().filter(f -> f >= 0).count();
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order.add(i);
            for (int c : consumers.get(i)) {
                if (--waiting[c] == 0) {
                    ready.add(c);
                }
            }
        }
        if (order.size() < n) {
            int start = 0;
            while (waiting[start] == 0) {
                start++;
            }
            List<String> cycle = cycleFrom(start, waiting);
            problems.putIfAbsent(start, new Problem(start, tr("graph.cycle", String.join(" -> ", cycle)),
                    tr("graph.cycle.fix", cycle.get(cycle.size() - 2))));
        }
    }

    /** Follows unsorted inputs back from {@code start} until a layer repeats; returns the cycle in data order. */
    private List<String> cycleFrom(int start, int[] waiting) {
        List<Integer> path = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        int at = start;
        while (seen.add(at)) {
            path.add(at);
            at = inputs.get(at).stream().filter(f -> f >= 0 && waiting[f] > 0).findFirst().orElse(at);
        }
        List<Integer> loop = new ArrayList<>(path.subList(path.indexOf(at), path.size()));
        java.util.Collections.reverse(loop);
        if (loop.contains(start)) {
            java.util.Collections.rotate(loop, -loop.indexOf(start));
        }
        List<String> out = new ArrayList<>();
        loop.forEach(i -> out.add(names.get(i)));
        out.add(out.get(0));
        return out;
    }

    /** Returns the graph of a model. */
    public static ModelGraph of(ModelSpec model) {
        return new ModelGraph(model);
    }

    /**
     * Returns every layer's name, user-given or automatic as Keras assigns them ({@code conv2d}, {@code conv2d_1},
     * ...), in listed order.
     *
     * @param layers the layers
     * @return one name per layer
     */
    public static List<String> names(List<LayerSpec> layers) {
        Map<String, Integer> counters = new HashMap<>();
        List<String> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (LayerSpec spec : layers) {
            String name = spec.name().orElse(null);
            if (name == null) {
                do {
                    int k = counters.merge(spec.kerasNamePrefix(), 1, Integer::sum) - 1;
                    name = k == 0 ? spec.kerasNamePrefix() : spec.kerasNamePrefix() + "_" + k;
                } while (taken.contains(name));
            }
            taken.add(name);
            out.add(name);
        }
        return out;
    }

    /** Returns every layer's name in listed order. */
    public List<String> names() {
        return List.copyOf(names);
    }

    /** Returns the positions of a layer's inputs ({@code -1} for the input image), in the order they are named. */
    public List<Integer> inputsOf(int layer) {
        return List.copyOf(inputs.get(layer));
    }

    /** Returns the names of a layer's inputs ({@link #INPUT} for the input image). */
    public List<String> inputNamesOf(int layer) {
        return inputs.get(layer).stream().map(i -> i < 0 ? INPUT : names.get(i)).toList();
    }

    /** Returns the positions of the layers that take this layer's output, in listed order. */
    public List<Integer> consumersOf(int layer) {
        return List.copyOf(consumers.get(layer));
    }

    /** Returns the positions in an order where every layer follows its inputs (cyclic layers left out). */
    public List<Integer> order() {
        return List.copyOf(order);
    }

    /** Returns true when every layer takes the output of the one listed before it. */
    public boolean isChain() {
        return chain;
    }

    /** Returns the first problem in listed order, if any. */
    public Optional<Problem> problem() {
        return problems.keySet().stream().min(Integer::compare).map(problems::get);
    }
}
