package org.convscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.convscope.core.image.Raster;
import org.convscope.core.train.AffineWarp;
import org.convscope.core.train.Augmentation;
import org.convscope.imaging.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code convscope augment} writes a reproducible grid; {@code train} and {@code bench train} take the same settings. */
class AugmentCommandTest {

    private static int run(StringWriter out, StringWriter err, String... args) {
        return ConvScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void gridHasTheComputedSizeAndTheSeedReproducesIt(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path a = dir.resolve("a.png");
        assertEquals(0, run(out, err, "augment", "--count", "9", "--seed", "3", "--out", a.toString()), err.toString());
        // 3 columns of 32x32 cells enlarged 4x (128 px), 4-px gaps: 3 * 128 + 2 * 4 = 392
        Raster grid = Images.read(a, Images.DEFAULT_MAX_PIXELS);
        assertEquals(392, grid.width());
        assertEquals(392, grid.height());
        assertEquals(3, grid.channels());
        assertTrue(out.toString().startsWith("augmentation: --rotation 40 --width-shift 0.2 --height-shift 0.2 --shear 0.2"
                + " --zoom 0.2 --flip h --fill nearest"), out.toString());
        Path b = dir.resolve("b.png");
        Path c = dir.resolve("c.png");
        assertEquals(0, run(new StringWriter(), err, "augment", "--count", "9", "--seed", "3", "--out", b.toString()));
        assertEquals(0, run(new StringWriter(), err, "augment", "--count", "9", "--seed", "4", "--out", c.toString()));
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "the same seed gives the same grid");
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)), "another seed another grid");
        // the gap between the first two cells is white
        assertEquals(255, grid.get(10, 129, 0));
        assertEquals(255, grid.get(10, 130, 2));
    }

    @Test
    void givenSettingsOnlyAndAnImageFile(@TempDir Path dir) throws Exception {
        // a 2x3 image, flipped top-bottom or not: every cell is one of the two, enlarged 10x
        Raster small = new Raster(2, 3, 1, new byte[] {10, 20, 30, 40, 50, 60});
        Path in = dir.resolve("in.png");
        Images.writePng(small, in);
        Path outFile = dir.resolve("grid.png");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, run(out, err, "augment", in.toString(), "--flip", "v", "--count", "8", "--columns", "4",
                "--scale", "10", "--out", outFile.toString()), err.toString());
        assertTrue(out.toString().startsWith("augmentation: --flip v --fill nearest"), out.toString());
        Raster grid = Images.read(outFile, Images.DEFAULT_MAX_PIXELS);
        assertEquals(4 * 30 + 3 * 4, grid.width());
        assertEquals(2 * 20 + 4, grid.height());
        int flipped = 0;
        for (int k = 0; k < 8; k++) {
            int x = (k % 4) * 34 + 5;
            int y = (k / 4) * 24 + 5;
            int topLeft = grid.get(y, x, 0);
            assertTrue(topLeft == 10 || topLeft == 40, "cell " + k + ": " + topLeft);
            assertEquals(topLeft == 10 ? 40 : 10, grid.get(y + 10, x, 0));
            flipped += topLeft == 40 ? 1 : 0;
        }
        assertTrue(flipped > 0 && flipped < 8, "some flipped, some not: " + flipped);
    }

    @Test
    void badSettingsExitWithTwoAndWriteNothing(@TempDir Path dir) {
        Path f = dir.resolve("x.png");
        for (String[] bad : new String[][] {{"--rotation", "500"}, {"--flip", "diagonal"}, {"--brightness", "1.2"},
                {"--fill", "wrap"}, {"--width-shift", "2.5"}, {"--count", "0"}, {dir.resolve("missing.png").toString()}}) {
            StringWriter err = new StringWriter();
            String[] args = new String[bad.length + 3];
            args[0] = "augment";
            System.arraycopy(bad, 0, args, 1, bad.length);
            args[bad.length + 1] = "--out";
            args[bad.length + 2] = f.toString();
            assertEquals(2, run(new StringWriter(), err, args), String.join(" ", bad));
            assertTrue(err.toString().startsWith("Error: "), err.toString());
            assertFalse(err.toString().contains("Exception"), err.toString());
        }
        assertFalse(Files.exists(f));
    }

    private static Augmentation trainAugmentation(String... args) {
        TrainCommand t = new TrainCommand();
        new CommandLine(t).parseArgs(args);
        return TrainCommand.augmentation(t.augment, t.augmentSettings);
    }

    @Test
    void trainTakesTheSameSettingsAndAugmentAloneStaysFlipAndShift4() {
        assertEquals(Augmentation.FLIP_AND_SHIFT_4, trainAugmentation("--augment"));
        assertEquals(Augmentation.NONE, trainAugmentation());
        assertEquals(Augmentation.KERAS_TUTORIAL, trainAugmentation("--augment", "--rotation", "40", "--width-shift", "0.2",
                "--height-shift", "0.2", "--shear", "0.2", "--zoom", "0.2", "--flip", "h", "--fill", "nearest"));
        assertEquals(new Augmentation(0, 4, 0, false, true, 0, 0, 0.8, 1.2, AffineWarp.Fill.REFLECT),
                trainAugmentation("--height-shift", "4", "--flip", "v", "--brightness", "0.8,1.2", "--fill", "reflect"));
    }

    @Test
    void trainingWithSettingsSaysWhichAndRuns() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, run(out, err, "train", "--preset", "seed003-small", "--epochs", "1", "--limit", "128",
                "--rotation", "15", "--zoom", "0.1", "--flip", "h"), err.toString());
        assertTrue(out.toString().contains("augmentation: --rotation 15 --zoom 0.1 --flip h --fill nearest"), out.toString());
        assertTrue(out.toString().contains("epoch 1/1 loss="), out.toString());
    }
}
