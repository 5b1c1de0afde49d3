package org.convscope.io;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;

/**
 * Converts models to and from Keras' architecture JSON, the text of {@code model.to_json()}.
 *
 * <p>This lets a model travel between ConvScope and Keras without weights: {@link #export} writes a
 * Keras 2 style {@code Sequential} document that {@code keras.models.model_from_json} reads, and
 * {@link #importJson} reads Keras 2 and Keras 3 documents (also the {@code config.json} inside a
 * {@code .keras} file). Explicit integer padding, which Keras layers lack, travels as a
 * {@code ZeroPadding2D} layer right before the convolution or pooling layer, and is folded back on import.
 */
public final class KerasJson {

    /** The Keras version written into exported documents. */
    public static final String KERAS_VERSION = "2.13.1";
    /** The description given to imported models. */
    public static final String IMPORTED_DESCRIPTION = "Imported from Keras";

    /** Names Keras (and ConvScope's analyzer) generate on their own; imported layers drop them. */
    private static final Pattern AUTO_NAME = Pattern.compile("^(conv2d|max_pooling2d|average_pooling2d|activation"
            + "|batch_normalization|dropout|flatten|dense|re_lu|softmax|leaky_re_lu|zero_padding2d)(_\\d+)?$");

    private static final String SUPPORTED = "Conv2D, MaxPooling2D, AveragePooling2D, Activation, ReLU, LeakyReLU, "
            + "Softmax, BatchNormalization, Dropout, Flatten, Dense, and ZeroPadding2D right before a Conv2D or pooling layer";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private KerasJson() {
    }

    // ---------------------------------------------------------------------------------------------------- export

    /**
     * Writes a model as Keras 2 {@code model.to_json()} text, which Keras turns back into the same
     * architecture with {@code keras.models.model_from_json(text)}.
     *
     * <p>Unnamed layers get the names Keras and ConvScope would give them ({@code conv2d}, {@code conv2d_1}, ...).
     *
     * @param m the model
     * @return the JSON document
     */
    public static String export(ModelSpec m) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("class_name", "Sequential");
        ObjectNode config = root.putObject("config");
        config.put("name", m.name());
        ArrayNode layers = config.putArray("layers");

        ObjectNode input = layer(layers, "InputLayer");
        ArrayNode shape = input.putArray("batch_input_shape");
        shape.addNull();
        shape.add(m.input().height()).add(m.input().width()).add(m.input().channels());
        input.put("dtype", "float32");
        input.put("sparse", false);
        input.put("ragged", false);
        input.put("name", "input_1");

        List<String> names = layerNames(m.layers());
        Set<String> used = new HashSet<>(names);
        int paddings = 0;
        for (int i = 0; i < m.layers().size(); i++) {
            LayerSpec spec = m.layers().get(i);
            Padding padding = spec instanceof LayerSpec.Conv2D c ? c.padding()
                    : spec instanceof LayerSpec.Pooling2D p ? p.padding() : null;
            if (padding instanceof Padding.Explicit e) {
                String padName;
                do {
                    padName = paddings == 0 ? "zero_padding2d" : "zero_padding2d_" + paddings;
                    paddings++;
                } while (used.contains(padName));
                used.add(padName);
                ObjectNode z = common(layer(layers, "ZeroPadding2D"), padName);
                ArrayNode pads = z.putArray("padding");
                pads.addArray().add(e.amount()).add(e.amount());
                pads.addArray().add(e.amount()).add(e.amount());
                z.put("data_format", "channels_last");
                padding = Padding.VALID;
            }
            ObjectNode c = common(layer(layers, spec.type()), names.get(i));
            if (spec instanceof LayerSpec.Conv2D conv) {
                c.put("filters", conv.filters());
                ModelJson.putPair(c, "kernel_size", conv.kernel());
                ModelJson.putPair(c, "strides", conv.strides());
                c.put("padding", padding.keras());
                c.put("data_format", "channels_last");
                ModelJson.putPair(c, "dilation_rate", Size2.square(1));
                c.put("groups", 1);
                c.put("activation", conv.activation().keras());
                c.put("use_bias", conv.useBias());
                initializersAndRegularizers(c);
            } else if (spec instanceof LayerSpec.Pooling2D pool) {
                ModelJson.putPair(c, "pool_size", pool.pool());
                c.put("padding", padding.keras());
                ModelJson.putPair(c, "strides", pool.strides());
                c.put("data_format", "channels_last");
            } else if (spec instanceof LayerSpec.ActivationLayer a) {
                c.put("activation", a.activation().keras());
            } else if (spec instanceof LayerSpec.BatchNormalization b) {
                c.put("axis", -1);
                c.put("momentum", b.momentum());
                c.put("epsilon", b.epsilon());
                c.put("center", true);
                c.put("scale", true);
                c.set("beta_initializer", initializer("Zeros", false));
                c.set("gamma_initializer", initializer("Ones", false));
                c.set("moving_mean_initializer", initializer("Zeros", false));
                c.set("moving_variance_initializer", initializer("Ones", false));
                for (String key : List.of("beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint")) {
                    c.putNull(key);
                }
            } else if (spec instanceof LayerSpec.Dropout d) {
                c.put("rate", d.rate());
                c.putNull("noise_shape");
                c.putNull("seed");
            } else if (spec instanceof LayerSpec.Flatten) {
                c.put("data_format", "channels_last");
            } else if (spec instanceof LayerSpec.Dense d) {
                c.put("units", d.units());
                c.put("activation", d.activation().keras());
                c.put("use_bias", d.useBias());
                initializersAndRegularizers(c);
            }
        }
        root.put("keras_version", KERAS_VERSION);
        root.put("backend", "tensorflow");
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    /** Returns each layer's user name, or the automatic name ConvScope's analyzer and Keras would give it. */
    private static List<String> layerNames(List<LayerSpec> layers) {
        Set<String> used = new HashSet<>();
        for (LayerSpec l : layers) {
            l.name().ifPresent(used::add);
        }
        Map<String, Integer> counters = new HashMap<>();
        Set<String> taken = new HashSet<>();
        List<String> names = new ArrayList<>();
        for (LayerSpec l : layers) {
            String name = l.name().orElse(null);
            if (name == null) {
                do {
                    int n = counters.merge(l.kerasNamePrefix(), 1, Integer::sum) - 1;
                    name = n == 0 ? l.kerasNamePrefix() : l.kerasNamePrefix() + "_" + n;
                } while (taken.contains(name));
            }
            taken.add(name);
            names.add(name);
        }
        return names;
    }

    /** Adds {@code {"module": "keras.layers", "class_name": type, "config": {}, "registered_name": null}}. */
    private static ObjectNode layer(ArrayNode layers, String type) {
        ObjectNode l = layers.addObject();
        l.put("module", "keras.layers");
        l.put("class_name", type);
        ObjectNode config = l.putObject("config");
        l.putNull("registered_name");
        return config;
    }

    private static ObjectNode common(ObjectNode config, String name) {
        config.put("name", name);
        config.put("trainable", true);
        config.put("dtype", "float32");
        return config;
    }


    private static void initializersAndRegularizers(ObjectNode c) {
        c.set("kernel_initializer", initializer("GlorotUniform", true));
        c.set("bias_initializer", initializer("Zeros", false));
        for (String key : List.of("kernel_regularizer", "bias_regularizer", "activity_regularizer",
                "kernel_constraint", "bias_constraint")) {
            c.putNull(key);
        }
    }

    private static ObjectNode initializer(String type, boolean seeded) {
        ObjectNode i = JsonNodeFactory.instance.objectNode();
        i.put("module", "keras.initializers");
        i.put("class_name", type);
        ObjectNode config = i.putObject("config");
        if (seeded) {
            config.putNull("seed");
        }
        i.putNull("registered_name");
        return i;
    }

    // ---------------------------------------------------------------------------------------------------- import

    /**
     * Reads a Keras {@code model.to_json()} document (Keras 2 or 3) of a {@code Sequential} image model, or of a
     * functional model whose layers form one chain (each layer fed by the one before it, as in
     * {@code keras.applications.VGG16}).
     *
     * <p>Layer names that look automatic ({@code conv2d_3}) are dropped so that ConvScope names layers
     * itself; other names are kept. The model is described as {@value #IMPORTED_DESCRIPTION}.
     *
     * @param json the document
     * @return the model
     * @throws ModelFileException if the text is not JSON, not such a model, or uses a layer or option ConvScope does
     *         not support; the message names the JSON path and what is unsupported
     */
    public static ModelSpec importJson(String json) throws ModelFileException {
        return new Importer().model(parse(json));
    }

    /**
     * A layer of a Keras model that ConvScope cannot show or run.
     *
     * @param name the Keras layer name, e.g. {@code expanded_conv_depthwise}
     * @param kerasClass its Keras class, e.g. {@code DepthwiseConv2D}
     * @param reason why, for the user
     */
    public record Unsupported(String name, String kerasClass, String reason) {
    }

    /**
     * A Keras model read for showing and for weight import: the supported part of the model, from its input up to
     * the first layer ConvScope cannot represent, and a list of every layer it cannot represent.
     *
     * @param spec the supported layers, in order (the whole model when {@code unsupported} is empty)
     * @param kerasNames for each layer of {@code spec}, the Keras layer whose weights it holds (a ZeroPadding2D folded
     *        into a convolution is not listed; the convolution is)
     * @param unsupported every layer that cannot be represented, in model order
     * @param omitted how many Keras layers (not counting the InputLayer) are left out: the first unsupported one and
     *        all after it
     */
    public record Imported(ModelSpec spec, List<String> kerasNames, List<Unsupported> unsupported, int omitted) {
        /** Copies the lists. */
        public Imported {
            kerasNames = List.copyOf(kerasNames);
            unsupported = List.copyOf(unsupported);
        }

        /** True when the whole model is shown. */
        public boolean complete() {
            return unsupported.isEmpty() && omitted == 0;
        }

        /**
         * Describes what was left out, for the user: one line per unsupported Keras class with the layer names, e.g.
         * {@code DepthwiseConv2D (2): block_1_depthwise, block_2_depthwise - ConvScope has no DepthwiseConv2D layer}.
         *
         * @return the lines; empty when the whole model is shown
         */
        public List<String> describeOmissions() {
            if (complete()) {
                return List.of();
            }
            List<String> lines = new ArrayList<>();
            Unsupported first = unsupported.get(0);
            lines.add("Shown: the first " + spec.layers().size() + " layer(s), up to the first unsupported layer, "
                    + first.name() + " (" + first.kerasClass() + "); " + omitted + " Keras layer(s) from there on are left out.");
            Map<String, List<Unsupported>> byClass = new java.util.LinkedHashMap<>();
            for (Unsupported u : unsupported) {
                byClass.computeIfAbsent(u.kerasClass() + "|" + u.reason(), k -> new ArrayList<>()).add(u);
            }
            for (List<Unsupported> group : byClass.values()) {
                List<String> names = new ArrayList<>();
                for (Unsupported u : group) {
                    names.add(u.name());
                }
                String shown = names.size() <= 6 ? String.join(", ", names)
                        : String.join(", ", names.subList(0, 5)) + ", ... (" + (names.size() - 5) + " more)";
                lines.add("Not supported: " + group.get(0).kerasClass() + " (" + group.size() + "): " + shown + " - "
                        + group.get(0).reason());
            }
            return lines;
        }
    }

    /**
     * Reads a Keras model document (Sequential, or a Functional model whose layers form one chain, as
     * {@code keras.applications.VGG16}) and keeps what ConvScope can represent: the layers from the input up to the
     * first unsupported layer. Every unsupported layer is listed with its name and why.
     *
     * <p>Nothing in the document is ever run: a {@code Lambda} layer (which carries Python code) or a custom layer
     * class makes the whole document refused, so that no one mistakes a partial model for the real one.
     *
     * @param json the document, e.g. the {@code model_config} attribute of a Keras {@code .h5} file
     * @return the supported part, the Keras name of each of its layers and the list of what is not supported
     * @throws ModelFileException if the document is not a Keras model, has a Lambda or custom layer, or not even its
     *         first layer is supported
     */
    public static Imported importModel(String json) throws ModelFileException {
        return new Importer(true).read(parse(json));
    }

    private static JsonNode parse(String json) throws ModelFileException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonParseException e) {
            var loc = e.getLocation();
            throw new ModelFileException("$", "not valid JSON at line " + loc.getLineNr() + ", column "
                    + loc.getColumnNr() + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ModelFileException("$", "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ModelFileException("$", "the text is empty; expected the JSON from Keras' model.to_json().");
        }
        return root;
    }

    /** Keras' own layer classes (Keras 2 and 3); any other class is a custom layer, whose code ConvScope never has. */
    private static final Set<String> KERAS_CLASSES = Set.of("InputLayer", "Conv1D", "Conv2D", "Conv3D", "Convolution1D",
            "Convolution2D", "Convolution3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose", "SeparableConv1D",
            "SeparableConv2D", "DepthwiseConv1D", "DepthwiseConv2D", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D",
            "MaxPool1D", "MaxPool2D", "MaxPool3D", "AveragePooling1D", "AveragePooling2D", "AveragePooling3D", "AvgPool1D",
            "AvgPool2D", "AvgPool3D", "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D",
            "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D", "GlobalAvgPool2D", "GlobalMaxPool2D",
            "Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax", "ThresholdedReLU", "BatchNormalization",
            "LayerNormalization", "GroupNormalization", "UnitNormalization", "Dropout", "SpatialDropout1D",
            "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise", "GaussianDropout", "AlphaDropout", "Flatten",
            "Reshape", "Permute", "RepeatVector", "Dense", "EinsumDense", "ZeroPadding1D", "ZeroPadding2D",
            "ZeroPadding3D", "Cropping1D", "Cropping2D", "Cropping3D", "UpSampling1D", "UpSampling2D", "UpSampling3D",
            "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot", "Rescaling",
            "Normalization", "Resizing", "CenterCrop", "RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation",
            "RandomContrast", "RandomCrop", "RandomBrightness", "Embedding", "LSTM", "GRU", "SimpleRNN", "Bidirectional",
            "TimeDistributed", "ConvLSTM2D", "Attention", "AdditiveAttention", "MultiHeadAttention", "TFOpLambda",
            "SlicingOpLambda", "Sequential", "Functional", "Model", "Identity", "ActivityRegularization", "Masking");

    private static final Set<String> SUPPORTED_CLASSES = Set.of("InputLayer", "Conv2D", "Convolution2D", "MaxPooling2D",
            "MaxPool2D", "AveragePooling2D", "AvgPool2D", "Activation", "ReLU", "Softmax", "LeakyReLU",
            "BatchNormalization", "Dropout", "Flatten", "Dense", "ZeroPadding2D");

    /** Tree walker for {@link #importJson}; knows the JSON path of what it reads. */
    private static final class Importer {

        /** Marks, among a layer's sources, that it is called more than once. */
        private static final String SHARED = "(shared)";

        private final boolean lenient;
        private InputSpec input;
        private boolean flat;

        Importer(boolean lenient) {
            this.lenient = lenient;
        }

        Importer() {
            this(false);
        }

        ModelSpec model(JsonNode root) throws ModelFileException {
            return read(root).spec();
        }

        /** Refuses a Lambda or custom layer anywhere, nested models included. */
        private static void refuseCode(JsonNode layers, String path, int depth) throws ModelFileException {
            if (layers == null || !layers.isArray() || depth > 8) {
                return;
            }
            for (int i = 0; i < layers.size(); i++) {
                JsonNode l = layers.get(i);
                String p = path + "[" + i + "]";
                if (!l.isObject() || !l.path("class_name").isTextual()) {
                    continue; // reported as malformed where the layer is read
                }
                String cls = l.get("class_name").asText();
                String name = l.path("config").path("name").asText(l.path("name").asText("?"));
                if (cls.equals("Lambda")) {
                    throw new ModelFileException(p + ".class_name", "the Lambda layer \"" + name + "\" holds Python code."
                            + " ConvScope never runs code from a model file, so it does not open this model.");
                }
                JsonNode registered = l.get("registered_name");
                if (!KERAS_CLASSES.contains(cls) || registered != null && registered.isTextual()
                        && registered.asText().contains(">")) {
                    throw new ModelFileException(p + ".class_name", "the layer \"" + name + "\" is of the custom class \""
                            + (registered != null && registered.isTextual() ? registered.asText() : cls) + "\", whose code "
                            + "is not in the file. ConvScope runs only its own layers and never loads code, so it does not "
                            + "open this model.");
                }
                refuseCode(l.path("config").get("layers"), p + ".config.layers", depth + 1);
            }
        }

        /** Returns the names of the layers whose outputs feed a functional model's layer. */
        private static List<String> sources(JsonNode inbound, String path) throws ModelFileException {
            List<String> names = new ArrayList<>();
            if (inbound == null || inbound.isNull()) {
                return names;
            }
            if (!inbound.isArray()) {
                throw new ModelFileException(path, "expected a list of inbound nodes but found " + describe(inbound) + ".");
            }
            if (inbound.size() > 1) {
                names.add(SHARED); // the layer is called more than once
            }
            collect(inbound, names, 0);
            return names;
        }

        private static void collect(JsonNode n, List<String> into, int depth) {
            if (depth > 16) {
                return;
            }
            if (n.isArray() && n.size() >= 3 && n.get(0).isTextual() && n.get(1).isNumber()) { // Keras 2: [name, node, tensor, kwargs]
                into.add(n.get(0).asText());
                return;
            }
            if (n.isObject() && n.has("keras_history") && n.get("keras_history").isArray()
                    && n.get("keras_history").size() > 0 && n.get("keras_history").get(0).isTextual()) { // Keras 3
                into.add(n.get("keras_history").get(0).asText());
                return;
            }
            if (n.isContainerNode()) {
                for (JsonNode child : n) {
                    collect(child, into, depth + 1);
                }
            }
        }

        Imported read(JsonNode root) throws ModelFileException {
            if (!root.isObject()) {
                throw new ModelFileException("$", "expected a JSON object with \"class_name\": \"Sequential\" (the text of "
                        + "model.to_json()) but found " + describe(root) + ".");
            }
            JsonNode cls = root.get("class_name");
            if (cls == null || !cls.isTextual()) {
                throw new ModelFileException("$.class_name", "expected \"Sequential\" but found " + describe(cls)
                        + ". Is this the text of a Keras model.to_json()?");
            }
            String type = cls.asText();
            boolean functional = type.equals("Functional") || type.equals("Model");
            if (!functional && !type.equals("Sequential")) {
                throw new ModelFileException("$.class_name", "the Keras class \"" + type + "\" is not supported; "
                        + "ConvScope reads keras.Sequential models and functional models whose layers form one chain.");
            }
            JsonNode config = root.get("config");
            JsonNode layers;
            JsonNode buildShape = null;
            String layersPath;
            String name = "sequential";
            if (functional && (config == null || !config.isObject())) {
                throw new ModelFileException("$.config", "expected an object with the model's \"layers\" but found "
                        + describe(config) + ".");
            }
            if (config != null && config.isArray()) { // Keras 2.0-2.1: "config" is the layer list itself
                layers = config;
                layersPath = "$.config";
            } else {
                if (config == null || !config.isObject()) {
                    throw new ModelFileException("$.config", "expected an object with the model's \"layers\" but found "
                            + describe(config) + ".");
                }
                JsonNode n = config.get("name");
                if (n != null && n.isTextual() && !n.asText().isBlank()) {
                    name = n.asText();
                }
                layers = config.get("layers");
                layersPath = "$.config.layers";
                if (layers == null || !layers.isArray()) {
                    throw new ModelFileException(layersPath, "expected an array of layers but found " + describe(layers) + ".");
                }
                buildShape = config.get("build_input_shape");
            }
            refuseCode(layers, layersPath, 0);
            List<LayerSpec> specs = new ArrayList<>();
            List<String> kerasNames = new ArrayList<>();
            List<Unsupported> unsupported = new ArrayList<>();
            String cut = null;
            int omitted = 0;
            String previous = null;
            int pendingPadding = -1;
            String pendingPath = null;
            boolean seenLayer = false;
            for (int i = 0; i < layers.size(); i++) {
                String path = layersPath + "[" + i + "]";
                JsonNode layer = layers.get(i);
                if (!layer.isObject()) {
                    throw new ModelFileException(path, "expected a layer object {\"class_name\": ..., \"config\": {...}} "
                            + "but found " + describe(layer) + ".");
                }
                JsonNode layerClass = layer.get("class_name");
                if (layerClass == null || !layerClass.isTextual()) {
                    throw new ModelFileException(path + ".class_name", "expected a Keras layer class such as \"Conv2D\" "
                            + "but found " + describe(layerClass) + ".");
                }
                String lc = layerClass.asText();
                JsonNode lconf = layer.get("config");
                if (lconf == null || lconf.isNull()) {
                    lconf = JsonNodeFactory.instance.objectNode();
                } else if (!lconf.isObject()) {
                    throw new ModelFileException(path + ".config", "expected the layer's arguments as an object but found "
                            + describe(lconf) + ".");
                }
                String cpath = path + ".config";
                String kerasName = lconf.path("name").isTextual() ? lconf.get("name").asText()
                        : layer.path("name").isTextual() ? layer.get("name").asText() : lc + "#" + i;
                if (cut != null && !lc.equals("InputLayer")) {
                    omitted++;
                }
                try {
                    if (functional && !lc.equals("InputLayer")) {
                        List<String> from = sources(layer.get("inbound_nodes"), path + ".inbound_nodes");
                        if (from.contains(SHARED)) {
                            throw new ModelFileException(path + ".inbound_nodes", "the layer is used more than once (shared "
                                    + "weights); ConvScope models are one chain of layers, each used once.");
                        }
                        if (from.size() != 1 || previous == null || !from.get(0).equals(previous)) {
                            throw new ModelFileException(path + ".inbound_nodes", (from.size() > 1 ? "it joins the outputs of "
                                    + String.join(", ", from) : "it takes its input from " + (from.isEmpty() ? "nothing"
                                    : from.get(0)) + ", not from the layer before it (" + previous + ")")
                                    + "; ConvScope models are one chain of layers, each feeding the next.");
                        }
                    }
                    previous = kerasName;
                    if (lc.equals("InputLayer")) {
                        if (i > 0) {
                            throw new ModelFileException(path + ".class_name", "an InputLayer after other layers; ConvScope "
                                    + "models have exactly one input, before all other layers.");
                        }
                        JsonNode s = first(lconf, "batch_shape", "batch_input_shape");
                        if (s == null || s.isNull()) {
                            throw new ModelFileException(cpath + ".batch_shape", "missing; expected the input shape "
                                    + "[null, height, width, channels].");
                        }
                        input = shape(s, cpath + "." + (has(lconf, "batch_shape") ? "batch_shape" : "batch_input_shape"));
                        continue;
                    }
                    if (!seenLayer) { // Keras 2 puts the input shape on the first layer
                        seenLayer = true;
                        JsonNode s = first(lconf, "batch_input_shape", "batch_shape");
                        if (s != null && !s.isNull()) {
                            input = shape(s, cpath + "." + (has(lconf, "batch_input_shape") ? "batch_input_shape" : "batch_shape"));
                        }
                    }
                    String layerName = userName(lconf, cpath);
                    if (lc.equals("ZeroPadding2D")) {
                        if (pendingPadding >= 0) {
                            throw followedBy(pendingPath, lc);
                        }
                        dataFormat(lconf, cpath);
                        pendingPadding = symmetricPadding(lconf.get("padding"), cpath + ".padding");
                        pendingPath = path;
                        continue;
                    }
                    if (lenient && !SUPPORTED_CLASSES.contains(lc)) {
                        throw new ModelFileException(path + ".class_name", "ConvScope has no " + lc + " layer.");
                    }
                    if (lenient && cut != null) {
                        layer(lc, lconf, path, layerName); // only to list unsupported options
                        continue;
                    }
                    LayerSpec spec = layer(lc, lconf, path, layerName);
                    if (pendingPadding >= 0) {
                        if (spec instanceof LayerSpec.Conv2D c && c.padding() instanceof Padding.Valid) {
                            spec = new LayerSpec.Conv2D(c.userName(), c.filters(), c.kernel(), c.strides(),
                                    Padding.of(pendingPadding), c.activation(), c.useBias());
                        } else if (spec instanceof LayerSpec.Pooling2D p && p.padding() instanceof Padding.Valid) {
                            spec = new LayerSpec.Pooling2D(p.userName(), p.kind(), p.pool(), p.strides(), Padding.of(pendingPadding));
                        } else if (spec instanceof LayerSpec.Conv2D || spec instanceof LayerSpec.Pooling2D) {
                            throw new ModelFileException(pendingPath, "ZeroPadding2D is followed by a " + lc + " with padding=\""
                                    + lconf.path("padding").asText() + "\"; ConvScope merges zero padding into the next Conv2D or "
                                    + "pooling layer only when that layer has padding=\"valid\".");
                        } else {
                            throw followedBy(pendingPath, lc);
                        }
                        pendingPadding = -1;
                    }
                    specs.add(spec);
                    kerasNames.add(kerasName);
                } catch (ModelFileException e) {
                    if (!lenient || lc.equals("InputLayer")) {
                        throw e;
                    }
                    String prefix = e.jsonPath() + ": ";
                    String reason = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
                    unsupported.add(new Unsupported(kerasName, lc, reason));
                    if (cut == null) {
                        cut = kerasName;
                        omitted++;
                    }
                    pendingPadding = -1;
                    previous = kerasName;
                }
            }
            if (pendingPadding >= 0 && cut == null) {
                throw followedBy(pendingPath, null);
            }
            if (input == null && buildShape != null && !buildShape.isNull()) {
                input = shape(buildShape, "$.config.build_input_shape");
            }
            if (input == null) {
                throw new ModelFileException(layersPath, "the input shape is missing: expected an InputLayer with "
                        + "\"batch_shape\" (Keras 3) or \"batch_input_shape\" on the first layer (Keras 2). In Keras, start "
                        + "the model with keras.Input(shape=(height, width, channels)).");
            }
            if (specs.isEmpty() && !unsupported.isEmpty()) {
                Unsupported u = unsupported.get(0);
                throw new ModelFileException(layersPath, "not even the first layer can be shown: " + u.name() + " ("
                        + u.kerasClass() + "): " + u.reason());
            }
            return new Imported(new ModelSpec(name, IMPORTED_DESCRIPTION, input, specs), kerasNames, unsupported, omitted);
        }

        private static ModelFileException followedBy(String path, String next) {
            return new ModelFileException(path + ".class_name", "ZeroPadding2D is supported only right before a Conv2D "
                    + "or pooling layer with padding=\"valid\" (ConvScope merges it into that layer's padding), but here "
                    + (next == null ? "it is the last layer." : "it is followed by " + next + "."));
        }

        private LayerSpec layer(String lc, JsonNode c, String path, String name) throws ModelFileException {
            String cp = path + ".config";
            switch (lc) {
                case "Conv2D":
                case "Convolution2D": {
                    dataFormat(c, cp);
                    Size2 dilation = ModelJson.sizePair(c, cp, "dilation_rate", Size2.square(1));
                    if (dilation.h() != 1 || dilation.w() != 1) {
                        throw new ModelFileException(cp + ".dilation_rate", "dilated convolutions (dilation_rate="
                                + dilation.text() + ") are not supported; ConvScope needs dilation_rate 1.");
                    }
                    JsonNode groups = c.get("groups");
                    if (groups != null && !groups.isNull() && !(groups.isIntegralNumber() && groups.asInt() == 1)) {
                        throw new ModelFileException(cp + ".groups", "grouped convolutions (groups=" + groups
                                + ") are not supported; ConvScope needs groups 1.");
                    }
                    if (!c.has("filters")) {
                        throw new ModelFileException(cp + ".filters", "missing; expected the number of filters.");
                    }
                    if (!c.has("kernel_size")) {
                        throw new ModelFileException(cp + ".kernel_size", "missing; expected [height, width].");
                    }
                    return new LayerSpec.Conv2D(name, ModelJson.wholeNumber(c.get("filters"), cp + ".filters"),
                            ModelJson.sizePair(c, cp, "kernel_size", null), ModelJson.sizePair(c, cp, "strides", Size2.square(1)),
                            padding(c, cp), activation(c, cp), bool(c, cp, "use_bias", true));
                }
                case "MaxPooling2D":
                case "MaxPool2D":
                case "AveragePooling2D":
                case "AvgPool2D": {
                    dataFormat(c, cp);
                    Size2 pool = ModelJson.sizePair(c, cp, "pool_size", Size2.square(2));
                    return new LayerSpec.Pooling2D(name, lc.startsWith("Max") ? LayerSpec.PoolKind.MAX
                            : LayerSpec.PoolKind.AVERAGE, pool, ModelJson.sizePair(c, cp, "strides", pool), padding(c, cp));
                }
                case "Activation":
                    if (!c.has("activation")) {
                        throw new ModelFileException(cp + ".activation", "missing; one of " + Activation.names() + ".");
                    }
                    return new LayerSpec.ActivationLayer(name, activation(c, cp));
                case "ReLU": {
                    JsonNode max = c.get("max_value");
                    if (max != null && !max.isNull()) {
                        throw new ModelFileException(cp + ".max_value", "a ReLU capped at " + max.asText()
                                + " (e.g. ReLU6) is not supported; only the plain ReLU max(0, x).");
                    }
                    for (String key : List.of("negative_slope", "threshold")) {
                        JsonNode v = c.get(key);
                        if (v != null && !v.isNull() && (!v.isNumber() || v.asDouble() != 0)) {
                            throw new ModelFileException(cp + "." + key, "a ReLU with " + key + "=" + v
                                    + " is not supported; only the plain ReLU max(0, x) with " + key + " 0.");
                        }
                    }
                    return new LayerSpec.ActivationLayer(name, Activation.RELU);
                }
                case "Softmax": {
                    JsonNode axis = c.get("axis");
                    if (axis != null && !axis.isNull() && !isLastAxis(axis)) {
                        throw new ModelFileException(cp + ".axis", "softmax over axis " + axis
                                + " is not supported; only over the last axis (-1).");
                    }
                    return new LayerSpec.ActivationLayer(name, Activation.SOFTMAX);
                }
                case "LeakyReLU": {
                    String key = c.has("negative_slope") ? "negative_slope" : "alpha";
                    JsonNode v = c.get(key);
                    double slope = v == null || v.isNull() ? 0.3 : v.isNumber() ? v.asDouble() : Double.NaN;
                    if (Math.abs(slope - 0.2) > 1e-6) {
                        throw new ModelFileException(cp + "." + key, "LeakyReLU with negative slope "
                                + (v == null || v.isNull() ? "0.3 (the Keras default)" : v.toString())
                                + " is not supported: ConvScope's leaky_relu uses slope 0.2. In Keras, write "
                                + "LeakyReLU(negative_slope=0.2) (Keras 3) or LeakyReLU(alpha=0.2) (Keras 2).");
                    }
                    return new LayerSpec.ActivationLayer(name, Activation.LEAKY_RELU);
                }
                case "BatchNormalization": {
                    JsonNode axis = c.get("axis");
                    if (axis != null && !axis.isNull() && !isLastAxis(axis)) {
                        throw new ModelFileException(cp + ".axis", "batch normalisation over axis " + axis + " is not "
                                + "supported; ConvScope normalises the channel (last) axis, axis=-1.");
                    }
                    for (String key : List.of("center", "scale")) {
                        if (!bool(c, cp, key, true)) {
                            throw new ModelFileException(cp + "." + key, key + "=false is not supported; ConvScope's "
                                    + "BatchNormalization always learns gamma and beta.");
                        }
                    }
                    return new LayerSpec.BatchNormalization(name,
                            number(c, cp, "momentum", LayerSpec.BatchNormalization.DEFAULT_MOMENTUM),
                            number(c, cp, "epsilon", LayerSpec.BatchNormalization.DEFAULT_EPSILON));
                }
                case "Dropout": {
                    if (!c.has("rate")) {
                        throw new ModelFileException(cp + ".rate", "missing; the fraction of values to drop, e.g. 0.5.");
                    }
                    JsonNode noise = c.get("noise_shape");
                    if (noise != null && !noise.isNull()) {
                        throw new ModelFileException(cp + ".noise_shape", "dropout with a noise_shape is not supported.");
                    }
                    return new LayerSpec.Dropout(name, number(c, cp, "rate", 0));
                }
                case "Flatten":
                    dataFormat(c, cp);
                    flat = true;
                    return new LayerSpec.Flatten(name);
                case "Dense":
                    if (!c.has("units")) {
                        throw new ModelFileException(cp + ".units", "missing; expected the number of units.");
                    }
                    return new LayerSpec.Dense(name, ModelJson.wholeNumber(c.get("units"), cp + ".units"), activation(c, cp),
                            bool(c, cp, "use_bias", true));
                default:
                    throw new ModelFileException(path + ".class_name", "the Keras layer " + lc + " is not supported. "
                            + "ConvScope supports " + SUPPORTED + ".");
            }
        }

        /** True for -1, or the last axis index (3 for images, 1 after Flatten), bare or in a one-element list. */
        private boolean isLastAxis(JsonNode axis) {
            JsonNode a = axis.isArray() && axis.size() == 1 ? axis.get(0) : axis;
            if (!a.isIntegralNumber()) {
                return false;
            }
            int v = a.asInt();
            return v == -1 || v == (flat ? 1 : 3);
        }

        private static boolean has(JsonNode c, String key) {
            return c.has(key) && !c.get(key).isNull();
        }

        private static JsonNode first(JsonNode c, String a, String b) {
            JsonNode v = c.get(a);
            return v != null && !v.isNull() ? v : c.get(b);
        }

        private static InputSpec shape(JsonNode s, String path) throws ModelFileException {
            if (!s.isArray()) {
                throw new ModelFileException(path, "expected the input shape [null, height, width, channels] but found "
                        + describe(s) + ".");
            }
            if (s.size() != 4) {
                throw new ModelFileException(path, "the input has " + (s.size() - 1) + " dimension(s) besides the batch "
                        + "(" + s + "); ConvScope models take images, [null, height, width, channels].");
            }
            String[] what = {"batch", "height", "width", "channels"};
            int[] dims = new int[4];
            for (int i = 1; i < 4; i++) {
                JsonNode d = s.get(i);
                if (d.isNull()) {
                    throw new ModelFileException(path + "[" + i + "]", "the input " + what[i] + " is None (variable); "
                            + "ConvScope needs a fixed input size, e.g. keras.Input(shape=(32, 32, 3)).");
                }
                dims[i] = ModelJson.wholeNumber(d, path + "[" + i + "]");
            }
            return new InputSpec(dims[1], dims[2], dims[3]);
        }

        private static String userName(JsonNode c, String path) throws ModelFileException {
            JsonNode n = c.get("name");
            if (n == null || n.isNull()) {
                return null;
            }
            if (!n.isTextual()) {
                throw new ModelFileException(path + ".name", "expected text but found " + describe(n) + ".");
            }
            String name = n.asText();
            return name.isEmpty() || AUTO_NAME.matcher(name).matches() ? null : name;
        }

        private static void dataFormat(JsonNode c, String path) throws ModelFileException {
            JsonNode f = c.get("data_format");
            if (f == null || f.isNull() || (f.isTextual() && f.asText().equals("channels_last"))) {
                return;
            }
            throw new ModelFileException(path + ".data_format", "data_format " + describe(f) + " is not supported; "
                    + "ConvScope uses channels_last images (height, width, channels), Keras' default.");
        }

        private static int symmetricPadding(JsonNode v, String path) throws ModelFileException {
            List<Integer> values = new ArrayList<>();
            if (v == null || v.isNull()) {
                values.add(1); // Keras' default padding=(1, 1)
            } else if (v.isIntegralNumber()) {
                values.add(ModelJson.wholeNumber(v, path));
            } else if (v.isArray() && v.size() == 2) {
                for (int i = 0; i < 2; i++) {
                    JsonNode e = v.get(i);
                    if (e.isArray() && e.size() == 2) {
                        values.add(ModelJson.wholeNumber(e.get(0), path + "[" + i + "][0]"));
                        values.add(ModelJson.wholeNumber(e.get(1), path + "[" + i + "][1]"));
                    } else {
                        values.add(ModelJson.wholeNumber(e, path + "[" + i + "]"));
                    }
                }
            } else {
                throw new ModelFileException(path, "expected a number, [rows, columns] or [[top, bottom], [left, right]] "
                        + "but found " + describe(v) + ".");
            }
            int p = values.get(0);
            for (int x : values) {
                if (x != p) {
                    throw new ModelFileException(path, "uneven zero padding " + v + " is not supported; ConvScope pads "
                            + "the same number of cells on every side.");
                }
            }
            if (p < 0) {
                throw new ModelFileException(path, "negative padding " + p + " is not possible.");
            }
            return p;
        }

        private static Padding padding(JsonNode c, String path) throws ModelFileException {
            JsonNode v = c.get("padding");
            if (v == null || v.isNull()) {
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
            }
            throw new ModelFileException(path + ".padding", "padding " + describe(v) + " is not supported; expected "
                    + "\"valid\" or \"same\".");
        }

        private static Activation activation(JsonNode c, String path) throws ModelFileException {
            JsonNode v = c.get("activation");
            String p = path + ".activation";
            if (v == null || v.isNull()) {
                return Activation.LINEAR;
            }
            if (v.isObject()) {
                throw new ModelFileException(p, "the activation is a serialised object (" + describe(v.get("class_name"))
                        + "), not a name; ConvScope reads activations given by name: " + Activation.names()
                        + ". In Keras, write activation=\"relu\" or add an Activation layer.");
            }
            if (!v.isTextual()) {
                throw new ModelFileException(p, "expected one of " + Activation.names() + " but found " + describe(v) + ".");
            }
            return Activation.fromKeras(v.asText()).orElseThrow(() -> new ModelFileException(p,
                    "the activation \"" + v.asText() + "\" is not supported; known: " + Activation.names() + "."));
        }

        private static boolean bool(JsonNode c, String path, String key, boolean fallback) throws ModelFileException {
            JsonNode v = c.get(key);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.isBoolean()) {
                throw new ModelFileException(path + "." + key, "expected true or false but found " + describe(v) + ".");
            }
            return v.asBoolean();
        }

        private static double number(JsonNode c, String path, String key, double fallback) throws ModelFileException {
            JsonNode v = c.get(key);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.isNumber()) {
                throw new ModelFileException(path + "." + key, "expected a number but found " + describe(v) + ".");
            }
            return v.asDouble();
        }
    }

    private static String describe(JsonNode v) {
        return ModelJson.describe(v);
    }
}
