package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uncaught exceptions go to the log with their trace; the user gets one plain message, not a trace. */
class CrashReporterTest {

    @Test
    void traceToTheLogPlainMessageToTheUserOnceForAStorm(@TempDir Path home) throws Exception {
        List<String> shown = new ArrayList<>();
        CrashReporter r = new CrashReporter(home, shown::add);
        IllegalStateException boom = new IllegalStateException("the widget fell over");
        Thread worker = new Thread(() -> { }, "render-7");
        r.uncaughtException(worker, boom);
        r.uncaughtException(worker, new NullPointerException()); // within 10 s: logged, not shown again

        String log = Files.readString(home.resolve("logs/convscope.log"));
        assertTrue(log.contains("uncaught in thread \"render-7\""), log);
        assertTrue(log.contains("java.lang.IllegalStateException: the widget fell over"), log);
        assertTrue(log.contains("at org.convscope.ui.shell.CrashReporterTest"), "the trace is in the log");
        assertTrue(log.contains("java.lang.NullPointerException"), "the second one is logged too");

        assertEquals(1, shown.size(), "one message for a burst of failures");
        String message = shown.get(0);
        assertTrue(message.contains("the widget fell over") && message.contains("autosaved")
                && message.contains(home.resolve("logs/convscope.log").toString()), message);
        assertFalse(message.contains("\tat "), "no stack trace in front of the user");
    }

    @Test
    void anUnwritableLogIsSaidSo(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("home");
        Files.writeString(home, "a file where the folder should be");
        List<String> shown = new ArrayList<>();
        new CrashReporter(home, shown::add).uncaughtException(Thread.currentThread(), new RuntimeException());
        assertTrue(shown.get(0).contains("RuntimeException") && shown.get(0).contains("could not be written"), shown.get(0));
    }
}
