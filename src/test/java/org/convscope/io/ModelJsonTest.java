package org.convscope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading and writing {@code *.convscope.json} model files. */
class ModelJsonTest {

    /** The example of the format spec (README, "Model files"). */
    private static final String SPEC_EXAMPLE = "{\"format\":\"convscope-model\",\"version\":1,\"name\":\"tiny\","
            + "\"input\":{\"height\":32,\"width\":32,\"channels\":3},\"layers\":["
            + "{\"type\":\"Conv2D\",\"filters\":32,\"kernel_size\":[3,3],\"strides\":[1,1],\"padding\":\"valid\","
            + "\"activation\":\"relu\"},"
            + "{\"type\":\"MaxPooling2D\",\"pool_size\":[2,2]},"
            + "{\"type\":\"Flatten\"},"
            + "{\"type\":\"Dense\",\"units\":10,\"activation\":\"softmax\"}]}";

    private static final String HEAD = "{\"format\": \"convscope-model\", \"version\": 1, "
            + "\"input\": {\"height\": 8, \"width\": 8, \"channels\": 1}, ";

    /** A document with the given layers array body on an 8x8x1 input. */
    private static String withLayers(String layers) {
        return HEAD + "\"layers\": [" + layers + "]}";
    }

    private static ModelFileException fails(String json) {
        return assertThrows(ModelFileException.class, () -> ModelJson.parse(json));
    }

    private static void assertError(ModelFileException e, String path, String... phrases) {
        assertEquals(path, e.jsonPath(), e.getMessage());
        assertTrue(e.getMessage().startsWith(path + ": "), e.getMessage());
        for (String phrase : phrases) {
            assertTrue(e.getMessage().contains(phrase), () -> "expected \"" + phrase + "\" in: " + e.getMessage());
        }
    }

    static List<String> presetIds() {
        return Presets.ids();
    }

    @ParameterizedTest
    @MethodSource("presetIds")
    void everyPresetRoundTrips(String id) throws Exception {
        ModelSpec m = IoTestModels.preset(id);
        String json = ModelJson.toJson(m);
        assertTrue(json.endsWith("\n"));
        assertEquals(m, ModelJson.parse(json));
        assertEquals(json, ModelJson.toJson(ModelJson.parse(json)), "writing is stable");
    }

    @Test
    void everyLayerKindRoundTrips() throws Exception {
        ModelSpec m = IoTestModels.everyKind();
        assertEquals(m, ModelJson.parse(ModelJson.toJson(m)));
    }

    @Test
    void specExampleParses() throws Exception {
        ModelSpec m = ModelJson.parse(SPEC_EXAMPLE);
        assertEquals("tiny", m.name());
        assertEquals("", m.description());
        assertEquals(new InputSpec(32, 32, 3), m.input());
        assertEquals(List.of(
                new LayerSpec.Conv2D(null, 32, Size2.square(3), Size2.square(1), Padding.VALID, Activation.RELU, true),
                new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.MAX, Size2.square(2), new Size2(2, 2), Padding.VALID),
                new LayerSpec.Flatten(null),
                new LayerSpec.Dense(null, 10, Activation.SOFTMAX, true)), m.layers());
        assertEquals(new Size2(2, 2), ((LayerSpec.Pooling2D) m.layers().get(1)).strides());
    }

    @Test
    void defaultsAreKeras() throws Exception {
        ModelSpec m = ModelJson.parse("{\"format\": \"convscope-model\", \"version\": 1, "
                + "\"input\": {\"height\": 8, \"width\": 8, \"channels\": 1}, \"layers\": ["
                + "{\"type\": \"Conv2D\", \"filters\": 4, \"kernel_size\": 3},"
                + "{\"type\": \"BatchNormalization\"},"
                + "{\"type\": \"Dense\", \"units\": 2}]}");
        assertEquals("sequential", m.name());
        assertEquals(new LayerSpec.Conv2D(null, 4, new Size2(3, 3), Size2.square(1), Padding.VALID, Activation.LINEAR,
                true), m.layers().get(0));
        assertEquals(new LayerSpec.BatchNormalization(null, 0.99, 0.001), m.layers().get(1));
        assertEquals(new LayerSpec.Dense(null, 2, Activation.LINEAR, true), m.layers().get(2));
    }

    @Test
    void bareIntegerKernelMeansSquare() throws Exception {
        ModelSpec m = ModelJson.parse(withLayers("{\"type\": \"Conv2D\", \"filters\": 1, \"kernel_size\": 3, "
                + "\"strides\": 2}"));
        LayerSpec.Conv2D c = (LayerSpec.Conv2D) m.layers().get(0);
        assertEquals(new Size2(3, 3), c.kernel());
        assertEquals(new Size2(2, 2), c.strides());
    }

    @Test
    void integerPaddingIsExplicit() throws Exception {
        ModelSpec m = ModelJson.parse(withLayers(
                "{\"type\": \"Conv2D\", \"filters\": 1, \"kernel_size\": [5, 3], \"padding\": 1},"
                        + "{\"type\": \"MaxPool2D\", \"padding\": \"SAME\"}"));
        LayerSpec.Conv2D c = (LayerSpec.Conv2D) m.layers().get(0);
        assertEquals(Padding.of(1), c.padding());
        assertEquals(new Padding.Explicit(1), c.padding());
        assertEquals(new Size2(5, 3), c.kernel());
        LayerSpec.Pooling2D p = (LayerSpec.Pooling2D) m.layers().get(1);
        assertEquals(LayerSpec.PoolKind.MAX, p.kind());
        assertEquals(Padding.SAME, p.padding());
        assertTrue(ModelJson.toJson(m).contains("\"padding\" : 1"), ModelJson.toJson(m));
    }

    @Test
    void userNamesAndDescriptionRoundTrip() throws Exception {
        ModelSpec m = new ModelSpec("n \"q\" ü", "one line", new InputSpec(4, 6, 2), List.of(
                new LayerSpec.Conv2D("first", 3, new Size2(1, 2), new Size2(2, 1), Padding.of(0), Activation.TANH, false),
                new LayerSpec.Dropout("drop", 0.3)));
        ModelSpec back = ModelJson.parse(ModelJson.toJson(m));
        assertEquals(m, back);
        assertEquals("first", back.layers().get(0).name().orElseThrow());
    }

    @Test
    void writeAndReadFile(@TempDir Path dir) throws Exception {
        ModelSpec m = IoTestModels.preset("lenet5");
        Path file = dir.resolve("sub/lenet.convscope.json");
        ModelJson.write(m, file);
        assertEquals(ModelJson.toJson(m), Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(m, ModelJson.read(file));
    }

    // --- bad documents ---

    @Test
    void notJson() {
        ModelFileException e = fails("{\n  \"format\": nope\n}");
        assertError(e, "$", "not valid JSON", "line 2", "column");
    }

    @Test
    void emptyText() {
        assertError(fails(""), "$", "empty");
        assertError(fails("   \n "), "$", "empty");
    }

    @Test
    void topLevelArray() {
        assertError(fails("[1, 2]"), "$", "expected a JSON object", "an array");
    }

    @Test
    void wrongFormatString() {
        assertError(fails("{\"format\": \"keras-model\", \"version\": 1}"), "$.format", "\"convscope-model\"",
                "keras-model");
        assertError(fails("{\"version\": 1}"), "$.format", "nothing");
    }

    @Test
    void missingVersion() {
        assertError(fails("{\"format\": \"convscope-model\"}"), "$.version", "version 1", "nothing");
        assertError(fails("{\"format\": \"convscope-model\", \"version\": \"1\"}"), "$.version", "version 1");
    }

    @Test
    void newerVersion() {
        ModelFileException e = fails("{\"format\": \"convscope-model\", \"version\": 3, "
                + "\"input\": {\"height\": 8, \"width\": 8, \"channels\": 1}, \"layers\": []}");
        assertError(e, "$.version", "version 3", "newer"); // 2 is a graph model's version
    }

    @Test
    void olderVersion() {
        ModelFileException e = fails("{\"format\": \"convscope-model\", \"version\": 0}");
        assertError(e, "$.version", "version 0");
        assertFalse(e.getMessage().contains("newer"), e.getMessage());
    }

    @Test
    void missingInput() {
        assertError(fails("{\"format\": \"convscope-model\", \"version\": 1, \"layers\": []}"), "$.input", "missing");
    }

    @Test
    void missingInputField() {
        assertError(fails("{\"format\": \"convscope-model\", \"version\": 1, "
                + "\"input\": {\"height\": 8, \"width\": 8}, \"layers\": []}"), "$.input.channels", "missing");
    }

    @Test
    void unknownTopLevelField() {
        assertError(fails("{\"format\": \"convscope-model\", \"version\": 1, \"extra\": 1}"), "$.extra",
                "unknown argument \"extra\"");
    }

    @Test
    void missingLayers() {
        assertError(fails(HEAD.substring(0, HEAD.length() - 2) + "}"), "$.layers", "array");
    }

    @Test
    void unknownLayerType() {
        ModelFileException e = fails(withLayers("{\"type\": \"Flatten\"}, {\"type\": \"Conv3D\"}"));
        assertError(e, "$.layers[1].type", "unknown layer type \"Conv3D\"", "Conv2D", "MaxPooling2D",
                "AveragePooling2D", "BatchNormalization", "Dropout", "Flatten", "Dense");
    }

    @Test
    void unknownArgument() {
        ModelFileException e = fails(withLayers("{\"type\": \"Conv2D\", \"filters\": 4, \"kernal_size\": 3}"));
        assertError(e, "$.layers[0].kernal_size", "unknown argument \"kernal_size\"", "kernel_size");
    }

    @Test
    void kernelSizeAsString() {
        assertError(fails(withLayers("{\"type\": \"Conv2D\", \"filters\": 4, \"kernel_size\": \"3\"}")),
                "$.layers[0].kernel_size", "[height, width]", "\"3\"");
    }

    @Test
    void kernelSizeOfThreeElements() {
        assertError(fails(withLayers("{\"type\": \"Conv2D\", \"filters\": 4, \"kernel_size\": [3, 3, 3]}")),
                "$.layers[0].kernel_size", "[height, width]", "[3,3,3]");
    }

    @Test
    void kernelSizeElementNotWhole() {
        assertError(fails(withLayers("{\"type\": \"Conv2D\", \"filters\": 4, \"kernel_size\": [3, 2.5]}")),
                "$.layers[0].kernel_size[1]", "whole number", "2.5");
    }

    @Test
    void missingKernelSize() {
        assertError(fails(withLayers("{\"type\": \"Flatten\"}, {\"type\": \"Conv2D\", \"filters\": 4}")),
                "$.layers[1].kernel_size", "missing");
    }

    @Test
    void paddingFull() {
        assertError(fails(withLayers("{\"type\": \"Conv2D\", \"filters\": 4, \"kernel_size\": 3, \"padding\": \"full\"}")),
                "$.layers[0].padding", "\"valid\"", "\"same\"", "full");
    }

    @Test
    void activationSwish() {
        ModelFileException e = fails(withLayers(
                "{\"type\": \"Conv2D\", \"filters\": 4, \"kernel_size\": 3, \"activation\": \"swish\"}"));
        assertError(e, "$.layers[0].activation", "unknown activation \"swish\"", "relu", "softmax", "leaky_relu");
    }

    @Test
    void useBiasYes() {
        assertError(fails(withLayers("{\"type\": \"Dense\", \"units\": 4, \"use_bias\": \"yes\"}")),
                "$.layers[0].use_bias", "true or false", "\"yes\"");
    }

    @Test
    void inputLayerInLayers() {
        assertError(fails(withLayers("{\"type\": \"InputLayer\"}, {\"type\": \"Flatten\"}")),
                "$.layers[0].type", "$.input");
    }

    @Test
    void filtersNotWhole() {
        assertError(fails(withLayers("{\"type\": \"Conv2D\", \"filters\": 3.5, \"kernel_size\": 3}")),
                "$.layers[0].filters", "whole number", "3.5");
    }

    @Test
    void layerNotAnObject() {
        assertError(fails(withLayers("{\"type\": \"Flatten\"}, \"Dense\"")), "$.layers[1]", "layer object");
    }

    @Test
    void dropoutWithoutRate() {
        assertError(fails(withLayers("{\"type\": \"Dropout\"}")), "$.layers[0].rate", "missing");
    }

    // --- files ---

    @Test
    void readMissingFile(@TempDir Path dir) {
        Path file = dir.resolve("nope.convscope.json");
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelJson.read(file));
        assertError(e, "$", "file not found", file.toString());
    }

    @Test
    void readFileLargerThanLimit(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("huge.convscope.json");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(ModelJson.MAX_FILE_BYTES + 1); // sparse: takes no disk space
        }
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelJson.read(file));
        assertError(e, "$", "8192 KiB", "at most 8 MiB");
    }

    @Test
    void readFileAtTheLimitIsParsed(@TempDir Path dir) throws Exception {
        // exactly MAX_FILE_BYTES: the spec example padded with spaces is read, not refused for its size
        byte[] json = SPEC_EXAMPLE.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[(int) ModelJson.MAX_FILE_BYTES];
        java.util.Arrays.fill(bytes, (byte) ' ');
        System.arraycopy(json, 0, bytes, 0, json.length);
        Path file = dir.resolve("big.convscope.json");
        Files.write(file, bytes);
        assertEquals("tiny", ModelJson.read(file).name());
    }

    @Test
    void readBrokenFileKeepsPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.convscope.json");
        Files.writeString(file, withLayers("{\"type\": \"Conv2D\", \"filters\": 4, \"kernel_size\": 3, \"padding\": \"full\"}"));
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelJson.read(file));
        assertEquals("$.layers[0].padding", e.jsonPath());
    }

    // Found by review of ModelJson: each once parsed or crashed instead of giving a clear error.

    @Test
    void nullKernelSizeIsMissingNotACrash() {
        assertError(fails(withLayers("{\"type\": \"Conv2D\", \"filters\": 8, \"kernel_size\": null}")),
                "$.layers[0].kernel_size", "missing");
    }

    @Test
    void hugeVersionDoesNotWrapAroundToOne() {
        ModelFileException e = fails("{\"format\": \"convscope-model\", \"version\": 4294967297, "
                + "\"input\": {\"height\": 8, \"width\": 8, \"channels\": 1}, \"layers\": []}");
        assertError(e, "$.version", "4294967297", "newer");
    }

    @Test
    void trailingContentAndDuplicateKeysAreRejected() {
        ModelFileException trailing = fails(withLayers("") + " {\"format\": \"x\"}");
        assertError(trailing, "$", "not valid JSON");
        ModelFileException dup = fails("{\"format\": \"convscope-model\", \"version\": 1, \"version\": 1, "
                + "\"input\": {\"height\": 8, \"width\": 8, \"channels\": 1}, \"layers\": []}");
        assertError(dup, "$", "version");
    }

    @Test
    void emptyLayerNameMeansAutomatic() throws ModelFileException {
        var m = ModelJson.parse(withLayers("{\"type\": \"Flatten\", \"name\": \"  \"}"));
        assertEquals(java.util.Optional.empty(), m.layers().get(0).name());
    }
}
