package org.convscope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk is named in the user's language: the operating system's own failure (a write to Linux's
 * {@code /dev/full}, which always fails with ENOSPC, "No space left on device") becomes a message naming the file
 * and the free space, in English, German or Spanish; other failures pass through unchanged.
 */
class AtomicFilesDiskFullTest {

    @TempDir
    Path dir;

    private Locale before;

    @BeforeEach
    void remember() {
        before = Locale.getDefault();
    }

    @AfterEach
    void restore() {
        Locale.setDefault(before);
    }

    /** The exception a write to a full device really throws. */
    private static IOException diskFull() {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
        return assertThrows(IOException.class, () -> {
            try (FileChannel ch = FileChannel.open(full, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(new byte[4096]));
                ch.force(true);
            }
        });
    }

    @Test
    void aFullDiskIsNamedInEachLanguage() {
        IOException os = diskFull();
        Path target = dir.resolve("cifar.convscope.zip");
        Locale.setDefault(Locale.ENGLISH);
        IOException en = AtomicFiles.explain(target, os);
        assertTrue(en.getMessage().matches("cifar\\.convscope\\.zip could not be written: the disk is full \\([0-9.]+ MB"
                + " free\\)\\. The previous file is unchanged; free some space and save again\\."), en.getMessage());
        assertSame(os, en.getCause(), "the system's words stay in the cause, for the log");
        Locale.setDefault(Locale.GERMAN);
        assertTrue(AtomicFiles.explain(target, os).getMessage().startsWith("cifar.convscope.zip konnte nicht geschrieben"
                + " werden: Der Datenträger ist voll ("), AtomicFiles.explain(target, os).getMessage());
        Locale.setDefault(Locale.forLanguageTag("es"));
        assertTrue(AtomicFiles.explain(target, os).getMessage().startsWith("No se pudo escribir cifar.convscope.zip: el"
                + " disco está lleno ("), AtomicFiles.explain(target, os).getMessage());
    }

    @Test
    void otherFailuresPassThroughUnchanged() {
        IOException denied = new AccessDeniedException(dir.resolve("x").toString());
        assertSame(denied, AtomicFiles.explain(dir.resolve("x"), denied));
        assertEquals(denied.getMessage(), AtomicFiles.explain(dir.resolve("x"), denied).getMessage());
    }
}
