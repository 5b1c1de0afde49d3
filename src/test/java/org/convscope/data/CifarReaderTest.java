package org.convscope.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.convscope.core.image.Raster;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the reader and the image set on made-up files, damaged copies and the bundled sample; runs without the dataset. */
class CifarReaderTest {

    @TempDir
    Path dir;

    /** {@code n} records with labels {@code i % 10} and random pixels. */
    private static byte[] records(int n, long seed) {
        byte[] bytes = new byte[n * CifarImages.RECORD_BYTES];
        new Random(seed).nextBytes(bytes);
        for (int r = 0; r < n; r++) {
            bytes[r * CifarImages.RECORD_BYTES] = (byte) (r % 10);
        }
        return bytes;
    }

    /** The real data_batch_1 when present, else 10,000 made-up records of the same size. */
    private static byte[] batchOne() {
        return RealCifar.present() ? RealCifar.rawBytes("data_batch_1", -1) : records(10_000, 1);
    }

    private static String messageOf(Path file, boolean verify) {
        return assertThrows(CifarFormatException.class,
                () -> CifarReader.readBatch(file, verify, CancelToken.NEVER, ProgressSink.NONE)).getMessage();
    }

    @Test
    void batchShortByOneByteIsNamedAsTruncated() throws Exception {
        byte[] bin = batchOne();
        Path file = dir.resolve("data_batch_1.bin.gz");
        Files.write(file, MakeCifarSample.gzip(Arrays.copyOf(bin, bin.length - 1)));
        String message = messageOf(file, true);
        assertTrue(message.contains("data_batch_1.bin.gz holds 30,729,999 bytes, not a whole number of 3,073-byte records"),
                message);
        assertTrue(message.contains("truncated"), message);
    }

    @Test
    void labelOutsideZeroToNineNamesTheRecord() throws Exception {
        byte[] bin = records(20, 2);
        bin[7 * CifarImages.RECORD_BYTES] = 11;
        Path file = dir.resolve("my_batch.bin");
        Files.write(file, bin);
        String message = messageOf(file, true);
        assertTrue(message.contains("my_batch.bin: record 7 has label 11"), message);
    }

    @Test
    void cutGzipStreamIsTruncatedOrDamaged() throws Exception {
        byte[] gz = MakeCifarSample.gzip(records(50, 3));
        Path file = dir.resolve("my_batch.bin.gz");
        Files.write(file, Arrays.copyOf(gz, gz.length / 2));
        String message = messageOf(file, false);
        assertTrue(message.contains("my_batch.bin.gz is truncated or damaged"), message);
    }

    @Test
    void fileThatIsNotGzipIsDamaged() throws Exception {
        Path file = dir.resolve("my_batch.bin.gz");
        Files.write(file, records(3, 4));
        assertTrue(messageOf(file, false).contains("my_batch.bin.gz is truncated or damaged"));
    }

    @Test
    void missingBatchIsNamedWithItsFolder() throws Exception {
        Path folder = Files.createDirectories(dir.resolve(CifarReader.BATCHES_FOLDER));
        for (int b = 1; b <= 5; b++) {
            Files.write(folder.resolve("data_batch_" + b + ".bin.gz"), MakeCifarSample.gzip(records(4, b)));
        }
        assertEquals(20, CifarReader.readTrain(dir, false, CancelToken.NEVER, ProgressSink.NONE).size());
        Files.delete(folder.resolve("data_batch_3.bin.gz"));
        CifarFormatException e = assertThrows(CifarFormatException.class,
                () -> CifarReader.readTrain(dir, false, CancelToken.NEVER, ProgressSink.NONE));
        assertEquals("data_batch_3.bin(.gz) is missing from " + folder, e.getMessage());
        e = assertThrows(CifarFormatException.class,
                () -> CifarReader.readTest(folder, false, CancelToken.NEVER, ProgressSink.NONE));
        assertEquals("test_batch.bin(.gz) is missing from " + folder, e.getMessage());
    }

    @Test
    void officialNameWithOtherContentFailsTheChecksumUnlessSkipped() throws Exception {
        byte[] bin = batchOne();
        bin[5_000] ^= 1;
        Path file = dir.resolve("data_batch_1.bin");
        Files.write(file, bin);
        String message = messageOf(file, true);
        assertTrue(message.startsWith("data_batch_1.bin is named like an official CIFAR-10 batch but its content differs"),
                message);
        assertTrue(message.contains("expected cee916563c9f80d84e3cc88e17fdc0941787f1244f00a67874d45b261883ada5"), message);
        assertEquals(10_000, CifarReader.readBatch(file, false, CancelToken.NEVER, ProgressSink.NONE).size());
    }

    @Test
    void planarRecordsBecomeChannelsLastAndBack() throws Exception {
        byte[] bin = records(3, 5);
        Path file = dir.resolve("three.bin");
        Files.write(file, bin);
        CifarImages images = CifarReader.readBatch(file);
        assertEquals(3, images.size());
        assertEquals(List.of(0, 1, 2), List.of(images.label(0), images.label(1), images.label(2)));
        int rec = 2 * CifarImages.RECORD_BYTES;
        Raster image = images.image(2);
        for (int[] rc : new int[][] {{0, 0}, {0, 31}, {31, 0}, {12, 7}, {31, 31}}) {
            for (int ch = 0; ch < 3; ch++) {
                assertEquals(bin[rec + 1 + ch * 1024 + rc[0] * 32 + rc[1]] & 0xff, image.get(rc[0], rc[1], ch));
            }
        }
        assertArrayEquals(bin, images.toRecordBytes());
    }

    @Test
    void classNamesComeFromMetaFileOrDefault() throws Exception {
        Path file = dir.resolve("b.bin");
        Files.write(file, records(2, 6));
        assertEquals(CifarImages.STANDARD_CLASS_NAMES, CifarReader.readBatch(file).classNames());
        List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        Files.write(dir.resolve("batches.meta.txt"), names);
        assertEquals(names, CifarReader.readBatch(file).classNames());
        Files.write(dir.resolve("batches.meta.txt"), List.of("a", "b"));
        assertTrue(messageOf(file, true).contains("lists 2 class names, not 10"));
    }

    @Test
    void cancelledLoadStops() throws Exception {
        Path file = dir.resolve("b.bin");
        Files.write(file, records(2, 7));
        assertThrows(CancelToken.CancelledException.class,
                () -> CifarReader.readBatch(file, true, () -> true, ProgressSink.NONE));
    }

    @Test
    void progressEndsAtTheFileSize() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("f"));
        Files.write(folder.resolve("test_batch.bin"), records(400, 8));
        long[] last = new long[2];
        CifarReader.readTest(folder, false, CancelToken.NEVER, (done, total, msg) -> {
            last[0] = done;
            last[1] = total;
        });
        assertEquals(400L * CifarImages.RECORD_BYTES, last[0]);
        assertEquals(400L * CifarImages.RECORD_BYTES, last[1]);
    }

    @Test
    void shuffleDependsOnlyOnTheSeedAndKeepsEveryImage() {
        CifarImages images = new CifarImages(new byte[0], new byte[0], CifarImages.STANDARD_CLASS_NAMES);
        assertEquals(0, images.shuffled(1).size());
        byte[] pixels = new byte[100 * CifarImages.IMAGE_BYTES];
        byte[] labels = new byte[100];
        for (int i = 0; i < 100; i++) {
            labels[i] = (byte) (i % 10);
            pixels[i * CifarImages.IMAGE_BYTES] = (byte) i; // an id in the first byte
        }
        CifarImages set = new CifarImages(pixels, labels, CifarImages.STANDARD_CLASS_NAMES);
        CifarImages a = set.shuffled(42);
        assertArrayEquals(a.pixelsHwc(), set.shuffled(42).pixelsHwc());
        assertNotEquals(Arrays.toString(a.labels()), Arrays.toString(set.shuffled(43).labels()));
        assertNotEquals(Arrays.toString(a.labels()), Arrays.toString(set.labels()));
        boolean[] seen = new boolean[100];
        for (int k = 0; k < 100; k++) {
            int id = a.image(k).get(0, 0, 0);
            seen[id] = true;
            assertEquals(id % 10, a.label(k));
        }
        for (boolean s : seen) {
            assertTrue(s);
        }
    }

    @Test
    void subsetsAndBalancedHeadKeepOrder() {
        byte[] labels = {3, 3, 1, 3, 1, 0, 2, 0, 2, 4, 5, 6, 7, 8, 9, 9};
        byte[] pixels = new byte[labels.length * CifarImages.IMAGE_BYTES];
        for (int i = 0; i < labels.length; i++) {
            pixels[i * CifarImages.IMAGE_BYTES + 1] = (byte) i;
        }
        CifarImages set = new CifarImages(pixels, labels, CifarImages.STANDARD_CLASS_NAMES);
        CifarImages head = set.balancedHead(1);
        int[] ids = new int[head.size()];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = head.image(k).get(0, 0, 1);
        }
        assertArrayEquals(new int[] {0, 2, 5, 6, 9, 10, 11, 12, 13, 14}, ids);
        assertThrows(IllegalArgumentException.class, () -> set.balancedHead(2));
        CifarImages sub = set.subset(new int[] {15, 0});
        assertEquals(List.of(9, 3), List.of(sub.label(0), sub.label(1)));
        assertEquals(15, sub.image(0).get(0, 0, 1));
        assertEquals(4, set.range(2, 6).size());
        assertEquals(1, set.range(2, 6).label(0));
        assertThrows(IndexOutOfBoundsException.class, () -> set.subset(new int[] {16}));
    }

    @Test
    void statisticsOfKnownPixels() {
        // Two images: R all 0 / all 255, G all 51, B 0 and 102 alternating.
        byte[] pixels = new byte[2 * CifarImages.IMAGE_BYTES];
        for (int i = 0; i < 2 * 1024; i++) {
            pixels[i * 3] = (byte) (i < 1024 ? 0 : 255);
            pixels[i * 3 + 1] = 51;
            pixels[i * 3 + 2] = (byte) (i % 2 == 0 ? 0 : 102);
        }
        CifarImages set = new CifarImages(pixels, new byte[2], CifarImages.STANDARD_CLASS_NAMES);
        assertArrayEquals(new double[] {0.5, 0.2, 0.2}, set.perChannelMean(), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.0, 0.2}, set.perChannelStd(), 1e-12);
    }

    @Test
    void rejectsLabelsOutsideTheClasses() {
        assertThrows(IllegalArgumentException.class,
                () -> new CifarImages(new byte[CifarImages.IMAGE_BYTES], new byte[] {10}, CifarImages.STANDARD_CLASS_NAMES));
        assertThrows(IllegalArgumentException.class,
                () -> new CifarImages(new byte[5], new byte[] {1}, CifarImages.STANDARD_CLASS_NAMES));
    }

    @Test
    void bundledSampleLoadsBalanced() throws Exception {
        CifarReader.Splits sample = CifarReader.readBundledSample(CancelToken.NEVER, ProgressSink.NONE);
        assertEquals(2_000, sample.train().size());
        assertEquals(500, sample.test().size());
        int[] train = new int[10];
        int[] test = new int[10];
        Arrays.fill(train, 200);
        Arrays.fill(test, 50);
        assertArrayEquals(train, sample.train().classCounts());
        assertArrayEquals(test, sample.test().classCounts());
        assertEquals(CifarImages.STANDARD_CLASS_NAMES, sample.train().classNames());
        assertEquals(new Raster(32, 32, 3, new byte[3072]).height(), sample.test().image(499).height());
    }
}
