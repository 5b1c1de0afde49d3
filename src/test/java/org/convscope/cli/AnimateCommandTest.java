package org.convscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convscope animate}: the GIFs as a teacher's script makes them, read back with ImageIO. */
class AnimateCommandTest {

    private record Result(int code, String out, String err) {
    }

    @TempDir
    Path dir;

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ConvScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private Path seed() throws Exception {
        Path m = dir.resolve("m.csv");
        Files.writeString(m, "3,0,1,2,7\n1,5,8,9,3\n2,7,2,5,1\n0,1,3,1,7\n4,2,1,6,2\n");
        return m;
    }

    /** {frames, delay of frame 1 in centiseconds, loop count or -1, width, height}. */
    private static int[] gif(Path file) throws Exception {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            reader.setInput(in, false);
            int n = reader.getNumImages(true);
            IIOMetadataNode meta = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
            int delay = Integer.parseInt(((IIOMetadataNode) meta.getElementsByTagName("GraphicControlExtension").item(0))
                    .getAttribute("delayTime"));
            int loops = -1;
            var apps = meta.getElementsByTagName("ApplicationExtension");
            for (int i = 0; i < apps.getLength(); i++) {
                IIOMetadataNode app = (IIOMetadataNode) apps.item(i);
                if (app.getAttribute("applicationID").equals("NETSCAPE") && app.getAttribute("authenticationCode").equals("2.0")) {
                    byte[] d = (byte[]) app.getUserObject();
                    loops = (d[1] & 0xff) | (d[2] & 0xff) << 8;
                }
            }
            return new int[] {n, delay, loops, reader.getWidth(0), reader.getHeight(0)};
        } finally {
            reader.dispose();
        }
    }

    @Test
    void convolveMakesOneFramePerStepLoopingWithTheAskedDelay() throws Exception {
        Path out = dir.resolve("conv.gif");
        Result r = run("animate", "convolve", "-i", seed().toString(), "-k", "vertical-edge", "-o", out.toString(),
                "--frame-ms", "700");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("-> output 3x3"), r.err());
        assertTrue(r.err().contains("Wrote " + out + " (9 frames of 700 ms at 1x, looping"), r.err());
        int[] g = gif(out);
        assertEquals(9, g[0]);
        assertEquals(70, g[1]);
        assertEquals(0, g[2]);
        long size = Files.size(out);
        System.out.println("animate convolve, 5x5 seed, defaults but --frame-ms: " + size + " bytes");
        assertTrue(size < 5_000_000);
        Path twice = dir.resolve("conv2.gif");
        assertEquals(0, run("animate", "convolve", "-i", seed().toString(), "-k", "vertical-edge", "-o",
                twice.toString(), "--scale", "2").code());
        int[] g2 = gif(twice);
        assertEquals(2 * g[3], g2[3]);
        assertEquals(2 * g[4], g2[4]);
        assertEquals(50, g2[1], "the default frame time is 500 ms");
    }

    @Test
    void strideAndPaddingComeFromConvolvesOptions() throws Exception {
        Path out = dir.resolve("s.gif");
        // 5x5, 3x3, stride 2, padding 1: floor((5 + 2 - 3)/2) + 1 = 3 -> 9 steps; padding same, stride 1: 25
        assertEquals(0, run("animate", "convolve", "-i", seed().toString(), "-k", "sharpen", "--stride", "2",
                "--padding", "1", "-o", out.toString()).code());
        assertEquals(9, gif(out)[0]);
        assertEquals(0, run("animate", "convolve", "-i", seed().toString(), "-k", "sharpen", "--padding", "same",
                "-o", out.toString()).code());
        assertEquals(25, gif(out)[0]);
    }

    @Test
    void poolTakesPoolsOptionsAndStridesDefaultToThePoolSize() throws Exception {
        Path out = dir.resolve("p.gif");
        // 5x5, 2x2 max, strides 2 (the pool size): floor((5 - 2)/2) + 1 = 2 -> 4 steps; --stride 1: 16
        Result r = run("animate", "pool", "-i", seed().toString(), "-m", "max", "-k", "2", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(4, gif(out)[0]);
        assertEquals(0, run("animate", "pool", "-i", seed().toString(), "-k", "2", "--stride", "1", "-o", out.toString()).code());
        assertEquals(16, gif(out)[0]);
    }

    @Test
    void aPngFigureOfOneFrameAt3x() throws Exception {
        Path gifOut = dir.resolve("c.gif");
        run("animate", "convolve", "-i", seed().toString(), "-k", "vertical-edge", "-o", gifOut.toString());
        int[] g = gif(gifOut);
        Path png = dir.resolve("step5.png");
        Result r = run("animate", "convolve", "-i", seed().toString(), "-k", "vertical-edge", "-o", png.toString(),
                "--frame", "5", "--scale", "3");
        assertEquals(0, r.code(), r.err());
        var img = ImageIO.read(png.toFile());
        assertEquals(3 * g[3], img.getWidth());
        assertEquals(3 * g[4], img.getHeight());
        Result bad = run("animate", "convolve", "-i", seed().toString(), "-k", "vertical-edge", "-o", png.toString(),
                "--frame", "10");
        assertEquals(ConvScopeCli.EXIT_BAD_INPUT, bad.code());
        assertTrue(bad.err().contains("--frame must be 1 to 9, got 10"), bad.err());
    }

    @Test
    void badInputIsExplainedWithoutAStackTrace() throws Exception {
        Result noOut = run("animate", "convolve", "-i", seed().toString(), "-k", "vertical-edge");
        assertEquals(ConvScopeCli.EXIT_BAD_INPUT, noOut.code());
        assertTrue(noOut.err().contains("give -o OUT.gif"), noOut.err());
        Result preset = run("animate", "convolve", "-i", seed().toString(), "-k", "vertical", "-o", "x.gif");
        assertTrue(preset.err().contains("no kernel preset \"vertical\"; presets: identity, vertical-edge"), preset.err());
        Result fast = run("animate", "pool", "-i", seed().toString(), "-o", dir.resolve("f.gif").toString(),
                "--frame-ms", "10");
        assertTrue(fast.err().contains("--frame-ms must be at least 20"), fast.err());
        Result scale = run("animate", "pool", "-i", seed().toString(), "-o", dir.resolve("f.gif").toString(),
                "--scale", "4");
        assertTrue(scale.err().contains("the scale must be 1, 2 or 3, got 4"), scale.err());
        Path big = dir.resolve("big.csv");
        StringBuilder csv = new StringBuilder();
        for (int r = 0; r < 53; r++) {
            csv.append("1,".repeat(52)).append("1\n");
        }
        Files.writeString(big, csv.toString());
        Result many = run("animate", "convolve", "-i", big.toString(), "-k", "identity", "-o", dir.resolve("f.gif").toString());
        // 53x53 with a 3x3 kernel: 51 * 51 = 2601 steps
        assertTrue(many.err().contains("2601 steps would make as many frames; at most 2500"), many.err());
        for (Result r : new Result[] {preset, fast, scale, many}) {
            assertEquals(ConvScopeCli.EXIT_BAD_INPUT, r.code());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        assertFalse(Files.exists(dir.resolve("f.gif")));
    }

    @Test
    void a32x32PhotoSweepAtDefaultSettingsStaysUnder5Mb() throws Exception {
        Path photo = Path.of(System.getProperty("convscope.shared", "../shared"), "samples", "camera.png");
        Assumptions.assumeTrue(Files.exists(photo), "skipped: " + photo + " is not here");
        Path out = dir.resolve("camera.gif");
        Result r = run("animate", "convolve", "-i", photo.toString(), "--size", "32", "-k", "sobel-vertical", "-o",
                out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(900, gif(out)[0]); // 32x32, 3x3, valid: 30x30 steps
        long size = Files.size(out);
        System.out.println("animate convolve camera.png --size 32 -k sobel-vertical (defaults): " + size + " bytes");
        assertTrue(size < 5_000_000, size + " bytes");
        Path pool = dir.resolve("camera-pool.gif");
        assertEquals(0, run("animate", "pool", "-i", photo.toString(), "--size", "32", "-o", pool.toString()).code());
        assertEquals(256, gif(pool)[0]); // 2x2, stride 2: 16x16 steps
        System.out.println("animate pool camera.png --size 32 (defaults): " + Files.size(pool) + " bytes");
        assertTrue(Files.size(pool) < 5_000_000);
    }

    @Test
    void curvesFromAHistoryCsv() throws Exception {
        Path csv = dir.resolve("history.csv");
        Files.writeString(csv, "epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds\n"
                + "1,2.0,0.25,1.8,0.3,1.0\n2,1.2,0.55,1.3,0.5,1.0\nbatch,index,loss\nbatch,1,2.3\n");
        Path out = dir.resolve("curves.gif");
        Result r = run("animate", "curves", "-i", csv.toString(), "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(2, gif(out)[0]);
        Result missing = run("animate", "curves", "-i", dir.resolve("none.csv").toString(), "-o", out.toString());
        assertEquals(ConvScopeCli.EXIT_BAD_INPUT, missing.code());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }
}
