package org.convscope.core.backprop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convscope.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reruns {@code make_fixture.py} and checks it writes the committed {@code backprop_fixture.json} byte for byte, so
 * the fixture the other tests trust is what PyTorch computes today. Skipped on a machine without python3 and torch,
 * except under CI ({@code CI=true}), where a missing torch is a failure: the reference must not silently go unchecked.
 */
class BackpropScriptTest {

    private static final Path FOLDER = Path.of("src", "test", "resources", "backprop");

    @Test
    void scriptRegeneratesTheCommittedFixtureByteForByte(@TempDir Path dir) throws Exception {
        String python = Python.withTorch(); // skips on a developer's machine without torch, fails under CI
        Python.Result run = Python.exec(List.of(python, FOLDER.resolve("make_fixture.py").toString(), dir.toString()), null, java.util.Map.of(), 300);
        assertEquals(0, run.exit(), "make_fixture.py failed: " + run.output());
        String fresh = Files.readString(dir.resolve("backprop_fixture.json"), StandardCharsets.UTF_8);
        String committed = Files.readString(FOLDER.resolve("backprop_fixture.json"), StandardCharsets.UTF_8);
        assertEquals(committed, fresh, "make_fixture.py no longer writes the committed fixture: rerun it and review");
    }
}
