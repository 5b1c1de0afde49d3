package org.convscope.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM with SIGKILL while it is saving, many times, and checks that the file is always one
 * complete version, never a mix or a truncated file.
 */
class AtomicFilesKillTest {

    @Test
    void aKilledSaveNeverLeavesAHalfWrittenFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("model.convscope.json");
        byte[] a = AtomicWriteChild.content(0);
        byte[] b = AtomicWriteChild.content(1);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Random rnd = new Random(7);
        int kills = 12;
        for (int round = 0; round < kills; round++) {
            Path started = dir.resolve("started-" + round);
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    AtomicWriteChild.class.getName(), target.toString(), started.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(started) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(Files.exists(started), "the child never saved");
            Thread.sleep(20 + rnd.nextInt(150)); // somewhere in the middle of a save
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no cleanup
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the child did not die");
            byte[] now = Files.readAllBytes(target);
            assertTrue(Arrays.equals(now, a) || Arrays.equals(now, b),
                    "round " + round + ": the file has " + now.length + " bytes, neither complete version");
        }
    }
}
