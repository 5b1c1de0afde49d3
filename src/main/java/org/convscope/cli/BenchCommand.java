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
        description = "Time convolution, pooling, stepping and shape inference; prints median and p95 over repeated runs.")
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
        out.flush();
        return 0;
    }

    private void report(java.io.PrintWriter out, String what, double targetMs, IntConsumer body) {
        for (int i = 0; i < Math.max(5, runs / 3); i++) {
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
