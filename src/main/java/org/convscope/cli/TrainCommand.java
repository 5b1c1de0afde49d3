package org.convscope.cli;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.convscope.app.TrainingPipeline;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.core.train.EpochEnded;
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingEnded;
import org.convscope.core.train.TrainingListener;
import org.convscope.core.train.TrainingResult;
import org.convscope.data.CifarFormatException;
import org.convscope.engine.CompiledModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code convscope train}: trains a model on the bundled CIFAR-10 sample (2,000 training images, validated on
 * its 500 test images) or the full data set ({@code --data}) and prints one line per epoch.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a model on the bundled CIFAR-10 sample (2,000 images; validation: its 500 test images) or, with --data, on the full data set"
                + " or a folder of your own images (one subfolder per class).",
                "A last Dense layer with linear activation is trained as logits (softmax cross-entropy).",
                "Fine-tuning: start from a trained model (--model x.convscope.zip or a Keras x.h5) and --freeze-to a layer;"
                + " when the data has another number of classes, the last Dense layer is replaced by a new one."})
final class TrainCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ModelSource source;

    @Option(names = {"-e", "--epochs"}, defaultValue = "2", description = "Passes over the training images (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = {"-b", "--batch"}, defaultValue = "32", description = "Images per weight update (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.001", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam or sgd (SGD with Nesterov momentum 0.9; default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the initial weights and the shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--sample", description = "Train on the bundled sample (the default).")
    boolean sample;

    @Option(names = "--data", paramLabel = "FOLDER|ARCHIVE",
            description = {"The full CIFAR-10 binary version instead of the sample: a cifar-10-batches-bin folder (.bin or .bin.gz"
                    + " batches), a folder holding one, or the official cifar-10-binary.tar.gz (unpacked once, safely, into"
                    + " $CONVSCOPE_HOME/datasets, by default ~/.convscope/datasets). Validation: its 10,000 test images (or --hold-out).",
                    "Or a folder with one subfolder of images per class (pets/cats/*.jpg, pets/dogs/*.jpg), fitted to the"
                    + " model's input; every tenth image of each class (at least one) is held out for validation."})
    java.nio.file.Path data;

    @Option(names = "--model", paramLabel = "MODEL", description = "The model to train, as the MODEL parameter: a model file,"
            + " a trained *.convscope.zip or a Keras *.h5 (their weights are the starting point).")
    java.nio.file.Path modelOption;

    @Option(names = "--freeze-to", paramLabel = "LAYER", description = "Fine-tuning: keep the weights of every layer up to and"
            + " including LAYER (its name as 'convscope summary' shows it, or its number from 1) and train only the layers after it.")
    String freezeTo;

    @Option(names = {"--save", "--out"}, paramLabel = "MODEL.convscope.zip",
            description = "Save the trained model (architecture and weights) to this file, atomically.")
    java.nio.file.Path save;

    @Option(names = "--labels", paramLabel = "FILE", description = "The class names, one per line, class 0 first,"
            + " saved with the model (default: the data's: CIFAR-10's, or the image folder's subfolder names).")
    java.nio.file.Path labels;

    @Option(names = "--normalize", description = "Standardise the inputs with the training images' per-channel mean and"
            + " standard deviation (saved with the model).")
    boolean normalize;

    @Option(names = "--augment", description = {"Random horizontal flips and shifts of up to 4 pixels of the training images"
            + " (zero fill). With the settings below, those settings instead (see 'convscope augment' to preview them)."})
    boolean augment;

    @CommandLine.Mixin
    AugmentOptions augmentSettings;

    @Option(names = "--hold-out", description = "CIFAR-10: validate each epoch on every tenth training image of each class"
            + " (never trained on) instead of the test images, as the Train screen's 'held-out tenth' does.")
    boolean holdOut;

    @Option(names = "--health", description = "After each epoch, print each layer's learning health (gradient norm,"
            + " update/weight ratio, share of zero ReLU outputs, weight histogram) and warnings in words.")
    boolean health;

    @Option(names = "--limit", paramLabel = "N", description = "Use only the first N training images (after the hold-out; default: all).")
    Integer limit;

    @Option(names = "--memory", description = "Print the peak resident memory and what stays after training once its"
            + " memory is released (Linux).")
    boolean memory;

    @Option(names = "--memory-idle", paramLabel = "SECONDS", defaultValue = "0", description = "With --memory: then wait"
            + " this long, as an idle app would, and print the resident memory again (G1 collects an idle app's heap after a"
            + " minute; default: ${DEFAULT-VALUE}).")
    double memoryIdle;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (modelOption != null) {
            if (source.file != null || source.preset != null) {
                err.println(Messages.errorOf("train.giveModelOnce"));
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
            source.file = modelOption;
        }
        var loaded = source.load(err);
        if (loaded.isEmpty() || source.refusedAsPartial(err, "train")) {
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        ModelSpec model = loaded.get();
        TrainConfig config = config(model, err);
        if (config == null) {
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        // from the estimate alone, before any images are read or fitted to the model's input
        if (!ModelSource.fitsHeap(model, e -> e.trainingBytes(batch), Messages.get("train.heap", batch), err)) {
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        if (!config.augmentation().none()) {
            out.println(Messages.get("augmentation", config.augmentation().describe()));
        }
        org.convscope.app.TrainingData data;
        try {
            data = TrainingPipeline.read(new TrainingPipeline.Request(this.data, holdOut, limit == null ? 0 : limit, normalize),
                    model.input(), org.convscope.app.AppFolders.current().datasets(), CancelToken.NEVER, ProgressSink.NONE);
        } catch (CifarFormatException | IOException | org.convscope.imaging.ImageLoadException e) {
            err.println(Messages.errorOf("train.cannotRead", this.data == null ? Messages.get("train.bundledSample") : this.data,
                    e.getMessage()));
            return this.data == null ? 1 : ConvScopeCli.EXIT_BAD_INPUT;
        }
        data.notes().forEach(out::println);
        LabelledImages validation = data.validation();
        java.util.List<String> classNames = classNames(data, err);
        if (classNames == null) {
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        org.convscope.engine.Engine engine = org.convscope.app.Engines.create();
        TrainingResult result;
        try {
            CompiledModel compiled = TrainingPipeline.prepare(engine, source.network(engine, model, seed), data, normalize,
                    seed, out::println);
            if (config.frozenLayers() > 0) {
                out.println(Messages.get("train.frozen", config.frozenLayers(),
                        org.convscope.core.analysis.ModelAnalyzer.layerNames(model).get(config.frozenLayers() - 1)));
            }
            nameClasses(engine, compiled, data, classNames);
            result = train(engine, compiled, data, config);
            if (save != null && result.reason() != TrainingEnded.Reason.DIVERGED && !save(engine, compiled, err)) {
                return 1;
            }
        } catch (IllegalArgumentException e) {
            err.println(Messages.error(e.getMessage()));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        if (result.reason() == TrainingEnded.Reason.DIVERGED) {
            err.println(Messages.get("train.diverged", result.end().message()));
            return 1;
        }
        if (result.reason() == TrainingEnded.Reason.OUT_OF_MEMORY || result.epochs().isEmpty()) {
            err.println(Messages.error(result.end().message()));
            return 1;
        }
        EpochEnded last = result.epochs().get(result.epochs().size() - 1);
        out.println(String.format(Locale.ROOT, "%s Final val_accuracy %.3f on %d validation images.",
                result.end().message(), last.validationAccuracy(), validation.size()));
        if (memory) {
            out.println(MemoryUse.afterTraining());
            if (memoryIdle > 0) {
                out.flush();
                out.println(MemoryUse.afterIdle(memoryIdle));
            }
        }
        return 0;
    }

    /** The class names: {@code --labels}, else the data's; null after saying why the labels file does not fit. */
    private java.util.List<String> classNames(org.convscope.app.TrainingData data, java.io.PrintWriter err) {
        if (labels == null) {
            return data.classNames();
        }
        try {
            return org.convscope.app.ClassNames.read(labels, data.classNames().size());
        } catch (IOException e) {
            err.println(Messages.error(e.getMessage()));
            return null;
        }
    }

    /**
     * Gives the model {@code --labels}' names instead of the data's (saved with it), and prints
     * {@code classes: 0=cat 1=dog} for an image folder's classes or {@code --labels}' (up to 20).
     */
    private void nameClasses(org.convscope.engine.Engine engine, CompiledModel compiled,
            org.convscope.app.TrainingData data, java.util.List<String> names) {
        if (labels != null) {
            engine.setClassNames(compiled, names);
        }
        if ((labels != null || data.source().kind() == org.convscope.app.TrainingData.Kind.IMAGE_FOLDER)
                && names.size() <= 20) {
            StringBuilder sb = new StringBuilder("classes:");
            for (int c = 0; c < names.size(); c++) {
                sb.append(' ').append(c).append('=').append(names.get(c));
            }
            spec.commandLine().getOut().println(sb);
        }
    }

    /** Trains, printing a line per epoch. */
    private TrainingResult train(org.convscope.engine.Engine engine, CompiledModel compiled, org.convscope.app.TrainingData data,
            TrainConfig config) {
        var out = spec.commandLine().getOut();
        int images = data.train().size();
        int epochCount = config.epochs();
        TrainingListener printer = new TrainingListener() {
            @Override
            public void onEpoch(EpochEnded e) {
                out.println(epochLine(e, epochCount, images));
                out.flush();
            }

            @Override
            public boolean wantsHealth() {
                return health;
            }

            @Override
            public void onEpochHealth(org.convscope.core.train.EpochHealth e) {
                if (e.epoch() > 0) {
                    out.print(HealthTable.of(e));
                    out.flush();
                }
            }
        };
        return engine.train(compiled, data.train(), data.validation(), config, printer, CancelToken.NEVER);
    }

    /** Saves the trained model to {@code --out}; false after saying why it could not. */
    private boolean save(org.convscope.engine.Engine engine, CompiledModel compiled, java.io.PrintWriter err) {
        try {
            engine.save(compiled, save);
            err.println(Messages.get("train.saved", save));
            return true;
        } catch (java.io.IOException e) {
            err.println(Messages.errorOf("train.cannotSave", save, e.getMessage()));
            return false;
        }
    }

    /** Returns the settings from the options, or null after saying on {@code err} what is wrong. */
    private TrainConfig config(ModelSpec model, java.io.PrintWriter err) {
        TrainConfig config;
        try {
            TrainConfig.Optimizer opt = switch (optimizer.toLowerCase(Locale.ROOT)) {
                case "adam" -> TrainConfig.Optimizer.ADAM;
                case "sgd" -> TrainConfig.Optimizer.SGD_MOMENTUM;
                default -> throw new IllegalArgumentException(Messages.get("optimizer.bad", optimizer));
            };
            if (limit != null && limit < 1) {
                throw new IllegalArgumentException(Messages.get("train.limit", limit));
            }
            config = new TrainConfig(epochs, batch, learningRate, opt, seed, true, augmentation(augment, augmentSettings));
            if (freezeTo != null) {
                config = config.withFrozenLayers(layerNumber(model, freezeTo));
            }
        } catch (IllegalArgumentException e) {
            err.println(Messages.error(e.getMessage()));
            return null;
        }
        return config;
    }

    /** Returns {@code --augment}'s preset, the settings given (which need no {@code --augment}), or none. */
    static org.convscope.core.train.Augmentation augmentation(boolean augment, AugmentOptions settings) {
        if (settings.any()) {
            return settings.build();
        }
        return augment ? org.convscope.core.train.Augmentation.FLIP_AND_SHIFT_4 : org.convscope.core.train.Augmentation.NONE;
    }

    /** Returns the 1-based number of a layer given by name (as the summary shows it) or number. */
    static int layerNumber(ModelSpec model, String layer) {
        java.util.List<String> names = org.convscope.core.analysis.ModelAnalyzer.layerNames(model);
        int index = names.indexOf(layer);
        if (index >= 0) {
            return index + 1;
        }
        try {
            int n = Integer.parseInt(layer.trim());
            if (n >= 1 && n <= names.size()) {
                return n;
            }
        } catch (NumberFormatException e) {
            // not a number: fall through
        }
        throw new IllegalArgumentException(Messages.get("train.freezeTo", layer, String.join(", ", names), names.size()));
    }

    /** Formats {@code epoch 1/2 loss=2.1034 acc=0.231 val_loss=2.0123 val_acc=0.262 img/s=160 (12.3 s)}. */
    static String epochLine(EpochEnded e, int epochs, int images) {
        return String.format(Locale.ROOT, "epoch %d/%d loss=%.4f acc=%.3f val_loss=%.4f val_acc=%.3f img/s=%.0f (%.1f s)",
                e.epoch(), epochs, e.trainLoss(), e.trainAccuracy(), e.validationLoss(), e.validationAccuracy(),
                images / e.seconds(), e.seconds());
    }
}
