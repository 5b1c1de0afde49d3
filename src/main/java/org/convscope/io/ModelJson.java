package org.convscope.io;

import static org.convscope.core.text.CoreText.tr;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;

/**
 * Reads and writes ConvScope model files ({@code *.convscope.json}).
 *
 * <p>The format uses Keras class and argument names; omitted arguments take Keras' defaults and a bare
 * integer is accepted where Keras accepts one ({@code "kernel_size": 3} means {@code [3, 3]}):
 * <pre>
 * {"format":"convscope-model","version":1,"name":"tiny","input":{"height":32,"width":32,"channels":3},
 *  "layers":[{"type":"Conv2D","filters":32,"kernel_size":[3,3],"activation":"relu"},
 *            {"type":"MaxPooling2D","pool_size":[2,2]},{"type":"Flatten"},
 *            {"type":"Dense","units":10,"activation":"softmax"}]}
 * </pre>
 * Every error names the JSON path of the value at fault. Sizes are not checked here: impossible
 * values (zero filters, a kernel larger than its input) are reported by the model analysis, which
 * knows the layer's input shape.
 */
public final class ModelJson {

    /** The value of the {@code format} field. */
    public static final String FORMAT = "convscope-model";
    /** The format version of a chain, as every ConvScope reads it. */
    public static final int VERSION = 1;
    /** The format version of a graph model: layers may name their {@code "inputs"}. */
    public static final int GRAPH_VERSION = 2;
    /** Largest model file read, in bytes; real models are a few kilobytes. */
    public static final long MAX_FILE_BYTES = 8L * 1024 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final Map<String, Set<String>> ARGUMENTS = Map.of(
            "Conv2D", Set.of("filters", "kernel_size", "strides", "padding", "activation", "use_bias", "dilation_rate"),
            "MaxPooling2D", Set.of("pool_size", "strides", "padding"),
            "AveragePooling2D", Set.of("pool_size", "strides", "padding"),
            "Activation", Set.of("activation"),
            "BatchNormalization", Set.of("momentum", "epsilon", "axis"),
            "Dropout", Set.of("rate"),
            "Flatten", Set.of(),
            "Dense", Set.of("units", "activation", "use_bias"));
    private static final List<String> TYPES = List.of("Conv2D", "MaxPooling2D", "AveragePooling2D",
            "Activation", "BatchNormalization", "Dropout", "Flatten", "Dense");

    private ModelJson() {
    }

    /**
     * Reads a model file.
     *
     * @param file the file
     * @return the model
     * @throws ModelFileException if the file is missing, too large, not JSON, or not a valid model
     */
    public static ModelSpec read(Path file) throws ModelFileException {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ModelFileException("$", tr("error.json.tooLarge", size / 1024, MAX_FILE_BYTES / 1024 / 1024));
            }
            return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new ModelFileException("$", tr("error.file.missing", file), e);
        } catch (IOException e) {
            throw new ModelFileException("$", tr("error.json.cannotRead", file, e.getMessage()), e);
        }
    }

    /**
     * Parses model JSON text.
     *
     * @param json the document
     * @return the model
     * @throws ModelFileException if the text is not JSON or not a valid model
     */
    public static ModelSpec parse(String json) throws ModelFileException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonParseException e) {
            var loc = e.getLocation();
            throw new ModelFileException("$", tr("error.json.invalidAt", loc.getLineNr(), loc.getColumnNr(), e.getOriginalMessage()), e);
        } catch (JsonProcessingException e) {
            throw new ModelFileException("$", tr("error.json.invalid", e.getOriginalMessage()), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ModelFileException("$", tr("error.json.empty", FORMAT));
        }
        return new Reader().model(root);
    }

    /**
     * Writes a model as formatted JSON text, every argument spelled out.
     *
     * @param model the model
     * @return the JSON document
     */
    public static String toJson(ModelSpec model) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("format", FORMAT);
        root.put("version", model.isGraph() ? GRAPH_VERSION : VERSION); // a chain stays readable by older builds
        root.put("name", model.name());
        if (!model.description().isEmpty()) {
            root.put("description", model.description());
        }
        ObjectNode input = root.putObject("input");
        input.put("height", model.input().height());
        input.put("width", model.input().width());
        input.put("channels", model.input().channels());
        ArrayNode layers = root.putArray("layers");
        List<String> names = org.convscope.core.model.ModelGraph.names(model.layers());
        for (int i = 0; i < model.layers().size(); i++) {
            LayerSpec spec = model.layers().get(i);
            ObjectNode l = layers.addObject();
            l.put("type", spec.type());
            spec.name().ifPresent(n -> l.put("name", n));
            if (ModelJsonLayers.write(l, spec, model.inputs().get(names.get(i)))) {
                continue;
            }
            if (spec instanceof LayerSpec.Conv2D c) {
                l.put("filters", c.filters());
                putPair(l, "kernel_size", c.kernel());
                putPair(l, "strides", c.strides());
                padding(l, c.padding());
                l.put("activation", c.activation().keras());
                l.put("use_bias", c.useBias());
                if (c.dilated()) {
                    putPair(l, "dilation_rate", c.dilation());
                }
            } else if (spec instanceof LayerSpec.Pooling2D p) {
                putPair(l, "pool_size", p.pool());
                putPair(l, "strides", p.strides());
                padding(l, p.padding());
            } else if (spec instanceof LayerSpec.ActivationLayer a) {
                l.put("activation", a.activation().keras());
            } else if (spec instanceof LayerSpec.BatchNormalization b) {
                l.put("momentum", b.momentum());
                l.put("epsilon", b.epsilon());
            } else if (spec instanceof LayerSpec.Dropout d) {
                l.put("rate", d.rate());
            } else if (spec instanceof LayerSpec.Dense d) {
                l.put("units", d.units());
                l.put("activation", d.activation().keras());
                l.put("use_bias", d.useBias());
            }
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    /**
     * Saves a model atomically (see {@link AtomicFiles}).
     *
     * @param model the model
     * @param file the target file
     * @throws IOException if it cannot be written; an existing file is then unchanged
     */
    public static void write(ModelSpec model, Path file) throws IOException {
        AtomicFiles.write(file, toJson(model).getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a size pair as {@code "key": [h, w]}; shared with {@link KerasJson}. */
    static void putPair(ObjectNode node, String key, Size2 size) {
        node.putArray(key).add(size.h()).add(size.w());
    }

    /**
     * Reads a whole number that fits an int; shared with {@link KerasJson}.
     *
     * @param v the value (null reads as "nothing")
     * @param path its JSON path, for the error
     * @return the number
     * @throws ModelFileException if it is not a whole number
     */
    static int wholeNumber(JsonNode v, String path) throws ModelFileException {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new ModelFileException(path, tr("error.json.wholeNumber", describe(v)));
        }
        return v.asInt();
    }

    /**
     * Reads {@code key} as a bare integer {@code n} (meaning {@code [n, n]}) or {@code [h, w]}; shared with
     * {@link KerasJson}.
     *
     * @param node the object holding the key
     * @param path the object's JSON path
     * @param key the key
     * @param fallback returned when the key is absent or null
     * @return the pair
     * @throws ModelFileException if the value is neither form
     */
    static Size2 sizePair(JsonNode node, String path, String key, Size2 fallback) throws ModelFileException {
        JsonNode v = node.get(key);
        String p = path + "." + key;
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isIntegralNumber()) {
            return Size2.square(wholeNumber(v, p));
        }
        if (v.isArray() && v.size() == 2) {
            return new Size2(wholeNumber(v.get(0), p + "[0]"), wholeNumber(v.get(1), p + "[1]"));
        }
        throw new ModelFileException(p, tr("error.json.size", describe(v)));
    }

    static void padding(ObjectNode node, Padding padding) {
        if (padding instanceof Padding.Explicit e) {
            node.put("padding", e.amount());
        } else {
            node.put("padding", padding.keras());
        }
    }

    /** Tree walker that knows where it is, for error messages. */
    static final class Reader {

        private int version;

        ModelSpec model(JsonNode root) throws ModelFileException {
            requireObject(root, "$", tr("error.json.expect.root", FORMAT));
            allowOnly(root, "$", Set.of("format", "version", "name", "description", "input", "layers"));
            JsonNode format = root.get("format");
            if (format == null || !format.isTextual() || !format.asText().equals(FORMAT)) {
                throw new ModelFileException("$.format", tr("error.json.format", FORMAT, describe(format)));
            }
            JsonNode version = root.get("version");
            if (version == null || !version.isIntegralNumber()) {
                throw new ModelFileException("$.version", tr("error.json.versionMissing", VERSION, describe(version)));
            }
            if (!version.canConvertToInt() || version.asInt() != VERSION && version.asInt() != GRAPH_VERSION) {
                throw new ModelFileException("$.version", tr(!version.canConvertToInt() || version.asInt() > GRAPH_VERSION
                        ? "error.json.versionNewer" : "error.json.version", version.asText(), VERSION, GRAPH_VERSION));
            }
            this.version = version.asInt();
            String name = optText(root, "$", "name", "sequential");
            String description = optText(root, "$", "description", "");
            JsonNode input = root.get("input");
            if (input == null) {
                throw new ModelFileException("$.input", tr("error.json.inputMissing", "{\"height\": 32, \"width\": 32, \"channels\": 3}"));
            }
            requireObject(input, "$.input", "{\"height\": 32, \"width\": 32, \"channels\": 3}");
            allowOnly(input, "$.input", Set.of("height", "width", "channels"));
            InputSpec in = new InputSpec(reqInt(input, "$.input", "height"), reqInt(input, "$.input", "width"),
                    reqInt(input, "$.input", "channels"));
            JsonNode layers = root.get("layers");
            if (layers == null || !layers.isArray()) {
                throw new ModelFileException("$.layers", tr("error.json.layersArray", describe(layers)));
            }
            List<LayerSpec> specs = new ArrayList<>();
            List<List<String>> from = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                specs.add(layer(layers.get(i), "$.layers[" + i + "]"));
                from.add(ModelJsonLayers.inputs(layers.get(i), "$.layers[" + i + "]", this.version));
            }
            return new ModelSpec(name, description, in, specs, ModelJsonLayers.links(specs, from));
        }

        private LayerSpec layer(JsonNode node, String path) throws ModelFileException {
            requireObject(node, path, tr("error.json.expect.layer", "{\"type\": \"Conv2D\", ...}"));
            JsonNode typeNode = node.get("type");
            if (typeNode == null || !typeNode.isTextual()) {
                throw new ModelFileException(path + ".type", tr("error.json.layerType", String.join(", ", TYPES), describe(typeNode)));
            }
            String type = canonicalType(typeNode.asText());
            if (type.equals("InputLayer")) {
                throw new ModelFileException(path + ".type", tr("error.json.inputNotLayer"));
            }
            Set<String> arguments = ARGUMENTS.containsKey(type) ? ARGUMENTS.get(type) : ModelJsonLayers.ARGUMENTS.get(type);
            if (arguments == null) {
                throw new ModelFileException(path + ".type", tr("error.json.unknownType", typeNode.asText(),
                        String.join(", ", TYPES) + ", "
                        + String.join(", ", ModelJsonLayers.ARGUMENTS.keySet().stream().sorted().toList())));
            }
            Set<String> allowed = new LinkedHashSet<>(arguments);
            allowed.add("type");
            allowed.add("name");
            allowed.add("inputs");
            allowOnly(node, path, allowed);
            String name = optText(node, path, "name", null);
            if (name != null && name.isBlank()) {
                name = null; // an empty name means "automatic"
            }
            if (!ARGUMENTS.containsKey(type)) {
                return ModelJsonLayers.read(type, node, path, name);
            }
            switch (type) {
                case "Conv2D": {
                    Size2 kernel = reqPair(node, path, "kernel_size");
                    return new LayerSpec.Conv2D(name, reqInt(node, path, "filters"), kernel,
                            sizePair(node, path, "strides", Size2.square(1)), optPadding(node, path),
                            optActivation(node, path, Activation.LINEAR), optBool(node, path, "use_bias", true),
                            sizePair(node, path, "dilation_rate", Size2.square(1)));
                }
                case "MaxPooling2D":
                case "AveragePooling2D": {
                    Size2 pool = sizePair(node, path, "pool_size", Size2.square(2));
                    return new LayerSpec.Pooling2D(name, type.equals("MaxPooling2D")
                            ? LayerSpec.PoolKind.MAX : LayerSpec.PoolKind.AVERAGE,
                            pool, sizePair(node, path, "strides", pool), optPadding(node, path));
                }
                case "Activation":
                    if (!node.has("activation")) {
                        throw new ModelFileException(path + ".activation", tr("error.json.activationMissing", Activation.names()));
                    }
                    return new LayerSpec.ActivationLayer(name, optActivation(node, path, Activation.LINEAR));
                case "BatchNormalization": {
                    JsonNode axis = node.get("axis");
                    if (axis != null && !(axis.isIntegralNumber() && (axis.asInt() == -1 || axis.asInt() == 3))) {
                        throw new ModelFileException(path + ".axis", tr("error.json.channelAxis", describe(axis)));
                    }
                    return new LayerSpec.BatchNormalization(name,
                            optDouble(node, path, "momentum", LayerSpec.BatchNormalization.DEFAULT_MOMENTUM),
                            optDouble(node, path, "epsilon", LayerSpec.BatchNormalization.DEFAULT_EPSILON));
                }
                case "Dropout":
                    if (!node.has("rate")) {
                        throw new ModelFileException(path + ".rate", tr("error.json.rateMissing"));
                    }
                    return new LayerSpec.Dropout(name, optDouble(node, path, "rate", 0));
                case "Flatten":
                    return new LayerSpec.Flatten(name);
                default: // Dense
                    return new LayerSpec.Dense(name, reqInt(node, path, "units"),
                            optActivation(node, path, Activation.LINEAR), optBool(node, path, "use_bias", true));
            }
        }

        private static String canonicalType(String type) {
            switch (type) {
                case "MaxPool2D": return "MaxPooling2D";
                case "AvgPool2D":
                case "AveragePool2D": return "AveragePooling2D";
                default: return type;
            }
        }

        private static void requireObject(JsonNode node, String path, String expected) throws ModelFileException {
            if (!node.isObject()) {
                throw new ModelFileException(path, tr("error.json.expected", expected, describe(node)));
            }
        }

        private static void allowOnly(JsonNode node, String path, Set<String> allowed) throws ModelFileException {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!allowed.contains(key)) {
                    List<String> sorted = new ArrayList<>(allowed);
                    sorted.sort(null);
                    throw new ModelFileException(path + "." + key, tr("error.json.unknownArgument", key, String.join(", ", sorted)));
                }
            }
        }

        static int reqInt(JsonNode node, String path, String key) throws ModelFileException {
            JsonNode v = node.get(key);
            if (v == null) {
                throw new ModelFileException(path + "." + key, tr("error.json.wholeNumberMissing"));
            }
            return wholeNumber(v, path + "." + key);
        }


        static Size2 reqPair(JsonNode node, String path, String key) throws ModelFileException {
            if (!node.has(key) || node.get(key).isNull()) {
                throw new ModelFileException(path + "." + key, tr("error.json.sizeMissing"));
            }
            return sizePair(node, path, key, null);
        }

        static Padding optPadding(JsonNode node, String path) throws ModelFileException {
            JsonNode v = node.get("padding");
            if (v == null) {
                return Padding.VALID;
            }
            if (v.isTextual()) {
                String s = v.asText().toLowerCase(Locale.ROOT);
                if (s.equals("valid")) {
                    return Padding.VALID;
                }
                if (s.equals("same")) {
                    return Padding.SAME;
                }
            } else if (v.isIntegralNumber()) {
                return Padding.of(wholeNumber(v, path + ".padding"));
            }
            throw new ModelFileException(path + ".padding", tr("error.json.padding", describe(v)));
        }

        static Activation optActivation(JsonNode node, String path, Activation fallback) throws ModelFileException {
            JsonNode v = node.get("activation");
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.isTextual()) {
                throw new ModelFileException(path + ".activation", tr("error.json.activation", Activation.names(), describe(v)));
            }
            return Activation.fromKeras(v.asText()).orElseThrow(() -> new ModelFileException(path + ".activation",
                    tr("error.json.unknownActivation", v.asText(), Activation.names())));
        }

        static boolean optBool(JsonNode node, String path, String key, boolean fallback) throws ModelFileException {
            JsonNode v = node.get(key);
            if (v == null) {
                return fallback;
            }
            if (!v.isBoolean()) {
                throw new ModelFileException(path + "." + key, tr("error.json.boolean.expected", describe(v)));
            }
            return v.asBoolean();
        }

        static double optDouble(JsonNode node, String path, String key, double fallback) throws ModelFileException {
            JsonNode v = node.get(key);
            if (v == null) {
                return fallback;
            }
            if (!v.isNumber()) {
                throw new ModelFileException(path + "." + key, tr("error.json.number.expected", describe(v)));
            }
            return v.asDouble();
        }

        static String optText(JsonNode node, String path, String key, String fallback) throws ModelFileException {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.isTextual()) {
                throw new ModelFileException(path + "." + key, tr("error.json.text.expected", describe(v)));
            }
            return v.asText();
        }
    }

    /** Describes a JSON value for an error message: {@code the text "same"}, {@code an array [1,2,3]}, {@code nothing}. */
    static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return tr("error.nothing");
        }
        if (v.isNull()) {
            return "null";
        }
        String kind = v.isObject() ? "error.json.object" : v.isArray() ? "error.json.array" : v.isTextual()
                ? "error.json.text" : v.isBoolean() ? "error.json.boolean" : "error.json.number";
        String text = v.toString();
        if (text.length() > 40) {
            text = text.substring(0, 37) + "...";
        }
        return tr(kind, text);
    }
}
