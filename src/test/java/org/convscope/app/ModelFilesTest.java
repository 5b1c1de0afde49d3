package org.convscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.convscope.app.ModelFiles.Kind;
import org.convscope.io.ModelFileException;
import org.convscope.io.ModelJson;
import org.convscope.io.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Telling model files apart by their content, and naming the ones ConvScope cannot open. No ND4J is loaded here. */
class ModelFilesTest {

    /** Writes a zip with the given entries (each holding its own name). */
    static Path zip(Path file, String... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (String e : entries) {
                z.putNextEntry(new ZipEntry(e));
                z.write(e.getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return Files.write(file, bytes.toByteArray());
    }

    /** The start of an ONNX ModelProto: ir_version 7 (field 1), producer_name "pytorch" (field 2). */
    static final byte[] ONNX = {0x08, 0x07, 0x12, 0x07, 'p', 'y', 't', 'o', 'r', 'c', 'h', 0x1A, 0x03, '1', '.', '9'};

    @Test
    void theContentDecidesNotTheName(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("lenet.h5"); // a ConvScope model with a misleading name
        ModelJson.write(Presets.find("lenet5").orElseThrow(), json);
        assertEquals(Kind.CONVSCOPE_JSON, ModelFiles.detect(json));
        Path h5 = Files.copy(Path.of("src/test/resources/keras/small_sequential.h5"), dir.resolve("weights.bin"));
        assertEquals(Kind.KERAS_H5, ModelFiles.detect(h5));
        assertEquals(Kind.CONVSCOPE_TRAINED, ModelFiles.detect(zip(dir.resolve("m.dat"), "model.convscope.json", "params.bin")));
        assertEquals(Kind.KERAS_V3, ModelFiles.detect(zip(dir.resolve("model.zip"), "metadata.json", "config.json",
                "model.weights.h5")));
        assertEquals(Kind.PYTORCH, ModelFiles.detect(zip(dir.resolve("net.pt"), "archive/data.pkl", "archive/version")));
        assertEquals(Kind.ZIP, ModelFiles.detect(zip(dir.resolve("photos.convscope.zip"), "a.txt")));
        assertEquals(Kind.ONNX, ModelFiles.detect(Files.write(dir.resolve("model.bin"), ONNX)));
        assertEquals(Kind.IMAGE, ModelFiles.detect(Files.copy(Path.of("resources/samples/camera.png"), dir.resolve("c.json"))));
        assertEquals(Kind.EMPTY, ModelFiles.detect(Files.write(dir.resolve("empty.convscope.json"), new byte[0])));
        assertEquals(Kind.MISSING, ModelFiles.detect(dir.resolve("nothing.json")));
        assertEquals(Kind.KERAS_JSON, ModelFiles.detect(Files.writeString(dir.resolve("k.json"),
                "{\"class_name\": \"Sequential\", \"config\": {\"layers\": []}, \"keras_version\": \"2.15.0\"}")));
    }

    @Test
    void whenTheContentSaysNothingTheNameSendsTheFileToTheReaderThatExplains(@TempDir Path dir) throws Exception {
        assertEquals(Kind.KERAS_H5, ModelFiles.detect(Files.writeString(dir.resolve("x.h5"), "this is a Keras model")));
        assertEquals(Kind.CONVSCOPE_TRAINED, ModelFiles.detect(Files.write(dir.resolve("x.zip"), new byte[] {'P', 'K', 3, 4, 0})),
                "a damaged .zip goes to the archive reader, which says it is damaged");
        assertEquals(Kind.CONVSCOPE_JSON, ModelFiles.detect(Files.write(dir.resolve("x.json"), new byte[] {0, 1, 2})));
        assertEquals(Kind.UNKNOWN, ModelFiles.detect(Files.writeString(dir.resolve("notes.txt"), "hello")));
    }

    @Test
    void filesItCannotOpenAreNamedWithWhatToDo(@TempDir Path dir) throws Exception {
        // a Keras 3 file opens now (KerasV3ImportTest); one whose config.json is not JSON says where
        Path keras = zip(dir.resolve("model.keras"), "config.json", "metadata.json", "model.weights.h5");
        var k = assertThrows(ModelFileException.class, () -> ModelFiles.open(keras, Engines::create));
        assertTrue(k.getMessage().startsWith("config.json $: not valid JSON"), k.getMessage());

        Path png = Files.copy(Path.of("resources/samples/camera.png"), dir.resolve("camera.png"));
        var e = assertThrows(ModelFiles.UnusableFileException.class, () -> ModelFiles.open(png, FakeEngine::new));
        assertTrue(e.getMessage().startsWith("camera.png is a PNG image, not a model. Give images with -i/--image"),
                e.getMessage());

        Path empty = Files.write(dir.resolve("m.convscope.json"), new byte[0]);
        e = assertThrows(ModelFiles.UnusableFileException.class, () -> ModelFiles.open(empty, FakeEngine::new));
        assertTrue(e.getMessage().startsWith("m.convscope.json is empty (0 bytes)"), e.getMessage());
    }

    @Test
    void anOnnxFileOpensByItsContentWithItsWeightsAndWhatWasLeftOut(@TempDir Path dir) throws Exception {
        Path chain = Files.copy(Path.of("src/test/resources/onnx/chain.onnx"), dir.resolve("download.bin"));
        OpenedModel m = ModelFiles.open(chain, Engines::create);
        assertEquals(Kind.ONNX, m.kind());
        assertTrue(m.trained());
        assertEquals(8, m.spec().layers().size());
        assertEquals(List.of(), m.notes());
        assertEquals("ONNX opset 13, pytorch 1.13.0", m.origin());
        // conv 112, batch norm 16, conv 222, Gemm 970: the weights stored in the file
        assertEquals(1320, m.weights().orElseThrow().parameterCount());

        // a skip connection: the whole graph opens with its weights, nothing left out
        OpenedModel graph = ModelFiles.open(Path.of("src/test/resources/onnx/residual.onnx"), Engines::create);
        assertEquals(7, graph.spec().layers().size());
        assertTrue(graph.spec().isGraph());
        assertTrue(graph.trained());
        assertEquals(List.of(), graph.notes());
        // conv 3*4*9+4, conv 4*4*9+4, Gemm 576*10+10: every float initializer of the file
        assertEquals(6030, graph.weights().orElseThrow().parameterCount());
        assertEquals(graph.spec(), graph.weights().orElseThrow().spec());

        Path stub = Files.write(dir.resolve("net.onnx"), ONNX);
        var e = assertThrows(ModelFileException.class, () -> ModelFiles.open(stub, Engines::create));
        assertTrue(e.getMessage().contains("net.onnx"), e.getMessage());
    }

    @Test
    void aModelFileOpensWithoutTheEngineAndSaysItHasNoWeights(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("untrained.json");
        ModelJson.write(Presets.find("lenet5").orElseThrow(), json);
        OpenedModel m = ModelFiles.open(json, () -> {
            throw new AssertionError("a model file needs no engine");
        });
        assertEquals(Kind.CONVSCOPE_JSON, m.kind());
        assertEquals(Presets.find("lenet5").orElseThrow(), m.spec());
        assertFalse(m.trained());
        var e = assertThrows(ModelFiles.UnusableFileException.class, () -> m.requireWeights("gradcam"));
        assertTrue(e.getMessage().startsWith("untrained.json is a ConvScope model file without trained weights; gradcam"
                + " needs a trained model."), e.getMessage());
        assertTrue(e.getMessage().contains("convscope train --model " + json + " --save"), e.getMessage());
    }

    @Test
    void aKerasArchitectureOpensAsAModelWithANote(@TempDir Path dir) throws Exception {
        Path k = Files.copy(Path.of("src/test/resources/keras/mini_vgg_functional.json"), dir.resolve("arch.txt"));
        OpenedModel m = ModelFiles.open(k, FakeEngine::new);
        assertEquals(Kind.KERAS_JSON, m.kind());
        assertFalse(m.spec().layers().isEmpty());
        assertFalse(m.trained());
    }
}
