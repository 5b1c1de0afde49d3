package org.convscope.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.convscope.app.Engines;

/**
 * The process's resident memory as Linux reports it in {@code /proc/self/status}: {@code VmHWM} (the peak) and
 * {@code VmRSS} (now), for {@code bench train} and {@code train --memory}.
 */
final class MemoryUse {

    private MemoryUse() {
    }

    /** Returns a status line's value in MB ({@code VmHWM}, {@code VmRSS}), or -1 where there is none (not Linux). */
    static double megabytes(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    // "VmHWM:\t  123456 kB"
                    return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or a format this does not know
        }
        return -1;
    }

    /**
     * Releases what training left (ND4J's arrays and workspaces, the C heap's free pages; about a second) and
     * describes the peak and the resident memory afterwards, with the Java heap's share, e.g.
     * {@code memory: peak RSS 1,234 MB; after training and release 456 MB (Java heap 120 MB used, 300 MB reserved)}.
     */
    static String afterTraining() {
        double peak = megabytes("VmHWM");
        Engines.releaseMemory();
        double now = megabytes("VmRSS");
        Runtime rt = Runtime.getRuntime();
        double used = (rt.totalMemory() - rt.freeMemory()) / 1048576.0;
        double reserved = rt.totalMemory() / 1048576.0;
        if (peak < 0 || now < 0) {
            return Messages.get("memory.noRss", used, reserved);
        }
        return Messages.get("memory.afterTraining", peak, now, used, reserved);
    }

    /**
     * Sleeps {@code seconds} (an idle app: only G1's periodic collection and ND4J's deallocator run) and describes the
     * resident memory then, e.g. {@code memory: after 70 s idle 420 MB (Java heap 40 MB used, 90 MB reserved)}.
     */
    static String afterIdle(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime rt = Runtime.getRuntime();
        return Messages.get("memory.afterIdle", seconds, megabytes("VmRSS"), (rt.totalMemory() - rt.freeMemory()) / 1048576.0, rt.totalMemory() / 1048576.0);
    }
}
