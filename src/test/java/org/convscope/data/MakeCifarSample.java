package org.convscope.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;

/**
 * Makes the CIFAR-10 sample bundled in {@code resources/cifar10-sample/} from the full dataset.
 *
 * <p>Takes the first 200 training images of each class (2,000 in all) and the first 50 test images of
 * each class (500), in the original order, and writes them in the official binary format, gzipped,
 * with {@code batches.meta.txt}, {@code SHA256SUMS} (of the decompressed files) and a README. The
 * output is byte-for-byte reproducible. Run from the repository root after {@code mvn test-compile}:
 *
 * <pre>
 * java -cp target/classes:target/test-classes org.convscope.data.MakeCifarSample \
 *     ../shared/datasets/cifar-10 resources/cifar10-sample
 * </pre>
 */
public final class MakeCifarSample {

    /** Training images kept per class. */
    static final int TRAIN_PER_CLASS = 200;
    /** Test images kept per class. */
    static final int TEST_PER_CLASS = 50;

    private MakeCifarSample() {
    }

    /**
     * Writes the sample.
     *
     * @param args the dataset folder (holding {@code cifar-10-batches-bin/} and {@code README.md}) and the output folder
     */
    public static void main(String[] args) throws Exception {
        Path dataset = Path.of(args.length > 0 ? args[0] : "../shared/datasets/cifar-10");
        Path out = Path.of(args.length > 1 ? args[1] : "resources/cifar10-sample");
        CifarImages train = CifarReader.readTrain(dataset, CancelToken.NEVER, ProgressSink.NONE).balancedHead(TRAIN_PER_CLASS);
        CifarImages test = CifarReader.readTest(dataset, CancelToken.NEVER, ProgressSink.NONE).balancedHead(TEST_PER_CLASS);
        Files.createDirectories(out);
        byte[] trainBin = train.toRecordBytes();
        byte[] testBin = test.toRecordBytes();
        Files.write(out.resolve("data_batch_sample.bin.gz"), gzip(trainBin));
        Files.write(out.resolve("test_batch_sample.bin.gz"), gzip(testBin));
        Files.writeString(out.resolve("batches.meta.txt"), String.join("\n", train.classNames()) + "\n");
        String sums = sha256(trainBin) + "  data_batch_sample.bin\n" + sha256(testBin) + "  test_batch_sample.bin\n";
        Files.writeString(out.resolve("SHA256SUMS"), sums);
        Files.writeString(out.resolve("README.md"), readme(dataset, sums), StandardCharsets.UTF_8);
        System.out.println("wrote " + train.size() + " training and " + test.size() + " test images to " + out);
    }

    private static String readme(Path dataset, String sums) throws IOException {
        String source = Files.readString(dataset.resolve("README.md"));
        int start = source.indexOf("CIFAR-10 by");
        int end = source.indexOf("\n\n", start);
        String citation = start >= 0 && end > start ? source.substring(start, end).trim() : "";
        return "# CIFAR-10 sample for offline classrooms\n\n"
                + citation + "\n\n"
                + "## What is here\n"
                + "- `data_batch_sample.bin.gz`: 2,000 training images, the first 200 of each class from"
                + " `data_batch_1` onwards, in the original order\n"
                + "- `test_batch_sample.bin.gz`: 500 test images, the first 50 of each class of `test_batch`,"
                + " in the original order\n"
                + "- `batches.meta.txt`: the class names in label order 0-9\n"
                + "- `SHA256SUMS`: SHA-256 of the decompressed `.bin` files; ConvScope checks them on load\n\n"
                + "Each `.bin` (after `gunzip`) is in the official CIFAR-10 binary format: records of 3,073 bytes,"
                + " 1 label byte (0-9) then 1,024 red, 1,024 green and 1,024 blue bytes (32x32, row-major).\n\n"
                + "## How it was made\n"
                + "By `src/test/java/org/convscope/data/MakeCifarSample.java` from the full binary dataset"
                + " (whose decompressed files match the official SHA-256 values):\n\n"
                + "    mvn test-compile\n"
                + "    java -cp target/classes:target/test-classes org.convscope.data.MakeCifarSample \\\n"
                + "        ../shared/datasets/cifar-10 resources/cifar10-sample\n\n"
                + "The output is reproducible byte for byte.\n\n"
                + "## SHA-256 of the decompressed files\n"
                + sums.lines().map(l -> "    " + l + "\n").reduce("", String::concat);
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
