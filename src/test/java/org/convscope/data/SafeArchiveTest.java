package org.convscope.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile archives: every trick is refused with the entry named, and nothing is left behind. */
class SafeArchiveTest {

    private interface Entries {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private static Path archive(Path dir, String name, Entries entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            entries.write(tar);
        }
        return Files.write(dir.resolve(name), bytes.toByteArray());
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static void special(TarArchiveOutputStream tar, String name, byte type, String link) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        if (link != null) {
            e.setLinkName(link);
        }
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static IOException refused(Path archive, Path target, SafeArchive.Limits limits) {
        IOException e = assertThrows(IOException.class,
                () -> SafeArchive.extractTarGz(archive, target, limits, CancelToken.NEVER, ProgressSink.NONE));
        assertFalse(Files.exists(target), "nothing is left at the target");
        return e;
    }

    @Test
    void aGoodArchiveIsExtractedWhole(@TempDir Path dir) throws IOException {
        byte[] a = "airplane\nautomobile\n".getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[100_000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        Path arc = archive(dir, "good.tar.gz", tar -> {
            file(tar, "cifar-10-batches-bin/batches.meta.txt", a);
            file(tar, "cifar-10-batches-bin/data.bin", b);
        });
        Path target = dir.resolve("out");
        long[] seen = {0};
        SafeArchive.extractTarGz(arc, target, SafeArchive.Limits.CIFAR, CancelToken.NEVER, (d, t, m) -> seen[0] = d);
        assertArrayEquals(a, Files.readAllBytes(target.resolve("cifar-10-batches-bin/batches.meta.txt")));
        assertArrayEquals(b, Files.readAllBytes(target.resolve("cifar-10-batches-bin/data.bin")));
        assertTrue(seen[0] > 0, "progress was reported");
        try (var list = Files.list(dir)) {
            assertEquals(2, list.count(), "the archive and the target, no temporary folder left");
        }
    }

    @Test
    void pathTricksAreRefused(@TempDir Path dir) throws IOException {
        byte[] x = "x".getBytes(StandardCharsets.UTF_8);
        IOException up = refused(archive(dir, "up.tar.gz", tar -> {
            file(tar, "ok.txt", x);
            file(tar, "../evil.txt", x);
        }), dir.resolve("t1"), SafeArchive.Limits.CIFAR);
        assertTrue(up.getMessage().contains("\"../evil.txt\" climbs out"), up.getMessage());
        assertFalse(Files.exists(dir.resolve("evil.txt")));
        IOException abs = refused(archive(dir, "abs.tar.gz", tar -> file(tar, "/tmp/convscope-evil.txt", x)),
                dir.resolve("t2"), SafeArchive.Limits.CIFAR);
        assertTrue(abs.getMessage().contains("absolute path"), abs.getMessage());
        assertFalse(Files.exists(Path.of("/tmp/convscope-evil.txt")));
    }

    @Test
    void linksAndDevicesAreRefused(@TempDir Path dir) throws IOException {
        IOException sym = refused(archive(dir, "sym.tar.gz", tar -> special(tar, "passwd", TarConstants.LF_SYMLINK, "/etc/passwd")),
                dir.resolve("t1"), SafeArchive.Limits.CIFAR);
        assertTrue(sym.getMessage().contains("\"passwd\" is a symbolic link (to \"/etc/passwd\")"), sym.getMessage());
        IOException hard = refused(archive(dir, "hard.tar.gz", tar -> special(tar, "h", TarConstants.LF_LINK, "x")),
                dir.resolve("t2"), SafeArchive.Limits.CIFAR);
        assertTrue(hard.getMessage().contains("hard link"), hard.getMessage());
        IOException dev = refused(archive(dir, "dev.tar.gz", tar -> special(tar, "null", TarConstants.LF_CHR, null)),
                dir.resolve("t3"), SafeArchive.Limits.CIFAR);
        assertTrue(dev.getMessage().contains("\"null\" is a device"), dev.getMessage());
    }

    @Test
    void sizeLimitsAreCountedWhileWriting(@TempDir Path dir) throws IOException {
        SafeArchive.Limits small = new SafeArchive.Limits(50, 100, 10);
        IOException big = refused(archive(dir, "big.tar.gz", tar -> file(tar, "big.bin", new byte[60])),
                dir.resolve("t1"), small);
        assertTrue(big.getMessage().contains("\"big.bin\" is 0.0 MB") || big.getMessage().contains("per file"), big.getMessage());
        IOException total = refused(archive(dir, "many.tar.gz", tar -> {
            for (int i = 0; i < 3; i++) {
                file(tar, "f" + i, new byte[40]);
            }
        }), dir.resolve("t2"), small);
        assertTrue(total.getMessage().contains("\"f2\" goes over the limit") && total.getMessage().contains("in all"),
                total.getMessage());
        IOException count = refused(archive(dir, "count.tar.gz", tar -> {
            for (int i = 0; i < 11; i++) {
                file(tar, "e" + i, new byte[1]);
            }
        }), dir.resolve("t3"), small);
        assertTrue(count.getMessage().contains("more than 10 entries"), count.getMessage());
    }

    @Test
    void truncatedArchiveAndCancelLeaveNothing(@TempDir Path dir) throws IOException {
        Path arc = archive(dir, "good.tar.gz", tar -> file(tar, "data.bin", new byte[500_000]));
        byte[] all = Files.readAllBytes(arc);
        Path cut = Files.write(dir.resolve("cut.tar.gz"), java.util.Arrays.copyOf(all, all.length / 2));
        IOException e = refused(cut, dir.resolve("t1"), SafeArchive.Limits.CIFAR);
        assertTrue(e.getMessage().contains("cut.tar.gz is truncated or damaged"), e.getMessage());
        Path target = dir.resolve("t2");
        assertThrows(CancelToken.CancelledException.class,
                () -> SafeArchive.extractTarGz(arc, target, SafeArchive.Limits.CIFAR, () -> true, ProgressSink.NONE));
        assertFalse(Files.exists(target));
    }
}
