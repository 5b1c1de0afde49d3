package org.convscope.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.convscope.cli.ConvScopeCli;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.data.CifarFormatException;
import org.convscope.data.CifarReader;
import org.convscope.data.SafeArchive;
import org.convscope.imaging.ImageLoadException;
import org.convscope.imaging.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file of src/test/resources/hostile (written by make_hostile.py beside it) goes through the loader that would
 * meet it: archives through SafeArchive, images through Images.read and the CLI, model files through the CLI,
 * CIFAR batches through CifarReader. Each must be refused with a message, not a crash, and leave nothing behind.
 */
class HostileCorpusTest {

    private static final Path CORPUS = Path.of("src", "test", "resources", "hostile");

    private static List<Path> files(String folder) throws IOException {
        try (Stream<Path> s = Files.list(CORPUS.resolve(folder))) {
            return s.sorted().toList();
        }
    }

    private static String cli(int expectedExit, String... args) {
        StringWriter err = new StringWriter();
        int code = ConvScopeCli.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
        String e = err.toString();
        assertEquals(expectedExit, code, String.join(" ", args) + ": " + e);
        assertFalse(e.contains("\tat ") || e.contains("Exception:"), "no stack trace: " + e);
        return e;
    }

    @Test
    void everyFileIsRefusedWithAMessage(@TempDir Path dir) throws Exception {
        int tried = 0;
        for (Path archive : files("archives")) {
            Path target = dir.resolve("out-" + archive.getFileName());
            try {
                SafeArchive.extractTarGz(archive, target, SafeArchive.Limits.CIFAR, CancelToken.NEVER, ProgressSink.NONE);
                fail(archive + " was unpacked");
            } catch (IOException e) {
                assertTrue(e.getMessage().contains(archive.getFileName().toString()), archive + ": " + e.getMessage());
            }
            assertFalse(Files.exists(target), archive + ": nothing is left behind");
            tried++;
        }
        assertFalse(Files.exists(dir.resolve("evil.txt")) || Files.exists(Path.of("/tmp/convscope-evil.txt")),
                "nothing was written outside the target");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "no temporary folders are left either");
        }

        for (Path image : files("images")) {
            try {
                Images.read(image, Images.DEFAULT_MAX_PIXELS);
                fail(image + " was decoded");
            } catch (ImageLoadException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), image.toString());
            }
            String err = cli(2, "convolve", "-i", image.toString(), "-k", "sobel-vertical", "-o", dir.resolve("x.png").toString());
            assertTrue(err.startsWith("Error"), image + ": " + err);
            tried++;
        }

        for (Path model : files("models")) {
            String err = cli(2, "summary", model.toString());
            assertTrue(err.startsWith("Error") && err.contains(model.getFileName().toString()), model + ": " + err);
            tried++;
        }

        for (Path batch : files("cifar")) {
            try {
                CifarReader.readBatch(batch);
                fail(batch + " was read");
            } catch (CifarFormatException | IOException e) {
                assertTrue(e.getMessage().contains(batch.getFileName().toString()), batch + ": " + e.getMessage());
            }
            tried++;
        }
        System.out.printf("hostile corpus: %d files, all refused with a message, nothing written outside%n", tried);
        assertEquals(35, tried, "the corpus as make_hostile.py writes it");
    }
}
