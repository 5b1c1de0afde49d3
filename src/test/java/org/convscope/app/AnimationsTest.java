package org.convscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.convscope.core.conv.ConvSettings;
import org.convscope.core.conv.Convolution;
import org.convscope.core.conv.KernelPresets;
import org.convscope.core.conv.PoolSettings;
import org.convscope.core.conv.Pooling;
import org.convscope.core.conv.Volume;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The animation use case both front ends call: the GIF's size at default settings (deterministic, so the bytes are
 * printed and the 5 MB limit asserted), progress per frame, and a cancelled export that leaves the old file alone.
 */
class AnimationsTest {

    /** The seed tutorial's 5x5 input. */
    private static final double[][] SEED = {
        {3, 0, 1, 2, 7}, {1, 5, 8, 9, 3}, {2, 7, 2, 5, 1}, {0, 1, 3, 1, 7}, {4, 2, 1, 6, 2}};

    @TempDir
    Path dir;

    private static Animations.Animation seedSweep() {
        return Animations.convolution(Convolution.run(Volume.of(SEED),
                Volume.of(KernelPresets.get("vertical-edge").orElseThrow()), ConvSettings.DEFAULT));
    }

    /** A 32x32 "image" with a gradient and an edge, as the stepper's image source gives it (grey values 0..255). */
    private static double[][] image32() {
        double[][] m = new double[32][32];
        for (int r = 0; r < 32; r++) {
            for (int c = 0; c < 32; c++) {
                m[r][c] = c < 16 ? 8 * r : 255 - 3 * c;
            }
        }
        return m;
    }

    @Test
    void theExampleGifsAtDefaultSettingsStayUnder5Mb() throws Exception {
        Path conv = dir.resolve("seed.gif");
        long seed = Animations.writeGif(seedSweep(), Animations.Settings.defaults(), conv, CancelToken.NEVER, ProgressSink.NONE);
        assertEquals(seed, Files.size(conv));
        System.out.println("GIF size, 5x5 seed convolution (9 frames, 500 ms, 1x): " + seed + " bytes");
        assertTrue(seed < 5_000_000, seed + " bytes");

        Path img = dir.resolve("image32.gif");
        long image = Animations.writeGif(Animations.convolution(Convolution.run(Volume.of(image32()),
                Volume.of(KernelPresets.get("sobel-vertical").orElseThrow()), ConvSettings.DEFAULT)),
                Animations.Settings.defaults(), img, CancelToken.NEVER, ProgressSink.NONE);
        System.out.println("GIF size, 32x32 image convolution (900 frames, 500 ms, 1x): " + image + " bytes");
        assertTrue(image < 5_000_000, image + " bytes");

        Path pool = dir.resolve("pool32.gif");
        long pooled = Animations.writeGif(Animations.pooling(Pooling.run(image32(), PoolSettings.max(2))),
                Animations.Settings.defaults(), pool, CancelToken.NEVER, ProgressSink.NONE);
        System.out.println("GIF size, 32x32 image max pooling 2x2 (256 frames, 500 ms, 1x): " + pooled + " bytes");
        assertTrue(pooled < 5_000_000, pooled + " bytes");
    }

    @Test
    void progressIsToldAfterEveryFrame() throws Exception {
        List<String> told = new ArrayList<>();
        Animations.writeGif(seedSweep(), new Animations.Settings(300, 2), dir.resolve("p.gif"), CancelToken.NEVER,
                (done, total, message) -> told.add(done + "/" + total + " " + message));
        assertEquals(9, told.size());
        assertEquals("1/9 frame 1 of 9", told.get(0));
        assertEquals("9/9 frame 9 of 9", told.get(8));
    }

    @Test
    void aCancelledExportLeavesTheOldFileAsItWas() throws Exception {
        Path gif = dir.resolve("old.gif");
        Files.writeString(gif, "the old file");
        AtomicInteger frames = new AtomicInteger();
        assertThrows(CancelToken.CancelledException.class, () -> Animations.writeGif(seedSweep(),
                Animations.Settings.defaults(), gif, () -> frames.get() >= 4, (done, total, m) -> frames.set((int) done)));
        assertEquals(4, frames.get());
        assertEquals("the old file", Files.readString(gif, StandardCharsets.UTF_8));
        assertFalse(Files.list(dir).anyMatch(p -> !p.equals(gif)), "a temporary file was left");
    }

    @Test
    void settingsAndFrameLimitsAreExplained() {
        assertThrows(IllegalArgumentException.class, () -> new Animations.Settings(10, 1));
        IllegalArgumentException scale = assertThrows(IllegalArgumentException.class, () -> new Animations.Settings(500, 4));
        assertTrue(scale.getMessage().contains("1, 2 or 3"), scale.getMessage());
        IllegalArgumentException many = assertThrows(IllegalArgumentException.class, () -> Animations.checkFrames(2501));
        assertTrue(many.getMessage().startsWith("2501 steps would make as many frames; at most 2500"), many.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Animations.filters(List.of(), 3, 1, 0, org.convscope.imaging.ColorMaps.GRAY));
        assertTrue(none.getMessage().contains("no training run"), none.getMessage());
    }
}
