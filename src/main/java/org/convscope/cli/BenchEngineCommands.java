package org.convscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.core.train.BatchEnded;
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingListener;
import org.convscope.data.CifarFormatException;
import org.convscope.data.CifarReader;
import org.convscope.data.CifarTrainingImages;
import org.convscope.engine.Activations;
import org.convscope.engine.CompiledModel;
import org.convscope.app.Engines;
import org.convscope.engine.Engine;
import org.convscope.engine.LayerActivation;
import org.convscope.imaging.ColorMaps;
import org.convscope.imaging.TileRenderer;
import org.convscope.io.Presets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code convscope bench train} and {@code convscope bench forward}: the engine's throughput, printed as numbers
 * ({@code img/s=...}) for side-by-side comparison with {@code src/bench/python/bench_torch.py}.
 */
final class BenchEngineCommands {

    private BenchEngineCommands() {
    }

    /** Options both commands share: the model, the kernels and the data. */
    static final class Common {
        @CommandLine.Mixin
        ModelArgument model;

        @Option(names = "--kernels", defaultValue = "auto", paramLabel = "auto|layers|native_ops",
                description = "Engine kernels: auto (native ops with oneDNN where available), layers (stock DL4J) or native_ops (default: ${DEFAULT-VALUE}).")
        String kernels;

        @Option(names = "--data", paramLabel = "FOLDER",
                description = "A cifar-10-batches-bin folder (its data_batch_1); default: the bundled sample's 2,000 training images.")
        Path data;

        Optional<ModelSpec> spec(PrintWriter err) {
            if (!model.given()) {
                return Presets.find("tf-cifar-cnn");
            }
            return model.load(err);
        }

        /** Real CIFAR-10 images when the model takes them, random ones otherwise; says which. */
        LabelledImages images(ModelSpec spec, int randomCount, PrintWriter out) throws IOException, CifarFormatException {
            InputSpec in = spec.input();
            LayerSpec last = spec.layers().get(spec.layers().size() - 1);
            int classes = last instanceof LayerSpec.Dense d ? d.units() : 10;
            if (in.height() == 32 && in.width() == 32 && in.channels() == 3 && classes == 10) {
                var images = data == null
                        ? CifarReader.readBundledSample(CancelToken.NEVER, ProgressSink.NONE).train()
                        : CifarReader.readBatch(java.nio.file.Files.exists(data.resolve("data_batch_1.bin"))
                                ? data.resolve("data_batch_1.bin") : data.resolve("data_batch_1.bin.gz"));
                out.println(String.format(Locale.ROOT, "data: %,d real CIFAR-10 images (%s)", images.size(),
                        data == null ? "bundled sample" : data));
                return new CifarTrainingImages(images);
            }
            out.println("data: " + randomCount + " random images (the model does not take 32x32x3 CIFAR-10 images"
                    + " with 10 classes)");
            return random(in, classes, randomCount);
        }
    }

    /** {@code convscope bench train}. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Training throughput (forward + backward + optimiser step) in images per second after a warm-up.")
    static final class Train implements Callable<Integer> {

        @CommandLine.Mixin
        Common common;

        @Option(names = {"-b", "--batch"}, defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--seconds", defaultValue = "30", description = "Measured seconds per run (default: ${DEFAULT-VALUE}).")
        double seconds;

        @Option(names = "--warmup", defaultValue = "5", description = "Unmeasured seconds first (default: ${DEFAULT-VALUE}).")
        double warmup;

        @Option(names = "--repeats", defaultValue = "1", description = "Runs, each on a fresh network; the mean is printed last (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Option(names = "--profile", description = "Also print where the time went, layer by layer (native ops only).")
        boolean profile;

        @Option(names = "--health", description = "Measure the cost of learning health ('train --health'): each repeat runs"
                + " without and with it, alternating which goes first, on fresh networks with the same seed; prints both"
                + " means and the overhead.")
        boolean health;

        @Option(names = "--augment", description = "Augment the training images as 'train --augment' does (flip and 4-pixel shifts,"
                + " or the settings below).")
        boolean augment;

        @CommandLine.Mixin
        AugmentOptions augmentSettings;

        private org.convscope.core.train.Augmentation augmentation = org.convscope.core.train.Augmentation.NONE;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec cmd;

        @Override
        public Integer call() {
            PrintWriter out = cmd.commandLine().getOut();
            PrintWriter err = cmd.commandLine().getErr();
            Optional<ModelSpec> spec = common.spec(err);
            if (spec.isEmpty()) {
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
            if (batch < 1 || !(seconds > 0) || warmup < 0 || repeats < 1) {
                err.println(Messages.errorOf("bench.trainArgs"));
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
            try {
                augmentation = TrainCommand.augmentation(augment, augmentSettings);
                LabelledImages images = common.images(spec.get(), Math.max(batch * 8, 512), out);
                Engine engine = Engines.create(common.kernels);
                List<Double> rates = new ArrayList<>();
                if (health) {
                    return withAndWithoutHealth(engine, spec.get(), images, out);
                }
                for (int r = 1; r <= repeats; r++) {
                    CompiledModel model = engine.compile(spec.get(), 42 + r);
                    if (r == 1) {
                        out.println(String.format(Locale.ROOT, "bench train: %s (%,d params), batch %d, Adam 0.001, %s, %d cores%s",
                                spec.get().name(), model.parameterCount(), batch, Engines.kernelsFor(engine, model),
                                Runtime.getRuntime().availableProcessors(),
                                augmentation.none() ? "" : ", augmentation " + augmentation.describe()));
                        out.flush();
                    }
                    double rate = run(engine, model, images, out);
                    rates.add(rate);
                    out.println(String.format(Locale.ROOT, "run %d: img/s=%.1f", r, rate));
                    if (profile) {
                        out.print(Engines.trainingProfile(engine, model));
                    }
                    out.flush();
                }
                double mean = rates.stream().mapToDouble(Double::doubleValue).average().orElse(0);
                if (repeats > 1) {
                    out.println(String.format(Locale.ROOT, "mean of %d runs (min %.1f, max %.1f):", repeats,
                            rates.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                            rates.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
                }
                out.println(MemoryUse.afterTraining());
                out.println(String.format(Locale.ROOT, "img/s=%.1f", mean));
                out.flush();
                return 0;
            } catch (IOException | CifarFormatException | IllegalArgumentException e) {
                err.println(Messages.error(e.getMessage()));
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
        }

        /** {@code --health}: alternating runs without and with learning health; prints both means and the overhead. */
        private int withAndWithoutHealth(Engine engine, ModelSpec spec, LabelledImages images, PrintWriter out) {
            List<Double> off = new ArrayList<>();
            List<Double> on = new ArrayList<>();
            for (int r = 1; r <= repeats; r++) {
                for (int k = 0; k < 2; k++) {
                    boolean measured = (r + k) % 2 == 0; // odd repeats start without, even ones with
                    CompiledModel model = engine.compile(spec, 42 + r);
                    if (r == 1 && k == 0) {
                        out.println(String.format(Locale.ROOT, "bench train --health: %s (%,d params), batch %d, Adam 0.001,"
                                + " %s, %d cores", spec.name(), model.parameterCount(), batch,
                                Engines.kernelsFor(engine, model), Runtime.getRuntime().availableProcessors()));
                    }
                    double rate = run(engine, model, images, out, measured);
                    (measured ? on : off).add(rate);
                    out.println(String.format(Locale.ROOT, "run %d, health %s: img/s=%.1f", r, measured ? "on " : "off", rate));
                    out.flush();
                }
            }
            double a = off.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double b = on.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            out.println(String.format(Locale.ROOT, "health off: img/s=%.1f (mean of %d)", a, off.size()));
            out.println(String.format(Locale.ROOT, "health on:  img/s=%.1f (mean of %d)", b, on.size()));
            double[] paired = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                paired[r] = 1 - on.get(r) / off.get(r);
            }
            Arrays.sort(paired);
            out.println(String.format(Locale.ROOT, "health overhead: %.1f%% of the means, %.1f%% the median of the %d"
                    + " pairs", 100 * (1 - b / a), 100 * paired[repeats / 2], repeats));
            out.flush();
            return 0;
        }

        private double run(Engine engine, CompiledModel model, LabelledImages images, PrintWriter out) {
            return run(engine, model, images, out, false);
        }

        /**
         * The images the {@code b}-th batch (from 1) of an epoch over {@code size} images trained on: {@code batch},
         * or fewer in the epoch's last (2,000 images in batches of 64: 31 of 64, then 16), so img/s counts no image
         * twice.
         */
        static int imagesIn(int b, int batch, int size) {
            return Math.min(batch, size - (b - 1) * batch);
        }

        /**
         * Trains until warm-up plus the measured time have passed; returns images per second of wall time after the
         * warm-up.
         *
         * @param health whether the listener asks for learning health (and ignores it)
         */
        private double run(Engine engine, CompiledModel model, LabelledImages images, PrintWriter out, boolean health) {
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            long start = System.nanoTime();
            long[] measuredImages = {0};
            long[] measuredFrom = {0};
            long[] last = {start};
            double[] nextReport = {warmup + 5};
            TrainingListener listener = new TrainingListener() {
                @Override
                public boolean wantsHealth() {
                    return health;
                }

                @Override
                public void onBatch(BatchEnded e) {
                    long now = System.nanoTime();
                    double elapsed = (now - start) / 1e9;
                    if (elapsed > warmup) {
                        if (measuredFrom[0] == 0) {
                            measuredFrom[0] = last[0]; // the first measured batch started when the previous ended
                        }
                        measuredImages[0] += imagesIn(e.batch(), batch, images.size());
                    }
                    last[0] = now;
                    if (elapsed >= nextReport[0]) {
                        nextReport[0] += 5;
                        out.println(String.format(Locale.ROOT, "  %5.1f s  epoch %d  loss %.3f  img/s %.1f", elapsed,
                                e.epoch(), e.loss(), measuredImages[0] / Math.max((now - measuredFrom[0]) / 1e9, 1e-9)));
                        out.flush();
                    }
                    if (elapsed > warmup + seconds) {
                        stop.set(true);
                    }
                }
            };
            TrainConfig config = new TrainConfig(1_000_000, batch, 1e-3, TrainConfig.Optimizer.ADAM, 42, true, augmentation);
            engine.train(model, images, images.head(0), config, listener, stop::get);
            return measuredImages[0] / Math.max((last[0] - measuredFrom[0]) / 1e9, 1e-9);
        }
    }

    /** {@code convscope bench forward}. */
    @Command(name = "forward", mixinStandardHelpOptions = true,
            description = "Inference speed: one image through every layer (the feature-map screen's pass, ms), a grid of 64"
                    + " feature maps rendered (ms), and batches of 64 (img/s).")
    static final class Forward implements Callable<Integer> {

        @CommandLine.Mixin
        Common common;

        @Option(names = {"-n", "--runs"}, defaultValue = "200", description = "Timed single-image runs, and grid renders (default: ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = {"-b", "--batch"}, defaultValue = "64", description = "Batch size for the throughput case (default: ${DEFAULT-VALUE}).")
        int batch;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec cmd;

        @Override
        public Integer call() {
            PrintWriter out = cmd.commandLine().getOut();
            PrintWriter err = cmd.commandLine().getErr();
            Optional<ModelSpec> spec = common.spec(err);
            if (spec.isEmpty()) {
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
            if (runs < 1 || batch < 1) {
                err.println(Messages.errorOf("bench.forwardArgs"));
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
            try {
                LabelledImages images = common.images(spec.get(), Math.max(batch * 4, 256), out);
                Engine engine = Engines.create(common.kernels);
                CompiledModel model = engine.compile(spec.get(), 42);
                out.println(String.format(Locale.ROOT, "bench forward: %s (%,d params), %s, %d cores", spec.get().name(),
                        model.parameterCount(), Engines.kernelsFor(engine, model), Runtime.getRuntime().availableProcessors()));
                Volume one = images.image(0);
                long first = System.nanoTime();
                engine.forward(model, one);
                out.println(String.format(Locale.ROOT, "first pass (cold: JIT, native ops' first calls): %.1f ms",
                        (System.nanoTime() - first) / 1e6));
                warmUp(engine, model, images);
                double[] ms = new double[runs];
                for (int i = 0; i < runs; i++) {
                    Volume v = images.image(i % images.size());
                    long t0 = System.nanoTime();
                    engine.forward(model, v);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                out.println(timing("batch 1, every layer's output (the feature-map screen's pass)", ms, FORWARD_TARGET_MS));
                out.println(String.format(Locale.ROOT, "ms=%.2f", median(ms)));
                gridTiming(engine.forward(model, one), out, runs);
                boolean classifies = spec.get().layers().get(spec.get().layers().size() - 1) instanceof LayerSpec.Dense;
                if (classifies) {
                    LabelledImages head = images.head(Math.min(images.size(), batch * 4));
                    engine.classify(model, head, batch, CancelToken.NEVER);
                    long t0 = System.nanoTime();
                    int passes = 0;
                    while (System.nanoTime() - t0 < 3_000_000_000L || passes < 3) {
                        engine.classify(model, head, batch, CancelToken.NEVER);
                        passes++;
                    }
                    double rate = passes * (double) head.size() / ((System.nanoTime() - t0) / 1e9);
                    out.println(String.format(Locale.ROOT, "batch %d, class probabilities: img/s=%.1f", batch, rate));
                } else {
                    out.println("batch throughput skipped: the model does not end with a Dense layer");
                }
                out.flush();
                return 0;
            } catch (IOException | CifarFormatException | IllegalArgumentException e) {
                err.println(Messages.error(e.getMessage()));
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
        }
    }

    /**
     * Unmeasured single-image passes: at least {@link #WARM_UP_PASSES} and {@link #WARM_UP_NANOS}. The first few
     * hundred passes pay for the JIT compiling ND4J's and our code and for page faults while the young generation
     * grows to its working size (on a busy 2-core machine 2-5 ms a pass until about the 500th, 0.6 ms after), which
     * the app pays once, not per pass; 40 passes left the timed ones in the middle of it.
     */
    private static void warmUp(Engine engine, CompiledModel model, LabelledImages images) {
        long start = System.nanoTime();
        for (int i = 0; i < WARM_UP_PASSES || System.nanoTime() - start < WARM_UP_NANOS; i++) {
            engine.forward(model, images.image(i % images.size()));
        }
    }

    /** See {@link #warmUp}. */
    static final int WARM_UP_PASSES = 500;
    static final long WARM_UP_NANOS = 2_000_000_000L;

    /** The target for one image through every layer, median (ms). */
    static final double FORWARD_TARGET_MS = 3;
    /** The target for a grid of 64 feature maps rendered, median (ms). */
    static final double GRID_TARGET_MS = 50;
    /** Maps in the feature-map screen's grid (its page). */
    static final int GRID_MAPS = 64;

    /**
     * Times the feature-map screen's grid without JavaFX: {@link TileRenderer#render} of {@link #GRID_MAPS} maps
     * (96-pixel tiles, each map scaled on its own, viridis) of the first layer with at least that many, or else the
     * image-shaped layer with the most maps; prints its median and p90 over {@code runs}. The screen then only
     * copies each tile's pixels into an image.
     */
    private static void gridTiming(Activations acts, PrintWriter out, int runs) {
        LayerActivation shown = gridLayer(acts);
        if (shown == null) {
            out.println("feature-map grid skipped: no layer outputs image-shaped maps");
            return;
        }
        Volume maps = shown.output();
        int count = Math.min(GRID_MAPS, maps.channels());
        for (int i = 0; i < Math.max(10, runs / 5); i++) {
            TileRenderer.render(maps, 0, count, TileRenderer.Normalisation.PER_MAP, ColorMaps.VIRIDIS, 96);
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            TileRenderer.render(maps, 0, count, TileRenderer.Normalisation.PER_MAP, ColorMaps.VIRIDIS, 96);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        out.println(timing(String.format(Locale.ROOT, "feature-map grid, %d maps %dx%d of layer %d (%s) as 96-px tiles",
                count, maps.height(), maps.width(), shown.index(), shown.name()), ms, GRID_TARGET_MS));
    }

    /** The first layer with at least {@link #GRID_MAPS} maps, else the one with the most; null if none is spatial. */
    static LayerActivation gridLayer(Activations acts) {
        LayerActivation best = null;
        for (LayerActivation a : acts.layers()) {
            if (a.flat()) {
                continue;
            }
            if (a.output().channels() >= GRID_MAPS) {
                return a;
            }
            if (best == null || a.output().channels() > best.output().channels()) {
                best = a;
            }
        }
        return best;
    }

    /** One line: what was timed, median and p90 of {@code ms} (sorted here), and whether the target is met. */
    static String timing(String what, double[] ms, double targetMs) {
        Arrays.sort(ms);
        double p90 = ms[Math.min(ms.length - 1, (int) Math.ceil(ms.length * 0.9) - 1)];
        return String.format(Locale.ROOT, "%s: median %.2f ms, p90 %.2f ms (target < %.0f ms: %s)", what, median(ms),
                p90, targetMs, median(ms) < targetMs ? "met" : "NOT met");
    }

    /** The median of sorted values. */
    private static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }

    private static LabelledImages random(InputSpec in, int classes, int count) {
        Random rnd = new Random(42);
        int size = in.height() * in.width() * in.channels();
        float[] data = new float[count * size];
        for (int i = 0; i < data.length; i++) {
            data[i] = rnd.nextFloat();
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = rnd.nextInt(classes);
        }
        return new LabelledImages() {
            @Override public int size() { return count; }
            @Override public int height() { return in.height(); }
            @Override public int width() { return in.width(); }
            @Override public int channels() { return in.channels(); }
            @Override public int classCount() { return classes; }
            @Override public int label(int i) { return labels[i]; }
            @Override public void copyImage(int i, float[] dst, int offset) {
                System.arraycopy(data, i * size, dst, offset, size);
            }
        };
    }
}
