package org.convscope.io;

import static org.convscope.core.text.CoreText.tr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.TensorShape;

/**
 * Walks an ONNX graph's nodes in order along the chain from its input, turning each op into ConvScope layers with
 * Keras-layout weights, until the first op ConvScope cannot represent; see {@link OnnxImport}. One walk per graph.
 */
final class OnnxChain {

    /** Ops that compute on shapes (PyTorch's flatten chain); evaluated here on integer constants. */
    private static final Set<String> SHAPE_OPS = Set.of("Shape", "Gather", "Unsqueeze", "Squeeze", "Concat", "Cast");
    /** Ops that only ever compute pads here ({@link OnnxIntOps}), never a layer: not listed as left out. */
    private static final Set<String> INT_ONLY_OPS = Set.of("Transpose", "Slice", "ConstantOfShape");
    /** Ops that carry no computation in inference. */
    private static final Set<String> PASS_OPS = Set.of("Identity", "Dropout");

    final OnnxGraph graph;
    final InputSpec input;
    final List<LayerSpec> layers = new ArrayList<>();
    final List<String> names = new ArrayList<>();
    final List<List<KerasH5.Tensor>> weights = new ArrayList<>();
    /** Constant tensors: initializers and Constant nodes' values. */
    final Map<String, OnnxGraph.Tensor> constants = new HashMap<>();
    /** Integer vectors known here: shapes and the results of shape arithmetic. */
    private final Map<String, long[]> ints = new HashMap<>();
    /** Dimensions of the integer tensors {@link OnnxIntOps} made (others are vectors). */
    private final Map<String, long[]> intDims = new HashMap<>();
    /** ONNX dims of every value on the chain so far. */
    private final Map<String, long[]> dims = new HashMap<>();
    /** The value the next layer must read. */
    String current;
    /** The shape of {@link #current}, as ConvScope sees it. */
    TensorShape shape;
    /** {@code (top, left, bottom, right)} of a zero Pad waiting for the convolution or pooling after it, or null. */
    long[] pendingPad;
    /** The waiting Pad fills with -infinity (PyTorch's Keras-same max pooling), not zeros: only a MaxPool may follow. */
    boolean pendingPadMinusInf;
    /** The map a flatten flattened, until the Dense after it has its rows reordered; null otherwise. */
    TensorShape.Spatial flattenedFrom;
    /** Index of a Dense made from a MatMul, whose bias an Add may still bring; -1 otherwise. */
    int matMulLayer = -1;
    /** Per layer, the positions of the layers it reads (-1 the image). */
    final List<List<Integer>> from = new ArrayList<>();
    /** The position of the layer that made {@link #current}, -1 for the image. */
    int producer = -1;
    /** Every value the image flows through, by name. */
    private final Map<String, OnnxJoins.Value> values = new HashMap<>();
    /** The input standardisation folded in from arithmetic before the first layer ({@link OnnxStandardize}), or null. */
    double[] inputMean;
    double[] inputStd;

    OnnxChain(OnnxGraph graph, InputSpec input) {
        this.graph = graph;
        this.input = input;
        this.current = graph.input();
        this.shape = input.shape();
        dims.put(current, OnnxLayers.onnxDims(shape));
        values.put(current, new OnnxJoins.Value(-1, shape, null, null, false));
        constants.putAll(graph.initializers());
        for (OnnxGraph.Tensor t : graph.initializers().values()) {
            if (t.longs() != null) {
                ints.put(t.name(), t.longs());
            }
        }
    }

    /**
     * Runs the walk.
     *
     * @return the model's supported part with its weights, and every op left out
     * @throws ModelFileException if not even the first layer can be shown, or the shown part cannot be built
     */
    OnnxImport.Result run() throws ModelFileException {
        List<KerasJson.Unsupported> unsupported = new ArrayList<>();
        int omitted = 0;
        for (OnnxGraph.Node node : graph.nodes()) {
            if (!unsupported.isEmpty()) {
                if (!SHAPE_OPS.contains(node.op()) && !PASS_OPS.contains(node.op()) && !node.op().equals("Constant")
                        && !INT_ONLY_OPS.contains(node.op())) {
                    omitted++;
                    if (!OnnxImport.SUPPORTED.contains(node.op())) {
                        unsupported.add(new KerasJson.Unsupported(node.label(), node.op(), noSuchOp(node.op())));
                    }
                }
                continue;
            }
            String reason = step(node);
            if (reason != null) {
                unsupported.add(new KerasJson.Unsupported(node.label(), node.op(), reason));
                omitted = 1;
            }
        }
        if (unsupported.isEmpty() && pendingPad != null) {
            unsupported.add(new KerasJson.Unsupported("Pad", "Pad", tr("error.onnx.padAtEnd")));
        }
        omitted += OnnxJoins.keepWhatFeedsTheLast(this, !unsupported.isEmpty());
        if (layers.isEmpty()) {
            KerasJson.Unsupported first = unsupported.isEmpty() ? null : unsupported.get(0);
            throw new ModelFileException("$", first == null ? tr("error.onnx.noLayers", graph.file())
                    : tr("error.onnx.firstLayer", graph.file(), first.name(), first.kerasClass(), first.reason()));
        }
        ModelSpec spec = spec();
        KerasJson.Imported imported = new KerasJson.Imported(spec, names, unsupported, omitted);
        return new OnnxImport.Result(imported, weights, OnnxStandardize.result(this));
    }

    private ModelSpec spec() {
        // the file's name: PyTorch names every graph "torch_jit" or "main_graph"
        return OnnxJoins.model(this, graph.file(), "Imported from ONNX (" + graph.producer() + ", opset "
                + graph.opset() + ")", layers, from);
    }

    /** Returns null when the node was taken in, else why it cannot be. */
    private String step(OnnxGraph.Node node) throws ModelFileException {
        String op = node.op();
        if (op.equals("Constant")) {
            return constant(node);
        }
        if (op.equals("Concat") && OnnxJoins.isJoin(this, node)) {
            matMulLayer = -1;
            return OnnxJoins.join(this, node);
        }
        if (SHAPE_OPS.contains(op)) {
            return shapeArithmetic(node);
        }
        if (OnnxIntOps.applies(this, node)) {
            return OnnxIntOps.eval(this, node);
        }
        if (PASS_OPS.contains(op)) {
            return alias(node);
        }
        if (OnnxJoins.isJoin(this, node)) {
            matMulLayer = -1;
            return OnnxJoins.join(this, node);
        }
        String data = dataInput(node);
        OnnxJoins.Value v = data == null ? null : values.get(data);
        if (v == null) {
            return tr("error.onnx.inputUnknown", data);
        }
        select(data, v);
        if (pendingPad != null && !Set.of("Conv", "MaxPool", "AveragePool").contains(op)) {
            return tr("error.onnx.padBefore", op);
        }
        if (pendingPad != null && pendingPadMinusInf && op.equals("Conv")) {
            return tr("error.onnx.padInfinity");
        }
        if (!op.equals("Add")) {
            matMulLayer = -1;
        }
        if (OnnxStandardize.applies(this, node)) {
            return OnnxStandardize.step(this, node);
        }
        return OnnxOps.convert(this, node);
    }

    /** The input a layer op reads: its first, or for Add the one that is not a constant; null for Add of two values. */
    /** Makes a value of the image's paths the one the next layer reads. */
    private void select(String name, OnnxJoins.Value v) {
        current = name;
        producer = v.layer();
        shape = v.shape();
        flattenedFrom = v.flattenedFrom();
        pendingPad = v.pendingPad();
        pendingPadMinusInf = v.padMinusInf();
    }

    /** What the walk knows of a value the image flows through, or null. */
    OnnxJoins.Value value(String name) {
        return values.get(name);
    }

    private String dataInput(OnnxGraph.Node node) {
        if (!node.op().equals("Add") || node.inputs().size() < 2) {
            return node.input(0);
        }
        boolean first = constants.containsKey(node.input(0));
        boolean second = constants.containsKey(node.input(1));
        if (first == second) {
            return first ? node.input(0) : null;
        }
        return first ? node.input(1) : node.input(0);
    }

    private String constant(OnnxGraph.Node node) {
        OnnxGraph.Attribute v = node.attributes().get("value");
        String out = node.outputs().isEmpty() ? "" : node.outputs().get(0);
        if (v != null && v.t() != null) {
            constants.put(out, v.t());
            if (v.t().longs() != null) {
                ints.put(out, v.t().longs());
            }
            return null;
        }
        OnnxGraph.Attribute vi = node.attributes().get("value_ints");
        OnnxGraph.Attribute i = node.attributes().get("value_int");
        if (vi != null || i != null) {
            long[] values = vi != null ? vi.ints() : new long[] {i.i()};
            ints.put(out, values);
            constants.put(out, new OnnxGraph.Tensor(out, vi != null ? new long[] {values.length} : new long[0],
                    null, values));
            return null;
        }
        return tr("error.onnx.constantKind");
    }

    /** Shape, Gather, Unsqueeze, Squeeze, Concat and Cast on known integer vectors. */
    private String shapeArithmetic(OnnxGraph.Node node) {
        String out = node.outputs().isEmpty() ? "" : node.outputs().get(0);
        if (node.op().equals("Shape")) {
            long[] d = dims.get(node.input(0));
            if (d == null) {
                return tr("error.onnx.shapeOffChain");
            }
            ints.put(out, d.clone());
            return null;
        }
        List<long[]> in = new ArrayList<>();
        for (String name : node.inputs()) {
            if (name.isEmpty()) {
                continue;
            }
            long[] v = ints.get(name);
            if (v == null) {
                return tr("error.onnx.onValues", node.op());
            }
            in.add(v);
        }
        if (in.isEmpty()) {
            return tr("error.onnx.noInputs", node.op());
        }
        long[] result;
        if (node.op().equals("Gather")) {
            if (in.size() != 2 || node.i("axis", 0) != 0) {
                return tr("error.onnx.gatherShape");
            }
            long[] data = in.get(0);
            result = new long[in.get(1).length];
            for (int k = 0; k < result.length; k++) {
                long idx = in.get(1)[k] < 0 ? in.get(1)[k] + data.length : in.get(1)[k];
                if (idx < 0 || idx >= data.length) {
                    return tr("error.onnx.gatherIndex", in.get(1)[k], data.length);
                }
                result[k] = data[(int) idx];
            }
        } else if (node.op().equals("Concat")) {
            result = in.stream().flatMapToLong(Arrays::stream).toArray();
        } else {
            result = in.get(0).clone(); // Unsqueeze, Squeeze, Cast keep the values
        }
        ints.put(out, result);
        return null;
    }

    private String alias(OnnxGraph.Node node) {
        String in = node.input(0);
        String out = node.outputs().isEmpty() ? "" : node.outputs().get(0);
        if (values.containsKey(in)) {
            select(in, values.get(in));
            pass(node);
            return null;
        }
        if (constants.containsKey(in) || ints.containsKey(in)) {
            if (constants.containsKey(in)) {
                constants.put(out, constants.get(in));
            }
            if (ints.containsKey(in)) {
                ints.put(out, ints.get(in));
            }
            return null;
        }
        return tr("error.onnx.inputUnknown", in);
    }

    /** Records an integer tensor computed here, flat in C order, with its dimensions. */
    void putInts(String name, long[] values, long[] dims) {
        ints.put(name, values);
        intDims.put(name, dims);
    }

    /** The dimensions of an integer value: as computed, as its constant declares them, or one axis. */
    long[] intDims(String name) {
        long[] d = intDims.get(name);
        if (d != null) {
            return d;
        }
        OnnxGraph.Tensor t = constants.get(name);
        long[] v = ints.get(name);
        return t != null && t.dims().length > 0 && v != null
                && Arrays.stream(t.dims()).reduce(1, (x, y) -> x * y) == v.length ? t.dims() : new long[] {v.length};
    }

    /** Returns the integer vector a value holds (a constant or a computed shape), or null. */
    long[] intsOf(String name) {
        return ints.get(name);
    }

    /** Returns a float constant with finite values (weights), or null when the value is not one. */
    OnnxGraph.Tensor floats(String name) {
        OnnxGraph.Tensor t = constants.get(name);
        if (t == null || t.floats() == null) {
            return null;
        }
        for (float v : t.floats()) {
            if (!Float.isFinite(v)) {
                return null;
            }
        }
        return t;
    }

    /** Returns a float constant that may hold infinities (a Pad's value), or null when the value is not one. */
    OnnxGraph.Tensor anyFloats(String name) {
        OnnxGraph.Tensor t = constants.get(name);
        return t == null || t.floats() == null ? null : t;
    }

    /** The chain moves on to the node's output without a new layer (an op folded into another, or a no-op). */
    void pass(OnnxGraph.Node node) {
        current = node.outputs().get(0);
        dims.put(current, OnnxLayers.onnxDims(shape));
        values.put(current, new OnnxJoins.Value(producer, shape, flattenedFrom, pendingPad, pendingPadMinusInf));
    }

    /**
     * Appends a layer for a node.
     *
     * @throws ModelFileException if the layer does not fit its input (the file's dimensions contradict each other)
     */
    void add(OnnxGraph.Node node, LayerSpec layer, List<KerasH5.Tensor> w) throws ModelFileException {
        addWithInputs(node, layer, w, List.of(producer));
    }

    /**
     * Appends a layer that reads the outputs of the layers at {@code in} (-1 the image).
     *
     * @throws ModelFileException if the layer does not fit its inputs (the file's dimensions contradict each other)
     */
    void addWithInputs(OnnxGraph.Node node, LayerSpec layer, List<KerasH5.Tensor> w, List<Integer> in)
            throws ModelFileException {
        layers.add(layer);
        names.add(node.label());
        weights.add(w);
        from.add(List.copyOf(in));
        ModelAnalysis a = OnnxJoins.analyseLast(this);
        if (a.problem().isPresent()) {
            throw new ModelFileException("$", tr("error.onnx.nodeDoesNotFit", graph.file(), node.label(), node.op(),
                    a.problem().get().describe()));
        }
        shape = a.layers().get(a.layers().size() - 1).output();
        producer = layers.size() - 1;
        pass(node);
    }

    /** Replaces the last layer (a MatMul's Dense that gets its bias). */
    void replaceLast(OnnxGraph.Node node, LayerSpec layer, List<KerasH5.Tensor> w) {
        layers.set(layers.size() - 1, layer);
        weights.set(weights.size() - 1, w);
        pass(node);
    }

    /** Appends an activation layer. */
    void activation(OnnxGraph.Node node, Activation a) throws ModelFileException {
        add(node, new LayerSpec.ActivationLayer(null, a), List.of());
    }

    static String noSuchOp(String op) {
        return tr("error.onnx.noSuchOp", op);
    }
}
