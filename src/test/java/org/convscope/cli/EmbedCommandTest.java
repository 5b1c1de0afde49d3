package org.convscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convscope.core.task.CancelToken;
import org.convscope.data.CifarImages;
import org.convscope.data.CifarReader;
import org.convscope.engine.dl4j.Dl4jEngine;
import org.convscope.imaging.ClassPalette;
import org.convscope.imaging.Images;
import org.convscope.io.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convscope embed}: the PNG and CSV it writes for a saved model on the bundled sample, and its errors. */
class EmbedCommandTest {

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ConvScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void pcaWritesThePlotAndOnePointPerImage(@TempDir Path dir) throws Exception {
        Dl4jEngine engine = new Dl4jEngine();
        Path model = dir.resolve("m.convscope.zip");
        engine.save(engine.compile(Presets.find("tf-cifar-cnn").orElseThrow(), 3), model);
        Path png = dir.resolve("plot.png");
        Path csv = dir.resolve("points.csv");
        Result r = run("embed", "-m", model.toString(), "--count", "120", "--method", "pca", "--out", png.toString(),
                "--csv", csv.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("PCA of 120 images' 64-value last hidden layer"), r.out());

        List<String> lines = Files.readAllLines(csv);
        assertEquals("index,x,y,true,predicted", lines.get(0));
        assertEquals(121, lines.size());
        CifarImages test = CifarReader.readBundledSample(CancelToken.NEVER, org.convscope.core.task.ProgressSink.NONE).test();
        double sumX = 0;
        for (int i = 0; i < 120; i++) {
            String[] f = lines.get(i + 1).split(",");
            assertEquals(String.valueOf(i), f[0]);
            assertEquals(test.className(i), f[3], "true class of image " + i);
            assertTrue(test.classNames().contains(f[4]));
            sumX += Double.parseDouble(f[1]);
        }
        assertEquals(0, sumX / 120, 1e-4, "PCA coordinates are centred");

        var picture = Images.read(png, 10_000_000);
        assertEquals(720 + 2 * 24 + 220, picture.width());
        assertEquals(40 + 720 + 2 * 24, picture.height());
        // the legend's first marker (airplane, a circle) is drawn in class 0's colour at its centre
        int argb = ClassPalette.colour(0);
        int x = 24 + 720 + 24 + 12 + 8;
        int y = 40 + 24 + 14 - 6;
        assertEquals(argb >> 16 & 0xff, picture.get(y, x, 0), 2);
        assertEquals(argb >> 8 & 0xff, picture.get(y, x, 1), 2);
        assertEquals(argb & 0xff, picture.get(y, x, 2), 2);
    }

    @Test
    void badInputGetsAMessageAndExitCode2(@TempDir Path dir) throws Exception {
        Dl4jEngine engine = new Dl4jEngine();
        Path model = dir.resolve("m.convscope.zip");
        engine.save(engine.compile(Presets.find("tf-cifar-cnn").orElseThrow(), 3), model);
        Path png = dir.resolve("plot.png");
        Result method = run("embed", "-m", model.toString(), "--method", "umap", "--out", png.toString());
        assertEquals(2, method.code());
        assertEquals("Error: unknown method \"umap\": use pca or tsne\n", method.err());
        Result perplexity = run("embed", "-m", model.toString(), "--method", "tsne", "--count", "50", "--out",
                png.toString());
        assertEquals(2, perplexity.code());
        assertEquals("Error: t-SNE with perplexity 30 needs more than 90 points, got 50; lower the perplexity\n",
                perplexity.err());
        Result count = run("embed", "-m", model.toString(), "--method", "pca", "--count", "5000", "--out", png.toString());
        assertEquals("Error: the plot takes 2 to 2000 images, not 5000\n", count.err());
        Result missing = run("embed", "-m", dir.resolve("none.convscope.zip").toString(), "--method", "pca", "--out",
                png.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().startsWith("Error: "), missing.err());
        assertFalse(missing.err().contains("\tat "), "no stack trace");
        assertFalse(Files.exists(png), "nothing written after errors");
    }
}
