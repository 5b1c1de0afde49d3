package org.convscope.data;

import static org.convscope.core.text.CoreText.tr;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;

/**
 * Loads CIFAR-10 in its official binary format into {@link CifarImages} ({@code (N, 32, 32, 3)}).
 *
 * <p>Reads a {@code cifar-10-batches-bin/} folder (or the folder holding it) with
 * {@code data_batch_1..5} and {@code test_batch} as {@code .bin} or {@code .bin.gz}, single batch
 * files, and the small sample bundled on the classpath under {@code /cifar10-sample/}. The
 * {@code cifar-10-binary.tar.gz} archive itself is not read (it would need a tar library): unpack it
 * first.
 *
 * <p>Every file is checked before anything is returned, so a load is all or nothing: the
 * decompressed size must be a whole number of 3,073-byte records, the gzip stream must be complete,
 * every label must be 0-9, and a file named like an official batch must have the official SHA-256
 * (which can be turned off for files a user made). Each failure is a {@link CifarFormatException}
 * whose message names the file.
 */
public final class CifarReader {

    /** The folder name used by the official archive. */
    public static final String BATCHES_FOLDER = "cifar-10-batches-bin";
    /** The classpath folder of the bundled sample. */
    public static final String SAMPLE_RESOURCE = "/cifar10-sample/";
    /** The training batch names, without extension. */
    public static final List<String> TRAIN_BATCHES = List.of("data_batch_1", "data_batch_2", "data_batch_3",
            "data_batch_4", "data_batch_5");
    /** The test batch name, without extension. */
    public static final String TEST_BATCH = "test_batch";

    /** SHA-256 of the decompressed official files (from the dataset README), by file name. */
    private static final Map<String, String> OFFICIAL_SHA256 = Map.of(
            "data_batch_1.bin", "cee916563c9f80d84e3cc88e17fdc0941787f1244f00a67874d45b261883ada5",
            "data_batch_2.bin", "a591ca11fa1708a91ee40f54b3da4784ccd871ecf2137de63f51ada8b3fa57ed",
            "data_batch_3.bin", "bbe8596564c0f86427f876058170b84dac6670ddf06d79402899d93ceea26f67",
            "data_batch_4.bin", "014e562d6e23c72197cc727519169a60359f5eccd8945ad5a09d710285ff4e48",
            "data_batch_5.bin", "755304fc0b379caeae8c14f0dac912fbc7d6cd469eb67a1029a08a39453a9add",
            "test_batch.bin", "8e2eb146ae340b09e24670f29cabc6326dba54da8789dab6768acf480273f65b");

    private static final int CLASSES = 10;

    /** A training set and a test set. */
    public record Splits(CifarImages train, CifarImages test) {
    }

    private CifarReader() {
    }

    /** Returns the official SHA-256 (lower-case hex) of a decompressed batch such as {@code data_batch_1.bin}, or null. */
    public static String officialSha256(String binName) {
        return OFFICIAL_SHA256.get(binName);
    }

    /**
     * Reads the 50,000 training images from {@code data_batch_1..5}, checking official checksums.
     *
     * @param folder {@code cifar-10-batches-bin/} or the folder that holds it
     * @param cancel checked between chunks
     * @param progress told the compressed bytes read so far
     * @return the images in file order
     * @throws CifarFormatException if a batch is missing, damaged or not the official one
     * @throws IOException if a file cannot be read for another reason
     */
    public static CifarImages readTrain(Path folder, CancelToken cancel, ProgressSink progress)
            throws CifarFormatException, IOException {
        return readTrain(folder, true, cancel, progress);
    }

    /**
     * Reads the training batches; see {@link #readTrain(Path, CancelToken, ProgressSink)}.
     *
     * @param verifyChecksums false to accept files named like official batches whose content differs
     */
    public static CifarImages readTrain(Path folder, boolean verifyChecksums, CancelToken cancel, ProgressSink progress)
            throws CifarFormatException, IOException {
        return readBatches(folder, TRAIN_BATCHES, verifyChecksums, cancel, progress);
    }

    /**
     * Reads the 10,000 test images from {@code test_batch}, checking the official checksum.
     *
     * @param folder {@code cifar-10-batches-bin/} or the folder that holds it
     */
    public static CifarImages readTest(Path folder, CancelToken cancel, ProgressSink progress)
            throws CifarFormatException, IOException {
        return readTest(folder, true, cancel, progress);
    }

    /** Reads the test batch; {@code verifyChecksums} false accepts user-made files under official names. */
    public static CifarImages readTest(Path folder, boolean verifyChecksums, CancelToken cancel, ProgressSink progress)
            throws CifarFormatException, IOException {
        return readBatches(folder, List.of(TEST_BATCH), verifyChecksums, cancel, progress);
    }

    /**
     * Unpacks the official {@code cifar-10-binary.tar.gz} safely (see {@link SafeArchive}) into
     * {@code into/cifar-10-batches-bin}, unless that folder already exists, and returns the folder to read.
     *
     * @param archive the downloaded archive
     * @param into the folder to unpack into (e.g. the app's data cache)
     * @param cancel checked while unpacking
     * @param progress compressed bytes read
     * @return the {@code cifar-10-batches-bin} folder
     * @throws IOException if the archive is damaged, holds something suspicious, or lacks the batches folder
     */
    public static Path unpackOfficialArchive(Path archive, Path into, CancelToken cancel, ProgressSink progress)
            throws IOException {
        Path folder = into.resolve(BATCHES_FOLDER);
        if (Files.isDirectory(folder)) {
            return folder;
        }
        Path unpacked = into.resolve(".unpacking-" + archive.getFileName());
        SafeArchive.extractTarGz(archive, unpacked, SafeArchive.Limits.CIFAR, cancel, progress);
        Path inside = unpacked.resolve(BATCHES_FOLDER);
        if (!Files.isDirectory(inside)) {
            try (var walk = Files.walk(unpacked)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            throw new IOException(tr("error.cifar.noBatchesFolder", archive.getFileName(), BATCHES_FOLDER));
        }
        Files.move(inside, folder);
        try (var walk = Files.walk(unpacked)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        return folder;
    }

    /**
     * Finds the batches for what a user points at: a {@code cifar-10-batches-bin} folder, a folder holding one, or the
     * official {@code cifar-10-binary.tar.gz}, which is unpacked once (safely) into {@code cache}.
     *
     * @param folderOrArchive the user's choice
     * @param cache where an archive is unpacked, e.g. {@code ~/.convscope/datasets}
     * @param cancel checked while unpacking
     * @param progress compressed bytes read while unpacking
     * @return the folder to read with {@link #readAll}
     * @throws IOException if the archive cannot be unpacked
     */
    public static Path locate(Path folderOrArchive, Path cache, CancelToken cancel, ProgressSink progress) throws IOException {
        if (Files.isRegularFile(folderOrArchive)) {
            Files.createDirectories(cache);
            return unpackOfficialArchive(folderOrArchive, cache, cancel, progress);
        }
        Path inside = folderOrArchive.resolve(BATCHES_FOLDER);
        return Files.isDirectory(inside) ? inside : folderOrArchive;
    }

    /** Reads both splits from one folder; see {@link #readTrain} and {@link #readTest}. */
    public static Splits readAll(Path folder, boolean verifyChecksums, CancelToken cancel, ProgressSink progress)
            throws CifarFormatException, IOException {
        CifarImages train = readTrain(folder, verifyChecksums, cancel, progress);
        return new Splits(train, readTest(folder, verifyChecksums, cancel, progress));
    }

    /**
     * Reads one {@code .bin} or {@code .bin.gz} file, checking the official checksum if it is named
     * like an official batch. Class names come from {@code batches.meta.txt} beside it, if present.
     */
    public static CifarImages readBatch(Path file) throws CifarFormatException, IOException {
        return readBatch(file, true, CancelToken.NEVER, ProgressSink.NONE);
    }

    /**
     * Reads one {@code .bin} or {@code .bin.gz} file of any number of records.
     *
     * @param file the batch; a name ending in {@code .gz} is decompressed
     * @param verifyChecksum false to skip the official SHA-256 check for user-made files
     */
    public static CifarImages readBatch(Path file, boolean verifyChecksum, CancelToken cancel, ProgressSink progress)
            throws CifarFormatException, IOException {
        if (!Files.isRegularFile(file)) {
            throw new CifarFormatException(tr("error.cifar.notAFile", file));
        }
        List<String> names = classNames(file.toAbsolutePath().getParent());
        String name = file.getFileName().toString();
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            return decode(name, in, name.toLowerCase(Locale.ROOT).endsWith(".gz"),
                    verifyChecksum ? OFFICIAL_SHA256.get(binName(name)) : null, names, cancel,
                    (done, total, msg) -> progress.progress(done, size, msg));
        }
    }

    /**
     * Reads the sample bundled with the app for classrooms without the full dataset: 2,000 training
     * images (200 per class) and 500 test images (50 per class), the first of each class in the
     * official order. Each file is checked against the SHA-256 listed in the sample's {@code SHA256SUMS}.
     */
    public static Splits readBundledSample(CancelToken cancel, ProgressSink progress)
            throws CifarFormatException, IOException {
        Map<String, String> sums = new HashMap<>();
        for (String line : resourceLines("SHA256SUMS")) {
            String[] parts = line.trim().split("\\s+\\*?");
            if (parts.length == 2) {
                sums.put(parts[1], parts[0].toLowerCase(Locale.ROOT));
            }
        }
        List<String> names = parseClassNames(resourceLines("batches.meta.txt"), "bundled batches.meta.txt");
        CifarImages train = readSampleFile("data_batch_sample.bin.gz", sums, names, cancel, progress);
        CifarImages test = readSampleFile("test_batch_sample.bin.gz", sums, names, cancel, progress);
        return new Splits(train, test);
    }

    private static CifarImages readSampleFile(String file, Map<String, String> sums, List<String> names,
            CancelToken cancel, ProgressSink progress) throws CifarFormatException, IOException {
        String expected = sums.get(binName(file));
        if (expected == null) {
            throw new CifarFormatException(tr("error.cifar.sampleNoChecksum", binName(file)));
        }
        try (InputStream in = resource(file)) {
            return decode("bundled " + file, in, true, expected, names, cancel, progress);
        }
    }

    private static InputStream resource(String file) throws CifarFormatException {
        InputStream in = CifarReader.class.getResourceAsStream(SAMPLE_RESOURCE + file);
        if (in == null) {
            throw new CifarFormatException(tr("error.cifar.sampleIncomplete", SAMPLE_RESOURCE + file));
        }
        return in;
    }

    private static List<String> resourceLines(String file) throws CifarFormatException, IOException {
        try (InputStream in = resource(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static CifarImages readBatches(Path folder, List<String> batches, boolean verify, CancelToken cancel,
            ProgressSink progress) throws CifarFormatException, IOException {
        Path dir = folder;
        if (!Files.isDirectory(dir)) {
            throw new CifarFormatException(tr("error.cifar.notAFolder", folder));
        }
        if (Files.isDirectory(dir.resolve(BATCHES_FOLDER))) {
            dir = dir.resolve(BATCHES_FOLDER);
        }
        List<Path> files = new ArrayList<>();
        long total = 0;
        for (String batch : batches) {
            Path file = locate(dir, batch);
            files.add(file);
            total += Files.size(file);
        }
        List<String> names = classNames(dir);
        List<CifarImages> parts = new ArrayList<>();
        long before = 0;
        for (Path file : files) {
            long offset = before;
            long all = total;
            String name = file.getFileName().toString();
            try (InputStream in = Files.newInputStream(file)) {
                parts.add(decode(name, in, name.endsWith(".gz"), verify ? OFFICIAL_SHA256.get(binName(name)) : null,
                        names, cancel, (done, t, msg) -> progress.progress(offset + done, all, msg)));
            }
            before += Files.size(file);
        }
        return parts.size() == 1 ? parts.get(0) : CifarImages.concat(parts);
    }

    private static Path locate(Path dir, String batch) throws CifarFormatException {
        for (String ext : new String[] {".bin", ".bin.gz"}) {
            Path file = dir.resolve(batch + ext);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new CifarFormatException(tr("error.cifar.batchMissing", batch, dir));
    }

    /** Returns the class names from {@code batches.meta.txt} in {@code dir}, or the standard ones. */
    private static List<String> classNames(Path dir) throws CifarFormatException, IOException {
        Path meta = dir == null ? null : dir.resolve("batches.meta.txt");
        if (meta == null || !Files.isRegularFile(meta)) {
            return CifarImages.STANDARD_CLASS_NAMES;
        }
        return parseClassNames(Files.readAllLines(meta, StandardCharsets.UTF_8), meta.toString());
    }

    private static List<String> parseClassNames(List<String> lines, String source) throws CifarFormatException {
        List<String> names = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                names.add(line.trim());
            }
        }
        if (names.size() != CLASSES) {
            throw new CifarFormatException(tr("error.cifar.classNames", source, names.size(), CLASSES));
        }
        return names;
    }

    /** {@code data_batch_1.bin.gz} -> {@code data_batch_1.bin}. */
    private static String binName(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".gz") ? fileName.substring(0, fileName.length() - 3) : fileName;
    }

    /** Reads, checks and converts one whole stream; the stream is not closed. */
    private static CifarImages decode(String name, InputStream raw, boolean gzip, String expectedSha256,
            List<String> classNames, CancelToken cancel, ProgressSink progress) throws CifarFormatException, IOException {
        byte[] bytes;
        try {
            bytes = readAll(name, raw, gzip, cancel, progress);
        } catch (EOFException e) {
            throw new CifarFormatException(tr("error.cifar.gzipEndsEarly", name), e);
        } catch (ZipException e) {
            throw new CifarFormatException(tr("error.cifar.damaged", name, e.getMessage()), e);
        }
        if (bytes.length == 0) {
            throw new CifarFormatException(tr("error.cifar.empty", name));
        }
        if (bytes.length % CifarImages.RECORD_BYTES != 0) {
            throw new CifarFormatException(tr("error.cifar.partialRecord", name, String.format(Locale.ROOT, "%,d",
                    bytes.length), String.format(Locale.ROOT, "%,d", CifarImages.RECORD_BYTES)));
        }
        int n = bytes.length / CifarImages.RECORD_BYTES;
        for (int r = 0; r < n; r++) {
            int label = bytes[r * CifarImages.RECORD_BYTES] & 0xff;
            if (label >= CLASSES) {
                throw new CifarFormatException(tr("error.cifar.badLabel", name, String.format(Locale.ROOT, "%,d", r),
                        label));
            }
        }
        if (expectedSha256 != null) {
            String actual = sha256(bytes);
            if (!actual.equals(expectedSha256)) {
                throw new CifarFormatException(tr("error.cifar.checksum", name, actual, expectedSha256));
            }
        }
        cancel.throwIfCancelled();
        byte[] labels = new byte[n];
        byte[] pixels = new byte[n * CifarImages.IMAGE_BYTES];
        int plane = CifarImages.SIDE * CifarImages.SIDE;
        for (int r = 0; r < n; r++) {
            int rec = r * CifarImages.RECORD_BYTES;
            int img = r * CifarImages.IMAGE_BYTES;
            labels[r] = bytes[rec];
            for (int c = 0; c < CifarImages.CHANNELS; c++) {
                int src = rec + 1 + c * plane;
                for (int p = 0; p < plane; p++) {
                    pixels[img + p * CifarImages.CHANNELS + c] = bytes[src + p];
                }
            }
        }
        return new CifarImages(pixels, labels, classNames);
    }

    private static byte[] readAll(String name, InputStream raw, boolean gzip, CancelToken cancel, ProgressSink progress)
            throws IOException {
        long[] read = {0};
        InputStream counted = new FilterInputStream(raw) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    read[0]++;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int k = super.read(b, off, len);
                if (k > 0) {
                    read[0] += k;
                }
                return k;
            }
        };
        InputStream in = gzip ? new GZIPInputStream(counted, 1 << 16) : counted;
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        byte[] buf = new byte[1 << 16];
        int k;
        long lastReport = 0;
        while ((k = in.read(buf)) > 0) {
            out.write(buf, 0, k);
            if (read[0] - lastReport >= 1 << 20) {
                cancel.throwIfCancelled();
                progress.progress(read[0], -1, tr("progress.reading", name));
                lastReport = read[0];
            }
        }
        progress.progress(read[0], -1, tr("progress.read", name));
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
