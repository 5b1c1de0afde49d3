package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.convscope.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reruns {@code src/test/resources/keras/make_keras3_fixture.py} into a fresh folder and checks that it writes the
 * committed Keras 3 fixtures and references byte for byte (fixed zip dates, HDF5 objects without times). Skipped on a
 * machine without python3, NumPy and h5py, except under CI ({@code CI=true}), where that is a failure.
 */
class KerasV3ScriptTest {

    private static final List<String> FILES = List.of("k3_sequential.keras", "k3_sequential.expected.json",
            "k3_chain.keras", "k3_chain.expected.json", "k3_residual.keras", "k3_residual.expected.json", "k3_legacy.h5",
            "k3_legacy.expected.json", "huge_dense.h5");

    @Test
    void scriptRegeneratesTheCommittedFixturesByteForByte(@TempDir Path dir) throws Exception {
        String python = Python.withModules("numpy", "h5py");
        Python.Result run = Python.exec(List.of(python, KerasImportTest.DIR.resolve("make_keras3_fixture.py").toString(),
                dir.toString()), null, Map.of(), 300);
        assertEquals(0, run.exit(), "make_keras3_fixture.py failed: " + run.output());
        for (String name : FILES) {
            assertArrayEquals(Files.readAllBytes(KerasImportTest.DIR.resolve(name)), Files.readAllBytes(dir.resolve(name)),
                    name);
        }
    }
}
