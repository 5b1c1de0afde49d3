package org.convscope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.junit.jupiter.api.Test;

class KerasJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static void assertSameModel(ModelSpec expected, ModelSpec actual) {
        assertEquals(expected.name(), actual.name());
        assertEquals(expected.input(), actual.input());
        assertEquals(expected.layers(), actual.layers());
        assertEquals(KerasJson.IMPORTED_DESCRIPTION, actual.description());
    }

    private static ModelFileException importFails(String json) {
        return assertThrows(ModelFileException.class, () -> KerasJson.importJson(json));
    }

    /** A Keras 3 document with one Conv2D on 8x8x1 images; {@code conv} is the Conv2D's config body. */
    private static String keras3WithConv(String conv) {
        return """
                {"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer",
                   "config": {"batch_shape": [null, 8, 8, 1], "dtype": "float32", "name": "input_layer"}},
                  {"module": "keras.layers", "class_name": "Conv2D", "config": {%s}, "registered_name": null}]}}
                """.formatted(conv);
    }

    @Test
    void everyPresetRoundTripsExactly() throws Exception {
        List<String> ids = Presets.ids();
        assertTrue(ids.size() >= 9, "presets: " + ids);
        for (String id : ids) {
            ModelSpec m = IoTestModels.preset(id);
            assertSameModel(m, KerasJson.importJson(KerasJson.export(m)));
        }
    }

    @Test
    void everyLayerKindRoundTripsExactly() throws Exception {
        ModelSpec m = IoTestModels.everyKind();
        assertTrue(ModelAnalyzer.analyze(m).valid(), () -> ModelAnalyzer.analyze(m).problem().toString());
        assertSameModel(m, KerasJson.importJson(KerasJson.export(m)));
    }

    @Test
    void exportIsKeras2ToJsonWithAutomaticNames() throws Exception {
        JsonNode root = MAPPER.readTree(KerasJson.export(IoTestModels.preset("tf-cifar-cnn")));
        assertEquals("Sequential", root.get("class_name").asText());
        assertEquals("2.13.1", root.get("keras_version").asText());
        assertEquals("tensorflow", root.get("backend").asText());
        assertEquals("TensorFlow CIFAR-10 CNN", root.at("/config/name").asText());
        JsonNode layers = root.at("/config/layers");
        List<String> classes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonNode l : layers) {
            classes.add(l.get("class_name").asText());
            names.add(l.at("/config/name").asText());
        }
        assertEquals(List.of("InputLayer", "Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Conv2D", "Flatten",
                "Dense", "Dense"), classes);
        assertEquals(List.of("input_1", "conv2d", "max_pooling2d", "conv2d_1", "max_pooling2d_1", "conv2d_2", "flatten",
                "dense", "dense_1"), names);
        assertEquals("[null,32,32,3]", layers.get(0).at("/config/batch_input_shape").toString());
        JsonNode conv = layers.get(1).get("config");
        assertEquals(32, conv.get("filters").asInt());
        assertEquals("[3,3]", conv.get("kernel_size").toString());
        assertEquals("[1,1]", conv.get("strides").toString());
        assertEquals("valid", conv.get("padding").asText());
        assertEquals("channels_last", conv.get("data_format").asText());
        assertEquals("[1,1]", conv.get("dilation_rate").toString());
        assertEquals("relu", conv.get("activation").asText());
        assertTrue(conv.get("use_bias").asBoolean());
        assertEquals("[2,2]", layers.get(2).at("/config/pool_size").toString());
        assertEquals("[2,2]", layers.get(2).at("/config/strides").toString());
        assertEquals("linear", layers.get(8).at("/config/activation").asText());
        assertEquals(10, layers.get(8).at("/config/units").asInt());
    }

    @Test
    void explicitPaddingTravelsAsZeroPadding2D() throws Exception {
        ModelSpec m = new ModelSpec("pad", "", new InputSpec(28, 28, 1), List.of(
                new LayerSpec.Conv2D(null, 6, Size2.square(5), Size2.square(1), Padding.of(2), Activation.RELU, true),
                new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.MAX, Size2.square(2), Size2.square(2), Padding.of(1)),
                new LayerSpec.Conv2D(null, 6, Size2.square(3), Size2.square(1), Padding.of(0), Activation.RELU, true)));
        JsonNode layers = MAPPER.readTree(KerasJson.export(m)).at("/config/layers");
        assertEquals(7, layers.size());
        assertEquals("ZeroPadding2D", layers.get(1).get("class_name").asText());
        assertEquals("zero_padding2d", layers.get(1).at("/config/name").asText());
        assertEquals("[[2,2],[2,2]]", layers.get(1).at("/config/padding").toString());
        assertEquals("Conv2D", layers.get(2).get("class_name").asText());
        assertEquals("valid", layers.get(2).at("/config/padding").asText());
        assertEquals("zero_padding2d_1", layers.get(3).at("/config/name").asText());
        assertEquals("[[1,1],[1,1]]", layers.get(3).at("/config/padding").toString());
        assertEquals("MaxPooling2D", layers.get(4).get("class_name").asText());
        assertEquals("valid", layers.get(4).at("/config/padding").asText());
        assertEquals("[[0,0],[0,0]]", layers.get(5).at("/config/padding").toString());

        ModelSpec back = KerasJson.importJson(KerasJson.export(m));
        assertSameModel(m, back);
        assertEquals(Padding.of(2), ((LayerSpec.Conv2D) back.layers().get(0)).padding());
    }

    @Test
    void keras2CifarJsonWithInputShapeOnFirstLayerImportsAsThePreset() throws Exception {
        String json = """
                {"class_name": "Sequential", "config": {"name": "sequential", "layers": [\
                {"class_name": "Conv2D", "config": {"name": "conv2d", "trainable": true, "batch_input_shape": [null, 32, 32, 3], \
                "dtype": "float32", "filters": 32, "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid", \
                "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": "relu", "use_bias": true, \
                "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, \
                "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": null, \
                "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}}, \
                {"class_name": "MaxPooling2D", "config": {"name": "max_pooling2d", "trainable": true, "dtype": "float32", \
                "pool_size": [2, 2], "padding": "valid", "strides": [2, 2], "data_format": "channels_last"}}, \
                {"class_name": "Conv2D", "config": {"name": "conv2d_1", "trainable": true, "dtype": "float32", "filters": 64, \
                "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid", "data_format": "channels_last", \
                "dilation_rate": [1, 1], "groups": 1, "activation": "relu", "use_bias": true, \
                "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, \
                "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": null, \
                "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}}, \
                {"class_name": "MaxPooling2D", "config": {"name": "max_pooling2d_1", "trainable": true, "dtype": "float32", \
                "pool_size": [2, 2], "padding": "valid", "strides": [2, 2], "data_format": "channels_last"}}, \
                {"class_name": "Conv2D", "config": {"name": "conv2d_2", "trainable": true, "dtype": "float32", "filters": 64, \
                "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid", "data_format": "channels_last", \
                "dilation_rate": [1, 1], "groups": 1, "activation": "relu", "use_bias": true, \
                "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, \
                "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": null, \
                "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}}, \
                {"class_name": "Flatten", "config": {"name": "flatten", "trainable": true, "dtype": "float32", \
                "data_format": "channels_last"}}, \
                {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "units": 64, \
                "activation": "relu", "use_bias": true, "kernel_initializer": {"class_name": "GlorotUniform", \
                "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}}, \
                "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, \
                "kernel_constraint": null, "bias_constraint": null}}, \
                {"class_name": "Dense", "config": {"name": "dense_1", "trainable": true, "dtype": "float32", "units": 10, \
                "activation": "linear", "use_bias": true, "kernel_initializer": {"class_name": "GlorotUniform", \
                "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}}, \
                "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, \
                "kernel_constraint": null, "bias_constraint": null}}]}, "keras_version": "2.4.0", "backend": "tensorflow"}
                """;
        ModelSpec preset = IoTestModels.preset("tf-cifar-cnn");
        ModelSpec m = KerasJson.importJson(json);
        assertEquals("sequential", m.name());
        assertEquals("Imported from Keras", m.description());
        assertEquals(new InputSpec(32, 32, 3), m.input());
        assertEquals(preset.layers(), m.layers());
        assertEquals(122_570, ModelAnalyzer.analyze(m).totalParams());
    }

    @Test
    void keras3JsonWithInputLayerBatchShapeImports() throws Exception {
        String dtype = "{\"module\": \"keras\", \"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"float32\"}, "
                + "\"registered_name\": null}";
        String json = """
                {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential_3", "trainable": true,
                 "dtype": %1$s, "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 28, 28, 1],
                   "dtype": "float32", "sparse": false, "name": "input_layer_3"}, "registered_name": null},
                  {"module": "keras.layers", "class_name": "Conv2D", "config": {"name": "conv2d_6", "trainable": true,
                   "dtype": %1$s, "filters": 8, "kernel_size": [3, 3], "strides": [1, 1], "padding": "same",
                   "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": "linear",
                   "use_bias": false, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform",
                   "config": {"seed": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers",
                   "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null,
                   "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null,
                   "bias_constraint": null}, "registered_name": null, "build_config": {"input_shape": [null, 28, 28, 1]}},
                  {"module": "keras.layers", "class_name": "BatchNormalization", "config": {"name": "bn1", "trainable": true,
                   "dtype": %1$s, "axis": -1, "momentum": 0.9, "epsilon": 0.001, "center": true, "scale": true,
                   "synchronized": false}, "registered_name": null},
                  {"module": "keras.layers", "class_name": "ReLU", "config": {"name": "re_lu_2", "trainable": true,
                   "dtype": %1$s, "max_value": null, "negative_slope": 0.0, "threshold": 0.0}, "registered_name": null},
                  {"module": "keras.layers", "class_name": "MaxPool2D", "config": {"name": "max_pooling2d_4",
                   "pool_size": [2, 2], "padding": "valid", "strides": [2, 2], "data_format": "channels_last"}},
                  {"module": "keras.layers", "class_name": "Flatten", "config": {"name": "flatten_3",
                   "data_format": "channels_last"}},
                  {"module": "keras.layers", "class_name": "Dropout", "config": {"name": "dropout_1", "rate": 0.25,
                   "seed": null, "noise_shape": null}},
                  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "logits", "units": 10,
                   "activation": "linear", "use_bias": true}},
                  {"module": "keras.layers", "class_name": "Softmax", "config": {"name": "softmax", "axis": -1}}],
                 "build_input_shape": [null, 28, 28, 1]}, "registered_name": null,
                 "build_config": {"input_shape": [null, 28, 28, 1]}}
                """.formatted(dtype);
        ModelSpec m = KerasJson.importJson(json);
        assertEquals("sequential_3", m.name());
        assertEquals(new InputSpec(28, 28, 1), m.input());
        assertEquals(List.of(
                new LayerSpec.Conv2D(null, 8, Size2.square(3), Size2.square(1), Padding.SAME, Activation.LINEAR, false),
                new LayerSpec.BatchNormalization("bn1", 0.9, 0.001),
                new LayerSpec.ActivationLayer(null, Activation.RELU),
                new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.MAX, Size2.square(2), Size2.square(2), Padding.VALID),
                new LayerSpec.Flatten(null),
                new LayerSpec.Dropout(null, 0.25),
                new LayerSpec.Dense("logits", 10, Activation.LINEAR, true),
                new LayerSpec.ActivationLayer(null, Activation.SOFTMAX)), m.layers());
    }

    @Test
    void automaticNamesAreDroppedAndOthersKept() throws Exception {
        String json = """
                {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4, 4, 2]}},
                  {"class_name": "Conv2D", "config": {"name": "conv2d_17", "filters": 3, "kernel_size": 1}},
                  {"class_name": "Conv2D", "config": {"name": "conv2d_head", "filters": 3, "kernel_size": 1}},
                  {"class_name": "Flatten", "config": {"name": "flatten"}},
                  {"class_name": "Dense", "config": {"name": "dense_12", "units": 2}},
                  {"class_name": "Dense", "config": {"name": "Dense", "units": 2}}]}}
                """;
        ModelSpec m = KerasJson.importJson(json);
        assertEquals("sequential", m.name(), "default model name");
        assertEquals(new InputSpec(4, 4, 2), m.input());
        List<String> names = m.layers().stream().map(l -> l.name().orElse("-")).toList();
        assertEquals(List.of("-", "conv2d_head", "-", "-", "Dense"), names);
        // defaults: strides 1, valid, linear, bias; a bare kernel_size integer means square
        assertEquals(new LayerSpec.Conv2D(null, 3, Size2.square(1), Size2.square(1), Padding.VALID, Activation.LINEAR, true),
                m.layers().get(0));
    }

    @Test
    void keras2BatchNormAxisListAndLeakyReluWithSlopePointTwoImport() throws Exception {
        String json = """
                {"class_name": "Sequential", "config": {"name": "m", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 6, 6, 3]}},
                  {"class_name": "BatchNormalization", "config": {"axis": [3], "momentum": 0.8, "epsilon": 0.01}},
                  {"class_name": "LeakyReLU", "config": {"alpha": 0.2}},
                  {"class_name": "AvgPool2D", "config": {"pool_size": [3, 3], "strides": null, "padding": "same"}},
                  {"class_name": "Flatten", "config": {}},
                  {"class_name": "BatchNormalization", "config": {"axis": 1}},
                  {"class_name": "LeakyReLU", "config": {"negative_slope": 0.2}},
                  {"class_name": "Activation", "config": {"activation": "sigmoid"}}]}}
                """;
        assertEquals(List.of(
                new LayerSpec.BatchNormalization(null, 0.8, 0.01),
                new LayerSpec.ActivationLayer(null, Activation.LEAKY_RELU),
                new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.AVERAGE, Size2.square(3), Size2.square(3), Padding.SAME),
                new LayerSpec.Flatten(null),
                new LayerSpec.BatchNormalization(null, 0.99, 0.001),
                new LayerSpec.ActivationLayer(null, Activation.LEAKY_RELU),
                new LayerSpec.ActivationLayer(null, Activation.SIGMOID)), KerasJson.importJson(json).layers());
    }

    @Test
    void conv1DIsRejectedWithItsPath() {
        ModelFileException e = importFails("""
                {"class_name": "Sequential", "config": {"name": "m", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_shape": [null, 8, 8, 1]}},
                  {"class_name": "Flatten", "config": {}},
                  {"class_name": "Dense", "config": {"units": 4}},
                  {"class_name": "Conv1D", "config": {"filters": 2, "kernel_size": 3}}]}}
                """);
        assertEquals("$.config.layers[3].class_name", e.jsonPath());
        assertTrue(e.getMessage().contains("Conv1D") && e.getMessage().contains("not supported"), e.getMessage());
    }

    @Test
    void channelsFirstIsRejected() {
        ModelFileException e = importFails(keras3WithConv(
                "\"filters\": 2, \"kernel_size\": [3, 3], \"data_format\": \"channels_first\""));
        assertEquals("$.config.layers[1].config.data_format", e.jsonPath());
        assertTrue(e.getMessage().contains("channels_first"), e.getMessage());
    }

    @Test
    void dilationIsReadAndGroupsAreRejected() throws Exception {
        ModelSpec dilated = KerasJson.importJson(keras3WithConv(
                "\"filters\": 2, \"kernel_size\": [3, 3], \"dilation_rate\": [2, 2]"));
        assertEquals(new Size2(2, 2), ((LayerSpec.Conv2D) dilated.layers().get(0)).dilation());
        ModelFileException grouped = importFails(keras3WithConv("\"filters\": 2, \"kernel_size\": 3, \"groups\": 2"));
        assertEquals("$.config.layers[1].config.groups", grouped.jsonPath());
        assertTrue(grouped.getMessage().contains("grouped"), grouped.getMessage());
    }

    @Test
    void activationGivenAsObjectIsRejectedClearly() {
        ModelFileException e = importFails(keras3WithConv("\"filters\": 2, \"kernel_size\": 3, \"activation\": "
                + "{\"module\": \"keras.layers\", \"class_name\": \"ReLU\", \"config\": {}}"));
        assertEquals("$.config.layers[1].config.activation", e.jsonPath());
        assertTrue(e.getMessage().contains("ReLU") && e.getMessage().contains("by name"), e.getMessage());
    }

    @Test
    void unknownActivationNameIsRejected() {
        ModelFileException e = importFails(keras3WithConv("\"filters\": 2, \"kernel_size\": 3, \"activation\": \"gelu\""));
        assertEquals("$.config.layers[1].config.activation", e.jsonPath());
        assertTrue(e.getMessage().contains("gelu") && e.getMessage().contains("relu"), e.getMessage());
    }

    private static String fixture(String name) throws java.io.IOException {
        return java.nio.file.Files.readString(java.nio.file.Path.of("src", "test", "resources", "keras", name));
    }

    @Test
    void functionalChainIsReadWithItsKerasNames() throws Exception {
        // keras.applications-style names; the ZeroPadding2D is folded into block2_conv1, the only Dropout kept
        KerasJson.Imported imported = KerasJson.importModel(fixture("mini_vgg_functional.json"));
        assertTrue(imported.complete(), imported.describeOmissions().toString());
        ModelSpec m = imported.spec();
        assertEquals(new InputSpec(12, 12, 3), m.input());
        assertEquals(List.of("block1_conv1", "block1_conv2", "block1_pool", "block2_conv1", "block2_pool", "flatten", "fc1",
                "dropout", "predictions"), imported.kerasNames());
        assertEquals(new LayerSpec.Conv2D("block2_conv1", 8, Size2.square(3), Size2.square(1), Padding.of(1),
                Activation.RELU, true), m.layers().get(3));
        assertEquals(m, KerasJson.importJson(fixture("mini_vgg_functional.json")), "the strict reader agrees");
        // 3*3*3*6+6 + 3*3*6*6+6 + 3*3*6*8+8 + 72*16+16 + 16*3+3
        assertEquals(168 + 330 + 440 + 1168 + 51, ModelAnalyzer.analyze(m).totalParams());
    }

    @Test
    void unsupportedLayersAreListedAndTheModelIsCutBeforeTheFirst() throws Exception {
        // the MobileNet fixture with its ReLU6 turned into a PReLU, a layer ConvScope does not have
        String json = fixture("mini_mobilenet_functional.json").replace("\"class_name\": \"ReLU\"",
                "\"class_name\": \"PReLU\"");
        KerasJson.Imported imported = KerasJson.importModel(json);
        assertEquals(List.of("Conv1", "bn_Conv1"), imported.kerasNames());
        assertEquals(List.of("Conv1_relu"), imported.unsupported().stream().map(KerasJson.Unsupported::name).toList());
        assertEquals("ConvScope has no PReLU layer.", imported.unsupported().get(0).reason());
        assertEquals(5, imported.omitted(), "Conv1_relu and the four layers after it, predictions included");
        assertTrue(imported.describeOmissions().get(0).contains("first 2 layer(s)")
                && imported.describeOmissions().get(0).contains("Conv1_relu (PReLU)"), imported.describeOmissions().get(0));
        assertFalse(imported.spec().isGraph());
        // the strict reader refuses the same document at the first unsupported layer
        ModelFileException e = importFails(json);
        assertEquals("$.config.layers[3].class_name", e.jsonPath());
    }

    @Test
    void aGraphIsExportedAsAFunctionalModelWithInboundNodes() throws Exception {
        ModelSpec m = KerasH5.read(Path.of("src", "test", "resources", "keras", "separable_mini.h5")).imported().spec();
        String json = KerasJson.export(m);
        JsonNode root = MAPPER.readTree(json);
        assertEquals("Functional", root.get("class_name").asText());
        JsonNode layers = root.at("/config/layers");
        JsonNode concat = layers.get(12);
        assertEquals("concat", concat.get("name").asText());
        assertEquals("[[[\"sep1_act\",0,0,{}],[\"pw1\",0,0,{}]]]", concat.get("inbound_nodes").toString());
        assertEquals("[[[\"input_1\",0,0,{}]]]", layers.get(1).get("inbound_nodes").toString());
        assertEquals("[[\"predictions\",0,0]]", root.at("/config/output_layers").toString());
        assertEquals("[[0,1],[0,1]]", layers.get(2).at("/config/padding").toString());
        assertEquals(m, KerasJson.importJson(json), "the export reads back as the same graph");
    }

    @Test
    void theMobileNetFixtureOpensWholeAsAGraph() throws Exception {
        KerasJson.Imported imported = KerasJson.importModel(fixture("mini_mobilenet_functional.json"));
        assertEquals(List.of(), imported.unsupported());
        ModelSpec m = imported.spec();
        assertTrue(m.isGraph());
        assertEquals(java.util.Map.of("block_add", List.of("Conv1_relu", "expanded_conv_depthwise")), m.inputs());
        assertEquals(new LayerSpec.ReLU("Conv1_relu", 6.0, 0, 0), m.layers().get(2));
        var a = ModelAnalyzer.analyze(m);
        assertTrue(a.valid(), () -> a.problem().get().describe());
        // Conv1 3*3*3*4 (no bias) = 108, bn 4*4 = 16, depthwise 3*3*4*1 (no bias) = 36, dense 4*3+3 = 15
        assertEquals(108 + 16 + 36 + 15, a.totalParams());
        assertEquals("(None, 4, 4, 4)", a.layers().get(4).output().keras());
    }

    @Test
    void aBranchThatEndsNowhereIsNamedByTheAnalysis() throws Exception {
        ModelSpec m = KerasJson.importJson("""
                {"class_name": "Functional", "config": {"name": "model", "layers": [
                  {"class_name": "InputLayer", "name": "in", "config": {"name": "in", "batch_input_shape": [null, 8, 8, 1]},
                   "inbound_nodes": []},
                  {"class_name": "Conv2D", "name": "a", "config": {"name": "a", "filters": 2, "kernel_size": [3, 3]},
                   "inbound_nodes": [[["in", 0, 0, {}]]]},
                  {"class_name": "Conv2D", "name": "b", "config": {"name": "b", "filters": 2, "kernel_size": [3, 3]},
                   "inbound_nodes": [[["in", 0, 0, {}]]]}],
                 "input_layers": [["in", 0, 0]], "output_layers": [["b", 0, 0]]}}
                """);
        assertEquals(java.util.Map.of("b", List.of("input")), m.inputs());
        var problem = ModelAnalyzer.analyze(m).problem().get();
        assertEquals(1, problem.layerIndex());
        assertTrue(problem.message().startsWith("its output is not used by any layer"), problem.message());
        ModelFileException shared = importFails("""
                {"class_name": "Functional", "config": {"name": "model", "layers": [
                  {"class_name": "InputLayer", "name": "in", "config": {"name": "in", "batch_input_shape": [null, 8, 8, 1]},
                   "inbound_nodes": []},
                  {"class_name": "Conv2D", "name": "a", "config": {"name": "a", "filters": 1, "kernel_size": 1},
                   "inbound_nodes": [[["in", 0, 0, {}]], [["in", 0, 0, {}]]]}]}}
                """);
        assertEquals("$.config.layers[1].inbound_nodes", shared.jsonPath());
        assertTrue(shared.getMessage().contains("used more than once"), shared.getMessage());
    }

    @Test
    void lambdaAndCustomLayersAreRefusedWhole() {
        String lambda = """
                {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 8, 8, 1]}},
                  {"class_name": "Lambda", "config": {"name": "evil", "function": ["4wEAAAAAAAAA", null, null]}}]}}
                """;
        for (String json : List.of(lambda, lambda.replace("\"Lambda\"", "\"MyLayer\""))) {
            ModelFileException e = assertThrows(ModelFileException.class, () -> KerasJson.importModel(json));
            assertEquals("$.config.layers[1].class_name", e.jsonPath());
            assertTrue(e.getMessage().contains("\"evil\"") && e.getMessage().contains("never"), e.getMessage());
        }
    }

    @Test
    void malformedJsonIsRejectedWithItsLocation() {
        ModelFileException e = importFails("{\"class_name\": \"Sequential\",\n  \"config\": {\"layers\": [}");
        assertEquals("$", e.jsonPath());
        assertTrue(e.getMessage().contains("not valid JSON at line 2"), e.getMessage());
        assertEquals("$", importFails("   ").jsonPath());
        assertEquals("$", importFails("[1, 2]").jsonPath());
    }

    @Test
    void secondInputAndMissingInputAreRejected() {
        ModelFileException twice = importFails("""
                {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "InputLayer", "config": {"batch_shape": [null, 8, 8, 1]}},
                  {"class_name": "InputLayer", "config": {"batch_shape": [null, 8, 8, 1]}}]}}
                """);
        assertEquals("$.config.layers[1].class_name", twice.jsonPath());
        assertTrue(twice.getMessage().contains("one input"), twice.getMessage());
        ModelFileException missing = importFails("""
                {"class_name": "Sequential", "config": {"layers": [{"class_name": "Flatten", "config": {}}]}}
                """);
        assertEquals("$.config.layers", missing.jsonPath());
        assertTrue(missing.getMessage().contains("input shape is missing"), missing.getMessage());
        ModelFileException vector = importFails("""
                {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "InputLayer", "config": {"batch_shape": [null, 784]}}]}}
                """);
        assertEquals("$.config.layers[0].config.batch_shape", vector.jsonPath());
        assertTrue(vector.getMessage().contains("images"), vector.getMessage());
        ModelFileException variable = importFails("""
                {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "InputLayer", "config": {"batch_shape": [null, null, null, 3]}}]}}
                """);
        assertEquals("$.config.layers[0].config.batch_shape[1]", variable.jsonPath());
        assertTrue(variable.getMessage().contains("fixed input size"), variable.getMessage());
    }

    @Test
    void zeroPaddingThatCannotBeFoldedStaysALayer() throws Exception {
        String head = "{\"class_name\": \"Sequential\", \"config\": {\"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 8, 8, 1]}},";
        ModelSpec uneven = KerasJson.importJson(head
                + "{\"class_name\": \"ZeroPadding2D\", \"config\": {\"padding\": [[1, 2], [1, 2]]}},"
                + "{\"class_name\": \"Conv2D\", \"config\": {\"filters\": 2, \"kernel_size\": 3}}]}}");
        assertEquals(new LayerSpec.ZeroPadding2D(null, 1, 2, 1, 2), uneven.layers().get(0));
        assertEquals(Padding.VALID, ((LayerSpec.Conv2D) uneven.layers().get(1)).padding());
        ModelSpec beforeDense = KerasJson.importJson(head
                + "{\"class_name\": \"ZeroPadding2D\", \"config\": {\"padding\": 1}},"
                + "{\"class_name\": \"Flatten\", \"config\": {}}]}}");
        assertEquals(List.of("ZeroPadding2D", "Flatten"), beforeDense.layers().stream().map(LayerSpec::type).toList());
        ModelSpec beforeSame = KerasJson.importJson(head
                + "{\"class_name\": \"ZeroPadding2D\", \"config\": {\"padding\": [1, 1]}},"
                + "{\"class_name\": \"Conv2D\", \"config\": {\"filters\": 2, \"kernel_size\": 3, \"padding\": \"same\"}}]}}");
        assertEquals("(None, 10, 10, 2)", ModelAnalyzer.analyze(beforeSame).outputShape().keras()); // pad to 10, same
        ModelSpec last = KerasJson.importJson(head
                + "{\"class_name\": \"ZeroPadding2D\", \"config\": {\"padding\": 1}}]}}");
        assertEquals(List.of(new LayerSpec.ZeroPadding2D(null, 1, 1, 1, 1)), last.layers());
    }

    @Test
    void zeroPaddingFormsAllFold() throws Exception {
        for (String padding : List.of("3", "[3, 3]", "[[3, 3], [3, 3]]")) {
            ModelSpec m = KerasJson.importJson("{\"class_name\": \"Sequential\", \"config\": {\"layers\": ["
                    + "{\"class_name\": \"ZeroPadding2D\", \"config\": {\"batch_input_shape\": [null, 8, 8, 1], "
                    + "\"padding\": " + padding + "}},"
                    + "{\"class_name\": \"AveragePooling2D\", \"config\": {\"pool_size\": 2}}]}}");
            assertEquals(new InputSpec(8, 8, 1), m.input());
            assertEquals(List.of(new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.AVERAGE, Size2.square(2),
                    Size2.square(2), Padding.of(3))), m.layers(), padding);
        }
    }

    @Test
    void unsupportedLayerOptionsAreRejected() throws Exception {
        String head = "{\"class_name\": \"Sequential\", \"config\": {\"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 8, 8, 1]}},";
        ModelSpec leaky = KerasJson.importJson(head + "{\"class_name\": \"LeakyReLU\", \"config\": {}}]}}");
        assertEquals(new LayerSpec.LeakyReLU(null, 0.3), leaky.layers().get(0)); // Keras' default slope
        ModelSpec relu6 = KerasJson.importJson(head + "{\"class_name\": \"ReLU\", \"config\": {\"max_value\": 6.0}}]}}");
        assertEquals(new LayerSpec.ReLU(null, 6.0, 0, 0), relu6.layers().get(0));
        ModelFileException keepdims = importFails(head
                + "{\"class_name\": \"GlobalAveragePooling2D\", \"config\": {\"keepdims\": true}}]}}");
        assertEquals("$.config.layers[1].config.keepdims", keepdims.jsonPath());
        ModelFileException bnAxis = importFails(head
                + "{\"class_name\": \"BatchNormalization\", \"config\": {\"axis\": 1}}]}}");
        assertEquals("$.config.layers[1].config.axis", bnAxis.jsonPath());
        ModelFileException causal = importFails(head
                + "{\"class_name\": \"Conv2D\", \"config\": {\"filters\": 1, \"kernel_size\": 1, \"padding\": \"causal\"}}]}}");
        assertEquals("$.config.layers[1].config.padding", causal.jsonPath());
        ModelFileException nested = importFails(head
                + "{\"class_name\": \"Sequential\", \"config\": {\"layers\": []}}]}}");
        assertEquals("$.config.layers[1].class_name", nested.jsonPath());
    }

    @Test
    void exportedJsonIsValidAndUsesNoInternalNames() throws Exception {
        String json = KerasJson.export(IoTestModels.everyKind());
        JsonNode layers = MAPPER.readTree(json).at("/config/layers");
        List<String> names = new ArrayList<>();
        layers.forEach(l -> names.add(l.at("/config/name").asText()));
        assertEquals(names.size(), names.stream().distinct().count(), "unique names: " + names);
        assertEquals("stem \"a\"", layers.get(2).at("/config/name").asText());
        assertEquals("ZeroPadding2D", layers.get(1).get("class_name").asText());
        assertFalse(json.contains("convscope"), "no ConvScope-only keys");
        assertEquals(0.25, layers.get(9).at("/config/rate").asDouble());
    }
}
