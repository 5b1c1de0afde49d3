package org.convscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.convscope.core.image.Raster;
import org.convscope.imaging.Images;
import org.convscope.io.MatrixCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The featuremaps and filters commands with the real engine, on the seed's own layout. */
class FeatureMapsCommandTest {

    private static int run(StringWriter err, String... args) {
        return ConvScopeCli.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
    }

    @Test
    void seedLayoutSixtyFourMapsOf222(@TempDir Path dir) throws Exception {
        // Seed 000: Conv2D(64, (3, 3)) on a 224x224 grayscale image -> 64 maps of 222 x 222, plotted 8 x 8.
        Path png = dir.resolve("grid.png");
        Path csv = dir.resolve("map7.csv");
        StringWriter err = new StringWriter();
        int code = run(err, "featuremaps", "--preset", "seed-conv-gray", "-i", "resources/samples/camera.png",
                "-l", "conv2d", "-o", png.toString(), "--values", csv.toString(), "--map", "7");
        assertEquals(0, code, err.toString());
        assertTrue(err.toString().contains("64 maps of 222x222"), err.toString());
        Raster sheet = Images.read(png, Images.DEFAULT_MAX_PIXELS);
        // 8 columns of 222 px tiles with 6 px gaps; 8 rows of tile + 18 px label + 6 px gap, under a 28 px title.
        assertEquals(8 * (222 + 6) + 6, sheet.width());
        assertEquals(28 + 8 * (222 + 18 + 6) + 6, sheet.height());
        double[][] values = MatrixCsv.read(csv);
        assertEquals(222, values.length);
        assertEquals(222, values[0].length);
    }

    @Test
    void filtersPageAndErrors(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "filters", "--preset", "tf-cifar-cnn", "-l", "3", "--channel", "32",
                "-o", dir.resolve("f.png").toString()), err.toString());
        assertTrue(err.toString().contains("64 filters of 3x3x32"), err.toString());
        StringWriter e2 = new StringWriter();
        assertEquals(2, run(e2, "filters", "--preset", "tf-cifar-cnn", "-l", "max_pooling2d", "-o", dir.resolve("x.png").toString()));
        assertTrue(e2.toString().contains("only Conv2D and DepthwiseConv2D layers have filters"), e2.toString());
        StringWriter e3 = new StringWriter();
        assertEquals(2, run(e3, "featuremaps", "--preset", "tf-cifar-cnn", "-i", "resources/samples/chelsea.png",
                "-l", "dense", "-o", dir.resolve("y.png").toString()));
        assertTrue(e3.toString().contains("outputs a vector"), e3.toString());
        StringWriter e4 = new StringWriter();
        assertEquals(2, run(e4, "featuremaps", "--preset", "tf-cifar-cnn", "-i", "resources/samples/chelsea.png",
                "-l", "conv9", "-o", dir.resolve("z.png").toString()));
        assertTrue(e4.toString().contains("no layer named \"conv9\"; layers: conv2d, max_pooling2d"), e4.toString());
        assertTrue(!Files.exists(dir.resolve("z.png")));
    }

    @Test
    void savedTrainedModelsWeightsAreUsed(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("small.convscope.zip");
        StringWriter err = new StringWriter();
        assertEquals(0, ConvScopeCli.run(new String[] {"train", "--preset", "seed003-small", "--epochs", "1", "--limit", "256",
                "--lr", "0.01", "--save", zip.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err)), err.toString());
        Path trained = dir.resolve("trained.csv");
        Path untrained = dir.resolve("untrained.csv");
        StringWriter e1 = new StringWriter();
        assertEquals(0, run(e1, "featuremaps", zip.toString(), "-i", "resources/samples/chelsea.png", "-l", "1",
                "-o", dir.resolve("t.png").toString(), "--values", trained.toString()), e1.toString());
        StringWriter e2 = new StringWriter();
        assertEquals(0, run(e2, "featuremaps", "--preset", "seed003-small", "-i", "resources/samples/chelsea.png", "-l", "1",
                "-o", dir.resolve("u.png").toString(), "--values", untrained.toString()), e2.toString());
        double[][] t = MatrixCsv.read(trained);
        double[][] u = MatrixCsv.read(untrained);
        double diff = 0;
        for (int r = 0; r < t.length; r++) {
            for (int c = 0; c < t[0].length; c++) {
                diff = Math.max(diff, Math.abs(t[r][c] - u[r][c]));
            }
        }
        assertTrue(diff > 1e-3, "the trained weights change the first map (largest difference " + diff + ")");

        StringWriter e3 = new StringWriter();
        assertEquals(0, run(e3, "filters", zip.toString(), "-l", "1", "-o", dir.resolve("f.png").toString()), e3.toString());
        StringWriter e4 = new StringWriter();
        Path broken = dir.resolve("broken.convscope.zip");
        Files.write(broken, new byte[] {'P', 'K', 3, 4, 0});
        assertEquals(2, run(e4, "filters", broken.toString(), "-l", "1", "-o", dir.resolve("g.png").toString()));
        assertTrue(e4.toString().contains("cannot load the trained model"), e4.toString());
    }
}
