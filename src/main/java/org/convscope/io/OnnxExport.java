package org.convscope.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.Activation;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.TensorShape;
import org.convscope.core.train.InputNormalization;

/**
 * Builds the ONNX graph (opset 13) of a ConvScope model with its weights, as an {@link OnnxGraph} that
 * {@code engine.dl4j} serialises with ONNX's protobuf classes. Layers are written in {@link ModelGraph#order()}, each
 * reading its inputs' outputs, so graph models (joins, depthwise and separable convolutions, global pooling) are
 * written too ({@link OnnxGraphLayers}).
 *
 * <p>The graph is channels-first like PyTorch's export of {@code model.py}: {@code Conv} (Keras' same padding as
 * explicit, possibly asymmetric {@code pads}), {@code MaxPool} (same padding leaves the padded cells out, as ONNX's
 * pads do; explicit padding is zeros in ConvScope, so it is a zero {@code Pad} before it), {@code AveragePool} ({@code count_include_pad} 1 for explicit padding, 0
 * for same), {@code BatchNormalization}, {@code Flatten} ({@code (C, H, W)} order, the next {@code Gemm}'s weights
 * reordered as {@link PyTorchWeights} does), {@code Gemm} and the activations. Dropout does nothing at inference and is
 * left out. Input standardisation becomes {@code Sub} and {@code Div} before the first layer. Attributes named
 * {@code epsilon} and {@code alpha} are floats, the others integers or integer lists.
 */
public final class OnnxExport {

    /** The operator set written. */
    public static final long OPSET = 13;

    private OnnxExport() {
    }

    /**
     * The graph of a model.
     *
     * @param model the model (valid)
     * @param normalization its input standardisation, or null
     * @param weights per layer in Keras' layouts (as {@link KerasH5.Contents#weights})
     * @return the graph: input {@code input (batch, C, H, W)}, output {@code output}
     */
    public static OnnxGraph graph(ModelSpec model, InputNormalization normalization, List<List<KerasH5.Tensor>> weights) {
        List<LayerInfo> layers = ModelAnalyzer.analyze(model).layers();
        Map<String, PyTorchWeights.Array> state = PyTorchWeights.convert(model, weights);
        Map<String, OnnxGraph.Tensor> init = new LinkedHashMap<>();
        for (var e : state.entrySet()) {
            int[] s = e.getValue().shape();
            long[] dims = new long[s.length];
            for (int k = 0; k < s.length; k++) {
                dims[k] = s[k];
            }
            init.put(e.getKey(), new OnnxGraph.Tensor(e.getKey(), dims, e.getValue().values(), null));
        }
        List<OnnxGraph.Node> nodes = new ArrayList<>();
        String x = "input";
        if (normalization != null) {
            int c = normalization.channels();
            init.put("input_mean", new OnnxGraph.Tensor("input_mean", new long[] {1, c, 1, 1}, floats(normalization.mean()), null));
            init.put("input_std", new OnnxGraph.Tensor("input_std", new long[] {1, c, 1, 1}, floats(normalization.std()), null));
            x = add(nodes, "Sub", "standardize_sub", List.of(x, "input_mean"), Map.of());
            x = add(nodes, "Div", "standardize_div", List.of(x, "input_std"), Map.of());
        }
        ModelGraph graph = ModelGraph.of(model);
        Map<Integer, String> outputs = new HashMap<>(Map.of(-1, x));
        for (int i : graph.order()) {
            List<String> ins = graph.inputsOf(i).stream().map(outputs::get).toList();
            LayerInfo l = layers.get(i);
            String y = OnnxGraphLayers.layer(l, ins, state, init, nodes);
            outputs.put(i, y == null ? layer(l, ins.get(0), state, init, nodes) : y);
        }
        if (!nodes.isEmpty() && !nodes.get(nodes.size() - 1).outputs().get(0).equals(outputs.get(layers.size() - 1))) {
            nodes.add(new OnnxGraph.Node("output_identity", "Identity", List.of(outputs.get(layers.size() - 1)),
                    List.of("output_identity_out"), Map.of()));
        }
        nodes.set(nodes.size() - 1, renameOutput(nodes.get(nodes.size() - 1), "output"));
        var in = model.input();
        return new OnnxGraph("model.onnx", OPSET, "ConvScope", model.name(), "input",
                new long[] {-1, in.channels(), in.height(), in.width()}, nodes, init, List.of("output"));
    }

    private static String layer(LayerInfo l, String x, Map<String, PyTorchWeights.Array> state,
            Map<String, OnnxGraph.Tensor> init, List<OnnxGraph.Node> nodes) {
        String at = PyTorchModelCode.attribute(l.name());
        LayerSpec s = l.spec();
        if (s instanceof LayerSpec.Conv2D c) {
            int[] p = PyTorchModelCode.pads(c.padding(), (TensorShape.Spatial) l.input(), c.kernel().h(), c.kernel().w(),
                    c.strides().h(), c.strides().w());
            List<String> inputs = state.containsKey(at + ".bias") ? List.of(x, at + ".weight", at + ".bias")
                    : List.of(x, at + ".weight");
            x = add(nodes, "Conv", at, inputs, Map.of("kernel_shape", ints(c.kernel().h(), c.kernel().w()),
                    "strides", ints(c.strides().h(), c.strides().w()), "pads", ints(p[2], p[0], p[3], p[1])));
            return activation(c.activation(), at, x, nodes);
        }
        if (s instanceof LayerSpec.Pooling2D p) {
            return pooling(at, p, (TensorShape.Spatial) l.input(), x, init, nodes);
        }
        if (s instanceof LayerSpec.ActivationLayer a) {
            return activation(a.activation(), at, x, nodes);
        }
        if (s instanceof LayerSpec.BatchNormalization b) {
            return add(nodes, "BatchNormalization", at, List.of(x, at + ".weight", at + ".bias", at + ".running_mean",
                    at + ".running_var"), Map.of("epsilon", real((float) b.epsilon())));
        }
        if (s instanceof LayerSpec.Flatten) {
            return add(nodes, "Flatten", at, List.of(x), Map.of("axis", integer(1)));
        }
        if (s instanceof LayerSpec.Dense d) {
            List<String> inputs = state.containsKey(at + ".bias") ? List.of(x, at + ".weight", at + ".bias")
                    : List.of(x, at + ".weight");
            x = add(nodes, "Gemm", at, inputs, Map.of("transB", integer(1)));
            return activation(d.activation(), at, x, nodes);
        }
        return x; // Dropout: nothing at inference
    }

    private static String pooling(String at, LayerSpec.Pooling2D p, TensorShape.Spatial in, String x,
            Map<String, OnnxGraph.Tensor> init, List<OnnxGraph.Node> nodes) {
        int[] pad = PyTorchModelCode.pads(p.padding(), in, p.pool().h(), p.pool().w(), p.strides().h(), p.strides().w());
        boolean max = p.kind() == LayerSpec.PoolKind.MAX;
        boolean explicit = p.padding() instanceof Padding.Explicit;
        Map<String, OnnxGraph.Attribute> a = new HashMap<>(Map.of("kernel_shape", ints(p.pool().h(), p.pool().w()),
                "strides", ints(p.strides().h(), p.strides().w())));
        if (max && explicit) {
            String pads = at + "_pads";
            init.put(pads, new OnnxGraph.Tensor(pads, new long[] {8}, null,
                    new long[] {0, 0, pad[2], pad[0], 0, 0, pad[3], pad[1]}));
            x = add(nodes, "Pad", at + "_pad", List.of(x, pads), Map.of());
        } else {
            a.put("pads", ints(pad[2], pad[0], pad[3], pad[1]));
            if (!max) {
                a.put("count_include_pad", integer(explicit ? 1 : 0));
            }
        }
        return add(nodes, max ? "MaxPool" : "AveragePool", at, List.of(x), a);
    }

    static String activation(Activation a, String at, String x, List<OnnxGraph.Node> nodes) {
        return switch (a) {
            case RELU -> add(nodes, "Relu", at + "_relu", List.of(x), Map.of());
            case SIGMOID -> add(nodes, "Sigmoid", at + "_sigmoid", List.of(x), Map.of());
            case TANH -> add(nodes, "Tanh", at + "_tanh", List.of(x), Map.of());
            case LEAKY_RELU -> add(nodes, "LeakyRelu", at + "_leaky_relu", List.of(x), Map.of("alpha", real(0.2f)));
            case SOFTMAX -> add(nodes, "Softmax", at + "_softmax", List.of(x), Map.of("axis", integer(1)));
            default -> x;
        };
    }

    static String add(List<OnnxGraph.Node> nodes, String op, String name, List<String> inputs,
            Map<String, OnnxGraph.Attribute> attributes) {
        String out = name + "_out";
        nodes.add(new OnnxGraph.Node(name, op, inputs, List.of(out), attributes));
        return out;
    }

    private static OnnxGraph.Node renameOutput(OnnxGraph.Node n, String output) {
        return new OnnxGraph.Node(n.name(), n.op(), n.inputs(), List.of(output), n.attributes());
    }

    static OnnxGraph.Attribute ints(long... v) {
        return new OnnxGraph.Attribute(0, 0, null, v, null);
    }

    static OnnxGraph.Attribute integer(long v) {
        return new OnnxGraph.Attribute(0, v, null, null, null);
    }

    static OnnxGraph.Attribute real(float v) {
        return new OnnxGraph.Attribute(v, 0, null, null, null);
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
