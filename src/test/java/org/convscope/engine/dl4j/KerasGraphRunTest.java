package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.convscope.core.conv.Volume;
import org.convscope.core.train.LabelledImages;
import org.convscope.engine.Activations;
import org.convscope.engine.ImportedModel;
import org.convscope.testing.Python;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Graph models imported from Keras files run in the engine (a DL4J {@code ComputationGraph}): every layer's output
 * and the class probabilities for the fixture's image equal the NumPy reference that
 * src/test/resources/keras/graph_reference.py computes from the same file's config and weights (float64), within
 * 1e-4 relative to the layer's largest value; {@code classify} and {@code lastHidden} give the same numbers as the
 * forward pass.
 */
class KerasGraphRunTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Runs the reference script on a fixture; returns Keras layer name to its flattened channels-last output. */
    static JsonNode reference(String file, String expected) throws Exception {
        String python = Python.withModules("numpy", "h5py");
        Python.Result run = Python.exec(List.of(python, "graph_reference.py", file, expected),
                KerasImportTest.DIR, Map.of(), 120);
        assertEquals(0, run.exit(), "graph_reference.py failed: " + run.output());
        return MAPPER.readTree(run.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet_mini.h5", "separable_mini.h5", "k3_residual.keras", "mini_mobilenet_functional.h5"})
    void everyLayerMatchesTheNumPyReference(String file) throws Exception {
        String stem = file.substring(0, file.lastIndexOf('.'));
        JsonNode ref = reference(file, stem + ".expected.json");
        Dl4jEngine engine = new Dl4jEngine();
        ImportedModel imported = engine.importKeras(KerasImportTest.DIR.resolve(file));
        assertTrue(imported.model().spec().isGraph(), file);
        assertTrue(imported.model().partial().isEmpty(), file + " opens whole");
        Volume image = KerasImportTest.input(KerasImportTest.expected(stem));
        Activations acts = engine.forward(imported.model(), image);
        List<String> keras = imported.structure().kerasNames();
        assertEquals(ref.size(), keras.size(), "every layer has a reference: " + keras);
        for (int i = 0; i < keras.size(); i++) {
            JsonNode want = ref.get(keras.get(i));
            double[] got = acts.layers().get(i).output().values();
            assertEquals(want.size(), got.length, keras.get(i));
            double scale = 1e-6;
            for (JsonNode v : want) {
                scale = Math.max(scale, Math.abs(v.asDouble()));
            }
            for (int k = 0; k < got.length; k++) {
                assertEquals(want.get(k).asDouble(), got[k], 1e-4 * scale, keras.get(i) + "[" + k + "]");
            }
        }
        JsonNode probs = ref.get(keras.get(keras.size() - 1));
        LabelledImages one = LabelledImages.of(1, image.height(), image.width(), image.channels(), probs.size(),
                i -> 0, i -> image);
        double[] classified = engine.classify(imported.model(), one, 1, org.convscope.core.task.CancelToken.NEVER)[0];
        for (int c = 0; c < probs.size(); c++) {
            assertEquals(probs.get(c).asDouble(), classified[c], 1e-5, "probability of class " + c);
        }
        float[] hidden = engine.lastHidden(imported.model(), one, 1, org.convscope.core.task.CancelToken.NEVER)[0];
        double[] before = acts.layers().get(keras.size() - 2).output().values();
        assertEquals(before.length, hidden.length);
        for (int k = 0; k < hidden.length; k++) {
            assertEquals(before[k], hidden[k], 1e-5 * Math.max(1, Math.abs(before[k])));
        }
    }

    /** A DepthwiseConv2D layer's filters are one (kh, kw, 1) tile per output channel c*m + j: the file's kernel. */
    @org.junit.jupiter.api.Test
    void depthwiseFiltersAreTheFilesKernelOneTilePerChannel() throws Exception {
        var contents = org.convscope.io.KerasH5.read(KerasImportTest.DIR.resolve("separable_mini.h5"));
        int dw = contents.imported().kerasNames().indexOf("dw1");
        float[] kernel = contents.weights().get(dw).get(0).values(); // (3, 3, 8, 2)
        org.convscope.engine.CompiledModel m = new Dl4jEngine().importKeras(KerasImportTest.DIR.resolve(
                "separable_mini.h5"), contents).model();
        Volume[] filters = m.filters(dw + 1);
        assertEquals(16, filters.length);
        for (int c = 0; c < 8; c++) {
            for (int j = 0; j < 2; j++) {
                Volume f = filters[c * 2 + j];
                assertEquals(1, f.channels());
                for (int r = 0; r < 3; r++) {
                    for (int q = 0; q < 3; q++) {
                        assertEquals(kernel[((r * 3 + q) * 8 + c) * 2 + j], f.get(r, q, 0), 0.0);
                    }
                }
            }
        }
    }

    /** A copy of a graph model (as training checkpoints take) computes the same, and so does one with a new head. */
    @org.junit.jupiter.api.Test
    void aGraphModelCopiesWithItsWeights() throws Exception {
        Dl4jEngine engine = new Dl4jEngine();
        org.convscope.engine.CompiledModel m = engine.importKeras(KerasImportTest.DIR.resolve("resnet_mini.h5")).model();
        org.convscope.engine.CompiledModel copy = engine.copy(m);
        Volume image = KerasImportTest.input(KerasImportTest.expected("resnet_mini"));
        var a = engine.forward(m, image).layers();
        var b = engine.forward(copy, image).layers();
        for (int i = 0; i < a.size(); i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.get(i).output().values(), b.get(i).output().values(),
                    0.0, a.get(i).name());
        }
        // a new head (GraphNewHeadTest has more): every layer before it computes what the model computes
        var c = engine.forward(engine.withNewHead(m, 3, 1), image).layers();
        for (int i = 0; i < a.size() - 1; i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.get(i).output().values(), c.get(i).output().values(),
                    0.0, a.get(i).name());
        }
        assertEquals(3, c.get(c.size() - 1).output().values().length);
    }
}
