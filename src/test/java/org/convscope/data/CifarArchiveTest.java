package org.convscope.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official archive's layout, built from the bundled sample: unpack safely, then read. */
class CifarArchiveTest {

    private static byte[] sample(String name) throws IOException {
        try (InputStream in = new GZIPInputStream(CifarArchiveTest.class.getResourceAsStream("/cifar10-sample/" + name))) {
            return in.readAllBytes();
        }
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    @Test
    void unpacksTheOfficialLayoutAndReadsIt(@TempDir Path dir) throws Exception {
        byte[] train = sample("data_batch_sample.bin.gz");
        byte[] test = sample("test_batch_sample.bin.gz");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] meta = CifarArchiveTest.class.getResourceAsStream("/cifar10-sample/batches.meta.txt").readAllBytes();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            put(tar, "cifar-10-batches-bin/batches.meta.txt", meta);
            for (int i = 1; i <= 5; i++) {
                put(tar, "cifar-10-batches-bin/data_batch_" + i + ".bin", train);
            }
            put(tar, "cifar-10-batches-bin/test_batch.bin", test);
        }
        Path archive = Files.write(dir.resolve("cifar-10-binary.tar.gz"), bytes.toByteArray());
        Path folder = CifarReader.unpackOfficialArchive(archive, dir.resolve("cache"), CancelToken.NEVER, ProgressSink.NONE);
        assertEquals(dir.resolve("cache/cifar-10-batches-bin"), folder);
        // The sample is not the official data: official names with other content fail the checksum...
        CifarFormatException wrong = assertThrows(CifarFormatException.class,
                () -> CifarReader.readTest(folder, CancelToken.NEVER, ProgressSink.NONE));
        assertTrue(wrong.getMessage().toLowerCase().contains("sha-256") || wrong.getMessage().toLowerCase().contains("checksum"),
                wrong.getMessage());
        // ...and read fine when checksums are not required.
        var splits = CifarReader.readAll(folder, false, CancelToken.NEVER, ProgressSink.NONE);
        assertEquals(5 * 2000, splits.train().size());
        assertEquals(500, splits.test().size());
        assertEquals("airplane", splits.train().classNames().get(0));
        // Unpacking again reuses the folder.
        assertEquals(folder, CifarReader.unpackOfficialArchive(archive, dir.resolve("cache"), CancelToken.NEVER, ProgressSink.NONE));
    }

    @Test
    void anArchiveWithoutTheBatchesFolderIsExplained(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            put(tar, "cifar-10-batches-py/data_batch_1", new byte[10]);
        }
        Path archive = Files.write(dir.resolve("cifar-10-python.tar.gz"), bytes.toByteArray());
        IOException e = assertThrows(IOException.class,
                () -> CifarReader.unpackOfficialArchive(archive, dir.resolve("cache"), CancelToken.NEVER, ProgressSink.NONE));
        assertTrue(e.getMessage().contains("has no cifar-10-batches-bin/ folder"), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("cache/cifar-10-batches-bin")));
    }
}
