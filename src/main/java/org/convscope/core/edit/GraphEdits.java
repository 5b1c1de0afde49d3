package org.convscope.core.edit;

import static org.convscope.core.text.CoreText.tr;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.ModelSpec;

/**
 * The edits that change a model's shape as a graph: start a branch from a layer, join two layers with an
 * {@code Add} or {@code Concatenate}, delete a join and reconnect what it fed.
 *
 * <p>Positions are 0-based indexes into {@link ModelSpec#layers()}; {@code -1} is the input image. Connections are
 * kept by identity, so layers whose automatic names shift (a second {@code conv2d} becomes {@code conv2d_2}) keep
 * their links; a result that is a chain is stored as one.
 */
public final class GraphEdits {

    private GraphEdits() {
    }

    private record Edit(String description, java.util.function.UnaryOperator<ModelSpec> change) implements ModelEdit {
        @Override
        public ModelSpec apply(ModelSpec before) {
            return change.apply(before);
        }
    }

    /** Every layer's inputs as positions. */
    private static List<List<Integer>> inputs(ModelGraph g) {
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < g.names().size(); i++) {
            out.add(new ArrayList<>(g.inputsOf(i)));
        }
        return out;
    }

    /** Returns the model with these layers, each taking the inputs at the given positions. */
    static ModelSpec build(ModelSpec m, List<LayerSpec> layers, List<List<Integer>> inputs) {
        List<String> names = ModelGraph.names(layers);
        Map<String, List<String>> links = new LinkedHashMap<>();
        for (int k = 0; k < layers.size(); k++) {
            links.put(names.get(k), inputs.get(k).stream().map(p -> p < 0 ? ModelGraph.INPUT : names.get(p)).toList());
        }
        return new ModelSpec(m.name(), m.description(), m.input(), layers, links);
    }

    private static void check(ModelSpec m, int position) {
        if (position < -1 || position >= m.layers().size()) {
            throw new IllegalArgumentException("layer position " + position + " is outside -1.."
                    + (m.layers().size() - 1));
        }
    }

    /**
     * Adds a layer fed by another, listed right after it, as a new branch: nothing takes its output yet (the model
     * says so until it is joined, e.g. with {@link #join}).
     *
     * @param from position of the layer that feeds it, {@code -1} for the input image
     * @param layer the new layer
     * @param fromName the name of {@code from}, for the Undo menu
     * @return the edit
     */
    public static ModelEdit branch(int from, LayerSpec layer, String fromName) {
        Objects.requireNonNull(layer);
        return new Edit(tr("edit.branch", layer.type(), fromName), m -> {
            check(m, from);
            List<List<Integer>> in = shifted(inputs(ModelGraph.of(m)), from + 1);
            in.add(from + 1, new ArrayList<>(List.of(from)));
            List<LayerSpec> layers = new ArrayList<>(m.layers());
            layers.add(from + 1, layer);
            return build(m, layers, in);
        });
    }

    /**
     * Inserts a layer on a connection: it takes {@code from}'s output and {@code to} takes the new layer's output in
     * place of {@code from}'s; every other connection stays. The new layer is listed right before {@code to}.
     *
     * @param from position of the connection's source, {@code -1} for the input image
     * @param to position of the layer that takes it
     * @param layer the new layer
     * @param description e.g. {@code Add Conv2D between conv2d_1 and add}, for the Undo menu
     * @return the edit
     * @throws IllegalArgumentException (when applied) if {@code to} does not take {@code from}
     */
    public static ModelEdit insertOnEdge(int from, int to, LayerSpec layer, String description) {
        Objects.requireNonNull(layer);
        return new Edit(description, m -> {
            check(m, from);
            check(m, to);
            List<List<Integer>> in = inputs(ModelGraph.of(m));
            if (to < 0 || !in.get(to).contains(from)) {
                throw new IllegalArgumentException("layer " + to + " does not take layer " + from);
            }
            int source = from >= to ? from + 1 : from;
            in = shifted(in, to);
            in.get(to).replaceAll(p -> p == source ? to : p); // the target, shifted to position to + 1 below
            in.add(to, new ArrayList<>(List.of(source)));
            List<LayerSpec> layers = new ArrayList<>(m.layers());
            layers.add(to, layer);
            return build(m, layers, in);
        });
    }

    /**
     * Inserts a layer after another: it takes that layer's output, and every layer that took it takes the new
     * layer's instead (both paths of a residual block start after it). Listed right after {@code after}; inserted
     * after the output layer it becomes the output.
     *
     * @param after position of the layer, {@code -1} for the input image
     * @param layer the new layer
     * @param description e.g. {@code Add Conv2D after conv2d_1}, for the Undo menu
     * @return the edit
     */
    public static ModelEdit insertAfter(int after, LayerSpec layer, String description) {
        Objects.requireNonNull(layer);
        return new Edit(description, m -> {
            check(m, after);
            int at = after + 1;
            List<List<Integer>> in = shifted(inputs(ModelGraph.of(m)), at);
            for (List<Integer> l : in) {
                l.replaceAll(p -> p == after ? at : p);
            }
            in.add(at, new ArrayList<>(List.of(after)));
            List<LayerSpec> layers = new ArrayList<>(m.layers());
            layers.add(at, layer);
            return build(m, layers, in);
        });
    }

    /** Adds 1 to every position at or after {@code at}. */
    private static List<List<Integer>> shifted(List<List<Integer>> in, int at) {
        List<List<Integer>> out = new ArrayList<>();
        for (List<Integer> l : in) {
            out.add(new ArrayList<>(l.stream().map(p -> p >= at ? p + 1 : p).toList()));
        }
        return out;
    }

    /**
     * Returns which of two layers a join of them continues: the one later in data order. The join takes its place
     * for every layer that took its output, which keeps the graph free of cycles.
     */
    static int continued(ModelSpec m, int a, int b) {
        List<Integer> order = ModelGraph.of(m).order();
        return order.indexOf(a) >= order.indexOf(b) ? a : b;
    }

    /**
     * Returns the position the join of {@code a} and {@code b} gets: right after the one it continues.
     *
     * @param m the model before
     * @param a a position
     * @param b another
     * @return the join's position in the model after
     */
    public static int joinPosition(ModelSpec m, int a, int b) {
        return continued(m, a, b) + 1;
    }

    /**
     * Joins two layers: a new {@code Add} or {@code Concatenate} takes both, listed right after the one later in data
     * order, and takes that one's place as the input of the layers that took it (a residual connection when the other
     * is where a block starts). Shape mismatches show as the join's problem, with their fixes.
     *
     * @param a position of one layer ({@code -1} for the input)
     * @param b position of the other
     * @param join the new Add or Concatenate
     * @param description e.g. {@code Add conv2d_3 and activation_1}
     * @return the edit
     */
    public static ModelEdit join(int a, int b, LayerSpec join, String description) {
        if (!join.join()) {
            throw new IllegalArgumentException(join.type() + " is not a join");
        }
        return new Edit(description, m -> {
            check(m, a);
            check(m, b);
            if (a == b) {
                throw new IllegalArgumentException("a join needs two different layers");
            }
            int target = continued(m, a, b);
            int other = target == a ? b : a;
            int at = target + 1;
            List<List<Integer>> in = shifted(inputs(ModelGraph.of(m)), at);
            for (List<Integer> l : in) {
                l.replaceAll(p -> p == target ? at : p);
            }
            in.add(at, new ArrayList<>(List.of(target, other >= at ? other + 1 : other)));
            List<LayerSpec> layers = new ArrayList<>(m.layers());
            layers.add(at, join);
            return build(m, layers, in);
        });
    }

    /**
     * Returns the input a join keeps without asking when it is deleted: the one every other input leads to (the main
     * path of a residual block, whose other input is where the block starts). Empty when the inputs are parallel
     * branches and the user must choose.
     *
     * @param m the model
     * @param join position of the join
     * @return the index among the join's inputs
     */
    public static Optional<Integer> keptInput(ModelSpec m, int join) {
        ModelGraph g = ModelGraph.of(m);
        List<Integer> from = g.inputsOf(join);
        for (int k = 0; k < from.size(); k++) {
            Set<Integer> before = ancestors(g, from.get(k));
            boolean all = true;
            for (int j = 0; j < from.size(); j++) {
                all &= j == k || before.contains(from.get(j));
            }
            if (all) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** Returns every position that feeds {@code at}, directly or not, the input ({@code -1}) included. */
    private static Set<Integer> ancestors(ModelGraph g, int at) {
        Set<Integer> seen = new HashSet<>();
        ArrayDeque<Integer> todo = new ArrayDeque<>(List.of(at));
        seen.add(-1);
        while (!todo.isEmpty()) {
            int p = todo.pop();
            if (p >= 0) {
                for (int f : g.inputsOf(p)) {
                    if (seen.add(f)) {
                        todo.push(f);
                    }
                }
            }
        }
        return seen;
    }

    /**
     * Deletes a join: the layers that took its output take its {@code keep}-th input instead, and the layers that
     * only fed the other inputs (a projection shortcut, say) go with it.
     *
     * @param join position of the join
     * @param keep index among its inputs of the one to keep
     * @param label the join's name, for the Undo menu
     * @return the edit
     */
    public static ModelEdit removeJoin(int join, int keep, String label) {
        return new Edit(tr("edit.delete", label), m -> {
            check(m, join);
            ModelGraph g = ModelGraph.of(m);
            List<Integer> from = g.inputsOf(join);
            if (keep < 0 || keep >= from.size()) {
                throw new IllegalArgumentException(label + " has no input " + keep);
            }
            int kept = from.get(keep);
            List<List<Integer>> in = inputs(g);
            boolean[] gone = new boolean[in.size()];
            gone[join] = true;
            for (List<Integer> l : in) {
                if (l.contains(join)) {
                    l.replaceAll(p -> p == join ? kept : p);
                    List<Integer> unique = new ArrayList<>(new java.util.LinkedHashSet<>(l));
                    l.clear();
                    l.addAll(unique);
                }
            }
            int last = in.size() - 1;
            boolean pruned = true;
            while (pruned) { // the layers whose output nothing takes any more, back along the dropped inputs
                pruned = false;
                for (int p = 0; p < last; p++) {
                    if (!gone[p] && p != kept && unused(in, gone, p) && (from.contains(p) || feeds(g, p, from))) {
                        gone[p] = true;
                        pruned = true;
                    }
                }
            }
            return compact(m, in, gone, join == last ? kept : -2);
        });
    }

    private static boolean unused(List<List<Integer>> in, boolean[] gone, int p) {
        for (int c = 0; c < in.size(); c++) {
            if (!gone[c] && in.get(c).contains(p)) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code p} feeds one of the join's inputs (so pruning never reaches beyond the deleted branch). */
    private static boolean feeds(ModelGraph g, int p, List<Integer> dropped) {
        for (int d : dropped) {
            if (d >= 0 && ancestors(g, d).contains(p)) {
                return true;
            }
        }
        return false;
    }

    /** Drops the gone layers; when the deleted join was the output, {@code newLast} becomes the last listed layer. */
    private static ModelSpec compact(ModelSpec m, List<List<Integer>> in, boolean[] gone, int newLast) {
        List<Integer> keepOrder = new ArrayList<>();
        for (int p = 0; p < in.size(); p++) {
            if (!gone[p] && p != newLast) {
                keepOrder.add(p);
            }
        }
        if (newLast >= 0) {
            keepOrder.add(newLast);
        }
        int[] moved = new int[in.size()];
        java.util.Arrays.fill(moved, -1);
        for (int k = 0; k < keepOrder.size(); k++) {
            moved[keepOrder.get(k)] = k;
        }
        List<LayerSpec> layers = new ArrayList<>();
        List<List<Integer>> links = new ArrayList<>();
        for (int p : keepOrder) {
            layers.add(m.layers().get(p));
            links.add(in.get(p).stream().map(q -> q < 0 ? -1 : moved[q]).toList());
        }
        return build(m, layers, links);
    }
}
