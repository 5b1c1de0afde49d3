package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reruns {@code src/test/resources/onnx/make_fixture.py} and checks that PyTorch still writes the committed
 * references (every value within 1e-6) and that the freshly exported ONNX files import to those outputs. Skipped
 * on a machine without python3, torch and onnx, except under CI ({@code CI=true}), where that is a failure.
 */
class OnnxScriptTest {

    private static final List<String> FIXTURES = List.of("chain", "pool_view", "pool_view17", "residual");

    /** {@code $CONVSCOPE_PYTHON} when set, else Debian's python3 (which has python3-torch and python3-onnx). */
    private static String python() {
        String chosen = System.getenv("CONVSCOPE_PYTHON");
        if (chosen != null && !chosen.isBlank()) {
            return chosen;
        }
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** Runs a command; returns its exit code and output, or null when it cannot start. */
    private static String[] exec(List<String> command, int seconds) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in " + seconds + " s");
            }
            return new String[] {Integer.toString(p.exitValue()),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)};
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void scriptRegeneratesTheReferencesAndItsFilesImportToThem(@TempDir Path dir) throws Exception {
        String[] probe = exec(List.of(python(), "-c", "import torch, onnx"), 120);
        if (probe == null || !probe[0].equals("0")) {
            String why = "python3 with torch and onnx is not available ("
                    + (probe == null ? "no python3" : probe[1].strip()) + "); install python3-torch python3-onnx";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true: " + why);
            }
            Assumptions.abort(why);
        }
        String[] run = exec(List.of(python(), OnnxImportTest.DIR.resolve("make_fixture.py").toString(), dir.toString()), 300);
        assertTrue(run != null && run[0].equals("0"), "make_fixture.py failed: " + (run == null ? "" : run[1]));
        Dl4jEngine engine = new Dl4jEngine(Dl4jEngine.Kernels.LAYERS);
        for (String name : FIXTURES) {
            JsonNode fresh = OnnxImportTest.reference(dir, name);
            assertClose(OnnxImportTest.reference(OnnxImportTest.DIR, name), fresh, name);
            int layers = OnnxImportTest.assertMatches(engine, engine.importOnnx(dir.resolve(name + ".onnx")), fresh);
            assertEquals(fresh.get("layers").size(), layers, name);
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
