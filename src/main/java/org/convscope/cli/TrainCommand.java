package org.convscope.cli;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.Callable;
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
import org.convscope.data.CifarReader;
import org.convscope.data.CifarTrainingImages;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.dl4j.Dl4jEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code convscope train}: trains a model on the bundled CIFAR-10 sample (2,000 training images, validated on
 * its 500 test images) or the full data set ({@code --data}) and prints one line per epoch.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a model on the bundled CIFAR-10 sample (2,000 images; validation: its 500 test images) or, with --data, on the full data set.",
                "A last Dense layer with linear activation is trained as logits (softmax cross-entropy)."})
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
                    + " ~/.convscope/datasets). Validation: its 10,000 test images."})
    java.nio.file.Path data;

    @Option(names = {"--save", "--out"}, paramLabel = "MODEL.convscope.zip",
            description = "Save the trained model (architecture and weights) to this file, atomically.")
    java.nio.file.Path save;

    @Option(names = "--normalize", description = "Standardise the inputs with the training images' per-channel mean and"
            + " standard deviation (saved with the model).")
    boolean normalize;

    @Option(names = "--augment", description = {"Random horizontal flips and shifts of up to 4 pixels of the training images"
            + " (zero fill). With the settings below, those settings instead (see 'convscope augment' to preview them)."})
    boolean augment;

    @CommandLine.Mixin
    AugmentOptions augmentSettings;

    @Option(names = "--limit", paramLabel = "N", description = "Use only the first N training images (default: all 2,000).")
    Integer limit;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        var loaded = source.load(err);
        if (loaded.isEmpty()) {
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        ModelSpec model = loaded.get();
        TrainConfig config;
        try {
            TrainConfig.Optimizer opt = switch (optimizer.toLowerCase(Locale.ROOT)) {
                case "adam" -> TrainConfig.Optimizer.ADAM;
                case "sgd" -> TrainConfig.Optimizer.SGD_MOMENTUM;
                default -> throw new IllegalArgumentException("--optimizer must be adam or sgd, got " + optimizer);
            };
            if (limit != null && limit < 1) {
                throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
            }
            config = new TrainConfig(epochs, batch, learningRate, opt, seed, true, augmentation(augment, augmentSettings));
        } catch (IllegalArgumentException e) {
            err.println("Error: " + e.getMessage());
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        LabelledImages train;
        LabelledImages validation;
        org.convscope.data.CifarImages trainImages;
        try {
            CifarReader.Splits s = data == null ? CifarReader.readBundledSample(CancelToken.NEVER, ProgressSink.NONE)
                    : CifarReader.readAll(datasetFolder(data), true, CancelToken.NEVER, ProgressSink.NONE);
            trainImages = s.train();
            train = new CifarTrainingImages(s.train());
            validation = new CifarTrainingImages(s.test());
            out.println(String.format(Locale.ROOT, "data: %,d training and %,d validation images (%s)", train.size(),
                    validation.size(), data == null ? "bundled sample" : data));
        } catch (CifarFormatException | IOException e) {
            err.println("Error: " + (data == null ? "the bundled sample" : data) + " cannot be read: " + e.getMessage());
            return data == null ? 1 : ConvScopeCli.EXIT_BAD_INPUT;
        }
        if (limit != null) {
            train = train.head(limit);
        }
        if (!ModelSource.fitsHeap(model, e -> e.trainingBytes(batch), "to train with batches of " + batch, err)) {
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        if (!config.augmentation().none()) {
            out.println("augmentation: " + config.augmentation().describe());
        }
        Dl4jEngine engine = new Dl4jEngine();
        TrainingResult result;
        try {
            CompiledModel compiled = engine.compile(model, seed);
            if (normalize) {
                var n = new org.convscope.core.train.InputNormalization(trainImages.perChannelMean(), trainImages.perChannelStd());
                engine.setInputNormalization(compiled, n);
                out.println("inputs standardised: " + n);
            }
            int images = train.size();
            TrainingListener printer = new TrainingListener() {
                @Override
                public void onEpoch(EpochEnded e) {
                    out.println(epochLine(e, config.epochs(), images));
                    out.flush();
                }
            };
            result = engine.train(compiled, train, validation, config, printer, CancelToken.NEVER);
            if (save != null && result.reason() != TrainingEnded.Reason.DIVERGED) {
                try {
                    engine.save(compiled, save);
                    err.println("Saved the trained model to " + save);
                } catch (java.io.IOException e) {
                    err.println("Error: cannot save " + save + ": " + e.getMessage());
                    return 1;
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("Error: " + e.getMessage());
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        if (result.reason() == TrainingEnded.Reason.DIVERGED) {
            err.println("Training diverged. " + result.end().message());
            return 1;
        }
        if (result.reason() == TrainingEnded.Reason.OUT_OF_MEMORY || result.epochs().isEmpty()) {
            err.println("Error: " + result.end().message());
            return 1;
        }
        EpochEnded last = result.epochs().get(result.epochs().size() - 1);
        out.println(String.format(Locale.ROOT, "%s Final val_accuracy %.3f on %d validation images.",
                result.end().message(), last.validationAccuracy(), validation.size()));
        return 0;
    }

    /** Returns {@code --augment}'s preset, the settings given (which need no {@code --augment}), or none. */
    static org.convscope.core.train.Augmentation augmentation(boolean augment, AugmentOptions settings) {
        if (settings.any()) {
            return settings.build();
        }
        return augment ? org.convscope.core.train.Augmentation.FLIP_AND_SHIFT_4 : org.convscope.core.train.Augmentation.NONE;
    }

    /** Returns the cifar-10-batches-bin folder for {@code --data}: that folder, one inside it, or the unpacked archive. */
    private static java.nio.file.Path datasetFolder(java.nio.file.Path data) throws IOException {
        return CifarReader.locate(data, java.nio.file.Path.of(System.getProperty("user.home"), ".convscope", "datasets"),
                CancelToken.NEVER, ProgressSink.NONE);
    }

    /** Formats {@code epoch 1/2 loss=2.1034 acc=0.231 val_loss=2.0123 val_acc=0.262 img/s=160 (12.3 s)}. */
    static String epochLine(EpochEnded e, int epochs, int images) {
        return String.format(Locale.ROOT, "epoch %d/%d loss=%.4f acc=%.3f val_loss=%.4f val_acc=%.3f img/s=%.0f (%.1f s)",
                e.epoch(), epochs, e.trainLoss(), e.trainAccuracy(), e.validationLoss(), e.validationAccuracy(),
                images / e.seconds(), e.seconds());
    }
}
