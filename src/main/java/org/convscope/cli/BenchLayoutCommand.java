package org.convscope.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.convscope.app.GraphLayout;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.io.Presets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code convscope bench layout}: times the Build canvas's graph layout ({@link GraphLayout}, Eclipse ELK layered) on
 * a residual network of about 50 blocks and on the resnet20 preset. Target from issue 17: a 50-block graph in under
 * 200 ms. The blocks get the sizes the canvas typically gives them (measured at the default type size).
 */
@Command(name = "layout", mixinStandardHelpOptions = true,
        description = "Time the Build canvas's layered graph layout of a 50-block residual network and of resnet20.")
final class BenchLayoutCommand implements Callable<Integer> {

    @Option(names = {"-n", "--runs"}, defaultValue = "30", description = "Timed runs per case (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = {"--blocks"}, defaultValue = "50", description = "Layer blocks of the residual network"
            + " (default: ${DEFAULT-VALUE}).")
    int blocks;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (runs < 1 || blocks < 2) {
            spec.commandLine().getErr().println(Messages.errorOf("bench.layoutArgs"));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        ModelSpec residual = residual(blocks);
        out.println(String.format(Locale.ROOT, "bench layout: Eclipse ELK layered, %d runs each after warm-up, %d cores",
                runs, Runtime.getRuntime().availableProcessors()));
        time(out, residual, "residual network, " + blocks + " layer blocks, " + (GraphLayout.connections(residual).size())
                + " edges");
        ModelSpec resnet20 = Presets.find("resnet20").orElseThrow();
        time(out, resnet20, "resnet20 preset, " + resnet20.layers().size() + " layer blocks, "
                + GraphLayout.connections(resnet20).size() + " edges");
        return 0;
    }

    private void time(PrintWriter out, ModelSpec m, String what) {
        List<GraphLayout.Size> nodes = new ArrayList<>();
        List<GraphLayout.Size> labels = new ArrayList<>();
        for (int i = 0; i <= m.layers().size(); i++) {
            nodes.add(new GraphLayout.Size(i > 0 && m.layers().get(i - 1).join() ? 190 : 290, 72));
            labels.add(new GraphLayout.Size(96, 17));
        }
        long c0 = System.nanoTime();
        GraphLayout.layout(m, nodes, labels, true);
        double cold = (System.nanoTime() - c0) / 1e6;
        for (int i = 0; i < 5; i++) {
            GraphLayout.layout(m, nodes, labels, true);
        }
        // wall time and this thread's CPU time: on a busy machine the wall time waits for cores, the CPU time not
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] ms = new double[runs];
        double[] cpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            long c = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            GraphLayout.layout(m, nodes, labels, true);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        double median = ms[runs / 2];
        out.println(String.format(Locale.ROOT, "  %-48s median %7.1f ms (CPU %7.1f ms)  p95 %7.1f ms  first %7.1f ms"
                + "  (target < 200 ms: %s)", what, median, cpu[runs / 2], ms[Math.min(runs - 1,
                (int) Math.ceil(runs * 0.95) - 1)], cold, median < 200 ? "met" : "NOT met"));
    }

    /** A stem Conv2D and residual units (conv, bn, relu, conv, bn, add, relu) up to {@code layers} layers. */
    static ModelSpec residual(int layers) {
        List<LayerSpec> l = new ArrayList<>();
        Map<String, List<String>> links = new LinkedHashMap<>();
        l.add(conv());
        String unitInput = "conv2d";
        int convs = 1;
        int bns = 0;
        int relus = 0;
        int adds = 0;
        while (l.size() + 7 <= layers) {
            l.add(conv());
            l.add(new LayerSpec.BatchNormalization(null, 0.99, 0.001));
            l.add(new LayerSpec.ReLU(null, null, 0, 0));
            l.add(conv());
            l.add(new LayerSpec.BatchNormalization(null, 0.99, 0.001));
            l.add(new LayerSpec.Add(null));
            l.add(new LayerSpec.ReLU(null, null, 0, 0));
            convs += 2;
            bns += 2;
            relus += 2;
            String bn = "batch_normalization" + (bns == 1 ? "" : "_" + (bns - 1));
            String add = "add" + (adds == 0 ? "" : "_" + adds);
            adds++;
            links.put(add, List.of(bn, unitInput));
            unitInput = "re_lu_" + (relus - 1);
        }
        while (l.size() < layers) {
            l.add(conv());
        }
        ModelSpec m = new ModelSpec("residual" + layers, "", new InputSpec(32, 32, 3), l, links);
        ModelGraph.of(m).problem().ifPresent(p -> {
            throw new IllegalStateException(p.message());
        });
        return m;
    }

    private static LayerSpec conv() {
        return new LayerSpec.Conv2D(null, 16, Size2.square(3), Size2.square(1), Padding.SAME, Activation.RELU, true);
    }
}
