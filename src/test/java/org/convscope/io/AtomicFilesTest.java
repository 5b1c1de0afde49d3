package org.convscope.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic replacement of files: all or nothing, no temporary files left behind. */
class AtomicFilesTest {

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writeCreatesFileAndFolders(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("a/b/c/model.convscope.json");
        AtomicFiles.write(target, utf8("hello"));
        assertTrue(Files.isRegularFile(target));
        assertEquals("hello", Files.readString(target));
        assertEquals(List.of("model.convscope.json"), names(target.getParent()));
        assertEquals(List.of("a"), names(dir));
    }

    @Test
    void writeReplacesExistingContent(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("m.json");
        Files.writeString(target, "a much longer old content that must not survive in any part");
        AtomicFiles.write(target, utf8("new"));
        assertEquals("new", Files.readString(target));
        AtomicFiles.write(target, new byte[0]);
        assertEquals(0, Files.size(target));
        assertEquals(List.of("m.json"), names(dir));
    }

    @Test
    void writesExactBytes(@TempDir Path dir) throws Exception {
        byte[] bytes = new byte[300_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        Path target = dir.resolve("blob.bin");
        AtomicFiles.write(target, bytes);
        assertArrayEquals(bytes, Files.readAllBytes(target));
    }

    @Test
    void leavesNoTemporaryFilesBesideOthers(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("other.txt"), "keep");
        for (int i = 0; i < 5; i++) {
            AtomicFiles.write(dir.resolve("m.json"), utf8("v" + i));
        }
        assertEquals(List.of("m.json", "other.txt"), names(dir));
        assertEquals("v4", Files.readString(dir.resolve("m.json")));
        assertEquals("keep", Files.readString(dir.resolve("other.txt")));
    }

    @Test
    void relativeTargetWorks(@TempDir Path dir) throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        Path target = cwd.relativize(dir.resolve("rel.json"));
        AtomicFiles.write(target, utf8("r"));
        assertEquals("r", Files.readString(dir.resolve("rel.json")));
        assertEquals(List.of("rel.json"), names(dir));
    }

    @Test
    void targetIsAnEmptyDirectory(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("folder");
        Files.createDirectory(target);
        assertThrows(IOException.class, () -> AtomicFiles.write(target, utf8("x")));
        assertTrue(Files.isDirectory(target));
        assertEquals(List.of(), names(target));
        assertEquals(List.of("folder"), names(dir));
    }

    @Test
    void targetIsANonEmptyDirectory(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("folder");
        Files.createDirectory(target);
        Files.writeString(target.resolve("inside.txt"), "inside");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, utf8("x")));
        assertTrue(Files.isDirectory(target));
        assertEquals("inside", Files.readString(target.resolve("inside.txt")));
        assertEquals(List.of("inside.txt"), names(target));
        assertEquals(List.of("folder"), names(dir));
    }

    @Test
    void parentIsAFileFails(@TempDir Path dir) throws Exception {
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "file");
        assertThrows(IOException.class, () -> AtomicFiles.write(blocker.resolve("m.json"), utf8("x")));
        assertEquals("file", Files.readString(blocker));
        assertEquals(List.of("blocker"), names(dir));
    }
}
