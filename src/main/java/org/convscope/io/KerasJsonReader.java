package org.convscope.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;

/**
 * The import half of {@link KerasJson}: walks a Keras model document (Sequential, or Functional with one chain of
 * layers) knowing the JSON path of what it reads. It finds the layer list and the input shape, refuses code (Lambda,
 * custom classes), checks the chain, folds a {@code ZeroPadding2D} into the layer after it and, when lenient, lists
 * the layers it cannot represent instead of refusing the document; {@link KerasLayerReader} reads each layer.
 * One instance reads one document.
 */
final class KerasJsonReader {

    /** Marks, among a layer's sources, that it is called more than once. */
    private static final String SHARED = "(shared)";

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

    /** Where a document keeps its layers, its name and (Keras 3) its input shape. */
    private record Frame(boolean functional, String name, JsonNode layers, String layersPath, JsonNode buildShape) {
    }

    private final boolean lenient;
    private final KerasLayerReader layerReader = new KerasLayerReader();
    private InputSpec input;
    private final List<LayerSpec> specs = new ArrayList<>();
    private final List<String> kerasNames = new ArrayList<>();
    private final List<KerasJson.Unsupported> unsupported = new ArrayList<>();
    /** The Keras name of the first unsupported layer (lenient only); every layer from there on is omitted. */
    private String cut;
    private int omitted;
    /** The Keras name of the layer before the one being read, for the chain check. */
    private String previous;
    /** The amount of a ZeroPadding2D waiting for the layer it pads, or -1; {@code pendingPath} is where it is. */
    private int pendingPadding = -1;
    private String pendingPath;
    private boolean seenLayer;

    /**
     * Creates a reader.
     *
     * @param lenient list the layers that cannot be represented and keep the model up to the first of them, instead
     *        of refusing the document at the first one
     */
    KerasJsonReader(boolean lenient) {
        this.lenient = lenient;
    }

    /** Reads the document; see {@link KerasJson#importModel} and {@link KerasJson#importJson}. */
    KerasJson.Imported read(JsonNode root) throws ModelFileException {
        Frame frame = frame(root);
        refuseCode(frame.layers(), frame.layersPath(), 0);
        for (int i = 0; i < frame.layers().size(); i++) {
            readLayer(frame, i);
        }
        return finish(frame);
    }

    /** Finds the model's class, name and layer list (Keras 2.0-2.1 keep the list itself in "config"). */
    private static Frame frame(JsonNode root) throws ModelFileException {
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
        if (functional && (config == null || !config.isObject())) {
            throw new ModelFileException("$.config", "expected an object with the model's \"layers\" but found "
                    + describe(config) + ".");
        }
        if (config != null && config.isArray()) { // Keras 2.0-2.1: "config" is the layer list itself
            return new Frame(functional, "sequential", config, "$.config", null);
        }
        if (config == null || !config.isObject()) {
            throw new ModelFileException("$.config", "expected an object with the model's \"layers\" but found "
                    + describe(config) + ".");
        }
        String name = "sequential";
        JsonNode n = config.get("name");
        if (n != null && n.isTextual() && !n.asText().isBlank()) {
            name = n.asText();
        }
        JsonNode layers = config.get("layers");
        String layersPath = "$.config.layers";
        if (layers == null || !layers.isArray()) {
            throw new ModelFileException(layersPath, "expected an array of layers but found " + describe(layers) + ".");
        }
        return new Frame(functional, name, layers, layersPath, config.get("build_input_shape"));
    }

    /** Reads layer {@code i}: its input shape, a padding to fold, a layer, or (lenient) an unsupported layer. */
    private void readLayer(Frame frame, int i) throws ModelFileException {
        String path = frame.layersPath() + "[" + i + "]";
        JsonNode layer = frame.layers().get(i);
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
        String kerasName = lconf.path("name").isTextual() ? lconf.get("name").asText()
                : layer.path("name").isTextual() ? layer.get("name").asText() : lc + "#" + i;
        if (cut != null && !lc.equals("InputLayer")) {
            omitted++;
        }
        try {
            if (frame.functional() && !lc.equals("InputLayer")) {
                checkChain(layer, path);
            }
            previous = kerasName;
            readChecked(lc, lconf, path, i, kerasName);
        } catch (ModelFileException e) {
            if (!lenient || lc.equals("InputLayer")) {
                throw e;
            }
            String prefix = e.jsonPath() + ": ";
            String reason = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
            unsupported.add(new KerasJson.Unsupported(kerasName, lc, reason));
            if (cut == null) {
                cut = kerasName;
                omitted++;
            }
            pendingPadding = -1;
            previous = kerasName;
        }
    }

    /** A functional model's layer must take its input from the layer before it, and only once. */
    private void checkChain(JsonNode layer, String path) throws ModelFileException {
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

    /** Reads a layer whose object and chain place are valid. */
    private void readChecked(String lc, JsonNode lconf, String path, int i, String kerasName) throws ModelFileException {
        String cpath = path + ".config";
        if (lc.equals("InputLayer")) {
            if (i > 0) {
                throw new ModelFileException(path + ".class_name", "an InputLayer after other layers; ConvScope "
                        + "models have exactly one input, before all other layers.");
            }
            JsonNode s = KerasLayerReader.first(lconf, "batch_shape", "batch_input_shape");
            if (s == null || s.isNull()) {
                throw new ModelFileException(cpath + ".batch_shape", "missing; expected the input shape "
                        + "[null, height, width, channels].");
            }
            input = KerasLayerReader.shape(s, cpath + "."
                    + (KerasLayerReader.has(lconf, "batch_shape") ? "batch_shape" : "batch_input_shape"));
            return;
        }
        if (!seenLayer) { // Keras 2 puts the input shape on the first layer
            seenLayer = true;
            JsonNode s = KerasLayerReader.first(lconf, "batch_input_shape", "batch_shape");
            if (s != null && !s.isNull()) {
                input = KerasLayerReader.shape(s, cpath + "."
                        + (KerasLayerReader.has(lconf, "batch_input_shape") ? "batch_input_shape" : "batch_shape"));
            }
        }
        String layerName = KerasLayerReader.userName(lconf, cpath);
        if (lc.equals("ZeroPadding2D")) {
            if (pendingPadding >= 0) {
                throw followedBy(pendingPath, lc);
            }
            KerasLayerReader.dataFormat(lconf, cpath);
            pendingPadding = KerasLayerReader.symmetricPadding(lconf.get("padding"), cpath + ".padding");
            pendingPath = path;
            return;
        }
        if (lenient && !SUPPORTED_CLASSES.contains(lc)) {
            throw new ModelFileException(path + ".class_name", "ConvScope has no " + lc + " layer.");
        }
        if (lenient && cut != null) {
            layerReader.layer(lc, lconf, path, layerName); // only to list unsupported options
            return;
        }
        LayerSpec spec = layerReader.layer(lc, lconf, path, layerName);
        if (pendingPadding >= 0) {
            spec = withPendingPadding(spec, lc, lconf);
            pendingPadding = -1;
        }
        specs.add(spec);
        kerasNames.add(kerasName);
    }

    /** Folds the waiting ZeroPadding2D into a Conv2D or pooling layer with padding "valid", or refuses it. */
    private LayerSpec withPendingPadding(LayerSpec spec, String lc, JsonNode lconf) throws ModelFileException {
        if (spec instanceof LayerSpec.Conv2D c && c.padding() instanceof Padding.Valid) {
            return new LayerSpec.Conv2D(c.userName(), c.filters(), c.kernel(), c.strides(),
                    Padding.of(pendingPadding), c.activation(), c.useBias());
        } else if (spec instanceof LayerSpec.Pooling2D p && p.padding() instanceof Padding.Valid) {
            return new LayerSpec.Pooling2D(p.userName(), p.kind(), p.pool(), p.strides(), Padding.of(pendingPadding));
        } else if (spec instanceof LayerSpec.Conv2D || spec instanceof LayerSpec.Pooling2D) {
            throw new ModelFileException(pendingPath, "ZeroPadding2D is followed by a " + lc + " with padding=\""
                    + lconf.path("padding").asText() + "\"; ConvScope merges zero padding into the next Conv2D or "
                    + "pooling layer only when that layer has padding=\"valid\".");
        }
        throw followedBy(pendingPath, lc);
    }

    /** Checks what only the whole document can tell (a padding left over, the input shape) and builds the result. */
    private KerasJson.Imported finish(Frame frame) throws ModelFileException {
        if (pendingPadding >= 0 && cut == null) {
            throw followedBy(pendingPath, null);
        }
        if (input == null && frame.buildShape() != null && !frame.buildShape().isNull()) {
            input = KerasLayerReader.shape(frame.buildShape(), "$.config.build_input_shape");
        }
        if (input == null) {
            throw new ModelFileException(frame.layersPath(), "the input shape is missing: expected an InputLayer with "
                    + "\"batch_shape\" (Keras 3) or \"batch_input_shape\" on the first layer (Keras 2). In Keras, start "
                    + "the model with keras.Input(shape=(height, width, channels)).");
        }
        if (specs.isEmpty() && !unsupported.isEmpty()) {
            KerasJson.Unsupported u = unsupported.get(0);
            throw new ModelFileException(frame.layersPath(), "not even the first layer can be shown: " + u.name() + " ("
                    + u.kerasClass() + "): " + u.reason());
        }
        return new KerasJson.Imported(new ModelSpec(frame.name(), KerasJson.IMPORTED_DESCRIPTION, input, specs),
                kerasNames, unsupported, omitted);
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

    private static ModelFileException followedBy(String path, String next) {
        return new ModelFileException(path + ".class_name", "ZeroPadding2D is supported only right before a Conv2D "
                + "or pooling layer with padding=\"valid\" (ConvScope merges it into that layer's padding), but here "
                + (next == null ? "it is the last layer." : "it is followed by " + next + "."));
    }

    private static String describe(JsonNode v) {
        return ModelJson.describe(v);
    }
}
