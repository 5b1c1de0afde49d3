package org.convscope.data;

import static org.convscope.core.text.CoreText.tr;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;

/**
 * Extracts a {@code .tar.gz} archive without ever writing outside its target folder.
 *
 * <p>Refused, with a message naming the entry: paths with {@code ..} or absolute paths, symbolic and
 * hard links, device files and FIFOs, an entry over the per-entry limit, and archives whose total
 * exceeds the total limit (counted as bytes are written, not as the header claims). Everything is
 * extracted into a temporary folder beside the target and moved into place only when the whole
 * archive is good, so a refused or cancelled archive leaves nothing behind.
 */
public final class SafeArchive {

    /**
     * Size limits.
     *
     * @param maxEntryBytes largest single file
     * @param maxTotalBytes largest total of all files
     * @param maxEntries most entries
     */
    public record Limits(long maxEntryBytes, long maxTotalBytes, int maxEntries) {
        /** Limits for CIFAR-10's archive (about 185 MB unpacked in 8 files) with room to spare. */
        public static final Limits CIFAR = new Limits(64L << 20, 512L << 20, 100);
    }

    private SafeArchive() {
    }

    /**
     * Extracts an archive into {@code target}, which must not exist yet.
     *
     * @param archive the {@code .tar.gz} (or {@code .tgz}) file
     * @param target the folder to create
     * @param limits size limits
     * @param cancel checked between blocks
     * @param progress compressed bytes read of the archive size
     * @throws IOException with a message naming the bad entry, or on I/O failure; nothing is left behind
     */
    public static void extractTarGz(Path archive, Path target, Limits limits, CancelToken cancel, ProgressSink progress)
            throws IOException {
        if (Files.exists(target)) {
            throw new IOException(tr("error.archive.targetExists", target));
        }
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempDirectory(parent, "." + target.getFileName() + ".");
        long size = Files.size(archive);
        String name = archive.getFileName().toString();
        boolean ok = false;
        try (InputStream file = Files.newInputStream(archive);
             CountingInputStream counted = new CountingInputStream(new BufferedInputStream(file));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(counted, 1 << 16))) {
            long total = 0;
            int entries = 0;
            byte[] buf = new byte[1 << 16];
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                cancel.throwIfCancelled();
                entries++;
                if (entries > limits.maxEntries()) {
                    throw new IOException(tr("error.archive.tooManyEntries", name, limits.maxEntries()));
                }
                String entry = e.getName();
                if (e.isSymbolicLink() || e.isLink()) {
                    throw new IOException(tr(e.isSymbolicLink() ? "error.archive.symlink" : "error.archive.hardLink", name, entry,
                            e.getLinkName()));
                }
                if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
                    throw new IOException(tr("error.archive.device", name, entry));
                }
                Path out = resolveInside(temp, entry, name);
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                if (!e.isFile()) {
                    throw new IOException(tr("error.archive.notRegular", name, entry));
                }
                if (e.getSize() > limits.maxEntryBytes()) {
                    throw new IOException(tr("error.archive.entryTooLarge", name, entry, mb(e.getSize()),
                            mb(limits.maxEntryBytes())));
                }
                Files.createDirectories(out.getParent());
                long written = 0;
                try (OutputStream o = Files.newOutputStream(out)) {
                    for (int n; (n = tar.read(buf)) > 0; ) {
                        written += n;
                        total += n;
                        if (written > limits.maxEntryBytes() || total > limits.maxTotalBytes()) {
                            boolean perFile = written > limits.maxEntryBytes();
                            throw new IOException(tr(perFile ? "error.archive.overFileLimit" : "error.archive.overTotalLimit",
                                    name, entry, mb(perFile ? limits.maxEntryBytes() : limits.maxTotalBytes())));
                        }
                        o.write(buf, 0, n);
                        cancel.throwIfCancelled();
                        progress.progress(counted.count, size, tr("progress.unpacking", entry));
                    }
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            ok = true;
        } catch (java.io.EOFException e) {
            throw new IOException(tr("error.archive.truncated", name), e);
        } catch (java.util.zip.ZipException e) {
            throw new IOException(tr("error.archive.notTarGz", name, e.getMessage()), e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains(name)) {
                throw e; // ours, already naming the archive
            }
            // the tar reader's own words ("Corrupted TAR archive."), with the file they are about
            throw new IOException(tr("error.archive.cannotUnpack", name, e.getMessage()), e);
        } finally {
            if (!ok) {
                deleteTree(temp);
            }
        }
    }

    /** Returns where an entry goes, refusing anything that would land outside {@code root}. */
    static Path resolveInside(Path root, String entry, String archive) throws IOException {
        String n = entry.replace('\\', '/');
        if (n.startsWith("/") || n.matches("^[A-Za-z]:.*")) {
            throw new IOException(tr("error.archive.absolute", archive, entry));
        }
        for (String part : n.split("/")) {
            if (part.equals("..")) {
                throw new IOException(tr("error.archive.climbsOut", archive, entry));
            }
        }
        Path out = root.resolve(n).normalize();
        if (!out.startsWith(root)) {
            throw new IOException(tr("error.archive.outside", archive, entry));
        }
        return out;
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a leftover temp folder is hidden (dot name) and harmless
                }
            });
        } catch (IOException e) {
            // nothing to clean
        }
    }

    /** Counts compressed bytes read, for progress. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
