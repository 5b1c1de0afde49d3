package org.convscope.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;

/**
 * The export half of {@link KerasJson}: writes a model as the Keras 2 document that
 * {@code keras.models.model_from_json} reads, with every argument Keras itself writes, so that the file looks like
 * one Keras made: a chain as a {@code Sequential} model, a graph as a {@code Functional} one whose layers list their
 * {@code inbound_nodes} ({@code [[["conv2d", 0, 0, {}], ["add", 0, 0, {}]]]}). Explicit padding becomes a
 * {@code ZeroPadding2D} layer before the layer it pads.
 */
final class KerasJsonWriter {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private KerasJsonWriter() {
    }

    /** See {@link KerasJson#export}. */
    static String write(ModelSpec m) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        boolean graph = m.isGraph();
        root.put("class_name", graph ? "Functional" : "Sequential");
        ObjectNode config = root.putObject("config");
        config.put("name", m.name());
        ArrayNode layers = config.putArray("layers");
        List<String> names = layerNames(m.layers());
        Set<String> used = new HashSet<>(names);
        String inputName = used.contains("input_1") ? "input_" + (names.size() + 1) : "input_1";
        inputLayer(layers, m.input(), inputName);
        wire(layers, graph, inputName, List.of());
        ModelGraph g = ModelGraph.of(m);
        int paddings = 0;
        for (int i = 0; i < m.layers().size(); i++) {
            LayerSpec spec = m.layers().get(i);
            List<String> from = g.inputNamesOf(i).stream().map(n -> n.equals(ModelGraph.INPUT) ? inputName : n).toList();
            Padding padding = KerasJsonWriterLayers.padding(spec);
            if (padding instanceof Padding.Explicit e) {
                String padName;
                do {
                    padName = paddings == 0 ? "zero_padding2d" : "zero_padding2d_" + paddings;
                    paddings++;
                } while (used.contains(padName));
                used.add(padName);
                zeroPadding(layers, padName, e.amount());
                wire(layers, graph, padName, from);
                from = List.of(padName);
                padding = Padding.VALID;
            }
            ObjectNode c = common(layer(layers, spec.type()), names.get(i));
            if (!KerasJsonWriterLayers.put(c, spec, padding)) {
                putArguments(c, spec, padding);
            }
            wire(layers, graph, names.get(i), from);
        }
        if (graph) {
            config.putArray("input_layers").addArray().add(inputName).add(0).add(0);
            config.putArray("output_layers").addArray().add(names.get(names.size() - 1)).add(0).add(0);
        }
        root.put("keras_version", KerasJson.KERAS_VERSION);
        root.put("backend", "tensorflow");
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    /** In a functional model, gives the layer just added its name and the layers it takes (Keras 2's form). */
    private static void wire(ArrayNode layers, boolean graph, String name, List<String> from) {
        if (!graph) {
            return;
        }
        ObjectNode l = (ObjectNode) layers.get(layers.size() - 1);
        l.put("name", name);
        ArrayNode nodes = l.putArray("inbound_nodes");
        if (!from.isEmpty()) {
            ArrayNode call = nodes.addArray();
            for (String n : from) {
                call.addArray().add(n).add(0).add(0).addObject();
            }
        }
    }

    private static void inputLayer(ArrayNode layers, InputSpec in, String name) {
        ObjectNode input = layer(layers, "InputLayer");
        ArrayNode shape = input.putArray("batch_input_shape");
        shape.addNull();
        shape.add(in.height()).add(in.width()).add(in.channels());
        input.put("dtype", "float32");
        input.put("sparse", false);
        input.put("ragged", false);
        input.put("name", name);
    }

    private static void zeroPadding(ArrayNode layers, String name, int amount) {
        ObjectNode z = common(layer(layers, "ZeroPadding2D"), name);
        ArrayNode pads = z.putArray("padding");
        pads.addArray().add(amount).add(amount);
        pads.addArray().add(amount).add(amount);
        z.put("data_format", "channels_last");
    }

    /** Puts a layer's own arguments; {@code padding} is the layer's padding once explicit padding is split off. */
    private static void putArguments(ObjectNode c, LayerSpec spec, Padding padding) {
        if (spec instanceof LayerSpec.Conv2D conv) {
            c.put("filters", conv.filters());
            ModelJson.putPair(c, "kernel_size", conv.kernel());
            ModelJson.putPair(c, "strides", conv.strides());
            c.put("padding", padding.keras());
            c.put("data_format", "channels_last");
            ModelJson.putPair(c, "dilation_rate", conv.dilation());
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

    static void initializersAndRegularizers(ObjectNode c) {
        c.set("kernel_initializer", initializer("GlorotUniform", true));
        c.set("bias_initializer", initializer("Zeros", false));
        for (String key : List.of("kernel_regularizer", "bias_regularizer", "activity_regularizer",
                "kernel_constraint", "bias_constraint")) {
            c.putNull(key);
        }
    }

    static ObjectNode initializer(String type, boolean seeded) {
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
}
