package org.convscope.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convscope.core.image.Raster;
import org.convscope.core.model.InputSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.core.train.LabelledImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder with one subfolder of images per class, as the training data of fine-tuning. */
class ImageFolderTest {

    /** A uniform 4x6 image: every pixel (r, g, b). */
    private static void image(Path file, int r, int g, int b) throws IOException {
        byte[] px = new byte[4 * 6 * 3];
        for (int i = 0; i < 24; i++) {
            px[i * 3] = (byte) r;
            px[i * 3 + 1] = (byte) g;
            px[i * 3 + 2] = (byte) b;
        }
        Images.writePng(new Raster(4, 6, 3, px), file);
    }

    @Test
    void subfoldersAreClassesInNameOrderAndImagesAreFitted(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("dogs"));
        Files.createDirectories(dir.resolve("cats"));
        Files.createDirectories(dir.resolve("empty"));
        image(dir.resolve("dogs/a.png"), 255, 0, 0);
        image(dir.resolve("dogs/b.PNG"), 0, 255, 0);
        image(dir.resolve("cats/c.png"), 51, 102, 204);
        Files.writeString(dir.resolve("cats/notes.txt"), "skipped");
        assertTrue(ImageFolder.looksLikeClassFolders(dir));
        ImageFolder f = ImageFolder.read(dir, new InputSpec(2, 2, 3), CancelToken.NEVER, ProgressSink.NONE);
        assertEquals(List.of("cats", "dogs"), f.classNames(), "the empty folder is no class");
        assertEquals(3, f.size());
        assertEquals(2, f.height());
        assertEquals(List.of(0, 1, 1), List.of(f.label(0), f.label(1), f.label(2)));
        // uniform colours survive the centre crop and area resize exactly: 51/255 = 0.2, 102/255 = 0.4, 204/255 = 0.8
        float[] v = new float[12];
        f.copyImage(0, v, 0);
        assertEquals(0.2f, v[0], 1e-6f);
        assertEquals(0.4f, v[1], 1e-6f);
        assertEquals(0.8f, v[11], 1e-6f);
        // gray input: one channel, 0.299 R + 0.587 G + 0.114 B of pure red = 76/255 (OpenCV's rounding)
        ImageFolder gray = ImageFolder.read(dir, new InputSpec(2, 2, 1), CancelToken.NEVER, ProgressSink.NONE);
        assertEquals(76 / 255.0, gray.image(1).get(0, 0, 0), 1.5 / 255);
    }

    @Test
    void holdOutTakesFromEveryClass(@TempDir Path dir) throws Exception {
        for (String c : List.of("a", "b")) {
            Files.createDirectories(dir.resolve(c));
            for (int i = 0; i < (c.equals("a") ? 12 : 3); i++) {
                image(dir.resolve(c + "/" + i + ".png"), i * 10, 0, 0);
            }
        }
        LabelledImages[] split = ImageFolder.read(dir, new InputSpec(4, 6, 3), CancelToken.NEVER, ProgressSink.NONE)
                .holdOutEvery(10);
        // class a: its 10th image; class b (3 images, fewer than 10): its last
        assertEquals(13, split[0].size());
        assertEquals(2, split[1].size());
        assertEquals(List.of(0, 1), List.of(split[1].label(0), split[1].label(1)));
    }

    @Test
    void tooFewClassesAndBrokenImagesAreRefused(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("only"));
        image(dir.resolve("only/x.png"), 1, 2, 3);
        IOException e = assertThrows(IOException.class,
                () -> ImageFolder.read(dir, new InputSpec(2, 2, 3), CancelToken.NEVER, ProgressSink.NONE));
        assertTrue(e.getMessage().contains("only one subfolder (only)"), e.getMessage());
        Files.createDirectories(dir.resolve("other"));
        Files.writeString(dir.resolve("other/broken.jpg"), "not a JPEG");
        ImageLoadException bad = assertThrows(ImageLoadException.class,
                () -> ImageFolder.read(dir, new InputSpec(2, 2, 3), CancelToken.NEVER, ProgressSink.NONE));
        assertTrue(bad.getMessage().contains("broken.jpg"), bad.getMessage());
        assertFalse(ImageFolder.looksLikeClassFolders(dir.resolve("only/x.png")));
    }
}
