package org.convscope.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;

/** Finds the real CIFAR-10 copy ({@code convscope.shared}/datasets/cifar-10) and loads it once per test run. */
final class RealCifar {

    private static CifarImages train;
    private static CifarImages test;

    private RealCifar() {
    }

    /** The dataset folder, whether or not it exists. */
    static Path folder() {
        return Path.of(System.getProperty("convscope.shared", "../shared"), "datasets", "cifar-10");
    }

    /** The batches folder. */
    static Path batches() {
        return folder().resolve(CifarReader.BATCHES_FOLDER);
    }

    static boolean present() {
        return Files.isRegularFile(batches().resolve("data_batch_1.bin.gz"));
    }

    /** Skips the calling test when the dataset is absent. */
    static void assumePresent() {
        assumeTrue(present(), "../shared/datasets/cifar-10 is absent: real CIFAR-10 tests skipped");
    }

    static synchronized CifarImages train() throws Exception {
        assumePresent();
        if (train == null) {
            train = CifarReader.readTrain(folder(), CancelToken.NEVER, ProgressSink.NONE);
        }
        return train;
    }

    static synchronized CifarImages test() throws Exception {
        assumePresent();
        if (test == null) {
            test = CifarReader.readTest(folder(), CancelToken.NEVER, ProgressSink.NONE);
        }
        return test;
    }

    /** The decompressed bytes of the first {@code records} records of a real batch ({@code -1}: all). */
    static byte[] rawBytes(String batch, int records) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(batches().resolve(batch + ".bin.gz")), 1 << 16)) {
            return records < 0 ? in.readAllBytes() : in.readNBytes(records * CifarImages.RECORD_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
