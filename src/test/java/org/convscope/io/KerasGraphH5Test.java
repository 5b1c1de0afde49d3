package org.convscope.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.TensorShape;
import org.convscope.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras 2 {@code .h5} files of graph models, written by {@code make_graph_fixtures.py} with h5py: they open whole,
 * every layer has the shape NumPy computed, and the summary's total equals the weights stored in the file.
 */
class KerasGraphH5Test {

    static final Path DIR = Path.of("src", "test", "resources", "keras");

    private static JsonNode expected(String name) throws Exception {
        return new ObjectMapper().readTree(DIR.resolve(name + ".expected.json").toFile());
    }

    /** Checks the summary against the file: totals, and each layer's shape against NumPy's forward pass. */
    private static ModelAnalysis checkWhole(String name, long handCount, long handFrozen) throws Exception {
        JsonNode expected = expected(name);
        KerasH5.Contents contents = KerasH5.read(DIR.resolve(name + ".h5"));
        assertEquals(List.of(), contents.imported().unsupported());
        ModelAnalysis a = ModelAnalyzer.analyze(contents.imported().spec());
        assertTrue(a.valid(), () -> a.problem().get().describe());
        assertEquals(expected.get("file_weights").asLong(), a.totalParams(), "summary total = weights in the file");
        assertEquals(handCount, a.totalParams());
        assertEquals(handFrozen, a.nonTrainableParams());
        assertEquals(expected.get("non_trainable").asLong(), a.nonTrainableParams());
        long read = contents.weights().stream().flatMap(List::stream).mapToLong(t -> t.values().length).sum();
        assertEquals(handCount, read, "every stored weight is read");
        for (LayerInfo l : a.layers()) {
            JsonNode shape = expected.get("shapes").get(l.name());
            assertTrue(shape != null, "NumPy has the layer " + l.name());
            int[] want = new ObjectMapper().convertValue(shape, int[].class);
            int[] got = l.output() instanceof TensorShape.Spatial s ? new int[] {s.height(), s.width(), s.channels()}
                    : new int[] {(int) l.output().elements()};
            assertArrayEquals(want, got, l.name());
        }
        return a;
    }

    @Test
    void aResidualNetOpensWholeWithItsSkipConnections() throws Exception {
        // stem 3*3*3*8 + bn 32 + block 1: 2 x (3*3*8*8 + 32) + block 2: 3*3*8*16 + 64 + 3*3*16*16 + 64
        // + projection 8*16+16 + dense 16*10+10 = 5,362, of which the bn moving statistics 2*(8+8+8+16+16) = 112
        ModelAnalysis a = checkWhole("resnet_mini", 216 + 32 + 2 * (576 + 32) + 1152 + 64 + 2304 + 64 + 144 + 170, 112);
        ModelSpec m = a.model();
        assertTrue(m.isGraph());
        assertEquals(Map.of("b1_add", List.of("b1_bn2", "stem_relu"), "b2_proj", List.of("b1_out"),
                "b2_add", List.of("b2_bn2", "b2_proj")), m.inputs());
        assertEquals(List.of(ModelGraph.INPUT), ModelGraph.of(m).inputNamesOf(0));
        assertEquals("stem", m.layers().get(0).name().orElseThrow(), "a graph keeps the file's layer names");
    }

    @Test
    void aSeparableNetOpensWholeWithItsMobileNetLayers() throws Exception {
        // conv1 3*3*3*8 + bn 32 + depthwise 3*3*8*2 + bn 4*16 + pointwise 16*12
        // + separable 3*3*12 + 12*12 + 12 + dense 24*10+10 = 1,162; moving statistics 2*(8+16) = 48
        ModelAnalysis a = checkWhole("separable_mini", 216 + 32 + 144 + 64 + 192 + 108 + 144 + 12 + 250, 48);
        ModelSpec m = a.model();
        assertEquals(new LayerSpec.Rescaling("rescale", 1 / 127.5, -1.0), m.layers().get(0));
        assertEquals(new LayerSpec.ZeroPadding2D("pad", 0, 1, 0, 1), m.layers().get(1), "uneven: kept as a layer");
        assertEquals(new LayerSpec.ReLU("conv1_relu", 6.0, 0, 0), m.layers().get(4));
        assertEquals(new LayerSpec.LeakyReLU("sep1_act", 0.1), m.layers().get(10));
        assertEquals(Map.of("concat", List.of("sep1_act", "pw1")), m.inputs());
        KerasH5.Contents contents = KerasH5.read(DIR.resolve("separable_mini.h5"));
        assertArrayEquals(new int[] {1, 1, 12, 12}, contents.weights().get(9).get(1).shape(), "pointwise kernel");
    }

    @Test
    void theScriptWritesTheSameFilesAgain(@TempDir Path dir) throws Exception {
        String python = Python.withTorch(); // Debian's python3 has numpy and h5py beside torch
        for (String f : List.of("make_fixture.py", "make_graph_fixtures.py")) {
            Files.copy(DIR.resolve(f), dir.resolve(f));
        }
        Python.Result run = Python.exec(List.of(python, dir.resolve("make_graph_fixtures.py").toString()), dir,
                Map.of(), 120);
        assertEquals(0, run.exit(), run.output());
        for (String f : List.of("resnet_mini.h5", "resnet_mini.expected.json", "separable_mini.h5",
                "separable_mini.expected.json", "partial_mini.h5", "partial_mini.expected.json")) {
            assertArrayEquals(Files.readAllBytes(DIR.resolve(f)), Files.readAllBytes(dir.resolve(f)), f);
        }
    }
}
