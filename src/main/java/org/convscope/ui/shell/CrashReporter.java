package org.convscope.ui.shell;

import static org.convscope.ui.common.I18n.tr;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.util.function.Consumer;

/**
 * The last line of defence: an exception nobody caught is written with its stack trace to
 * {@code <home>/logs/convscope.log} and the user sees a short, plain message instead (the model on the Build screen
 * is autosaved, so nothing is lost). Messages are shown at most once every 10 seconds, so a failure repeating in a
 * loop does not bury the window under dialogs; the log keeps every one.
 */
final class CrashReporter implements Thread.UncaughtExceptionHandler {

    /** The log keeps its last ~1 MB: older entries are dropped when it grows past 2 MB. */
    static final long MAX_LOG_BYTES = 2L << 20;

    private final Path log;
    private final Consumer<String> show;
    private long lastShown = Long.MIN_VALUE;
    private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param home the app's folder
     * @param show shows a message to the user (called on the thread that failed; it hands over to the FX thread)
     */
    CrashReporter(Path home, Consumer<String> show) {
        this.log = home.resolve("logs").resolve("convscope.log");
        this.show = show;
    }

    /** Returns the log file. */
    Path log() {
        return log;
    }

    /** Returns how many uncaught exceptions there were (the self-test fails on any). */
    int count() {
        return count.get();
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        count.incrementAndGet();
        boolean written = record(thread, error);
        long now = System.nanoTime();
        synchronized (this) {
            if (lastShown != Long.MIN_VALUE && now - lastShown < 10_000_000_000L) {
                return;
            }
            lastShown = now;
        }
        String what = error.getMessage() == null || error.getMessage().isBlank() ? error.getClass().getSimpleName()
                : error.getMessage().lines().findFirst().orElse("");
        if (what.length() > 200) {
            what = what.substring(0, 200) + "...";
        }
        show.accept(tr("crash.text", what) + " " + (written ? tr("crash.logged", log) : tr("crash.notLogged", log)));
    }

    /** Appends the time, thread and stack trace to the log; returns false if it cannot be written. */
    boolean record(Thread thread, Throwable error) {
        StringWriter trace = new StringWriter();
        try (PrintWriter p = new PrintWriter(trace)) {
            p.println(OffsetDateTime.now() + " uncaught in thread \"" + thread.getName() + "\"");
            error.printStackTrace(p);
            p.println();
        }
        try {
            Files.createDirectories(log.getParent());
            if (Files.exists(log) && Files.size(log) > MAX_LOG_BYTES) {
                byte[] old = Files.readAllBytes(log);
                Files.write(log, java.util.Arrays.copyOfRange(old, old.length / 2, old.length));
            }
            Files.writeString(log, trace.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
