package org.convscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.convscope.core.conv.ConvTrace;
import org.convscope.core.conv.PoolTrace;
import org.convscope.core.conv.Pooling;
import org.convscope.app.Animations;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.imaging.AnimatedGif;
import org.convscope.imaging.Figures;
import org.convscope.imaging.FrameSource;
import org.convscope.imaging.ImageLoadException;
import org.convscope.imaging.TrainingHistory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code convscope animate convolve|pool|featuremaps|filters|curves}: animated GIFs for slides (one frame per step or epoch, looping
 * forever), or one frame as a PNG figure; {@code convolve} and {@code pool} take the options of the commands of the
 * same name.
 */
@Command(name = "animate", mixinStandardHelpOptions = true,
        description = "Animated GIFs for slides: the convolution or pooling sweep, a layer's feature maps or filters through the"
                + " epochs of a run, or the training curves growing.",
        subcommands = {AnimateCommand.Convolve.class, AnimateCommand.Pool.class, AnimateEpochsCommand.FeatureMaps.class,
            AnimateEpochsCommand.Filters.class, AnimateCommand.Curves.class},
        footer = {"", "Examples:", "  convscope animate convolve -i matrix.csv -k vertical-edge -o conv.gif",
            "  convscope animate pool -i matrix.csv -k 2 -o pool.gif --frame-ms 800 --scale 2",
            "  convscope animate featuremaps run.convscope-lesson -i cat.png -l conv2d -o maps.gif",
            "  convscope animate filters -p tf-cifar-cnn --epochs 3 -l 1 -o filters.gif",
            "  convscope animate curves -i history.csv -o curves.gif",
            "  convscope animate convolve -i matrix.csv -k sharpen -o step5.png --frame 5 --scale 3"})
final class AnimateCommand implements Runnable {

    /** More frames than this is no longer an animation for a slide. */
    static final int MAX_FRAMES = Animations.MAX_FRAMES;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** Frame time, scale and the frame a PNG shows (a picocli mixin). */
    static final class Timing {

        @Option(names = "--frame-ms", paramLabel = "MS", defaultValue = "500",
                description = "How long each frame shows, at least 20 ms (default: ${DEFAULT-VALUE}).")
        int frameMs;

        @Option(names = "--scale", paramLabel = "1|2|3", defaultValue = "1",
                description = "Draw everything 1, 2 or 3 times as large (default: ${DEFAULT-VALUE}).")
        int scale;

        @Option(names = "--frame", paramLabel = "N", description = "With -o OUT.png: the frame to draw, 1-based (default: the last).")
        Integer frame;

        /** Refuses a GIF of more than {@link #MAX_FRAMES} frames before any is drawn (a PNG of one frame is fine). */
        static void checkFrames(int steps, Path out) {
            if (out != null && !out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
                Animations.checkFrames(steps);
            }
        }

        /** Writes the GIF, or one frame as PNG, with the app's animation use case, and says what was written on {@code err}. */
        int write(Animations.Animation animation, Path out, PrintWriter err) throws IOException {
            FrameSource frames = animation.source();
            Figures.checkScale(scale);
            String name = out == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".png")) {
                int n = frame == null ? frames.frames() : frame;
                if (n < 1 || n > frames.frames()) {
                    throw new IllegalArgumentException(Messages.get("animate.frame", frames.frames(), n));
                }
                long size = Animations.writePng(animation, n - 1, scale, out);
                err.println(Messages.get("animate.wroteFrame", out, n, frames.frames(), scale, kb(size)));
                return 0;
            }
            if (!name.endsWith(".gif")) {
                throw new IllegalArgumentException(Messages.get("animate.giveOut"));
            }
            checkFrames(frames.frames(), out);
            if (frameMs < AnimatedGif.MIN_FRAME_MS) {
                throw new IllegalArgumentException(Messages.get("animate.frameMs", AnimatedGif.MIN_FRAME_MS, frameMs));
            }
            long size = Animations.writeGif(animation, new Animations.Settings(frameMs, scale), out, CancelToken.NEVER,
                    ProgressSink.NONE);
            err.println(Messages.get("animate.wroteGif", out, frames.frames(), frameMs, scale, kb(size)));
            return 0;
        }

        private static String kb(long bytes) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
    }

    /** {@code animate convolve}: the convolution sweep. */
    @Command(name = "convolve", mixinStandardHelpOptions = true,
            description = "The convolution sweep: one frame per output cell, the window, the kernel, the output filling in and the worked sum.")
    static final class Convolve implements Callable<Integer> {

        @CommandLine.Mixin
        WindowOptions window;

        @CommandLine.Mixin
        KernelOptions kernel;

        @CommandLine.Mixin
        Timing timing;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var err = spec.commandLine().getErr();
            try {
                double[][] in = window.readInput();
                double[][] k = kernel.read();
                ConvTrace t = kernel.run(in, k, window);
                err.println(ConvolveCommand.describe(t, in.length, in[0].length, k.length, k[0].length));
                return writeSweep(t.steps(), i -> "[" + t.step(i).outRow() + "," + t.step(i).outCol() + "] "
                        + t.step(i).expression(), () -> Animations.convolution(t), window, timing, spec);
            } catch (IllegalArgumentException | ImageLoadException | IOException e) {
                err.println(Messages.error(e.getMessage()));
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
        }
    }

    /**
     * The common end of {@code animate convolve} and {@code animate pool}: prints the steps with {@code --trace},
     * refuses too many frames before drawing any, writes the GIF (or one PNG figure).
     */
    static int writeSweep(int steps, java.util.function.IntFunction<String> line,
            java.util.function.Supplier<Animations.Animation> frames, WindowOptions window,
            Timing timing, CommandLine.Model.CommandSpec spec) throws IOException {
        window.printTrace(steps, line, spec.commandLine().getOut());
        Timing.checkFrames(steps, window.out);
        return timing.write(frames.get(), window.out, spec.commandLine().getErr());
    }

    /** {@code animate pool}: the pooling sweep. */
    @Command(name = "pool", mixinStandardHelpOptions = true,
            description = "The pooling sweep: one frame per output cell, the window, the winner circled (max), the output filling in.")
    static final class Pool implements Callable<Integer> {

        @CommandLine.Mixin
        WindowOptions window;

        @CommandLine.Mixin
        PoolOptions pooling;

        @CommandLine.Mixin
        Timing timing;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var err = spec.commandLine().getErr();
            try {
                double[][] in = window.readInput();
                PoolTrace t = Pooling.run(in, pooling.settings(window, spec));
                return writeSweep(t.steps(), i -> "[" + t.step(i).outRow() + "," + t.step(i).outCol() + "] "
                        + t.step(i).expression(), () -> Animations.pooling(t), window, timing, spec);
            } catch (IllegalArgumentException | ImageLoadException | IOException e) {
                err.println(Messages.error(e.getMessage()));
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
        }
    }

    /** {@code animate curves}: the training curves growing, one frame per epoch. */
    @Command(name = "curves", mixinStandardHelpOptions = true,
            description = "The training curves growing, one frame per epoch, from a run's history (Train screen: Save history).")
    static final class Curves implements Callable<Integer> {

        @Option(names = {"-i", "--input"}, required = true, paramLabel = "HISTORY.csv",
                description = "The run's history: epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds rows.")
        Path input;

        @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT.gif|OUT.png",
                description = "The animation (.gif), or one frame as a figure (.png, see --frame).")
        Path out;

        @CommandLine.Mixin
        Timing timing;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var err = spec.commandLine().getErr();
            try {
                TrainingHistory h = TrainingHistory.parse(Files.readString(input));
                return timing.write(Animations.curves(h), out, err);
            } catch (IllegalArgumentException | IOException e) {
                err.println(e instanceof java.nio.file.NoSuchFileException ? Messages.errorOf("file.noSuch", e.getMessage())
                        : Messages.error(e.getMessage()));
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
        }
    }
}
