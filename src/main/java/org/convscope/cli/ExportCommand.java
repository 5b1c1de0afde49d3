package org.convscope.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.convscope.app.Engines;
import org.convscope.app.Exports;
import org.convscope.app.TrainingPipeline;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.core.train.LearningRateSchedule;
import org.convscope.core.train.TrainConfig;
import org.convscope.io.AtomicFiles;
import org.convscope.io.Dl4jCode;
import org.convscope.io.KerasCode;
import org.convscope.io.KerasJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code convscope export}: writes a model as Keras Python, DL4J Java, Keras JSON, or a PyTorch project (a folder
 * with model.py, train.py for DistributedDataParallel under torchrun, and the trained weights where the model has them).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a model as Keras Python code, DL4J Java code, a Keras model.to_json() file, or a PyTorch",
            "project folder (-o DIR: model.py, train.py for torchrun/DistributedDataParallel, README.md, weights/)."})
final class ExportCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format { keras, dl4j, keras_json, pytorch, onnx }

    @CommandLine.Mixin
    ModelArgument source;

    @Option(names = "--to", required = true, paramLabel = "FORMAT",
            description = "keras (Python), dl4j (Java), keras_json, pytorch (a folder) or onnx (opset 13, with the weights).")
    Format format;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path out;

    @Option(names = "--force", description = "pytorch: replace the folder -o if it exists.")
    boolean force;

    @Option(names = {"-e", "--epochs"}, defaultValue = "2", description = "pytorch: train.py's epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = {"-b", "--batch"}, defaultValue = "32",
            description = "pytorch: train.py's images per process per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.001", description = "pytorch: train.py's learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--optimizer", defaultValue = "adam",
            description = "pytorch: adam or sgd (Nesterov momentum 0.9; default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--seed", defaultValue = "42", description = "pytorch: train.py's seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--schedule", defaultValue = "constant", paramLabel = "constant|step[:N]|cosine",
            description = "pytorch: the learning-rate schedule, as the Train screen's: constant, halved every N epochs"
                    + " (step, N 3 unless given) or cosine (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--normalize", description = "pytorch: standardise the inputs with the training images' per-channel"
            + " mean and standard deviation (of --data, or the bundled sample), as 'convscope train --normalize';"
            + " a model that already standardises keeps its own numbers.")
    boolean normalize;

    @Option(names = "--data", paramLabel = "FOLDER|ARCHIVE", description = "pytorch: the data --normalize takes its"
            + " statistics from, as 'convscope train --data' reads it (default: the bundled sample).")
    Path data;

    @Option(names = "--augment", description = "pytorch: train.py flips and shifts the training images by up to 4"
            + " pixels, as 'convscope train --augment'; with the settings below, those instead.")
    boolean augment;

    @CommandLine.Mixin
    AugmentOptions augmentSettings;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        var loaded = source.load(err);
        if (loaded.isEmpty()) {
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        ModelSpec model = loaded.get();
        var analysis = ModelAnalyzer.analyze(model);
        if (!analysis.valid()) {
            err.println(Messages.errorOf("export.cannotBuild"));
            err.println(analysis.problem().orElseThrow().describe());
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        var refused = org.convscope.core.model.EngineSupport.codeRefusal(model, format.name());
        if (format != Format.keras_json && refused.isPresent()) { // the code writers know chains of runnable layers
            err.println(Messages.errorOf("export.onlyKerasJson", refused.get()));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        if (format == Format.pytorch) {
            return pytorch(model, err);
        }
        if (format == Format.onnx) {
            return onnx(model, err);
        }
        String text = switch0(model);
        if (out == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            AtomicFiles.write(out, text.getBytes(StandardCharsets.UTF_8));
            err.println(Messages.get("wrote", out));
        }
        return 0;
    }

    /** Writes the PyTorch project folder through {@link Exports}, with the file's trained weights if it has them. */
    private int pytorch(ModelSpec model, java.io.PrintWriter err) throws Exception {
        if (out == null) {
            err.println(Messages.errorOf("export.pytorchNeedsOut"));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        TrainConfig config;
        try {
            String opt = optimizer.toLowerCase(java.util.Locale.ROOT);
            if (!opt.equals("adam") && !opt.equals("sgd")) {
                throw new IllegalArgumentException(Messages.get("optimizer.bad", optimizer));
            }
            config = new TrainConfig(epochs, batch, learningRate, opt.equals("adam") ? TrainConfig.Optimizer.ADAM
                    : TrainConfig.Optimizer.SGD_MOMENTUM, seed, true, TrainCommand.augmentation(augment, augmentSettings),
                    schedule(schedule));
        } catch (IllegalArgumentException e) {
            err.println(Messages.error(e.getMessage()));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        var trained = source.trainedWeights().orElse(null);
        var settings = new Exports.TrainingSettings(config, new TrainingPipeline.Request(data, false, 0, normalize));
        try {
            var written = Exports.pytorch(Engines.create(), model, trained, settings, out, force, CancelToken.NEVER,
                    ProgressSink.NONE);
            err.println(Messages.get("export.pytorchDone", written.describe(), out.resolve("README.md")));
        } catch (Exports.RefusedException e) {
            err.println(Messages.error(e.getMessage()));
            return ConvScopeCli.EXIT_BAD_INPUT;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            err.println(Messages.errorOf("export.exists", out));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        return 0;
    }

    /** {@code constant}, {@code step}, {@code step:N} or {@code cosine}. */
    static LearningRateSchedule schedule(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("constant")) {
            return LearningRateSchedule.CONSTANT;
        }
        if (t.equals("cosine")) {
            return new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 1);
        }
        if (t.equals("step") || t.startsWith("step:")) {
            try {
                int every = t.equals("step") ? 3 : Integer.parseInt(t.substring(5));
                return new LearningRateSchedule(LearningRateSchedule.Kind.STEP, every);
            } catch (NumberFormatException e) {
                // the message below
            }
        }
        throw new IllegalArgumentException(Messages.get("export.schedule", text));
    }

    /** Writes the model and its weights (the file's trained ones, or fresh ones from --seed) as ONNX. */
    private int onnx(ModelSpec model, java.io.PrintWriter err) throws IOException {
        if (out == null) {
            err.println(Messages.errorOf("export.onnxNeedsOut"));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        try {
            var written = Exports.onnx(Engines.create(), model, source.trainedWeights().orElse(null), seed, out);
            String weights = written.trainedWeights() ? Messages.get("export.trainedWeights")
                    : Messages.get("export.freshWeights", seed);
            err.println(Messages.get(written.normalization() == null ? "export.wroteOnnx" : "export.wroteOnnxStandardised",
                    out, weights));
        } catch (Exports.RefusedException e) {
            err.println(Messages.error(e.getMessage()));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        return 0;
    }

    private String switch0(ModelSpec model) {
        switch (format) {
            case keras: return KerasCode.python(model);
            case dl4j: return Dl4jCode.java(model);
            default: return KerasJson.export(model);
        }
    }
}
