package org.convscope.io;

import static org.convscope.core.text.CoreText.tr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a crash, a kill or a full disk never leaves a half-written file behind.
 *
 * <p>The bytes go to a temporary file in the same folder, are forced to disk ({@code fsync}), and the
 * temporary file is renamed over the target in one atomic step. Readers see the old file or the new
 * one, never a mix. On failure the temporary file is removed and the old file is untouched.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Replaces {@code target} with {@code bytes} atomically.
     *
     * @param target the file to write; its folder is created if missing
     * @param bytes the complete new content
     * @throws IOException if the content could not be written; {@code target} is then unchanged
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        } catch (IOException e) {
            throw explain(abs, e);
        }
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            } catch (IOException e) {
                throw explain(abs, e);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms (Windows) cannot open a folder; the rename itself is still atomic.
        }
    }

    /**
     * A full disk, said in the user's language (the system's own words, "No space left on device", are English
     * whatever the language); any other failure as it is.
     *
     * @param target the file that was being written
     * @param e the failure
     * @return an exception naming the file and the free space, with {@code e} as its cause; or {@code e}
     */
    static IOException explain(Path target, IOException e) {
        String m = String.valueOf(e.getMessage());
        if (!(m.contains("No space left on device") || m.contains("not enough space on the disk")
                || m.contains("Disk quota exceeded"))) {
            return e;
        }
        String free;
        try {
            free = String.format(java.util.Locale.ROOT, "%.1f MB",
                    Files.getFileStore(target.getParent()).getUsableSpace() / 1048576.0);
        } catch (IOException | RuntimeException unknown) {
            free = "?";
        }
        return new IOException(tr("error.write.diskFull", target.getFileName(), free), e);
    }
}
