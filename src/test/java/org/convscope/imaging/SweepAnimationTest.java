package org.convscope.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.convscope.core.conv.ConvSettings;
import org.convscope.core.conv.ConvTrace;
import org.convscope.core.conv.Convolution;
import org.convscope.core.conv.KernelPresets;
import org.convscope.core.conv.PoolSettings;
import org.convscope.core.conv.PoolTrace;
import org.convscope.core.conv.Pooling;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The convolution and pooling sweeps as GIFs, read back with ImageIO's own reader ({@link GifFrames}). */
class SweepAnimationTest {

    /** The seed tutorial's 5x5 input (vertical-edge kernel: output 3x3, 9 steps). */
    static final double[][] SEED = {
        {3, 0, 1, 2, 7}, {1, 5, 8, 9, 3}, {2, 7, 2, 5, 1}, {0, 1, 3, 1, 7}, {4, 2, 1, 6, 2}};

    @TempDir
    Path dir;

    static ConvTrace seedConvolution() {
        return Convolution.run(Volume.of(SEED), Volume.of(KernelPresets.get("vertical-edge").orElseThrow()),
                ConvSettings.DEFAULT);
    }

    @Test
    void convolutionSweepOfA5x5Has9FramesLoopsForeverWithTheAskedDelay() throws Exception {
        Path gif = dir.resolve("conv.gif");
        long size = AnimatedGif.write(SweepFrames.of(seedConvolution()), 1, 700, gif);
        GifFrames f = GifFrames.read(gif);
        assertEquals(9, f.shown.size());
        assertEquals(0, f.loops, "NETSCAPE2.0 loop count 0 = forever");
        for (int i = 0; i < 9; i++) {
            assertEquals(70, f.delaysCs.get(i), "700 ms = 70 centiseconds, frame " + i);
            assertEquals("doNotDispose", f.disposals.get(i));
        }
        assertEquals(Files.size(gif), size);
        assertTrue(size < 5_000_000, "5x5 sweep: " + size + " bytes");
        System.out.println("5x5 convolution sweep, 9 frames: " + size + " bytes");
    }

    @Test
    void theWindowIsHighlightedWhereTheStepPutsIt() throws Exception {
        SweepFrames frames = SweepFrames.of(seedConvolution());
        Path gif = dir.resolve("conv.gif");
        AnimatedGif.write(frames, 1, 500, gif);
        GifFrames f = GifFrames.read(gif);
        // step 5 (index 4) is output [1,1]: the window covers input rows 1-3, columns 1-3
        BufferedImage shown = f.shown.get(4);
        int fill = SweepFrames.WINDOW_FILL.getRGB() & 0xffffff;
        int edge = SweepFrames.WINDOW_EDGE.getRGB() & 0xffffff;
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 5; c++) {
                boolean in = r >= 1 && r <= 3 && c >= 1 && c <= 3;
                Rectangle cell = frames.inputCell(r, c);
                int corner = shown.getRGB(cell.x + 6, cell.y + 6) & 0xffffff; // inside the cell, clear of text
                assertEquals(in ? fill : 0xffffff, corner, "cell (" + r + "," + c + ") in frame 5");
            }
        }
        Rectangle topLeft = frames.inputCell(1, 1);
        assertEquals(edge, shown.getRGB(topLeft.x + 1, topLeft.y + 1) & 0xffffff, "window outline");
        // the first frame's window sits at the top left instead
        Rectangle c00 = frames.inputCell(0, 0);
        assertEquals(fill, f.shown.get(0).getRGB(c00.x + 6, c00.y + 6) & 0xffffff);
        assertEquals(0xffffff, shown.getRGB(c00.x + 6, c00.y + 6) & 0xffffff);
        // the current output cell [1,1] is highlighted, [2,2] not yet filled
        Rectangle out11 = frames.outputCell(1, 1);
        assertEquals(fill, shown.getRGB(out11.x + 6, out11.y + 6) & 0xffffff);
        Rectangle out22 = frames.outputCell(2, 2);
        assertEquals(0xffffff, shown.getRGB(out22.x + out22.width / 2, out22.y + out22.height / 2) & 0xffffff);
    }

    @Test
    void theWorkedSumIsWrittenAndChangesWithTheStep() throws Exception {
        SweepFrames frames = SweepFrames.of(seedConvolution());
        Path gif = dir.resolve("conv.gif");
        AnimatedGif.write(frames, 1, 500, gif);
        GifFrames f = GifFrames.read(gif);
        Rectangle band = frames.sumBand();
        int inked0 = inked(f.shown.get(0), band);
        assertTrue(inked0 > 200, "the sum line is drawn: " + inked0 + " dark pixels in its band");
        assertFalse(sameBand(f.shown.get(0), f.shown.get(1), band), "step 2 writes another sum");
        // and nothing is drawn below the band
        assertEquals(0, inked(f.shown.get(0), new Rectangle(0, band.y + band.height + 2, f.width,
                f.height - band.y - band.height - 2)));
    }

    @Test
    void maxPoolingCirclesTheWinner() throws Exception {
        double[][] m = {{1, 3, 2, 1}, {4, 2, 0, 1}, {3, 1, 5, 6}, {1, 2, 2, 0}};
        PoolTrace t = Pooling.run(m, PoolSettings.max(2));
        SweepFrames frames = SweepFrames.of(t);
        Path gif = dir.resolve("pool.gif");
        AnimatedGif.write(frames, 1, 400, gif);
        GifFrames f = GifFrames.read(gif);
        assertEquals(4, f.shown.size());
        // step 1: window rows 0-1, cols 0-1; the winner 4 sits at (1, 0): red on its circle, none around (0, 1)
        assertTrue(countColour(f.shown.get(0), frames.inputCell(1, 0), SweepFrames.WINNER) > 20);
        assertEquals(0, countColour(f.shown.get(0), frames.inputCell(0, 1), SweepFrames.WINNER));
        // step 4: window rows 2-3, cols 2-3; the winner 6 at (2, 3)
        assertTrue(countColour(f.shown.get(3), frames.inputCell(2, 3), SweepFrames.WINNER) > 20);
        assertEquals(0, countColour(f.shown.get(3), frames.inputCell(1, 0), SweepFrames.WINNER));
    }

    @Test
    void averagePoolingCirclesNothing() throws Exception {
        double[][] m = {{1, 3}, {4, 2}};
        SweepFrames frames = SweepFrames.of(Pooling.run(m, new PoolSettings(Size2.square(2), Size2.square(2),
                Padding.VALID, PoolSettings.Mode.AVERAGE, 0)));
        BufferedImage img = frames.frame(0, 1);
        assertEquals(0, countColour(img, new Rectangle(0, 0, img.getWidth(), img.getHeight()), SweepFrames.WINNER));
    }

    @Test
    void a32x32ImageSweepStaysUnder5Mb() throws Exception {
        double[][] image = new double[32][32];
        for (int r = 0; r < 32; r++) {
            for (int c = 0; c < 32; c++) {
                image[r][c] = (r * 37 + c * 11 + (r * c) % 7 * 20) % 256; // stripes and texture, little to compress
            }
        }
        ConvTrace t = Convolution.run(Volume.of(image), Volume.of(KernelPresets.get("sobel-vertical").orElseThrow()),
                ConvSettings.DEFAULT);
        SweepFrames frames = SweepFrames.of(t);
        assertFalse(frames.showsNumbers());
        Path gif = dir.resolve("image.gif");
        long size = AnimatedGif.write(frames, 1, 100, gif);
        System.out.println("32x32 image convolution sweep, 900 frames: " + size + " bytes");
        assertTrue(size < 5_000_000, "32x32 sweep: " + size + " bytes");
        GifFrames f = GifFrames.read(gif, i -> i == 899);
        assertEquals(900, f.shown.size());
        // the window of the last step (output [29,29]) sits at input (29..31, 29..31): its outline
        Rectangle last = frames.inputCell(29, 29);
        int edge = SweepFrames.WINDOW_EDGE.getRGB() & 0xffffff;
        assertEquals(edge, f.shown.get(899).getRGB(last.x, last.y) & 0xffffff);
        assertEquals(edge, f.shown.get(899).getRGB(last.x + 3 * last.width - 1, last.y + 3 * last.height - 1) & 0xffffff);
        // and the last frame equals a freshly drawn one, through the palette
        BufferedImage direct = frames.frame(899, 1);
        int differ = 0;
        for (int y = 0; y < direct.getHeight(); y++) {
            for (int x = 0; x < direct.getWidth(); x++) {
                int want = GifPalette.rgb(GifPalette.index(direct.getRGB(x, y)));
                differ += (f.shown.get(899).getRGB(x, y) & 0xffffff) == want ? 0 : 1;
            }
        }
        assertEquals(0, differ, "pixels of the composited last frame that differ from a direct drawing");
    }

    @Test
    void scaleMultipliesTheSizeAndPngFiguresAreWritten() throws Exception {
        SweepFrames frames = SweepFrames.of(seedConvolution());
        var one = frames.size();
        for (int s = 1; s <= 3; s++) {
            Path png = dir.resolve("fig" + s + ".png");
            Figures.writePng(frames, 4, s, png);
            BufferedImage back = javax.imageio.ImageIO.read(png.toFile());
            assertEquals(one.width * s, back.getWidth());
            assertEquals(one.height * s, back.getHeight());
            Rectangle cell = frames.inputCell(2, 2); // in the window of step 5
            assertEquals(SweepFrames.WINDOW_FILL.getRGB(), back.getRGB((cell.x + 6) * s, (cell.y + 6) * s));
        }
        assertThrows(IllegalArgumentException.class, () -> Figures.writePng(frames, 0, 4, dir.resolve("x.png")));
    }

    @Test
    void framesShorterThan20MsAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> AnimatedGif.open(dir.resolve("x.gif"), 10, 0));
        assertTrue(e.getMessage().contains("at least 20 ms"), e.getMessage());
    }

    static int inked(BufferedImage img, Rectangle r) {
        int n = 0;
        for (int y = r.y; y < r.y + r.height; y++) {
            for (int x = r.x; x < r.x + r.width; x++) {
                int rgb = img.getRGB(x, y);
                int lum = ((rgb >> 16 & 255) + (rgb >> 8 & 255) + (rgb & 255)) / 3;
                n += lum < 128 ? 1 : 0;
            }
        }
        return n;
    }

    private static boolean sameBand(BufferedImage a, BufferedImage b, Rectangle r) {
        for (int y = r.y; y < r.y + r.height; y++) {
            for (int x = r.x; x < r.x + r.width; x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }

    static int countColour(BufferedImage img, Rectangle r, Color c) {
        int n = 0;
        for (int y = r.y; y < r.y + r.height; y++) {
            for (int x = r.x; x < r.x + r.width; x++) {
                n += (img.getRGB(x, y) & 0xffffff) == (c.getRGB() & 0xffffff) ? 1 : 0;
            }
        }
        return n;
    }
}
