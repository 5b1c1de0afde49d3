package org.convscope.core.backprop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
 * Reruns {@code make_fixture.py} and checks it writes the committed {@code backprop_fixture.json} byte for byte, so
 * the fixture the other tests trust is what PyTorch computes today. Skipped on a machine without python3 and torch,
 * except under CI ({@code CI=true}), where a missing torch is a failure: the reference must not silently go unchecked.
 */
class BackpropScriptTest {

    private static final Path FOLDER = Path.of("src", "test", "resources", "backprop");

    /** {@code $CONVSCOPE_PYTHON} when set (to test another interpreter), else Debian's python3. */
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
    void scriptRegeneratesTheCommittedFixtureByteForByte(@TempDir Path dir) throws Exception {
        String[] probe = exec(List.of(python(), "-c", "import torch, numpy"), 120);
        if (probe == null || !probe[0].equals("0")) {
            String why = "python3 with torch and numpy is not available ("
                    + (probe == null ? "no python3" : probe[1].strip()) + "); install python3-torch python3-numpy";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true: " + why);
            }
            Assumptions.abort(why);
        }
        String[] run = exec(List.of(python(), FOLDER.resolve("make_fixture.py").toString(), dir.toString()), 300);
        assertTrue(run != null && run[0].equals("0"), "make_fixture.py failed: " + (run == null ? "" : run[1]));
        String fresh = Files.readString(dir.resolve("backprop_fixture.json"), StandardCharsets.UTF_8);
        String committed = Files.readString(FOLDER.resolve("backprop_fixture.json"), StandardCharsets.UTF_8);
        assertEquals(committed, fresh, "make_fixture.py no longer writes the committed fixture: rerun it and review");
    }
}
