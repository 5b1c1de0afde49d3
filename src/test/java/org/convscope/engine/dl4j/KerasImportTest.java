package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.conv.Volume;
import org.convscope.engine.Activations;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.ImportedModel;
import org.convscope.engine.LayerActivation;
import org.convscope.io.ModelFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras .h5 files made by src/test/resources/keras/make_fixture.py, imported with their weights: every layer's
 * output for the fixture's input equals the NumPy reference computed by that script (float64, 1e-4), on both of the
 * engine's kernels, and the parameter counts are those of the Keras model.
 */
class KerasImportTest {

    static final Path DIR = Path.of("src", "test", "resources", "keras");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode expected(String name) throws Exception {
        return MAPPER.readTree(Files.readString(DIR.resolve(name + ".expected.json")));
    }

    static Volume input(JsonNode expected) {
        JsonNode s = expected.get("input_shape");
        JsonNode v = expected.get("input");
        double[] values = new double[v.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = v.get(i).asDouble();
        }
        return new Volume(s.get(0).asInt(), s.get(1).asInt(), s.get(2).asInt(), values);
    }

    /** Checks every layer that has a reference; returns how many were checked. */
    private static int assertMatchesReference(ImportedModel imported, JsonNode expected, Dl4jEngine engine) {
        Activations acts = engine.forward(imported.model(), input(expected));
        List<String> keras = imported.structure().kerasNames();
        int checked = 0;
        for (int i = 0; i < keras.size(); i++) {
            JsonNode ref = expected.get("outputs").get(keras.get(i));
            if (ref == null) {
                continue;
            }
            LayerActivation a = acts.layers().get(i);
            double[] got = a.output().values();
            assertEquals(ref.size(), got.length, keras.get(i));
            for (int k = 0; k < got.length; k++) {
                assertEquals(ref.get(k).asDouble(), got[k], 1e-4, keras.get(i) + "[" + k + "] (" + engine.kernelsFor(imported.model()) + ")");
            }
            checked++;
        }
        return checked;
    }

    @Test
    void sequentialModelGivesTheNumPyOutputs() throws Exception {
        JsonNode expected = expected("small_sequential");
        for (Dl4jEngine.Kernels kernels : Dl4jEngine.Kernels.values()) {
            Dl4jEngine engine = new Dl4jEngine(kernels);
            ImportedModel imported = engine.importKeras(DIR.resolve("small_sequential.h5"));
            assertTrue(imported.structure().complete());
            assertEquals("2.13.1", imported.kerasVersion());
            assertEquals(5, assertMatchesReference(imported, expected, engine), "every layer was compared");
            // Conv2D 3*3*3*4+4, BatchNormalization 4*4 (gamma, beta, moving mean and variance), Dense 64*5+5
            assertEquals(expected.get("params").asLong(), imported.model().parameterCount());
            assertEquals(453, ModelAnalyzer.analyze(imported.model().spec()).totalParams());
        }
    }

    @Test
    void gradCamOfAnImportedModelEqualsTheNumPyReference() throws Exception {
        // make_fixture.py computes Grad-CAM at batch_normalization (the last conv layer with its batch norm) in NumPy:
        // the gradient through Dense, Flatten and max pooling, alpha, ReLU of the weighted sum, bilinear enlargement
        JsonNode expected = expected("small_sequential");
        for (Dl4jEngine.Kernels kernels : List.of(Dl4jEngine.Kernels.LAYERS, Dl4jEngine.Kernels.NATIVE_OPS)) {
            Dl4jEngine engine = new Dl4jEngine(kernels);
            CompiledModel m = engine.importKeras(DIR.resolve("small_sequential.h5")).model();
            for (JsonNode ref : expected.get("gradcam")) {
                int cls = ref.get("class").asInt();
                var map = org.convscope.engine.Explanations.gradCam(engine, m, input(expected), cls, 0);
                assertEquals("batch_normalization", map.layerName());
                assertEquals(cls, map.classIndex());
                for (int k = 0; k < 4; k++) {
                    assertEquals(ref.get("alpha").get(k).asDouble(), map.cam().alpha()[k], 1e-6, "alpha " + k);
                }
                double[][] coarse = map.cam().coarse();
                double[][] full = map.cam().map();
                for (int r = 0; r < 8; r++) {
                    for (int c = 0; c < 8; c++) {
                        assertEquals(ref.get("coarse").get(r * 8 + c).asDouble(), coarse[r][c], 1e-6, "cam " + r + "," + c);
                        assertEquals(ref.get("map").get(r * 8 + c).asDouble(), full[r][c], 1e-6, "map " + r + "," + c);
                    }
                }
            }
        }
    }

    @Test
    void functionalVggChainGivesTheNumPyOutputs() throws Exception {
        JsonNode expected = expected("mini_vgg_functional");
        for (Dl4jEngine.Kernels kernels : List.of(Dl4jEngine.Kernels.LAYERS, Dl4jEngine.Kernels.NATIVE_OPS)) {
            Dl4jEngine engine = new Dl4jEngine(kernels);
            ImportedModel imported = engine.importKeras(DIR.resolve("mini_vgg_functional.h5"));
            assertEquals(9, assertMatchesReference(imported, expected, engine));
            assertEquals(expected.get("params").asLong(), imported.model().parameterCount());
        }
    }

    @Test
    void partlySupportedModelShowsItsFirstLayersWithTheirWeights() throws Exception {
        JsonNode expected = expected("partial_mini");
        Dl4jEngine engine = new Dl4jEngine(Dl4jEngine.Kernels.LAYERS);
        ImportedModel imported = engine.importKeras(DIR.resolve("partial_mini.h5"));
        assertEquals(List.of("Conv1", "bn_Conv1"), imported.structure().kerasNames());
        List<String> unsupported = imported.structure().unsupported().stream().map(u -> u.name()).toList();
        List<String> want = MAPPER.convertValue(expected.get("unsupported"), List.class);
        assertEquals(want, unsupported);
        assertEquals(2, assertMatchesReference(imported, expected, engine));
        assertEquals(expected.get("params").asLong(), imported.model().parameterCount());
    }

    @Test
    void aGraphModelOpensWholeAndRunsAsAGraph() throws Exception {
        ImportedModel imported = new Dl4jEngine().importKeras(DIR.resolve("mini_mobilenet_functional.h5"));
        assertTrue(imported.structure().complete());
        assertTrue(imported.model().partial().isEmpty());
        assertEquals(List.of("Conv1_relu", "expanded_conv_depthwise"), imported.model().spec().inputs().get("block_add"));
        // Conv1 3*3*3*4 + bn 4*4 + depthwise 3*3*4 + dense 4*3+3: every float stored in the file
        assertEquals(108 + 16 + 36 + 15, imported.model().parameterCount());
        // its first two layers still give the fixture's reference (every layer: KerasGraphRunTest)
        assertEquals(2, assertMatchesReference(imported, expected("mini_mobilenet_functional"), new Dl4jEngine()));
    }

    @Test
    void filtersComeBackInKerasLayout() throws Exception {
        // kernel[r][c][ch][f] of the file is filter f's value (r, c, ch): compare with the raw dataset values
        var contents = org.convscope.io.KerasH5.read(DIR.resolve("small_sequential.h5"));
        float[] kernel = contents.weights().get(0).get(0).values();
        assertArrayEquals(new int[] {3, 3, 3, 4}, contents.weights().get(0).get(0).shape());
        CompiledModel m = new Dl4jEngine().importKeras(DIR.resolve("small_sequential.h5")).model();
        Volume[] filters = m.filters(1);
        assertEquals(4, filters.length);
        for (int f = 0; f < 4; f++) {
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    for (int ch = 0; ch < 3; ch++) {
                        assertEquals(kernel[((r * 3 + c) * 3 + ch) * 4 + f], filters[f].get(r, c, ch), 0.0);
                    }
                }
            }
        }
    }

    @Test
    void importedModelSavesAndLoadsWithTheSameOutputs(@TempDir Path dir) throws Exception {
        Dl4jEngine engine = new Dl4jEngine();
        ImportedModel imported = engine.importKeras(DIR.resolve("mini_vgg_functional.h5"));
        Path zip = dir.resolve("vgg.convscope.zip");
        engine.save(imported.model(), zip);
        CompiledModel back = engine.load(zip);
        Volume x = input(expected("mini_vgg_functional"));
        assertArrayEquals(engine.forward(imported.model(), x).layers().get(8).output().values(),
                engine.forward(back, x).layers().get(8).output().values(), 0.0);
    }

    @Test
    void badFilesAreRefusedWithAMessage(@TempDir Path dir) throws Exception {
        Dl4jEngine engine = new Dl4jEngine();
        Path text = Files.writeString(dir.resolve("x.h5"), "not hdf5 at all");
        ModelFileException e = assertThrows(ModelFileException.class, () -> engine.importKeras(text));
        assertTrue(e.getMessage().contains("not an HDF5 file"), e.getMessage());
        byte[] whole = Files.readAllBytes(DIR.resolve("small_sequential.h5"));
        Path cut = Files.write(dir.resolve("cut.h5"), java.util.Arrays.copyOf(whole, whole.length / 3));
        e = assertThrows(ModelFileException.class, () -> engine.importKeras(cut));
        assertTrue(e.getMessage().contains("damaged") || e.getMessage().contains("missing"), e.getMessage());
        e = assertThrows(ModelFileException.class, () -> engine.importKeras(dir.resolve("absent.h5")));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }
}
