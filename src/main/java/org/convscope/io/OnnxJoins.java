package org.convscope.io;

import static org.convscope.core.text.CoreText.tr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.TensorShape;

/**
 * The graph side of {@link OnnxChain}: what the walk knows of every value the image flows through (the layer that
 * made it, its shape, a flatten or Pad waiting for the next layer), the joins ({@code Add} of two layers' outputs as
 * {@link LayerSpec.Add}, {@code Concat} on the channels as {@link LayerSpec.Concatenate}) and the model the layers
 * and their inputs make: a chain when every layer reads the one before it, else a graph whose layers carry their
 * automatic names ({@code conv2d_3}) so that {@code inputs} can name them.
 */
final class OnnxJoins {

    /**
     * One value on the image's paths.
     *
     * @param layer the position of the layer that made it, -1 for the image
     * @param shape its shape as ConvScope sees it
     * @param flattenedFrom the map a flatten flattened, until a Dense reorders its rows; null otherwise
     * @param pendingPad {@code (top, left, bottom, right)} of a Pad waiting for a convolution or pooling, or null
     * @param padMinusInf whether that Pad fills with -infinity
     */
    record Value(int layer, TensorShape shape, TensorShape.Spatial flattenedFrom, long[] pendingPad,
                 boolean padMinusInf) {
    }

    private OnnxJoins() {
    }

    /** True when the node joins values of the image's paths: an Add of two of them, or a Concat of such values. */
    static boolean isJoin(OnnxChain ch, OnnxGraph.Node n) {
        if (n.op().equals("Add")) {
            return n.inputs().size() == 2 && ch.value(n.input(0)) != null && ch.value(n.input(1)) != null;
        }
        return n.op().equals("Concat") && n.inputs().stream().anyMatch(in -> ch.value(in) != null);
    }

    /** Adds an Add or Concatenate layer reading the layers that made the node's inputs; null when done, else why not. */
    static String join(OnnxChain ch, OnnxGraph.Node n) throws ModelFileException {
        List<Integer> from = new ArrayList<>();
        List<Value> values = new ArrayList<>();
        for (String in : n.inputs()) {
            Value v = ch.value(in);
            if (v == null) {
                return tr("error.onnx.joinInput", n.op(), in);
            }
            if (v.pendingPad() != null) {
                return tr("error.onnx.padBefore", n.op());
            }
            from.add(v.layer());
            values.add(v);
        }
        TensorShape.Spatial flattened = values.get(0).flattenedFrom();
        boolean sameFlatten = values.stream().allMatch(v -> v.flattenedFrom() == null ? flattened == null
                : v.flattenedFrom().equals(flattened));
        LayerSpec layer;
        if (n.op().equals("Add")) {
            if (!sameFlatten) {
                return tr("error.onnx.addFlattened");
            }
            layer = new LayerSpec.Add(null);
        } else {
            TensorShape first = values.get(0).shape();
            long axis = n.i("axis", 1);
            boolean channels = first instanceof TensorShape.Spatial ? axis == 1 || axis == -3 : axis == 1 || axis == -1;
            if (!channels) {
                return tr("error.onnx.concatAxis", axis, Arrays.toString(OnnxLayers.onnxDims(first)));
            }
            if (values.stream().anyMatch(v -> v.flattenedFrom() != null)) {
                return tr("error.onnx.concatFlattened");
            }
            layer = new LayerSpec.Concatenate(null);
        }
        ch.flattenedFrom = n.op().equals("Add") ? flattened : null;
        ch.pendingPad = null;
        ch.addWithInputs(n, layer, List.of(), from);
        return null;
    }

    /**
     * The output shape of the last layer, analysed in the model made of it and the layers that feed it (a branch
     * not joined yet would be an unused output in the whole model so far).
     *
     * @return the analysis of that part; its last layer is the new one
     */
    static ModelAnalysis analyseLast(OnnxChain ch) {
        List<LayerSpec> layers = new ArrayList<>(ch.layers);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            keys.add(String.valueOf(i));
        }
        List<List<Integer>> from = new ArrayList<>(ch.from);
        KerasGraphs.keepWhatFeedsTheLast(layers, keys, from, true);
        return ModelAnalyzer.analyze(model(ch, "onnx", "", layers, from));
    }

    /**
     * The model the walk made: layers that feed nothing (a branch cut off by an unsupported op) are dropped from
     * {@code ch}'s lists.
     *
     * @param cut whether an unsupported op ended the walk
     * @return how many layers were dropped
     */
    static int keepWhatFeedsTheLast(OnnxChain ch, boolean cut) {
        List<LayerSpec> layers = new ArrayList<>(ch.layers);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            keys.add(String.valueOf(i));
        }
        List<List<Integer>> from = new ArrayList<>(ch.from);
        int dropped = KerasGraphs.keepWhatFeedsTheLast(layers, keys, from, cut);
        if (dropped > 0) {
            Set<Integer> kept = new HashSet<>();
            keys.forEach(k -> kept.add(Integer.parseInt(k)));
            List<String> names = new ArrayList<>();
            List<List<KerasH5.Tensor>> weights = new ArrayList<>();
            for (int i = 0; i < ch.layers.size(); i++) {
                if (kept.contains(i)) {
                    names.add(ch.names.get(i));
                    weights.add(ch.weights.get(i));
                }
            }
            replace(ch.layers, layers);
            replace(ch.names, names);
            replace(ch.weights, weights);
            replace(ch.from, from);
        }
        return dropped;
    }

    private static <T> void replace(List<T> target, List<T> with) {
        target.clear();
        target.addAll(with);
    }

    /** A chain, or a graph whose layers are named as ConvScope names them automatically. */
    static ModelSpec model(OnnxChain ch, String name, String description, List<LayerSpec> layers,
            List<List<Integer>> from) {
        return KerasGraphs.model(name, description, ch.input, layers, ModelGraph.names(layers), from);
    }
}
