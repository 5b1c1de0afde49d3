package org.convscope.io;

import static org.convscope.core.text.CoreText.tr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;

/**
 * The import half of {@link KerasJson}: walks a Keras model document (Sequential, or Functional, whose
 * {@code inbound_nodes} make a graph: {@link KerasGraphs}) knowing the JSON path of what it reads. It finds the layer
 * list and the input shape, refuses code (Lambda, custom classes) and shared layers, folds an even
 * {@code ZeroPadding2D} into a valid Conv2D or pooling layer right after it (else it stays a layer) and, when lenient,
 * lists the layers it cannot represent instead of refusing the document; {@link KerasLayerReader} reads each layer.
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
            "BatchNormalization", "Dropout", "Flatten", "Dense", "ZeroPadding2D", "DepthwiseConv2D", "SeparableConv2D",
            "GlobalAveragePooling2D", "GlobalAvgPool2D", "GlobalMaxPooling2D", "GlobalMaxPool2D", "Add", "Concatenate",
            "Rescaling");

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
    /** For each layer of {@code specs}: the positions of its inputs (-1 the input image), or null: the one before. */
    private final List<List<Integer>> from = new ArrayList<>();
    /** For each Keras layer read so far, the positions in {@code specs} that stand for its output. */
    private final Map<String, List<Integer>> producers = new HashMap<>();
    /** A ZeroPadding2D waiting to be merged into the layer after it, or null. */
    private Pending pending;
    private boolean seenLayer;

    /** A ZeroPadding2D read but not yet placed: merged into a valid Conv2D or pooling after it, or a layer itself. */
    private record Pending(String kerasName, LayerSpec.ZeroPadding2D spec, List<Integer> sources, String path) {
        /** Returns the padding on every side when it is the same on all four, else -1. */
        int even() {
            return spec.top() == spec.bottom() && spec.top() == spec.left() && spec.top() == spec.right() ? spec.top() : -1;
        }
    }

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
            throw new ModelFileException("$", tr("error.keras.notObject", describe(root)));
        }
        JsonNode cls = root.get("class_name");
        if (cls == null || !cls.isTextual()) {
            throw new ModelFileException("$.class_name", tr("error.keras.className", describe(cls)));
        }
        String type = cls.asText();
        boolean functional = type.equals("Functional") || type.equals("Model");
        if (!functional && !type.equals("Sequential")) {
            throw new ModelFileException("$.class_name", tr("error.keras.modelClass", type));
        }
        JsonNode config = root.get("config");
        if (functional && (config == null || !config.isObject())) {
            throw new ModelFileException("$.config", tr("error.keras.configLayers", describe(config)));
        }
        if (config != null && config.isArray()) { // Keras 2.0-2.1: "config" is the layer list itself
            return new Frame(functional, "sequential", config, "$.config", null);
        }
        if (config == null || !config.isObject()) {
            throw new ModelFileException("$.config", tr("error.keras.configLayers", describe(config)));
        }
        String name = "sequential";
        JsonNode n = config.get("name");
        if (n != null && n.isTextual() && !n.asText().isBlank()) {
            name = n.asText();
        }
        JsonNode layers = config.get("layers");
        String layersPath = "$.config.layers";
        if (layers == null || !layers.isArray()) {
            throw new ModelFileException(layersPath, tr("error.json.layersArray", describe(layers)));
        }
        return new Frame(functional, name, layers, layersPath, config.get("build_input_shape"));
    }

    /** Reads layer {@code i}: its input shape, a padding to fold, a layer, or (lenient) an unsupported layer. */
    private void readLayer(Frame frame, int i) throws ModelFileException {
        String path = frame.layersPath() + "[" + i + "]";
        JsonNode layer = frame.layers().get(i);
        if (!layer.isObject()) {
            throw new ModelFileException(path, tr("error.keras.layerObject", "{\"class_name\": ..., \"config\": {...}}", describe(layer)));
        }
        JsonNode layerClass = layer.get("class_name");
        if (layerClass == null || !layerClass.isTextual()) {
            throw new ModelFileException(path + ".class_name", tr("error.keras.layerClass", describe(layerClass)));
        }
        String lc = layerClass.asText();
        JsonNode lconf = layer.get("config");
        if (lconf == null || lconf.isNull()) {
            lconf = JsonNodeFactory.instance.objectNode();
        } else if (!lconf.isObject()) {
            throw new ModelFileException(path + ".config", tr("error.keras.layerConfig", describe(lconf)));
        }
        String kerasName = lconf.path("name").isTextual() ? lconf.get("name").asText()
                : layer.path("name").isTextual() ? layer.get("name").asText() : lc + "#" + i;
        if (cut != null && !lc.equals("InputLayer")) {
            omitted++;
        }
        try {
            List<String> sources = frame.functional() && !lc.equals("InputLayer") && cut == null
                    ? inputsOf(layer, path) : null;
            readChecked(lc, lconf, path, i, kerasName, sources);
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
            pending = null;
        }
    }

    /** Returns the Keras layers whose outputs a functional model's layer takes; a layer called twice is refused. */
    private List<String> inputsOf(JsonNode layer, String path) throws ModelFileException {
        List<String> names = sources(layer.get("inbound_nodes"), path + ".inbound_nodes");
        if (names.contains(SHARED)) {
            throw new ModelFileException(path + ".inbound_nodes", tr("error.keras.shared"));
        }
        if (names.isEmpty()) {
            throw new ModelFileException(path + ".inbound_nodes", tr("error.keras.noInput"));
        }
        for (String n : names) {
            if (!producers.containsKey(n) && (pending == null || !pending.kerasName().equals(n))) {
                throw new ModelFileException(path + ".inbound_nodes", tr("error.keras.unknownSource", n));
            }
        }
        return names;
    }

    /** Returns the positions of the layers that stand for these Keras layers' outputs; null for a Sequential model. */
    private List<Integer> positions(List<String> sources, boolean merged) {
        if (sources == null) {
            return null;
        }
        List<Integer> out = new ArrayList<>();
        for (String n : sources) {
            out.addAll(merged && pending != null && n.equals(pending.kerasName()) ? pending.sources() : producers.get(n));
        }
        return out;
    }

    /** Places the waiting ZeroPadding2D as a layer of its own. */
    private void flushPending() {
        if (pending != null) {
            specs.add(pending.spec());
            from.add(pending.sources());
            kerasNames.add(pending.kerasName());
            producers.put(pending.kerasName(), List.of(specs.size() - 1));
            pending = null;
        }
    }

    /** Reads a layer whose object is valid; {@code sources} are its inputs' Keras names (null in a Sequential model). */
    private void readChecked(String lc, JsonNode lconf, String path, int i, String kerasName, List<String> sources)
            throws ModelFileException {
        String cpath = path + ".config";
        if (lc.equals("InputLayer")) {
            if (i > 0) {
                throw new ModelFileException(path + ".class_name", tr("error.keras.lateInput"));
            }
            JsonNode s = KerasLayerReader.first(lconf, "batch_shape", "batch_input_shape");
            if (s == null || s.isNull()) {
                throw new ModelFileException(cpath + ".batch_shape", tr("error.keras.inputShapeMissing"));
            }
            input = KerasLayerReader.shape(s, cpath + "."
                    + (KerasLayerReader.has(lconf, "batch_shape") ? "batch_shape" : "batch_input_shape"));
            producers.put(kerasName, List.of(-1));
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
            KerasLayerReader.dataFormat(lconf, cpath);
            LayerSpec.ZeroPadding2D pad = ModelJsonLayers.zeroPadding(lconf, cpath, layerName);
            flushPending();
            pending = new Pending(kerasName, pad, positions(sources, false), path);
            return;
        }
        if (lenient && !SUPPORTED_CLASSES.contains(lc)) {
            throw new ModelFileException(path + ".class_name", tr("error.keras.noSuchLayer", lc));
        }
        if (lenient && cut != null) {
            layerReader.layer(lc, lconf, path, layerName); // only to list unsupported options
            return;
        }
        LayerSpec spec = layerReader.layer(lc, lconf, path, layerName);
        boolean merge = pending != null && pending.even() >= 0 && (sources == null
                || sources.equals(List.of(pending.kerasName()))) && (spec instanceof LayerSpec.Conv2D c
                && c.padding() instanceof Padding.Valid || spec instanceof LayerSpec.Pooling2D p
                && p.padding() instanceof Padding.Valid);
        List<Integer> at;
        if (merge) { // the padding becomes this layer's explicit padding; it takes the padding's input
            spec = withPadding(spec, pending.even());
            at = positions(sources, true);
            pending = null;
        } else {
            flushPending();
            at = positions(sources, false);
        }
        specs.add(spec);
        from.add(at);
        kerasNames.add(kerasName);
        producers.put(kerasName, List.of(specs.size() - 1));
    }

    /** Returns a valid Conv2D or pooling layer with {@code p} cells of explicit padding. */
    private static LayerSpec withPadding(LayerSpec spec, int p) {
        if (spec instanceof LayerSpec.Conv2D c) {
            return new LayerSpec.Conv2D(c.userName(), c.filters(), c.kernel(), c.strides(), Padding.of(p),
                    c.activation(), c.useBias(), c.dilation());
        }
        LayerSpec.Pooling2D q = (LayerSpec.Pooling2D) spec;
        return new LayerSpec.Pooling2D(q.userName(), q.kind(), q.pool(), q.strides(), Padding.of(p));
    }

    /** Checks what only the whole document can tell (a padding left over, the input shape) and builds the result. */
    private KerasJson.Imported finish(Frame frame) throws ModelFileException {
        if (cut == null) {
            flushPending();
        }
        if (input == null && frame.buildShape() != null && !frame.buildShape().isNull()) {
            input = KerasLayerReader.shape(frame.buildShape(), "$.config.build_input_shape");
        }
        if (input == null) {
            throw new ModelFileException(frame.layersPath(), tr("error.keras.noInputShape"));
        }
        if (specs.isEmpty() && !unsupported.isEmpty()) {
            KerasJson.Unsupported u = unsupported.get(0);
            throw new ModelFileException(frame.layersPath(), tr("error.keras.firstLayer", u.name(), u.kerasClass(), u.reason()));
        }
        omitted += KerasGraphs.keepWhatFeedsTheLast(specs, kerasNames, from, cut != null);
        return new KerasJson.Imported(KerasGraphs.model(frame.name(), KerasJson.IMPORTED_DESCRIPTION, input, specs,
                kerasNames, from), kerasNames, unsupported, omitted);
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
                throw new ModelFileException(p + ".class_name", tr("error.keras.lambda", name));
            }
            JsonNode registered = l.get("registered_name");
            if (!KERAS_CLASSES.contains(cls) || registered != null && registered.isTextual()
                    && registered.asText().contains(">")) {
                throw new ModelFileException(p + ".class_name", tr("error.keras.custom", name,
                        registered != null && registered.isTextual() ? registered.asText() : cls));
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
            throw new ModelFileException(path, tr("error.keras.inbound", describe(inbound)));
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

    private static String describe(JsonNode v) {
        return ModelJson.describe(v);
    }
}
