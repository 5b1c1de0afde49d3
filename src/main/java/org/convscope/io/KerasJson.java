package org.convscope.io;

import static org.convscope.core.text.CoreText.tr;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.convscope.core.model.ModelSpec;

/**
 * Converts models to and from Keras' architecture JSON, the text of {@code model.to_json()}.
 *
 * <p>This lets a model travel between ConvScope and Keras without weights: {@link #export} writes a
 * Keras 2 style {@code Sequential} document that {@code keras.models.model_from_json} reads, and
 * {@link #importJson} reads Keras 2 and Keras 3 documents (also the {@code config.json} inside a
 * {@code .keras} file). Explicit integer padding, which Keras layers lack, travels as a
 * {@code ZeroPadding2D} layer right before the convolution or pooling layer, and is folded back on import.
 *
 * <p>This class is the entry point and holds the results; {@link KerasJsonWriter} writes documents,
 * {@link KerasJsonReader} reads them and {@link KerasLayerReader} reads each layer.
 */
public final class KerasJson {

    /** The Keras version written into exported documents. */
    public static final String KERAS_VERSION = "2.13.1";
    /** The description given to imported models. */
    public static final String IMPORTED_DESCRIPTION = "Imported from Keras";

    private static final ObjectMapper MAPPER = new ObjectMapper();

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
        return KerasJsonWriter.write(m);
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
        return new KerasJsonReader(false).read(parse(json)).spec();
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
            return describeOmissions(tr("error.partial.kerasLayers"));
        }

        /**
         * Describes what was left out, as {@link #describeOmissions()} does, counting the file's own parts with
         * {@code units}: {@code "Keras layer(s)"} for a Keras file, {@code "ONNX node(s)"} for an ONNX graph.
         *
         * @param units what the omitted count counts, plural form with "(s)"
         * @return the lines; empty when the whole model is shown
         */
        public List<String> describeOmissions(String units) {
            if (complete()) {
                return List.of();
            }
            List<String> lines = new ArrayList<>();
            Unsupported first = unsupported.get(0);
            lines.add(tr("error.partial.shown", spec.layers().size(), first.name(), first.kerasClass(), omitted, units));
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
                        : tr("error.partial.more", String.join(", ", names.subList(0, 5)), names.size() - 5);
                lines.add(tr("error.partial.notSupported", group.get(0).kerasClass(), group.size(), shown,
                        group.get(0).reason()));
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
        return new KerasJsonReader(true).read(parse(json));
    }

    private static JsonNode parse(String json) throws ModelFileException {
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
            throw new ModelFileException("$", tr("error.json.emptyKeras"));
        }
        return root;
    }
}
