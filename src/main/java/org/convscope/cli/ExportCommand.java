package org.convscope.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.convscope.app.Engines;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.ModelSpec;
import org.convscope.io.AtomicFiles;
import org.convscope.io.Dl4jCode;
import org.convscope.io.KerasCode;
import org.convscope.io.KerasJson;
import org.convscope.io.PyTorchProject;
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

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var err = spec.commandLine().getErr();
        var loaded = source.load(err);
        if (loaded.isEmpty()) {
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        ModelSpec model = loaded.get();
        var analysis = ModelAnalyzer.analyze(model);
        if (!analysis.valid()) {
            err.println("Error: this model cannot be built, so it is not exported.");
            err.println(analysis.problem().orElseThrow().describe());
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        var refused = org.convscope.core.model.EngineSupport.refusal(model);
        if (format != Format.keras_json && refused.isPresent()) { // the code writers know chains of runnable layers
            err.println("Error: only --to keras_json writes this model yet: " + refused.get());
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
            err.println("Wrote " + out);
        }
        return 0;
    }

    /** Writes the PyTorch project folder, with the file's trained weights and input standardisation if it has them. */
    private int pytorch(ModelSpec model, java.io.PrintWriter err) throws IOException {
        if (out == null) {
            err.println("Error: --to pytorch writes a folder; give it with -o DIR.");
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        var why = PyTorchProject.unsupported(model);
        if (why.isPresent()) {
            err.println("Error: PyTorch cannot express this model as ConvScope computes it: " + why.get()
                    + " Nothing was written.");
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        String opt = optimizer.toLowerCase(java.util.Locale.ROOT);
        if (!opt.equals("adam") && !opt.equals("sgd") || epochs < 1 || batch < 1 || !(learningRate > 0)) {
            err.println("Error: --optimizer must be adam or sgd, and --epochs, --batch and --lr positive.");
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        var trained = source.trainedWeights().filter(w -> w.spec().equals(model));
        var weights = trained.map(w -> Engines.create().kerasWeights(w)).orElse(null);
        var normalization = trained.flatMap(w -> w.inputNormalization()).orElse(null);
        try {
            PyTorchProject.write(model, normalization, weights,
                    new PyTorchProject.Settings(epochs, batch, learningRate, opt, seed), out, force);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            err.println("Error: " + out + " exists; --force replaces it. Nothing was written.");
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        err.println("Wrote " + out + (weights == null ? " (fresh weights)" : " (with the trained weights)")
                + "; see " + out.resolve("README.md") + " for the torchrun commands.");
        return 0;
    }

    /** Writes the model and its weights (the file's trained ones, or fresh ones from --seed) as ONNX. */
    private int onnx(ModelSpec model, java.io.PrintWriter err) throws IOException {
        if (out == null) {
            err.println("Error: --to onnx writes a binary file; give it with -o FILE.onnx.");
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        var engine = Engines.create();
        var trained = source.trainedWeights().filter(w -> w.spec().equals(model));
        var network = trained.orElseGet(() -> engine.compile(model, seed));
        engine.exportOnnx(network, out);
        err.println("Wrote " + out + " (ONNX opset 13, " + (trained.isPresent() ? "the trained weights"
                : "fresh weights, seed " + seed) + ")");
        if (network.inputNormalization().isPresent()) {
            err.println("Note: the model standardises its input, so the graph starts with Sub and Div; ONNX Runtime"
                    + " and PyTorch run it, but ConvScope's ONNX import does not read those two ops yet.");
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
