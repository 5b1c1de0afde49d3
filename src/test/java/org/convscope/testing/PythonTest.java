package org.convscope.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PythonTest {

    @Test
    void missingPythonSkipsOnADevelopersMachineAndFailsUnderCi() {
        var failed = assertThrows(AssertionFailedError.class,
                () -> Python.unavailable("python3 is not installed", Map.of("CI", "true")));
        assertTrue(failed.getMessage().startsWith("python3 is not installed (CI=true: .ci/run installs python3"),
                failed.getMessage());
        assertThrows(AssertionFailedError.class, () -> Python.unavailable("x", Map.of("CI", "TRUE")));
        var skipped = assertThrows(TestAbortedException.class, () -> Python.unavailable("python3 is not installed", Map.of()));
        assertTrue(skipped.getMessage().contains("python3 is not installed (skipped; with CI=true this fails)"),
                skipped.getMessage());
        assertThrows(TestAbortedException.class, () -> Python.unavailable("x", Map.of("CI", "false")));
    }

    @Test
    void runsPythonWithStdinAndReportsItsExitStatus() throws Exception {
        Python.Result r = Python.run(java.util.List.of("-c", "import sys; s = sys.stdin.read(); print(s.upper());"
                + " sys.exit(3)"), "caf\u00e9", null);
        assertEquals(3, r.exit());
        assertEquals("CAF\u00c9", r.output().strip());
    }
}
