package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.convscope.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reruns {@code src/test/resources/onnx/make_fixture.py} and checks that PyTorch still writes the committed
 * references (every value within 1e-6) and that the freshly exported ONNX files import to those outputs. Skipped
 * on a machine without python3, torch and onnx, except under CI ({@code CI=true}), where that is a failure.
 */
class OnnxScriptTest {

    private static final List<String> FIXTURES = List.of("chain", "pool_view", "pool_view17", "residual");

    @Test
    void scriptRegeneratesTheReferencesAndItsFilesImportToThem(@TempDir Path dir) throws Exception {
        String python = Python.withTorch(); // skips on a developer's machine without torch, fails under CI
        Python.Result run = Python.exec(List.of(python, OnnxImportTest.DIR.resolve("make_fixture.py").toString(), dir.toString()), null, java.util.Map.of(), 300);
        assertEquals(0, run.exit(), "make_fixture.py failed: " + run.output());
        Dl4jEngine engine = new Dl4jEngine(Dl4jEngine.Kernels.LAYERS);
        for (String name : FIXTURES) {
            JsonNode fresh = OnnxImportTest.reference(dir, name);
            assertClose(OnnxImportTest.reference(OnnxImportTest.DIR, name), fresh, name);
            if (name.equals("residual")) {
                continue; // a graph model now (OnnxImportTest): the engine does not run graphs yet
            }
            int layers = OnnxImportTest.assertMatches(engine, engine.importOnnx(dir.resolve(name + ".onnx")), fresh);
            assertEquals(fresh.get("layers").size(), layers, name);
        }
    }

    @Test
    void graphScriptRegeneratesItsModelsAndReferences(@TempDir Path dir) throws Exception {
        String python = Python.withTorch();
        Python.Result run = Python.exec(List.of(python, OnnxImportTest.DIR.resolve("make_graph_fixtures.py").toString(),
                dir.toString()), null, java.util.Map.of(), 300);
        assertEquals(0, run.exit(), "make_graph_fixtures.py failed: " + run.output());
        for (String name : List.of("resnet_mini", "mobilenet_mini", "inception_mini")) {
            assertClose(OnnxImportTest.reference(OnnxImportTest.DIR, name), OnnxImportTest.reference(dir, name), name);
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                    java.nio.file.Files.readAllBytes(OnnxImportTest.DIR.resolve(name + ".onnx")),
                    java.nio.file.Files.readAllBytes(dir.resolve(name + ".onnx")), name + ".onnx byte for byte");
        }
    }

    /** Every number of the committed reference equals the fresh one within 1e-6, and the structure is the same. */
    private static void assertClose(JsonNode committed, JsonNode fresh, String where) {
        assertEquals(committed.getNodeType(), fresh.getNodeType(), where);
        if (committed.isNumber()) {
            assertEquals(committed.asDouble(), fresh.asDouble(), 1e-6, where);
        } else if (committed.isArray()) {
            assertEquals(committed.size(), fresh.size(), where);
            for (int i = 0; i < committed.size(); i++) {
                assertClose(committed.get(i), fresh.get(i), where + "[" + i + "]");
            }
        } else if (committed.isObject()) {
            assertEquals(committed.size(), fresh.size(), where);
            committed.fieldNames().forEachRemaining(k -> assertClose(committed.get(k), fresh.get(k), where + "." + k));
        } else {
            assertEquals(committed, fresh, where);
        }
    }
}
