package org.convscope.io;

import static org.convscope.core.text.CoreText.tr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;

/**
 * Reads one Keras layer's {@code config} into a {@link LayerSpec} for {@link KerasJsonReader}, refusing every option
 * ConvScope cannot represent with the JSON path and a reason; also reads the small values the reader needs itself
 * (input shape, layer name, zero padding). One instance per document: after a {@code Flatten} the last axis is 1.
 */
final class KerasLayerReader {

    /** Names Keras (and ConvScope's analyzer) generate on their own; imported layers drop them. */
    private static final Pattern AUTO_NAME = Pattern.compile("^(conv2d|max_pooling2d|average_pooling2d|activation"
            + "|batch_normalization|dropout|flatten|dense|re_lu|softmax|leaky_re_lu|zero_padding2d)(_\\d+)?$");

    private static final String SUPPORTED = "Conv2D, DepthwiseConv2D, SeparableConv2D, MaxPooling2D, AveragePooling2D, "
            + "GlobalAveragePooling2D, GlobalMaxPooling2D, Activation, ReLU, LeakyReLU, Softmax, BatchNormalization, "
            + "Dropout, Flatten, Dense, ZeroPadding2D, Rescaling, Add and Concatenate";

    private boolean flat;

    /**
     * Reads a layer of class {@code lc} (not InputLayer or ZeroPadding2D, which the document reader handles).
     *
     * @param lc the Keras class
     * @param c the layer's config object
     * @param path the layer's JSON path
     * @param name the user's name for the layer, or null
     */
    LayerSpec layer(String lc, JsonNode c, String path, String name) throws ModelFileException {
        String cp = path + ".config";
        LayerSpec graphLayer = graphLayer(lc, c, cp, name);
        if (graphLayer != null) {
            return graphLayer;
        }
        switch (lc) {
            case "Conv2D":
            case "Convolution2D":
                return conv2d(c, cp, name);
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
                    throw new ModelFileException(cp + ".activation", tr("error.json.activationMissing", Activation.names()));
                }
                return new LayerSpec.ActivationLayer(name, activation(c, cp));
            case "ReLU":
                return relu(c, cp, name);
            case "Softmax": {
                JsonNode axis = c.get("axis");
                if (axis != null && !axis.isNull() && !isLastAxis(axis)) {
                    throw new ModelFileException(cp + ".axis", tr("error.keras.softmaxAxis", axis));
                }
                return new LayerSpec.ActivationLayer(name, Activation.SOFTMAX);
            }
            case "LeakyReLU":
                return leakyRelu(c, cp, name);
            case "BatchNormalization":
                return batchNormalization(c, cp, name);
            case "Dropout":
                return dropout(c, cp, name);
            case "Flatten":
                dataFormat(c, cp);
                flat = true;
                return new LayerSpec.Flatten(name);
            case "Dense":
                if (!c.has("units")) {
                    throw new ModelFileException(cp + ".units", tr("error.keras.unitsMissing"));
                }
                return new LayerSpec.Dense(name, ModelJson.wholeNumber(c.get("units"), cp + ".units"), activation(c, cp),
                        bool(c, cp, "use_bias", true));
            default:
                throw new ModelFileException(path + ".class_name", tr("error.keras.unsupportedLayer", lc, SUPPORTED));
        }
    }

    /** Reads the layers of residual and MobileNet-style models; null for any other class. */
    private LayerSpec graphLayer(String lc, JsonNode c, String cp, String name) throws ModelFileException {
        switch (lc) {
            case "DepthwiseConv2D":
            case "SeparableConv2D":
                return depthwise(lc, c, cp, name);
            case "GlobalAveragePooling2D":
            case "GlobalAvgPool2D":
            case "GlobalMaxPooling2D":
            case "GlobalMaxPool2D": {
                dataFormat(c, cp);
                if (bool(c, cp, "keepdims", false)) {
                    throw new ModelFileException(cp + ".keepdims", tr("error.keras.keepdims"));
                }
                flat = true;
                return new LayerSpec.GlobalPooling2D(name, lc.startsWith("GlobalMax") ? LayerSpec.PoolKind.MAX
                        : LayerSpec.PoolKind.AVERAGE);
            }
            case "Add":
                return new LayerSpec.Add(name);
            case "Concatenate": {
                JsonNode axis = c.get("axis");
                if (axis != null && !axis.isNull() && !isLastAxis(axis)) {
                    throw new ModelFileException(cp + ".axis", tr("error.keras.concatAxis", axis));
                }
                return new LayerSpec.Concatenate(name);
            }
            case "Rescaling":
                if (!c.has("scale") || !c.get("scale").isNumber()) {
                    throw new ModelFileException(cp + ".scale", tr("error.keras.scalePerChannel", describe(c.get("scale"))));
                }
                return new LayerSpec.Rescaling(name, number(c, cp, "scale", 1), number(c, cp, "offset", 0));
            default:
                return null;
        }
    }

    private static LayerSpec conv2d(JsonNode c, String cp, String name) throws ModelFileException {
        dataFormat(c, cp);
        Size2 dilation = ModelJson.sizePair(c, cp, "dilation_rate", Size2.square(1));
        JsonNode groups = c.get("groups");
        if (groups != null && !groups.isNull() && !(groups.isIntegralNumber() && groups.asInt() == 1)) {
            throw new ModelFileException(cp + ".groups", tr("error.keras.groups", groups));
        }
        if (!c.has("filters")) {
            throw new ModelFileException(cp + ".filters", tr("error.keras.filtersMissing"));
        }
        if (!c.has("kernel_size")) {
            throw new ModelFileException(cp + ".kernel_size", tr("error.keras.kernelMissing"));
        }
        return new LayerSpec.Conv2D(name, ModelJson.wholeNumber(c.get("filters"), cp + ".filters"),
                ModelJson.sizePair(c, cp, "kernel_size", null), ModelJson.sizePair(c, cp, "strides", Size2.square(1)),
                padding(c, cp), activation(c, cp), bool(c, cp, "use_bias", true), dilation);
    }

    /** DepthwiseConv2D, or SeparableConv2D (depthwise then 1x1 to {@code filters}); both without dilation. */
    private static LayerSpec depthwise(String lc, JsonNode c, String cp, String name) throws ModelFileException {
        dataFormat(c, cp);
        Size2 dilation = ModelJson.sizePair(c, cp, "dilation_rate", Size2.square(1));
        if (dilation.h() != 1 || dilation.w() != 1) {
            throw new ModelFileException(cp + ".dilation_rate", tr("error.keras.dilated", lc, dilation.text()));
        }
        if (!c.has("kernel_size")) {
            throw new ModelFileException(cp + ".kernel_size", tr("error.keras.kernelMissing"));
        }
        int dm = has(c, "depth_multiplier") ? ModelJson.wholeNumber(c.get("depth_multiplier"), cp + ".depth_multiplier")
                : 1;
        Size2 kernel = ModelJson.sizePair(c, cp, "kernel_size", null);
        Size2 strides = ModelJson.sizePair(c, cp, "strides", Size2.square(1));
        if (lc.equals("DepthwiseConv2D")) {
            return new LayerSpec.DepthwiseConv2D(name, kernel, strides, padding(c, cp), dm, activation(c, cp),
                    bool(c, cp, "use_bias", true));
        }
        if (!c.has("filters")) {
            throw new ModelFileException(cp + ".filters", tr("error.keras.filtersMissing"));
        }
        return new LayerSpec.SeparableConv2D(name, ModelJson.wholeNumber(c.get("filters"), cp + ".filters"), kernel,
                strides, padding(c, cp), dm, activation(c, cp), bool(c, cp, "use_bias", true));
    }

    private static LayerSpec relu(JsonNode c, String cp, String name) throws ModelFileException {
        JsonNode max = c.get("max_value");
        double slope = number(c, cp, "negative_slope", 0);
        double threshold = number(c, cp, "threshold", 0);
        if ((max == null || max.isNull()) && slope == 0 && threshold == 0) {
            return new LayerSpec.ActivationLayer(name, Activation.RELU); // the plain max(0, x)
        }
        return new LayerSpec.ReLU(name, max == null || max.isNull() ? null : number(c, cp, "max_value", 0), slope,
                threshold);
    }

    private static LayerSpec leakyRelu(JsonNode c, String cp, String name) throws ModelFileException {
        String key = c.has("negative_slope") ? "negative_slope" : "alpha";
        double slope = number(c, cp, key, LayerSpec.LeakyReLU.DEFAULT_ALPHA);
        if (Math.abs(slope - 0.2) <= 1e-6) {
            return new LayerSpec.ActivationLayer(name, Activation.LEAKY_RELU); // ConvScope's leaky_relu is 0.2
        }
        return new LayerSpec.LeakyReLU(name, slope);
    }

    private LayerSpec batchNormalization(JsonNode c, String cp, String name) throws ModelFileException {
        JsonNode axis = c.get("axis");
        if (axis != null && !axis.isNull() && !isLastAxis(axis)) {
            throw new ModelFileException(cp + ".axis", tr("error.keras.bnAxis", axis));
        }
        for (String key : List.of("center", "scale")) {
            if (!bool(c, cp, key, true)) {
                throw new ModelFileException(cp + "." + key, tr("error.keras.bnFixed", key));
            }
        }
        return new LayerSpec.BatchNormalization(name,
                number(c, cp, "momentum", LayerSpec.BatchNormalization.DEFAULT_MOMENTUM),
                number(c, cp, "epsilon", LayerSpec.BatchNormalization.DEFAULT_EPSILON));
    }

    private static LayerSpec dropout(JsonNode c, String cp, String name) throws ModelFileException {
        if (!c.has("rate")) {
            throw new ModelFileException(cp + ".rate", tr("error.json.rateMissing"));
        }
        JsonNode noise = c.get("noise_shape");
        if (noise != null && !noise.isNull()) {
            throw new ModelFileException(cp + ".noise_shape", tr("error.keras.noiseShape"));
        }
        return new LayerSpec.Dropout(name, number(c, cp, "rate", 0));
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

    static boolean has(JsonNode c, String key) {
        return c.has(key) && !c.get(key).isNull();
    }

    static JsonNode first(JsonNode c, String a, String b) {
        JsonNode v = c.get(a);
        return v != null && !v.isNull() ? v : c.get(b);
    }

    static InputSpec shape(JsonNode s, String path) throws ModelFileException {
        if (!s.isArray()) {
            throw new ModelFileException(path, tr("error.keras.inputShape", describe(s)));
        }
        if (s.size() != 4) {
            throw new ModelFileException(path, tr("error.keras.inputRank", s.size() - 1, s));
        }
        String[] what = {"batch", "height", "width", "channels"};
        int[] dims = new int[4];
        for (int i = 1; i < 4; i++) {
            JsonNode d = s.get(i);
            if (d.isNull()) {
                throw new ModelFileException(path + "[" + i + "]", tr("error.keras.inputVariable", what[i]));
            }
            dims[i] = ModelJson.wholeNumber(d, path + "[" + i + "]");
        }
        return new InputSpec(dims[1], dims[2], dims[3]);
    }

    static String userName(JsonNode c, String path) throws ModelFileException {
        JsonNode n = c.get("name");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new ModelFileException(path + ".name", tr("error.json.text.expected", describe(n)));
        }
        String name = n.asText();
        return name.isEmpty() || AUTO_NAME.matcher(name).matches() ? null : name;
    }

    static void dataFormat(JsonNode c, String path) throws ModelFileException {
        JsonNode f = c.get("data_format");
        if (f == null || f.isNull() || (f.isTextual() && f.asText().equals("channels_last"))) {
            return;
        }
        throw new ModelFileException(path + ".data_format", tr("error.keras.dataFormat", describe(f)));
    }

    static int symmetricPadding(JsonNode v, String path) throws ModelFileException {
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
            throw new ModelFileException(path, tr("error.json.zeroPadding", describe(v)));
        }
        int p = values.get(0);
        for (int x : values) {
            if (x != p) {
                throw new ModelFileException(path, tr("error.keras.unevenPadding", v));
            }
        }
        if (p < 0) {
            throw new ModelFileException(path, tr("error.keras.negativePadding", p));
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
        throw new ModelFileException(path + ".padding", tr("error.keras.padding", describe(v)));
    }

    private static Activation activation(JsonNode c, String path) throws ModelFileException {
        JsonNode v = c.get("activation");
        String p = path + ".activation";
        if (v == null || v.isNull()) {
            return Activation.LINEAR;
        }
        if (v.isObject()) {
            throw new ModelFileException(p, tr("error.keras.activationObject", describe(v.get("class_name")), Activation.names()));
        }
        if (!v.isTextual()) {
            throw new ModelFileException(p, tr("error.json.activation", Activation.names(), describe(v)));
        }
        return Activation.fromKeras(v.asText()).orElseThrow(() -> new ModelFileException(p,
                tr("error.keras.activationUnsupported", v.asText(), Activation.names())));
    }

    private static boolean bool(JsonNode c, String path, String key, boolean fallback) throws ModelFileException {
        JsonNode v = c.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new ModelFileException(path + "." + key, tr("error.json.boolean.expected", describe(v)));
        }
        return v.asBoolean();
    }

    private static double number(JsonNode c, String path, String key, double fallback) throws ModelFileException {
        JsonNode v = c.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new ModelFileException(path + "." + key, tr("error.json.number.expected", describe(v)));
        }
        return v.asDouble();
    }

    private static String describe(JsonNode v) {
        return ModelJson.describe(v);
    }
}
