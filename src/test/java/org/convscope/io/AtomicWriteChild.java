package org.convscope.io;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A child process for {@link AtomicFilesKillTest}: saves two different 4 MB contents alternately to one
 * file, as fast as it can, until it is killed.
 */
public final class AtomicWriteChild {

    private AtomicWriteChild() {
    }

    /** Content number {@code k} (0 or 1): 4 MB of one repeated byte, so a mix is easy to see. */
    static byte[] content(int k) {
        byte[] b = new byte[4 * 1024 * 1024];
        Arrays.fill(b, (byte) (k == 0 ? 'A' : 'B'));
        return b;
    }

    /**
     * Writes until killed.
     *
     * @param args the target file, and a marker file created after the first save
     * @throws Exception never expected
     */
    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        byte[][] contents = {content(0), content(1)};
        for (long i = 0; ; i++) {
            AtomicFiles.write(target, contents[(int) (i % 2)]);
            if (i == 0) {
                java.nio.file.Files.createFile(Path.of(args[1])); // "I am saving now"
            }
        }
    }
}
