package org.convscope.io.lesson;

import static org.convscope.core.text.CoreText.tr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.convscope.io.AtomicFiles;

/**
 * The zip container of a lesson file: named entries of bytes, written atomically ({@link AtomicFiles}: a crash never
 * leaves half a lesson) and read within limits, as {@code data.SafeArchive} unpacks archives: at most so many
 * entries, so many bytes per entry and in all (counted as they inflate, not as the headers claim), and no entry that
 * inflates more than {@link Limits#maxRatio()} times its compressed size (a zip bomb). Entry names are checked (no
 * {@code ..}, no absolute paths, no backslashes); entries the reader does not want are never inflated. Nothing is
 * written to disk while reading.
 */
public final class LessonArchive {

    /**
     * Limits on what a lesson may hold.
     *
     * @param maxEntries most entries in the archive
     * @param maxEntryBytes largest entry, inflated
     * @param maxTotalBytes largest total of the entries read, inflated
     * @param maxRatio most an entry may inflate relative to its compressed size (entries under 64 KiB are exempt)
     */
    public record Limits(int maxEntries, long maxEntryBytes, long maxTotalBytes, int maxRatio) {
        /** A lesson: a model's weights (up to 512 MB, e.g. a trained VGG-style model), a few images, checkpoints. */
        public static final Limits LESSON = new Limits(1000, 600L << 20, 2L << 30, 200);
    }

    private static final long RATIO_EXEMPT = 64 << 10;

    private LessonArchive() {
    }

    /**
     * Writes the entries, in order, as one zip that replaces {@code target} atomically.
     *
     * @param target the lesson file
     * @param entries entry names and their bytes
     * @throws IOException if it could not be written; {@code target} is then unchanged
     */
    public static void write(Path target, Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var e : entries.entrySet()) {
                checkName(e.getKey(), String.valueOf(target.getFileName()));
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        AtomicFiles.write(target, bytes.toByteArray());
    }

    /**
     * Reads the wanted entries of a lesson file.
     *
     * @param file the lesson file
     * @param limits what it may hold
     * @param wanted the entry names to read; the others are skipped without inflating them
     * @return the wanted entries found, by name, in archive order
     * @throws LessonFileException naming the file: missing, not a zip, damaged, over a limit, or a bad entry name
     */
    public static Map<String, byte[]> read(Path file, Limits limits, Predicate<String> wanted) throws LessonFileException {
        String name = String.valueOf(file.getFileName());
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.size() > limits.maxEntries()) {
                throw new LessonFileException(tr("error.lesson.tooManyEntries", name, zip.size(), limits.maxEntries()));
            }
            long total = 0;
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                checkName(e.getName(), name);
                if (e.isDirectory() || !wanted.test(e.getName())) {
                    continue;
                }
                if (out.containsKey(e.getName())) {
                    throw new LessonFileException(tr("error.lesson.duplicate", name, e.getName()));
                }
                if (e.getSize() > limits.maxEntryBytes()) {
                    throw overLimit(name, e.getName(), limits.maxEntryBytes(), true);
                }
                byte[] data = readAtMost(zip, e, limits, total, name);
                total += data.length;
                out.put(e.getName(), data);
            }
        } catch (LessonFileException e) {
            throw e;
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new LessonFileException(tr("error.file.missing", file), e);
        } catch (ZipException | java.io.EOFException e) {
            throw new LessonFileException(tr("error.lesson.notZip", name, e.getMessage()), e);
        } catch (IOException e) {
            throw new LessonFileException(tr("error.lesson.cannotRead", name, e.getMessage()), e);
        }
        return Collections.unmodifiableMap(out);
    }

    private static byte[] readAtMost(ZipFile zip, ZipEntry e, Limits limits, long before, String name) throws IOException {
        long compressed = Math.max(1, e.getCompressedSize());
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        long n = 0;
        try (InputStream in = zip.getInputStream(e)) {
            for (int r; (r = in.read(buf)) > 0; ) {
                n += r;
                if (n > limits.maxEntryBytes()) {
                    throw overLimit(name, e.getName(), limits.maxEntryBytes(), true);
                }
                if (before + n > limits.maxTotalBytes()) {
                    throw overLimit(name, e.getName(), limits.maxTotalBytes(), false);
                }
                if (n > RATIO_EXEMPT && n > compressed * limits.maxRatio()) {
                    throw new LessonFileException(tr("error.lesson.zipBomb", name, e.getName(), limits.maxRatio(),
                            String.format(Locale.ROOT, "%,d", compressed)));
                }
                data.write(buf, 0, r);
            }
        }
        return data.toByteArray();
    }

    private static LessonFileException overLimit(String file, String entry, long limit, boolean perEntry) {
        return new LessonFileException(tr(perEntry ? "error.lesson.overEntryLimit" : "error.lesson.overTotalLimit", file,
                entry, String.format(Locale.ROOT, "%,d", limit >> 20)));
    }

    /** Entry names are relative paths without {@code ..}, backslashes or control characters. */
    static void checkName(String entry, String file) throws LessonFileException {
        boolean bad = entry.isEmpty() || entry.length() > 200 || entry.startsWith("/") || entry.contains("\\")
                || entry.matches("^[A-Za-z]:.*") || entry.chars().anyMatch(c -> c < 0x20)
                || java.util.Arrays.asList(entry.split("/")).contains("..");
        if (bad) {
            throw new LessonFileException(tr("error.lesson.unsafeName", file, entry.replaceAll("\\p{Cntrl}", "?")));
        }
    }
}
