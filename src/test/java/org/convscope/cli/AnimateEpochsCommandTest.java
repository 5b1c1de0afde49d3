package org.convscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.convscope.app.Engines;
import org.convscope.app.LessonFiles;
import org.convscope.app.LessonState;
import org.convscope.app.Session;
import org.convscope.app.TrainedWeights;
import org.convscope.app.WeightsVersion;
import org.convscope.core.model.ModelSpec;
import org.convscope.engine.Engine;
import org.convscope.io.ModelJson;
import org.convscope.io.lesson.LessonTestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code convscope animate featuremaps|filters}: one frame per epoch of a run, from a lesson saved with its run or a
 * run trained now; the GIFs are read back with ImageIO. Frame sizes are worked out from the layout (a 6-pixel gap,
 * a 58-pixel header with the "epoch k of N" line, a 16-pixel label under each tile, at least 420 wide).
 */
class AnimateEpochsCommandTest {

    private record Result(int code, String out, String err) {
    }

    /** One GIF frame as stored: where it lies, its size, and whether any pixel in it is drawn (not transparent). */
    private record Frame(int left, int top, int width, int height, boolean drawn) {
    }

    @TempDir
    Path dir;

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ConvScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private static ModelSpec tiny() throws Exception {
        return ModelJson.parse("{\"format\": \"convscope-model\", \"version\": 1, \"name\": \"tiny\","
                + " \"input\": {\"height\": 8, \"width\": 8, \"channels\": 1}, \"layers\": ["
                + "{\"type\": \"Conv2D\", \"filters\": 2, \"kernel_size\": 3, \"activation\": \"relu\"},"
                + "{\"type\": \"Flatten\"}, {\"type\": \"Dense\", \"units\": 3, \"activation\": \"softmax\"}]}");
    }

    /** A lesson holding a run of {@code epochs} checkpoints of {@link #tiny()}, each from its own seed. */
    private Path lessonWithRun(int epochs) throws Exception {
        Engine engine = Engines.create();
        ModelSpec spec = tiny();
        Session s = new Session();
        s.opened(spec, null);
        List<TrainedWeights.Checkpoint> cps = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            cps.add(new TrainedWeights.Checkpoint(e, engine.compile(spec, e), WeightsVersion.trained(1, e), "epoch " + e));
        }
        s.setTrained(new TrainedWeights(engine.compile(spec, 99), WeightsVersion.trained(1, epochs), "trained", cps));
        Path file = dir.resolve("run.convscope-lesson");
        LessonFiles.save(file, LessonState.capture(s, LessonTestData.full(), Map.of("images/stepper-cat.png",
                Files.readAllBytes(Path.of("../shared/samples/camera.png")))), engine);
        return file;
    }

    private static List<Frame> frames(Path gif) throws Exception {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in, false);
            List<Frame> frames = new ArrayList<>();
            for (int i = 0; i < reader.getNumImages(true); i++) {
                IIOMetadataNode meta = (IIOMetadataNode) reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
                IIOMetadataNode d = (IIOMetadataNode) meta.getElementsByTagName("ImageDescriptor").item(0);
                BufferedImage img = reader.read(i);
                boolean drawn = false;
                for (int y = 0; y < img.getHeight() && !drawn; y++) {
                    for (int x = 0; x < img.getWidth() && !drawn; x++) {
                        drawn = (img.getRGB(x, y) >>> 24) != 0;
                    }
                }
                frames.add(new Frame(Integer.parseInt(d.getAttribute("imageLeftPosition")),
                        Integer.parseInt(d.getAttribute("imageTopPosition")), Integer.parseInt(d.getAttribute("imageWidth")),
                        Integer.parseInt(d.getAttribute("imageHeight")), drawn));
            }
            return frames;
        } finally {
            reader.dispose();
        }
    }

    /** Every frame after the first changed something, and the change reaches up into the "epoch k of N" line. */
    private static void assertEveryEpochDiffers(List<Frame> f, int scale) {
        for (int i = 1; i < f.size(); i++) {
            assertTrue(f.get(i).drawn() && f.get(i).width() * f.get(i).height() > 1, "frame " + (i + 1) + " = frame " + i);
            assertTrue(f.get(i).top() < 44 * scale, "frame " + (i + 1) + " changed from y=" + f.get(i).top()
                    + " only: its epoch line is the previous one's");
        }
    }

    @Test
    void filtersOfALessonsRunMakeOneFramePerCheckpoint() throws Exception {
        Path lesson = lessonWithRun(3);
        Path out = dir.resolve("filters.gif");
        Result r = run("animate", "filters", lesson.toString(), "-l", "1", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("Wrote " + out + " (3 frames of 500 ms at 1x, looping"), r.err());
        List<Frame> f = frames(out);
        assertEquals(3, f.size());
        // 2 filters of 3x3, 16 pixels a weight: tiles 48x48 in one row; the 420-pixel minimum width
        assertEquals(new Frame(0, 0, 420, 58 + 48 + 16 + 6 + 6, true), f.get(0));
        assertEveryEpochDiffers(f, 1);
        System.out.println("animate filters, tiny model, 3 epochs: " + Files.size(out) + " bytes");
    }

    @Test
    void featureMapsOfALessonsRunAt2xAndOneFrameAsPng() throws Exception {
        Path lesson = lessonWithRun(2);
        Path out = dir.resolve("maps.gif");
        Result r = run("animate", "featuremaps", "-m", lesson.toString(), "-i", "../shared/samples/camera.png", "-l", "1",
                "-o", out.toString(), "--scale", "2", "--frame-ms", "900");
        assertEquals(0, r.code(), r.err());
        List<Frame> f = frames(out);
        assertEquals(2, f.size());
        // 2 maps of 6x6 (8x8 input, 3x3 kernel, valid), 16 pixels a value: 96x96 tiles, then everything doubled
        assertEquals(new Frame(0, 0, 2 * 420, 2 * (58 + 96 + 16 + 6 + 6), true), f.get(0));
        assertEveryEpochDiffers(f, 2);

        Path png = dir.resolve("epoch1.png");
        Result one = run("animate", "featuremaps", lesson.toString(), "-i", "../shared/samples/camera.png", "-l", "1",
                "-o", png.toString(), "--frame", "1");
        assertEquals(0, one.code(), one.err());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(420, img.getWidth());
        assertEquals(58 + 96 + 16 + 6 + 6, img.getHeight());
    }

    @Test
    void aRunTrainedNowOnTheBundledSample() throws Exception {
        Path out = dir.resolve("cifar-filters.gif");
        Result r = run("animate", "filters", "-p", "tf-cifar-cnn", "--epochs", "2", "--limit", "256", "-l", "conv2d",
                "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("epoch 2 of 2, validation accuracy"), r.out());
        List<Frame> f = frames(out);
        assertEquals(2, f.size());
        // 32 filters of 3x3 (RGB input, channel 1 shown), 16 pixels a weight: 48x48 tiles, 16 a row, 2 rows
        assertEquals(new Frame(0, 0, 16 * (48 + 6) + 6, 58 + 2 * (48 + 16 + 6) + 6, true), f.get(0));
        assertEveryEpochDiffers(f, 1);
    }

    @Test
    void withoutARunItSaysHowToGetOne() throws Exception {
        Result preset = run("animate", "filters", "-p", "tf-cifar-cnn", "-l", "1", "-o", dir.resolve("x.gif").toString());
        assertEquals(2, preset.code());
        assertTrue(preset.err().contains("train now with --epochs N"), preset.err());
        assertFalse(preset.err().contains("Exception"), preset.err());

        Path lesson = lessonWithRun(2);
        Result dense = run("animate", "filters", lesson.toString(), "-l", "3", "-o", dir.resolve("y.gif").toString());
        assertEquals(2, dense.code());
        assertTrue(dense.err().contains("layer 3 is a Dense; only Conv2D layers have filters"), dense.err());
        Result flat = run("animate", "featuremaps", lesson.toString(), "-i", "../shared/samples/camera.png", "-l", "2",
                "-o", dir.resolve("z.gif").toString());
        assertEquals(2, flat.code());
        assertTrue(flat.err().contains("outputs a vector, not maps"), flat.err());
        assertFalse(Files.exists(dir.resolve("z.gif")));
    }

    /**
     * {@code --channel} picks the input channel of the filters drawn: the bundled CIFAR-10 lesson's first layer at
     * epoch 1, channel 3 (blue), shows each weight of a filter as a 16-pixel square whose grey is that weight scaled
     * by the filter's own minimum and maximum for that channel (tile k at x = 6 + 54k, y = 58); a fourth channel of
     * an RGB filter is refused with the range.
     */
    @Test
    void theChannelOptionDrawsThatInputChannel() throws Exception {
        Path lesson = org.convscope.app.BundledLessons.extract("cifar-first-layer");
        Path png = dir.resolve("blue.png");
        Result r = run("animate", "filters", lesson.toString(), "-l", "1", "--channel", "3", "--frame", "1",
                "-o", png.toString());
        assertEquals(0, r.code(), r.err());
        BufferedImage img = ImageIO.read(png.toFile());
        var filters = LessonFiles.open(lesson, Engines::create).checkpoints().get(0).model().filters(1);
        for (int f = 0; f < 2; f++) {
            double[][] w = filters[f].channel(2);
            double min = java.util.Arrays.stream(w).flatMapToDouble(java.util.Arrays::stream).min().orElseThrow();
            double max = java.util.Arrays.stream(w).flatMapToDouble(java.util.Arrays::stream).max().orElseThrow();
            for (int row = 0; row < 3; row++) {
                for (int col = 0; col < 3; col++) {
                    int grey = img.getRGB(6 + 54 * f + 16 * col + 8, 58 + 16 * row + 8) & 0xFF;
                    assertEquals(255 * (w[row][col] - min) / (max - min), grey, 1.0,
                            "filter " + (f + 1) + ", blue, row " + row + ", column " + col);
                }
            }
        }
        Result fourth = run("animate", "filters", lesson.toString(), "-l", "1", "--channel", "4",
                "-o", dir.resolve("x.gif").toString());
        assertEquals(2, fourth.code());
        assertTrue(fourth.err().contains("the input channel must be 1 to 3, got 4"), fourth.err());
    }
}
