package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.convscope.app.Engines;
import org.convscope.app.ModelFiles;
import org.convscope.app.OpenedModel;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.engine.Activations;
import org.convscope.engine.ImportedModel;
import org.convscope.io.KerasH5;
import org.convscope.io.KerasV3;
import org.convscope.io.ModelFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras 3 files made by src/test/resources/keras/make_keras3_fixture.py ({@code .keras} zips and an {@code .h5} in
 * Keras 3's legacy format), imported with their weights: every layer's output for the fixture's input equals the
 * script's NumPy reference within 1e-4 relative, the class probabilities within 1e-5, on both of the engine's kernels;
 * the summary's total equals the number of weights stored in the file; hostile archives are refused by name.
 */
class KerasV3ImportTest {

    private static final Path DIR = KerasImportTest.DIR;

    /** Compares every layer with a reference; returns how many were compared. */
    private static int assertMatches(ImportedModel imported, JsonNode expected, Dl4jEngine engine, String last) {
        Activations acts = engine.forward(imported.model(), KerasImportTest.input(expected));
        List<String> keras = imported.structure().kerasNames();
        int checked = 0;
        for (int i = 0; i < keras.size(); i++) {
            JsonNode ref = expected.get("outputs").get(keras.get(i));
            if (ref == null) {
                continue;
            }
            double[] got = acts.layers().get(i).output().values();
            assertEquals(ref.size(), got.length, keras.get(i));
            for (int k = 0; k < got.length; k++) {
                double want = ref.get(k).asDouble();
                double tolerance = keras.get(i).equals(last) ? 1e-5 : 1e-4 * Math.abs(want) + 1e-6;
                assertEquals(want, got[k], tolerance, keras.get(i) + "[" + k + "] (" + engine.kernelsFor(imported.model()) + ")");
            }
            checked++;
        }
        return checked;
    }

    /** The number of float values the file stores for the shown layers. */
    private static long storedWeights(KerasH5.Contents contents) {
        return contents.weights().stream().flatMap(List::stream).mapToLong(t -> t.values().length).sum();
    }

    @Test
    void sequentialKerasFileGivesTheNumPyOutputs() throws Exception {
        JsonNode expected = KerasImportTest.expected("k3_sequential");
        Path file = DIR.resolve("k3_sequential.keras");
        for (Dl4jEngine.Kernels kernels : Dl4jEngine.Kernels.values()) {
            Dl4jEngine engine = new Dl4jEngine(kernels);
            ImportedModel imported = engine.importKeras(file);
            assertTrue(imported.structure().complete());
            assertEquals("3.3.3", imported.kerasVersion());
            assertEquals(5, assertMatches(imported, expected, engine, "dense"), "every layer was compared");
            assertEquals(expected.get("params").asLong(), imported.model().parameterCount());
        }
        // the summary counts exactly what the file stores: 112 + 16 + 325 (the optimizer's variables are not weights)
        long total = ModelAnalyzer.analyze(KerasV3.read(file).imported().spec()).totalParams();
        assertEquals(453, total);
        assertEquals(total, storedWeights(KerasV3.read(file)));
    }

    @Test
    void functionalChainWithKeras3InboundNodesGivesTheNumPyOutputs() throws Exception {
        JsonNode expected = KerasImportTest.expected("k3_chain");
        Path file = DIR.resolve("k3_chain.keras");
        for (Dl4jEngine.Kernels kernels : List.of(Dl4jEngine.Kernels.LAYERS, Dl4jEngine.Kernels.NATIVE_OPS)) {
            Dl4jEngine engine = new Dl4jEngine(kernels);
            ImportedModel imported = engine.importKeras(file);
            assertTrue(imported.structure().complete(), imported.structure().describeOmissions().toString());
            // the ZeroPadding2D is folded into the average pooling after it; every other layer is compared
            assertEquals(10, assertMatches(imported, expected, engine, "probs"));
            assertEquals(expected.get("params").asLong(), imported.model().parameterCount());
        }
        var contents = KerasV3.read(file);
        assertEquals(ModelAnalyzer.analyze(contents.imported().spec()).totalParams(), storedWeights(contents));
    }

    @Test
    void aBranchIsReadWholeAsAGraphThatTheEngineDoesNotYetRun() throws Exception {
        JsonNode expected = KerasImportTest.expected("k3_residual");
        var contents = KerasV3.read(DIR.resolve("k3_residual.keras"));
        assertTrue(contents.imported().complete(), contents.imported().describeOmissions().toString());
        assertTrue(contents.imported().spec().isGraph());
        assertEquals(List.of("conv1", "conv2"), contents.imported().spec().inputs().get("skip"));
        // conv1 3*3*3*4 + 4 = 112, conv2 3*3*4*4 + 4 = 148, dense 6*6*4*3 + 3 = 435 (the fixture's "params", 260, counts
        // the two convolutions the chain import used to show)
        assertEquals(260, expected.get("params").asLong());
        assertEquals(112 + 148 + 435, ModelAnalyzer.analyze(contents.imported().spec()).totalParams());
        assertEquals(112 + 148 + 435, storedWeights(contents));
        Dl4jEngine engine = new Dl4jEngine(Dl4jEngine.Kernels.LAYERS);
        var imported = engine.importKeras(DIR.resolve("k3_residual.keras"));
        assertTrue(imported.model().partial().isEmpty(), "opens whole and runs (every layer: KerasGraphRunTest)");
        assertEquals(112 + 148 + 435, imported.model().parameterCount());
    }

    @Test
    void keras3LegacyH5GivesTheNumPyOutputs() throws Exception {
        JsonNode expected = KerasImportTest.expected("k3_legacy");
        for (Dl4jEngine.Kernels kernels : List.of(Dl4jEngine.Kernels.LAYERS, Dl4jEngine.Kernels.NATIVE_OPS)) {
            Dl4jEngine engine = new Dl4jEngine(kernels);
            ImportedModel imported = engine.importKeras(DIR.resolve("k3_legacy.h5"));
            assertEquals("3.3.3", imported.kerasVersion());
            assertEquals(5, assertMatches(imported, expected, engine, "dense"));
        }
        var contents = KerasH5.read(DIR.resolve("k3_legacy.h5"));
        assertEquals(ModelAnalyzer.analyze(contents.imported().spec()).totalParams(), storedWeights(contents));
    }

    @Test
    void modelFilesOpensAKerasFileByItsContent(@TempDir Path dir) throws Exception {
        Path misnamed = Files.copy(DIR.resolve("k3_sequential.keras"), dir.resolve("download.zip"));
        assertEquals(ModelFiles.Kind.KERAS_V3, ModelFiles.detect(misnamed));
        OpenedModel m = ModelFiles.open(misnamed, Engines::create);
        assertTrue(m.trained());
        assertEquals("Keras 3.3.3", m.origin());
        assertEquals(453, m.weights().orElseThrow().parameterCount());
        assertEquals(List.of(), m.notes());
    }

    @Test
    void hostileArchivesAreRefusedBeforeTheyInflate(@TempDir Path dir) throws Exception {
        // 12 MB of spaces deflate to a few KB: over config.json's limit and over the ratio
        Path bomb = dir.resolve("bomb.keras");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(bomb))) {
            z.putNextEntry(new ZipEntry("metadata.json"));
            z.write("{\"keras_version\": \"3.3.3\"}".getBytes());
            z.putNextEntry(new ZipEntry("config.json"));
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 12; i++) {
                z.write(spaces);
            }
        }
        ModelFileException e = assertThrows(ModelFileException.class, () -> KerasV3.read(bomb));
        assertTrue(e.getMessage().startsWith("config.json: bomb.keras: the entry declares 12,582,912 bytes"), e.getMessage());

        Path many = dir.resolve("many.keras");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(many))) {
            z.putNextEntry(new ZipEntry("config.json"));
            z.putNextEntry(new ZipEntry("metadata.json"));
            for (int i = 0; i < KerasV3.MAX_ENTRIES; i++) {
                z.putNextEntry(new ZipEntry("assets/" + i));
            }
        }
        e = assertThrows(ModelFileException.class, () -> KerasV3.read(many));
        assertTrue(e.getMessage().contains("many.keras has more than 1000 entries"), e.getMessage());

        byte[] whole = Files.readAllBytes(DIR.resolve("k3_sequential.keras"));
        Path cut = Files.write(dir.resolve("cut.keras"), java.util.Arrays.copyOf(whole, whole.length / 2));
        e = assertThrows(ModelFileException.class, () -> new Dl4jEngine().importKeras(cut));
        assertTrue(e.getMessage().contains("cut.keras"), e.getMessage());
    }
}
