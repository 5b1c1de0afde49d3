package org.convscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.convscope.app.AppFolders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --data cifar-10-binary.tar.gz} unpacks into the app's home as AppFolders gives it, not always ~/.convscope. */
class DatasetCacheHomeTest {

    private static void put(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    @Test
    void theArchiveIsUnpackedIntoTheHomeGivenByTheProperty(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            byte[] oneImage = new byte[3073]; // label 0 and 32x32x3 black pixels: not the official batch
            put(tar, "cifar-10-batches-bin/data_batch_1.bin", oneImage);
            put(tar, "cifar-10-batches-bin/test_batch.bin", oneImage);
        }
        Path archive = Files.write(dir.resolve("cifar-10-binary.tar.gz"), bytes.toByteArray());
        Path home = dir.resolve("home");
        String before = System.getProperty(AppFolders.HOME_PROPERTY);
        System.setProperty(AppFolders.HOME_PROPERTY, home.toString());
        try {
            StringWriter err = new StringWriter();
            int code = ConvScopeCli.run(new String[] {"train", "-p", "tf-cifar-cnn", "--data", archive.toString()},
                    new PrintWriter(new StringWriter()), new PrintWriter(err));
            assertEquals(2, code, "a one-image batch under an official name fails its check: " + err);
            assertTrue(err.toString().startsWith("Error: " + archive + " cannot be read"), err.toString());
            assertTrue(Files.isRegularFile(home.resolve("datasets/cifar-10-batches-bin/test_batch.bin")),
                    "unpacked into <home>/datasets");
        } finally {
            if (before == null) {
                System.clearProperty(AppFolders.HOME_PROPERTY);
            } else {
                System.setProperty(AppFolders.HOME_PROPERTY, before);
            }
        }
    }
}
