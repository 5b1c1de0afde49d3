package org.convscope.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.convscope.app.Engines;
import org.convscope.app.Exports;
import org.convscope.app.ModelFiles;
import org.convscope.app.OpenedModel;
import org.convscope.app.Session;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.analysis.SummaryTable;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.engine.Engine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code convscope bench open}: times opening a ResNet-50-sized model file (about 26.5 M parameters) to its summary,
 * as File &gt; Open and {@code convscope summary --model} do ({@link ModelFiles#open}: read the file, build the network
 * with the file's weights, then {@link ModelAnalyzer#analyze} and {@link SummaryTable#render}), and the Java heap's
 * peak while doing so. Target from issue 17: under 3 s and under 1.5 GB of heap.
 *
 * <p>The file is written first (not timed) as ONNX, by ConvScope's own writer, from a ResNet-34-style graph with one
 * more 512-channel unit: stages of 3, 4, 6 and 4 residual units of 64, 128, 256 and 512 channels, 224x224x3 input,
 * 1,000 classes; or {@code --model FILE} times a file of the user's.
 */
@Command(name = "open", mixinStandardHelpOptions = true,
        description = "Time opening a ResNet-50-sized ONNX file (26.5 M parameters) to its summary, and the heap's peak.")
final class BenchOpenCommand implements Callable<Integer> {

    @Option(names = {"-n", "--runs"}, defaultValue = "3", description = "Timed opens (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = {"--model"}, paramLabel = "FILE", description = "Time this model file instead of the generated one"
            + " (.onnx, .keras, .h5, .convscope.zip).")
    Path model;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (runs < 1) {
            spec.commandLine().getErr().println(Messages.errorOf("bench.openArgs"));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        Engine engine = Engines.create();
        Path dir = null;
        Path file = model;
        if (file == null) {
            dir = Files.createTempDirectory("convscope-bench-open");
            file = dir.resolve("resnet-wide.onnx");
            ModelSpec wide = resnetWide();
            out.println(String.format(Locale.ROOT, "writing %s: %,d parameters, %d layers (not timed)", file.getFileName(),
                    ModelAnalyzer.analyze(wide).totalParams(), wide.layers().size()));
            Exports.onnx(engine, wide, null, Session.UNTRAINED_SEED, file);
        }
        try {
            out.println(String.format(Locale.ROOT, "bench open: %s, %,.1f MB on disk, %d runs, %d cores, max heap %,d MB",
                    file.getFileName(), Files.size(file) / 1048576.0, runs, Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() / 1048576));
            double[] seconds = new double[runs];
            // the process's CPU time beside the wall time: on a busy machine the wall time waits for cores
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            for (int i = 0; i < runs; i++) {
                System.gc();
                resetHeapPeaks();
                long c0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                OpenedModel opened = ModelFiles.open(file, () -> engine);
                ModelAnalysis analysis = ModelAnalyzer.analyze(opened.spec());
                String table = SummaryTable.render(analysis, false);
                seconds[i] = (System.nanoTime() - t0) / 1e9;
                double cpu = (os.getProcessCpuTime() - c0) / 1e9;
                double heap = heapPeakMegabytes();
                out.println(String.format(Locale.ROOT, "  run %d: %.2f s to the summary, CPU %.2f s (%,d parameters, %,d"
                        + " table lines, weights %s); heap peak %,.0f MB", i + 1, seconds[i], cpu, analysis.totalParams(),
                        table.lines().count(), opened.weights().isPresent() ? "read" : "absent", heap));
            }
            Arrays.sort(seconds);
            double median = seconds[runs / 2];
            out.println(String.format(Locale.ROOT, "median %.2f s (target < 3 s: %s); peak RSS %,.0f MB", median,
                    median < 3 ? "met" : "NOT met", MemoryUse.megabytes("VmHWM")));
            return 0;
        } finally {
            if (dir != null) {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        }
    }

    private static void resetHeapPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks since the reset: an upper bound on the heap in use at any moment. */
    private static double heapPeakMegabytes() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes / 1048576.0;
    }

    /**
     * A ResNet-34-style graph with a fourth 512-channel unit: a 7x7/2 stem, 3x3/2 max pooling, stages of 3, 4, 6 and
     * 4 units (conv 3x3, BN, ReLU, conv 3x3, BN, Add, ReLU; a 1x1/2 projection with BN where a stage starts), global
     * average pooling and a 1,000-way softmax: 26.5 M parameters, about ResNet-50's 25.6 M.
     */
    static ModelSpec resnetWide() {
        List<LayerSpec> layers = new ArrayList<>();
        Map<String, List<String>> links = new LinkedHashMap<>();
        int[] widths = {64, 128, 256, 512};
        int[] units = {3, 4, 6, 4};
        layers.add(conv("stem_conv", 64, 7, 2));
        layers.add(bn("stem_bn"));
        layers.add(relu("stem_relu"));
        layers.add(new LayerSpec.Pooling2D("stem_pool", LayerSpec.PoolKind.MAX, Size2.square(3), Size2.square(2),
                Padding.SAME));
        String unitInput = "stem_pool";
        int inWidth = 64;
        for (int s = 0; s < widths.length; s++) {
            for (int u = 0; u < units[s]; u++) {
                String p = "s" + (s + 1) + "u" + (u + 1) + "_";
                int stride = s > 0 && u == 0 ? 2 : 1;
                layers.add(conv(p + "conv1", widths[s], 3, stride));
                layers.add(bn(p + "bn1"));
                layers.add(relu(p + "relu1"));
                layers.add(conv(p + "conv2", widths[s], 3, 1));
                layers.add(bn(p + "bn2"));
                String shortcut = unitInput;
                if (stride != 1 || inWidth != widths[s]) {
                    layers.add(conv(p + "proj", widths[s], 1, stride));
                    links.put(p + "proj", List.of(unitInput));
                    layers.add(bn(p + "proj_bn"));
                    shortcut = p + "proj_bn";
                }
                layers.add(new LayerSpec.Add(p + "add"));
                links.put(p + "add", List.of(p + "bn2", shortcut));
                layers.add(relu(p + "out"));
                unitInput = p + "out";
                inWidth = widths[s];
            }
        }
        layers.add(new LayerSpec.GlobalPooling2D("avg_pool", LayerSpec.PoolKind.AVERAGE));
        layers.add(new LayerSpec.Dense("predictions", 1000, Activation.SOFTMAX, true));
        ModelSpec m = new ModelSpec("resnet-wide", "", new InputSpec(224, 224, 3), layers, links);
        ModelGraph.of(m).problem().ifPresent(p -> {
            throw new IllegalStateException(p.message());
        });
        return m;
    }

    private static LayerSpec conv(String name, int filters, int k, int stride) {
        return new LayerSpec.Conv2D(name, filters, Size2.square(k), Size2.square(stride), Padding.SAME, Activation.LINEAR,
                false);
    }

    private static LayerSpec bn(String name) {
        return new LayerSpec.BatchNormalization(name, LayerSpec.BatchNormalization.DEFAULT_MOMENTUM, 0.001);
    }

    private static LayerSpec relu(String name) {
        return new LayerSpec.ReLU(name, null, 0, 0);
    }
}
