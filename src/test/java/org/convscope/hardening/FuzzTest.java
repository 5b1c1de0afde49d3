package org.convscope.hardening;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.ModelSpec;
import org.convscope.data.CifarFormatException;
import org.convscope.data.CifarImages;
import org.convscope.data.CifarReader;
import org.convscope.io.MatrixCsv;
import org.convscope.io.ModelFileException;
import org.convscope.io.ModelJson;
import org.convscope.io.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded, seeded fuzzing of the parsers that read files from strangers: every mutated input gives a value or the
 * parser's own error (ModelFileException, the CSV reader's IOException, CifarFormatException), never another
 * exception and never a hang; models that parse also go through the analyzer, which must not throw either.
 * Mutations start from valid inputs (the presets, formatted matrices, real CIFAR-10 records): flipped and
 * inserted bytes, deleted and duplicated slices, truncation, extreme numbers.
 */
class FuzzTest {

    private static final byte[] JSON_BYTES = "{}[]\",:-0123456789eE.+ \ntruefalsenull".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CSV_BYTES = "0123456789.-+eE,;\n\r \"NaNInfinity".getBytes(StandardCharsets.US_ASCII);
    private static final String[] EXTREMES = {"1e309", "-1", "0", "2147483648", "99999999999999999999", "NaN", "-0",
        "1.5", "\"\"", "null", "[]", "{}", "true"};

    /** Applies 1 to 8 random mutations. */
    private static byte[] mutate(byte[] seed, byte[] alphabet, Random rnd) {
        byte[] b = seed.clone();
        int n = 1 + rnd.nextInt(8);
        for (int k = 0; k < n && b.length > 0; k++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(7)) {
                case 0 -> b[at] = (byte) rnd.nextInt(256);
                case 1 -> b[at] = alphabet[rnd.nextInt(alphabet.length)];
                case 2 -> { // delete a slice
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(16));
                    byte[] c = new byte[b.length - len];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + len, c, at, b.length - at - len);
                    b = c;
                }
                case 3 -> { // duplicate a slice
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(32));
                    byte[] c = new byte[b.length + len];
                    System.arraycopy(b, 0, c, 0, at + len);
                    System.arraycopy(b, at, c, at + len, b.length - at);
                    b = c;
                }
                case 4 -> b = Arrays.copyOf(b, at); // truncate
                case 5 -> { // insert an extreme value
                    byte[] v = EXTREMES[rnd.nextInt(EXTREMES.length)].getBytes(StandardCharsets.US_ASCII);
                    byte[] c = new byte[b.length + v.length];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(v, 0, c, at, v.length);
                    System.arraycopy(b, at, c, at + v.length, b.length - at);
                    b = c;
                }
                default -> b[at] = alphabet[rnd.nextInt(alphabet.length)];
            }
        }
        return b;
    }

    private record Tally(int tried, int values, int errors, long slowestMs) {
    }

    @Test
    void modelJson() {
        List<byte[]> seeds = new ArrayList<>();
        for (String id : Presets.ids()) {
            seeds.add(ModelJson.toJson(Presets.find(id).orElseThrow()).getBytes(StandardCharsets.UTF_8));
        }
        Random rnd = new Random(2026);
        int values = 0;
        int errors = 0;
        long slowest = 0;
        int tried = 4000;
        for (int i = 0; i < tried; i++) {
            String input = new String(mutate(seeds.get(i % seeds.size()), JSON_BYTES, rnd), StandardCharsets.UTF_8);
            long t0 = System.nanoTime();
            try {
                ModelSpec spec = ModelJson.parse(input);
                ModelAnalyzer.analyze(spec); // must not throw for any model that parses
                values++;
            } catch (ModelFileException expected) {
                errors++;
            } catch (RuntimeException | StackOverflowError e) {
                fail("input " + i + " escaped with " + e + ":\n" + input, e);
            }
            slowest = Math.max(slowest, (System.nanoTime() - t0) / 1_000_000);
        }
        report("model JSON", new Tally(tried, values, errors, slowest));
    }

    @Test
    void matrixCsv() {
        Random rnd = new Random(7);
        List<byte[]> seeds = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            double[][] m = new double[2 + rnd.nextInt(6)][2 + rnd.nextInt(6)];
            for (double[] row : m) {
                for (int c = 0; c < row.length; c++) {
                    row[c] = Math.round(rnd.nextGaussian() * 1000) / 10.0;
                }
            }
            seeds.add(MatrixCsv.format(m).getBytes(StandardCharsets.UTF_8));
        }
        int values = 0;
        int errors = 0;
        long slowest = 0;
        int tried = 4000;
        for (int i = 0; i < tried; i++) {
            String input = new String(mutate(seeds.get(i % seeds.size()), CSV_BYTES, rnd), StandardCharsets.UTF_8);
            long t0 = System.nanoTime();
            try {
                double[][] m = MatrixCsv.parse(input, "fuzz.csv");
                for (double[] row : m) {
                    assertTrue(row.length == m[0].length, "rows of a parsed matrix have one length");
                }
                values++;
            } catch (IOException expected) {
                errors++;
            } catch (RuntimeException e) {
                fail("input " + i + " escaped with " + e + ":\n" + input, e);
            }
            slowest = Math.max(slowest, (System.nanoTime() - t0) / 1_000_000);
        }
        report("matrix CSV", new Tally(tried, values, errors, slowest));
    }

    @Test
    void cifarBatches(@TempDir Path dir) throws Exception {
        CifarImages sample = CifarReader.readBundledSample(org.convscope.core.task.CancelToken.NEVER,
                org.convscope.core.task.ProgressSink.NONE).test();
        int records = 6;
        byte[] seed = new byte[records * CifarImages.RECORD_BYTES];
        for (int r = 0; r < records; r++) {
            seed[r * CifarImages.RECORD_BYTES] = (byte) sample.label(r);
            // channels-first pixels as in the official files: any bytes will do for the fuzzing
            System.arraycopy(sample.pixelsHwc(), r * CifarImages.IMAGE_BYTES, seed, r * CifarImages.RECORD_BYTES + 1,
                    CifarImages.IMAGE_BYTES);
        }
        byte[] labelBytes = {0, 1, 9, 10, (byte) 200, (byte) 255};
        Random rnd = new Random(11);
        int values = 0;
        int errors = 0;
        long slowest = 0;
        int tried = 400;
        for (int i = 0; i < tried; i++) {
            byte[] data = mutate(seed, labelBytes, rnd);
            boolean gz = i % 3 == 0;
            Path file = dir.resolve("fuzz" + i + (gz ? ".bin.gz" : ".bin"));
            if (gz) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
                    out.write(data);
                }
                byte[] z = bytes.toByteArray();
                // also damage some of the gzip streams themselves
                Files.write(file, i % 2 == 0 ? mutate(z, labelBytes, rnd) : z);
            } else {
                Files.write(file, data);
            }
            long t0 = System.nanoTime();
            try {
                CifarImages read = CifarReader.readBatch(file);
                // the bytes read are data (plain, or gzipped intact) except where the gzip stream itself was damaged
                boolean damagedGzip = gz && i % 2 == 0;
                assertTrue(damagedGzip || read.size() * (long) CifarImages.RECORD_BYTES == data.length,
                        "a batch that loads holds whole records");
                values++;
            } catch (CifarFormatException | IOException expected) {
                errors++;
            } catch (RuntimeException e) {
                fail("input " + i + " escaped with " + e, e);
            }
            slowest = Math.max(slowest, (System.nanoTime() - t0) / 1_000_000);
            Files.delete(file);
        }
        report("CIFAR batches", new Tally(tried, values, errors, slowest));
    }

    private static void report(String what, Tally t) {
        System.out.printf("fuzz %s: %d inputs, %d parsed, %d refused with the parser's own error, 0 escaped;"
                + " slowest %d ms%n", what, t.tried(), t.values(), t.errors(), t.slowestMs());
        // The fuzzing is only worth its time if the mutations reach both outcomes: a parser that refused everything
        // (or accepted everything) would pass the loops above, so each outcome must be a real share of the inputs.
        assertTrue(t.values() >= t.tried() / 100, what + ": at least 1% of the mutated inputs still parse, got "
                + t.values() + " of " + t.tried());
        assertTrue(t.errors() >= t.tried() / 100, what + ": at least 1% of the mutated inputs are refused, got "
                + t.errors() + " of " + t.tried());
        assertTrue(t.slowestMs() < 2000, what + ": no input takes long (slowest " + t.slowestMs() + " ms)");
    }
}
