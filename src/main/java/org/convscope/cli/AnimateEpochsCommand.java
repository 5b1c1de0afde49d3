package org.convscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.convscope.app.AppFolders;
import org.convscope.app.Animations;
import org.convscope.app.Engines;
import org.convscope.app.ModelFiles;
import org.convscope.app.RunCheckpoints;
import org.convscope.app.TrainingPipeline;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.core.train.TrainConfig;
import org.convscope.data.CifarFormatException;
import org.convscope.imaging.ImageLoadException;
import org.convscope.imaging.Images;
import org.convscope.imaging.TileRenderer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code convscope animate featuremaps} and {@code animate filters}: a layer's feature maps for an image, or a Conv2D
 * layer's filters, through the epochs of a run, one frame per epoch with "epoch k of N" on it. The run is the one a
 * lesson saved with its run holds (the app's time machine), or one trained now with {@code --epochs N} (on the bundled
 * CIFAR-10 sample unless {@code --data}); the frames and the GIF come from {@link Animations}, as in the app.
 */
final class AnimateEpochsCommand {

    private AnimateEpochsCommand() {
    }

    /** Where the run's checkpoints come from (a picocli mixin). */
    static final class RunOptions {

        @CommandLine.Mixin
        ModelArgument source;

        @Option(names = {"-e", "--epochs"}, paramLabel = "N",
                description = "Train N epochs now and show every one (else MODEL must be a lesson saved with its run).")
        Integer epochs;

        @Option(names = "--data", paramLabel = "FOLDER|ARCHIVE",
                description = "With --epochs: the data, as train --data takes it (default: the bundled CIFAR-10 sample).")
        Path data;

        @Option(names = "--limit", paramLabel = "N", description = "With --epochs: train on the first N images only.")
        Integer limit;

        @Option(names = {"-b", "--batch"}, defaultValue = "32", description = "With --epochs: images per update (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--seed", defaultValue = "42", description = "Seed of fresh weights and the shuffling (default: ${DEFAULT-VALUE}).")
        long seed;

        /** Returns the run, or empty after saying on {@code err} why there is none. */
        Optional<RunCheckpoints> run(PrintWriter out, PrintWriter err)
                throws IOException, CifarFormatException, ImageLoadException {
            Path file = source.file();
            if (epochs == null) {
                if (!source.checkArguments(err)) {
                    return Optional.empty();
                }
                if (file != null && ModelFiles.detect(file) == ModelFiles.Kind.CONVSCOPE_LESSON) {
                    return Optional.of(RunCheckpoints.ofLesson(file, Engines::create));
                }
                err.println(Messages.errorOf("animate.noRun", file != null ? Messages.get("animate.notLesson", file.getFileName())
                        : Messages.get("animate.presetNoRun")));
                return Optional.empty();
            }
            if (epochs < 1 || limit != null && limit < 1) {
                throw new IllegalArgumentException(Messages.get("animate.epochs"));
            }
            var loaded = source.load(err);
            if (loaded.isEmpty() || source.refusedAsPartial(err, "train")) {
                return Optional.empty();
            }
            ModelSpec model = loaded.get();
            var engine = Engines.create();
            TrainConfig config = new TrainConfig(epochs, batch, 0.001, TrainConfig.Optimizer.ADAM, seed, true);
            return Optional.of(RunCheckpoints.train(engine, model, source.trainedWeights().orElse(null),
                    new TrainingPipeline.Request(data, false, limit == null ? 0 : limit, false), config,
                    AppFolders.current().datasets(), out::println, CancelToken.NEVER, ProgressSink.NONE));
        }
    }

    /** The end both subcommands share: find the run, draw its frames, write them; errors become messages. */
    private static int animate(RunOptions run, Path out, AnimateCommand.Timing timing, CommandLine.Model.CommandSpec spec,
            Frames frames) {
        var err = spec.commandLine().getErr();
        try {
            Optional<RunCheckpoints> r = run.run(spec.commandLine().getOut(), err);
            if (r.isEmpty()) {
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
            return timing.write(frames.of(r.get()), out, err);
        } catch (IllegalArgumentException | ImageLoadException | CifarFormatException | IOException e) {
            err.println(Messages.error(e.getMessage()));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
    }

    /** Makes the frames of a run. */
    @FunctionalInterface
    private interface Frames {
        Animations.Animation of(RunCheckpoints run) throws IOException, ImageLoadException;
    }

    /** {@code animate featuremaps}: a layer's maps for one image, one frame per epoch. */
    @Command(name = "featuremaps", mixinStandardHelpOptions = true,
            description = "A layer's feature maps for an image through the epochs of a run: one frame per epoch (64 maps,"
                    + " a page of the Feature maps screen), \"epoch k of N\" written on each.")
    static final class FeatureMaps implements Callable<Integer> {

        @CommandLine.Mixin
        RunOptions run;

        @Option(names = {"-i", "--image"}, required = true, paramLabel = "IMG", description = "The image to send through the model.")
        Path image;

        @Option(names = {"-l", "--layer"}, required = true, paramLabel = "N|NAME", description = "Layer number (1-based) or name.")
        String layer;

        @Option(names = "--page", defaultValue = "1", description = "Page of 64 maps (default: ${DEFAULT-VALUE}).")
        int page;

        @Option(names = "--colormap", defaultValue = "gray", description = "gray, viridis or diverging (default: ${DEFAULT-VALUE}).")
        String colormap;

        @Option(names = "--per-layer", description = "Scale all maps of a frame together instead of each on its own.")
        boolean perLayer;

        @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT.gif|OUT.png",
                description = "The animation (.gif), or one frame as a figure (.png, see --frame).")
        Path out;

        @CommandLine.Mixin
        AnimateCommand.Timing timing;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return animate(run, out, timing, spec, r -> Animations.featureMaps(Engines.create(), r.checkpoints(), r.epochs(),
                    FeatureMapsCommand.resolveLayer(r.checkpoints().get(0).model().spec(), layer),
                    Images.read(image, Images.DEFAULT_MAX_PIXELS), String.valueOf(image.getFileName()), page - 1,
                    perLayer ? TileRenderer.Normalisation.PER_LAYER : TileRenderer.Normalisation.PER_MAP,
                    FeatureMapsCommand.colours(colormap)));
        }
    }

    /** {@code animate filters}: a Conv2D layer's filters, one frame per epoch. */
    @Command(name = "filters", mixinStandardHelpOptions = true,
            description = "A Conv2D layer's filters through the epochs of a run: one frame per epoch, every filter's"
                    + " weights for one input channel, \"epoch k of N\" written on each.")
    static final class Filters implements Callable<Integer> {

        @CommandLine.Mixin
        RunOptions run;

        @Option(names = {"-l", "--layer"}, required = true, paramLabel = "N|NAME", description = "A Conv2D layer: number or name.")
        String layer;

        @Option(names = "--channel", defaultValue = "1", description = "Which input channel of the filters, 1-based (default: ${DEFAULT-VALUE}).")
        int channel;

        @Option(names = "--colormap", defaultValue = "gray", description = "gray, viridis or diverging (default: ${DEFAULT-VALUE}).")
        String colormap;

        @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT.gif|OUT.png",
                description = "The animation (.gif), or one frame as a figure (.png, see --frame).")
        Path out;

        @CommandLine.Mixin
        AnimateCommand.Timing timing;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return animate(run, out, timing, spec, r -> Animations.filters(r.checkpoints(), r.epochs(),
                    FeatureMapsCommand.resolveLayer(r.checkpoints().get(0).model().spec(), layer), channel - 1,
                    FeatureMapsCommand.colours(colormap)));
        }
    }
}
