package org.convscope.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.core.train.LabelledImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared training pipeline's data steps and model checks, with hand-worked numbers (no engine needed). */
class TrainingPipelineTest {

    /** 1x1 images, one channel, value = index / 10, labels as given. */
    private static LabelledImages tiny(int... labels) {
        return LabelledImages.of(labels.length, 1, 1, 1, 3, i -> labels[i],
                i -> new org.convscope.core.conv.Volume(1, 1, 1, new double[] {i / 10.0}));
    }

    private static int[] labels(LabelledImages images) {
        int[] l = new int[images.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = images.label(i);
        }
        return l;
    }

    @Test
    void everyTenthImageOfEachClassIsHeldOutInOrder() {
        // class 0: 20 images at 0..19 -> its 10th and 20th (indices 9, 19) held out; class 1: 3 images (fewer than
        // ten) -> its last (22) held out; class 2: one image -> kept for training
        int[] l = new int[24];
        for (int i = 20; i < 23; i++) {
            l[i] = 1;
        }
        l[23] = 2;
        LabelledImages[] split = TrainingData.holdOutEvery(tiny(l), 10);
        assertEquals(21, split[0].size());
        assertEquals(3, split[1].size());
        assertArrayEquals(new int[] {0, 0, 1}, labels(split[1]));
        float[] f = new float[1];
        split[1].copyImage(0, f, 0);
        assertEquals(0.9f, f[0], 1e-6, "the tenth image of class 0 is index 9");
        split[1].copyImage(2, f, 0);
        assertEquals(2.2f, f[0], 1e-6, "class 1's last image");
        split[0].copyImage(20, f, 0);
        assertEquals(2.3f, f[0], 1e-6, "a class of one image trains");
    }

    @Test
    void statisticsArePerChannelPopulationMeanAndDeviation() {
        // two 1x2 RGB images: red 0, 1, 0, 1 (mean 0.5, std 0.5); green all 0.25 (std 0 -> the floor 1e-6);
        // blue 0, 0.2, 0.4, 0.6 (mean 0.3, std sqrt(0.05))
        double[][] px = {{0, 0.25, 0, 1, 0.25, 0.2}, {0, 0.25, 0.4, 1, 0.25, 0.6}};
        LabelledImages images = LabelledImages.of(2, 1, 2, 3, 1, i -> 0,
                i -> new org.convscope.core.conv.Volume(1, 2, 3, px[i]));
        var n = TrainingData.statistics(images);
        assertArrayEquals(new double[] {0.5, 0.25, 0.3}, n.mean(), 1e-7);
        assertArrayEquals(new double[] {0.5, 1e-6, Math.sqrt(0.05)}, n.std(), 1e-7);
    }

    @Test
    void theBundledSampleWithHoldOutAndLimit() throws Exception {
        var data = TrainingPipeline.read(new TrainingPipeline.Request(null, true, 100, true), new InputSpec(32, 32, 3),
                AppFolders.current().datasets(), CancelToken.NEVER, ProgressSink.NONE);
        assertEquals(100, data.train().size());
        assertEquals(200, data.validation().size(), "20 of each class's 200");
        assertEquals(500, data.test().size());
        var sample = org.convscope.data.CifarReader.readBundledSample(CancelToken.NEVER, ProgressSink.NONE).train();
        // the first 100 images not held out (every tenth of a class is), found independently, and their exact
        // integer channel sums
        int[] kept = new int[100];
        int[] seen = new int[10];
        for (int i = 0, k = 0; k < 100; i++) {
            if (seen[sample.label(i)]++ % 10 != 9) {
                kept[k++] = i;
            }
        }
        long[] sum = new long[3];
        byte[] hwc = sample.pixelsHwc();
        for (int i : kept) {
            for (int p = 0; p < 1024; p++) {
                for (int c = 0; c < 3; c++) {
                    sum[c] += hwc[i * 3072 + p * 3 + c] & 0xff;
                }
            }
        }
        for (int c = 0; c < 3; c++) {
            // the pipeline sums pixels / 255 as floats (relative error below 1e-7 each)
            assertEquals(sum[c] / (100.0 * 1024) / 255, data.statistics().mean()[c], 1e-7);
        }
    }

    @Test
    void aPathIsNamedForWhatItHolds(@TempDir Path dir) throws Exception {
        assertEquals(TrainingData.Kind.BUNDLED_SAMPLE, TrainingData.Source.of(null).kind());
        Files.createDirectories(dir.resolve("cats"));
        Files.createDirectories(dir.resolve("dogs"));
        Files.copy(Path.of("resources/samples/chelsea.png"), dir.resolve("cats/a.png"));
        Files.copy(Path.of("resources/samples/chelsea.png"), dir.resolve("dogs/b.png"));
        assertEquals(TrainingData.Kind.IMAGE_FOLDER, TrainingData.Source.of(dir).kind());
        assertTrue(TrainingData.Source.of(dir).describe().startsWith("your images in " + dir));
        assertEquals(TrainingData.Kind.CIFAR10, TrainingData.Source.of(dir.resolve("x.tar.gz")).kind());
    }

    @Test
    void aModelWithFourInputChannelsIsOfferedThreeAndTheFixWorks() {
        ModelSpec four = new ModelSpec("m", "", new InputSpec(32, 32, 4), List.of(new LayerSpec.Flatten(null),
                new LayerSpec.Dense(null, 10, Activation.SOFTMAX, true)));
        TrainingFit fit = TrainingFit.check(four, 10).orElseThrow();
        assertEquals("The model takes 4 input channels; images have 3 (red, green, blue) or 1 (gray).", fit.problem());
        assertEquals("Use 3 input channels", fit.fixLabel());
        ModelSpec fixed = fit.fix().apply(four);
        assertEquals(new InputSpec(32, 32, 3), fixed.input());
        assertTrue(TrainingFit.check(fixed, 10).isEmpty());
    }

    @Test
    void aModelEndingInConvGetsFlattenAndDense() {
        ModelSpec conv = new ModelSpec("m", "", new InputSpec(8, 8, 3), List.of(new LayerSpec.Conv2D(null, 4,
                new Size2(3, 3), new Size2(1, 1), Padding.VALID, Activation.RELU, true)));
        TrainingFit fit = TrainingFit.check(conv, 10).orElseThrow();
        assertTrue(fit.problem().endsWith("it ends in (None, 6, 6, 4)."), fit.problem());
        assertEquals("Add Flatten and Dense(10, softmax) at the end", fit.fixLabel());
        ModelSpec fixed = fit.fix().apply(conv);
        assertEquals(3, fixed.layers().size());
        assertEquals(6 * 6 * 4 * 10 + 10 + 3 * 3 * 3 * 4 + 4, ModelAnalyzer.analyze(fixed).totalParams());
        assertTrue(TrainingFit.check(fixed, 10).isEmpty());
    }

    @Test
    void aModelThatCannotBeBuiltHasNoFix() {
        ModelSpec bad = new ModelSpec("m", "", new InputSpec(2, 2, 3), List.of(new LayerSpec.Conv2D(null, 4,
                new Size2(3, 3), new Size2(1, 1), Padding.VALID, Activation.RELU, true), new LayerSpec.Flatten(null),
                new LayerSpec.Dense(null, 10, Activation.SOFTMAX, true)));
        TrainingFit fit = TrainingFit.check(bad, 10).orElseThrow();
        assertTrue(fit.problem().startsWith("The model cannot be built: "), fit.problem());
        assertNull(fit.fix());
        assertNotNull(fit.problem());
    }
}
