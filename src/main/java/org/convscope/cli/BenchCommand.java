package org.convscope.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.conv.ConvSettings;
import org.convscope.core.conv.ConvTrace;
import org.convscope.core.conv.Convolution;
import org.convscope.core.conv.KernelPresets;
import org.convscope.core.conv.PoolSettings;
import org.convscope.core.conv.Pooling;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.ModelSpec;
import org.convscope.io.Presets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code convscope bench}: times the core's hot paths and prints the numbers (no pass/fail).
 *
 * <p>Targets from the issues: a full 3x3 convolution of a 512x512 gray image under 20 ms; a stepper
 * step on a 224x224 image well under a 60 fps frame (16.7 ms); shape inference of VGG16 far under a frame.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        subcommands = {BenchEngineCommands.Train.class, BenchEngineCommands.Forward.class, BenchLayoutCommand.class,
                BenchOpenCommand.class},
        description = "Time convolution, pooling, stepping, shape inference and feature maps; prints median and p95 over repeated runs.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = {"-n", "--runs"}, defaultValue = "30", description = "Timed runs per case (default: ${DEFAULT-VALUE}).")
    int runs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Random rnd = new Random(42);
        double[][] img512 = new double[512][512];
        for (double[] row : img512) {
            for (int i = 0; i < row.length; i++) {
                row[i] = rnd.nextInt(256);
            }
        }
        Volume v512 = Volume.of(img512);
        Volume sobel = Volume.of(KernelPresets.get("sobel-vertical").orElseThrow());
        double[] rgb224 = new double[224 * 224 * 3];
        for (int i = 0; i < rgb224.length; i++) {
            rgb224[i] = rnd.nextInt(256);
        }
        Volume v224 = new Volume(224, 224, 3, rgb224);
        double[] k3 = new double[27];
        Arrays.fill(k3, 1.0 / 27);
        Volume kernel3 = new Volume(3, 3, 3, k3);
        ModelSpec vgg = Presets.find("vgg16").orElseThrow();

        out.println("ConvScope bench (" + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + "), " + runs + " runs each after warm-up");
        report(out, "convolution 512x512 gray, 3x3 kernel, same padding (full output)", 20,
                i -> Convolution.run(v512, sobel, ConvSettings.DEFAULT.withPadding(org.convscope.core.model.Padding.SAME)));
        report(out, "max pooling 512x512, 2x2 stride 2", 20, i -> Pooling.run(img512, PoolSettings.max(2)));
        ConvTrace t224 = Convolution.run(v224, kernel3, ConvSettings.DEFAULT);
        report(out, "stepper: recompute 224x224x3 trace (settings change)", 16.7,
                i -> Convolution.run(v224, kernel3, ConvSettings.DEFAULT));
        report(out, "stepper: one step's details on 224x224x3 (products, sums, text)", 16.7,
                i -> t224.step((i * 7919) % t224.steps()));
        report(out, "shape inference of VGG16 (22 layers)", 16.7, i -> ModelAnalyzer.analyze(vgg));
        reportAugmentation(out, rnd);

        // Feature maps: image -> forward -> 64 tiles, with the real engine (network built beforehand).
        var engine = org.convscope.app.Engines.create();
        ModelSpec cifar = Presets.find("tf-cifar-cnn").orElseThrow();
        var cifarNet = engine.compile(cifar, 42);
        double[] img32 = new double[32 * 32 * 3];
        for (int i = 0; i < img32.length; i++) {
            img32[i] = rnd.nextDouble();
        }
        Volume in32 = new Volume(32, 32, 3, img32);
        report(out, "single-image forward through every layer: TF CIFAR-10 CNN 32x32", BenchEngineCommands.FORWARD_TARGET_MS,
                i -> engine.forward(cifarNet, in32));
        var cifarMaps = BenchEngineCommands.gridLayer(engine.forward(cifarNet, in32)).output();
        report(out, "feature-map grid: 64 maps of conv2d_1 as 96-px tiles (no forward)", BenchEngineCommands.GRID_TARGET_MS,
                i -> org.convscope.imaging.TileRenderer.render(cifarMaps, 0, 64,
                        org.convscope.imaging.TileRenderer.Normalisation.PER_MAP, org.convscope.imaging.ColorMaps.VIRIDIS, 96));
        report(out, "feature maps: TF CIFAR-10 CNN 32x32, forward + 64 tiles of conv2d_1", 100,
                i -> org.convscope.imaging.TileRenderer.render(engine.forward(cifarNet, in32).layer(3).output(), 0, 64,
                        org.convscope.imaging.TileRenderer.Normalisation.PER_MAP, org.convscope.imaging.ColorMaps.VIRIDIS, 96));
        ModelSpec block = new ModelSpec("VGG block 1", "", new org.convscope.core.model.InputSpec(224, 224, 3), java.util.List.of(
                new org.convscope.core.model.LayerSpec.Conv2D(null, 64, org.convscope.core.model.Size2.square(3),
                        org.convscope.core.model.Size2.square(1), org.convscope.core.model.Padding.SAME,
                        org.convscope.core.model.Activation.RELU, true),
                new org.convscope.core.model.LayerSpec.Conv2D(null, 64, org.convscope.core.model.Size2.square(3),
                        org.convscope.core.model.Size2.square(1), org.convscope.core.model.Padding.SAME,
                        org.convscope.core.model.Activation.RELU, true),
                new org.convscope.core.model.LayerSpec.Pooling2D(null, org.convscope.core.model.LayerSpec.PoolKind.MAX,
                        org.convscope.core.model.Size2.square(2), org.convscope.core.model.Size2.square(2),
                        org.convscope.core.model.Padding.VALID)));
        var blockNet = engine.compile(block, 42);
        report(out, "feature maps: VGG-style block 1 at 224x224, forward + 64 tiles", 400,
                i -> org.convscope.imaging.TileRenderer.render(engine.forward(blockNet, v224n(rgb224)).layer(2).output(), 0, 64,
                        org.convscope.imaging.TileRenderer.Normalisation.PER_MAP, org.convscope.imaging.ColorMaps.GRAY, 96),
                Math.min(runs, 8));
        out.flush();
        return 0;
    }

    /** Times the two augmentation settings on 1,000 CIFAR-sized images per run; the image's values are drawn from {@code rnd}. */
    private void reportAugmentation(java.io.PrintWriter out, Random rnd) {
        float[] cifarImage = new float[32 * 32 * 3];
        float[] augmented = new float[cifarImage.length];
        float[] scratch = new float[cifarImage.length];
        for (int i = 0; i < cifarImage.length; i++) {
            cifarImage[i] = rnd.nextFloat();
        }
        Random augmentRandom = new Random(42);
        // per-image cost: 1,000 images per run, so the median in ms reads as microseconds per image
        report(out, "augmentation, seed settings, 1,000 images 32x32x3 (ms = us/image)", 1000, i -> {
            for (int k = 0; k < 1000; k++) {
                System.arraycopy(cifarImage, 0, augmented, 0, cifarImage.length);
                org.convscope.core.train.Augmentation.KERAS_TUTORIAL.apply(augmented, 0, 32, 32, 3, augmentRandom, scratch);
            }
        });
        report(out, "augmentation, flip + shift 4, 1,000 images 32x32x3 (ms = us/image)", 1000, i -> {
            for (int k = 0; k < 1000; k++) {
                System.arraycopy(cifarImage, 0, augmented, 0, cifarImage.length);
                org.convscope.core.train.Augmentation.FLIP_AND_SHIFT_4.apply(augmented, 0, 32, 32, 3, augmentRandom, scratch);
            }
        });
    }

    private static Volume v224n(double[] rgb) {
        double[] v = new double[rgb.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = rgb[i] / 255;
        }
        return new Volume(224, 224, 3, v);
    }

    private void report(java.io.PrintWriter out, String what, double targetMs, IntConsumer body) {
        report(out, what, targetMs, body, runs);
    }

    private void report(java.io.PrintWriter out, String what, double targetMs, IntConsumer body, int runs) {
        for (int i = 0; i < Math.max(2, runs / 3); i++) {
            body.accept(i);
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            body.accept(i);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        double median = ms[runs / 2];
        double p95 = ms[Math.min(runs - 1, (int) Math.ceil(runs * 0.95) - 1)];
        out.println(String.format(Locale.ROOT, "  %-66s median %8.3f ms  p95 %8.3f ms  (target < %.1f ms: %s)",
                what, median, p95, targetMs, median < targetMs ? "met" : "NOT met"));
    }
}
