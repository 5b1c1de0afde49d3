package org.convscope.io;

import static org.convscope.core.text.CoreText.tr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.convscope.core.model.Activation;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.Size2;

/**
 * The parts of a ConvScope model file ({@link ModelJson}) that graph models brought: a layer's {@code "inputs"}
 * (format version 2) and the layers of residual and MobileNet-style models, with Keras' argument names and defaults:
 * <pre>
 * {"type": "Add", "name": "add", "inputs": ["conv2d_3", "conv2d_5"]}
 * {"type": "DepthwiseConv2D", "kernel_size": [3, 3], "depth_multiplier": 1, "padding": "same"}
 * {"type": "ReLU", "max_value": 6}
 * {"type": "ZeroPadding2D", "padding": [[0, 1], [0, 1]]}
 * </pre>
 */
final class ModelJsonLayers {

    private ModelJsonLayers() {
    }

    /** The layer types this class reads, with the arguments each allows besides type, name and inputs. */
    static final Map<String, Set<String>> ARGUMENTS = Map.ofEntries(
            Map.entry("Add", Set.of()),
            Map.entry("Concatenate", Set.of("axis")),
            Map.entry("GlobalAveragePooling2D", Set.of()),
            Map.entry("GlobalMaxPooling2D", Set.of()),
            Map.entry("DepthwiseConv2D", Set.of("kernel_size", "strides", "padding", "depth_multiplier", "activation",
                    "use_bias")),
            Map.entry("SeparableConv2D", Set.of("filters", "kernel_size", "strides", "padding", "depth_multiplier",
                    "activation", "use_bias")),
            Map.entry("ZeroPadding2D", Set.of("padding")),
            Map.entry("ReLU", Set.of("max_value", "negative_slope", "threshold")),
            Map.entry("LeakyReLU", Set.of("alpha", "negative_slope")),
            Map.entry("Softmax", Set.of("axis")),
            Map.entry("Rescaling", Set.of("scale", "offset")));

    /**
     * Writes a layer's {@code "inputs"} (when it names them) and, for the layers this class knows, its arguments.
     *
     * @return true when the layer's arguments were written here
     */
    static boolean write(ObjectNode l, LayerSpec spec, List<String> inputs) {
        if (inputs != null) {
            inputs.forEach(l.putArray("inputs")::add);
        }
        if (spec instanceof LayerSpec.DepthwiseConv2D d) {
            ModelJson.putPair(l, "kernel_size", d.kernel());
            ModelJson.putPair(l, "strides", d.strides());
            ModelJson.padding(l, d.padding());
            l.put("depth_multiplier", d.depthMultiplier());
            l.put("activation", d.activation().keras());
            l.put("use_bias", d.useBias());
        } else if (spec instanceof LayerSpec.SeparableConv2D s) {
            l.put("filters", s.filters());
            ModelJson.putPair(l, "kernel_size", s.kernel());
            ModelJson.putPair(l, "strides", s.strides());
            ModelJson.padding(l, s.padding());
            l.put("depth_multiplier", s.depthMultiplier());
            l.put("activation", s.activation().keras());
            l.put("use_bias", s.useBias());
        } else if (spec instanceof LayerSpec.ZeroPadding2D z) {
            var p = l.putArray("padding");
            p.addArray().add(z.top()).add(z.bottom());
            p.addArray().add(z.left()).add(z.right());
        } else if (spec instanceof LayerSpec.ReLU r) {
            if (r.maxValue() != null) {
                l.put("max_value", r.maxValue());
            }
            l.put("negative_slope", r.negativeSlope());
            l.put("threshold", r.threshold());
        } else if (spec instanceof LayerSpec.LeakyReLU r) {
            l.put("alpha", r.alpha());
        } else if (spec instanceof LayerSpec.Rescaling r) {
            l.put("scale", r.scale());
            l.put("offset", r.offset());
        } else {
            return spec instanceof LayerSpec.Add || spec instanceof LayerSpec.Concatenate
                    || spec instanceof LayerSpec.GlobalPooling2D || spec instanceof LayerSpec.Softmax;
        }
        return true;
    }

    /**
     * Reads a layer's {@code "inputs"}: null when absent (the layer takes the one before it).
     *
     * @throws ModelFileException if it is not a list of names, or appears in a version 1 file
     */
    static List<String> inputs(JsonNode layer, String path, int version) throws ModelFileException {
        JsonNode v = layer.get("inputs");
        if (v == null) {
            return null;
        }
        if (version < ModelJson.GRAPH_VERSION) {
            throw new ModelFileException(path + ".inputs", tr("error.json.inputsVersion", ModelJson.GRAPH_VERSION, version));
        }
        if (!v.isArray() || v.isEmpty()) {
            throw new ModelFileException(path + ".inputs", tr("error.json.inputsList", ModelJson.describe(v)));
        }
        List<String> out = new ArrayList<>();
        for (int k = 0; k < v.size(); k++) {
            if (!v.get(k).isTextual() || v.get(k).asText().isBlank()) {
                throw new ModelFileException(path + ".inputs[" + k + "]", tr("error.json.inputName", ModelGraph.INPUT,
                        ModelJson.describe(v.get(k))));
            }
            out.add(v.get(k).asText());
        }
        return out;
    }

    /** Returns the connections of {@link org.convscope.core.model.ModelSpec#inputs()} from each layer's inputs. */
    static Map<String, List<String>> links(List<LayerSpec> layers, List<List<String>> inputs) {
        List<String> names = ModelGraph.names(layers);
        Map<String, List<String>> links = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            if (inputs.get(i) != null) {
                links.put(names.get(i), inputs.get(i));
            }
        }
        return links;
    }

    /** Reads one of the layers in {@link #ARGUMENTS}. */
    static LayerSpec read(String type, JsonNode node, String path, String name) throws ModelFileException {
        switch (type) {
            case "Add": return new LayerSpec.Add(name);
            case "Concatenate":
                lastAxis(node, path);
                return new LayerSpec.Concatenate(name);
            case "GlobalAveragePooling2D": return new LayerSpec.GlobalPooling2D(name, LayerSpec.PoolKind.AVERAGE);
            case "GlobalMaxPooling2D": return new LayerSpec.GlobalPooling2D(name, LayerSpec.PoolKind.MAX);
            case "DepthwiseConv2D":
                return new LayerSpec.DepthwiseConv2D(name, ModelJson.Reader.reqPair(node, path, "kernel_size"),
                        ModelJson.sizePair(node, path, "strides", Size2.square(1)),
                        ModelJson.Reader.optPadding(node, path), depthMultiplier(node, path),
                        ModelJson.Reader.optActivation(node, path, Activation.LINEAR),
                        ModelJson.Reader.optBool(node, path, "use_bias", true));
            case "SeparableConv2D":
                return new LayerSpec.SeparableConv2D(name, ModelJson.Reader.reqInt(node, path, "filters"),
                        ModelJson.Reader.reqPair(node, path, "kernel_size"),
                        ModelJson.sizePair(node, path, "strides", Size2.square(1)),
                        ModelJson.Reader.optPadding(node, path), depthMultiplier(node, path),
                        ModelJson.Reader.optActivation(node, path, Activation.LINEAR),
                        ModelJson.Reader.optBool(node, path, "use_bias", true));
            case "ZeroPadding2D": return zeroPadding(node, path, name);
            case "ReLU": {
                JsonNode max = node.get("max_value");
                return new LayerSpec.ReLU(name, max == null || max.isNull() ? null
                        : ModelJson.Reader.optDouble(node, path, "max_value", 0),
                        ModelJson.Reader.optDouble(node, path, "negative_slope", 0),
                        ModelJson.Reader.optDouble(node, path, "threshold", 0));
            }
            case "LeakyReLU":
                return new LayerSpec.LeakyReLU(name, ModelJson.Reader.optDouble(node, path,
                        node.has("alpha") ? "alpha" : "negative_slope", LayerSpec.LeakyReLU.DEFAULT_ALPHA));
            case "Softmax":
                lastAxis(node, path);
                return new LayerSpec.Softmax(name);
            default: // Rescaling
                if (!node.has("scale")) {
                    throw new ModelFileException(path + ".scale", tr("error.json.scaleMissing"));
                }
                return new LayerSpec.Rescaling(name, ModelJson.Reader.optDouble(node, path, "scale", 1),
                        ModelJson.Reader.optDouble(node, path, "offset", 0));
        }
    }

    private static int depthMultiplier(JsonNode node, String path) throws ModelFileException {
        return node.has("depth_multiplier") ? ModelJson.Reader.reqInt(node, path, "depth_multiplier") : 1;
    }

    private static void lastAxis(JsonNode node, String path) throws ModelFileException {
        JsonNode axis = node.get("axis");
        if (axis != null && !(axis.isIntegralNumber() && axis.asInt() == -1)) {
            throw new ModelFileException(path + ".axis", tr("error.json.lastAxis", ModelJson.describe(axis)));
        }
    }

    /** Reads Keras' three forms: {@code 1}, {@code [1, 2]} (rows, columns) or {@code [[top, bottom], [left, right]]}. */
    static LayerSpec.ZeroPadding2D zeroPadding(JsonNode node, String path, String name) throws ModelFileException {
        JsonNode v = node.get("padding");
        String p = path + ".padding";
        if (v == null) {
            return new LayerSpec.ZeroPadding2D(name, 1, 1, 1, 1);
        }
        if (v.isIntegralNumber()) {
            int n = ModelJson.wholeNumber(v, p);
            return new LayerSpec.ZeroPadding2D(name, n, n, n, n);
        }
        if (v.isArray() && v.size() == 2 && v.get(0).isArray() && v.get(1).isArray()
                && v.get(0).size() == 2 && v.get(1).size() == 2) {
            return new LayerSpec.ZeroPadding2D(name, ModelJson.wholeNumber(v.get(0).get(0), p + "[0][0]"),
                    ModelJson.wholeNumber(v.get(0).get(1), p + "[0][1]"),
                    ModelJson.wholeNumber(v.get(1).get(0), p + "[1][0]"),
                    ModelJson.wholeNumber(v.get(1).get(1), p + "[1][1]"));
        }
        if (v.isArray() && v.size() == 2) {
            int h = ModelJson.wholeNumber(v.get(0), p + "[0]");
            int w = ModelJson.wholeNumber(v.get(1), p + "[1]");
            return new LayerSpec.ZeroPadding2D(name, h, h, w, w);
        }
        throw new ModelFileException(p, tr("error.json.zeroPadding", ModelJson.describe(v)));
    }
}
