package org.convscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.convscope.app.Engines;
import org.convscope.app.ModelFiles;
import org.convscope.app.OpenedModel;
import org.convscope.core.analysis.MemoryEstimate;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.ModelSpec;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.io.ModelFileException;
import org.convscope.io.Presets;
import picocli.CommandLine.Option;

/**
 * The model a command works on, a picocli mixin: a model file of any kind {@link ModelFiles} opens, or
 * {@code -p/--preset NAME}. Subclasses say how the file is given ({@link ModelSource}: as the first parameter;
 * {@link ModelArgument}: that or {@code -m/--model}; {@link ModelOption}: {@code -m/--model} only).
 */
abstract class ModelChoice {

    @Option(names = {"-p", "--preset"}, paramLabel = "NAME", description = "A bundled preset instead of a file (see 'convscope presets').")
    String preset;

    private OpenedModel opened;

    /** Returns the model file given, or null. */
    abstract Path file();

    /** Returns how the file is given, for messages, e.g. {@code "a model file or --preset NAME"}. */
    String forms() {
        return Messages.get("model.forms");
    }

    /** Returns true when a model is given at all (a file or a preset). */
    boolean given() {
        return file() != null || preset != null;
    }

    /**
     * Prints why the arguments do not name exactly one model, or returns true.
     *
     * @param err where errors go
     */
    boolean checkArguments(PrintWriter err) {
        if ((file() == null) == (preset == null)) {
            err.println(Messages.errorOf("model.giveEither", forms()));
            err.println(Messages.get("presets.list", String.join(", ", Presets.ids())));
            return false;
        }
        return true;
    }

    /**
     * Loads the model (a file's trained weights are kept for {@link #network}), or prints why not to {@code err}.
     *
     * @param err where errors and notes go
     * @return the model, or empty after an error was printed (exit code 2)
     */
    Optional<ModelSpec> load(PrintWriter err) {
        if (!checkArguments(err)) {
            return Optional.empty();
        }
        if (preset != null) {
            Optional<ModelSpec> found = Presets.find(preset);
            if (found.isEmpty()) {
                err.println(Messages.errorOf("preset.unknown", preset, String.join(", ", Presets.ids())));
            }
            return found;
        }
        Path file = file();
        try {
            opened = ModelFiles.open(file, Engines::create);
        } catch (ModelFileException e) {
            err.println(Messages.get("errorIn", file, e.getMessage()));
            return Optional.empty();
        } catch (ModelFiles.UnusableFileException e) {
            err.println(Messages.error(e.getMessage()));
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            err.println(Messages.errorOf("model.cannotLoad", file, e.getMessage()));
            return Optional.empty();
        }
        for (String line : opened.notes()) {
            err.println(Messages.get("note", line));
        }
        err.flush();
        return Optional.of(opened.spec());
    }

    /**
     * Loads a model with trained weights, for commands that need them (predict, gradcam, ...), or prints why not: a
     * preset or a model file without weights is named as such, with how to train one.
     *
     * @param err where errors go
     * @param task the command, e.g. {@code "gradcam"}
     * @return the network with the file's weights, or empty after an error was printed (exit code 2)
     */
    Optional<CompiledModel> loadTrained(PrintWriter err, String task) {
        if (preset != null && file() == null && Presets.find(preset).isPresent()) {
            err.println(Messages.error(ModelFiles.withoutWeights(Messages.get("preset.noWeights", preset), task,
                    "--preset " + preset)));
            return Optional.empty();
        }
        if (load(err).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(org.convscope.app.WholeModel.require(opened.requireWeights(task), task));
        } catch (ModelFiles.UnusableFileException | org.convscope.app.WholeModel.PartialModelException e) {
            err.println(Messages.error(e.getMessage()));
            return Optional.empty();
        }
    }

    /**
     * After {@link #load}, prints why a task that needs the whole model cannot use a file read only up to an
     * unsupported layer ({@link org.convscope.app.WholeModel}), or returns false when the model is whole.
     *
     * @param err where the reason goes
     * @param task the command, e.g. {@code "train"}
     * @return true after printing the refusal (exit code 2)
     */
    boolean refusedAsPartial(PrintWriter err, String task) {
        Optional<String> why = trainedWeights().flatMap(m -> org.convscope.app.WholeModel.refusal(m, task));
        why.ifPresent(w -> err.println(Messages.error(w)));
        return why.isPresent();
    }

    /**
     * Returns the network after {@link #load}: the file's own weights, or fresh ones from {@code seed}.
     *
     * @param engine builds fresh networks
     * @param spec the model {@link #load} returned
     * @param seed the seed for fresh weights
     */
    CompiledModel network(Engine engine, ModelSpec spec, long seed) {
        Optional<CompiledModel> trained = opened == null ? Optional.empty() : opened.weights();
        return trained.isPresent() && trained.get().spec().equals(spec) ? trained.get() : engine.compile(spec, seed);
    }

    /** Returns the opened file's trained weights after {@link #load}, if it had any (exporters carry them). */
    Optional<CompiledModel> trainedWeights() {
        return opened == null ? Optional.empty() : opened.weights();
    }

    /** Describes the weights {@link #network} gives, for output: {@code trained (file)} or {@code untrained, seed 42}. */
    String weights(long seed) {
        return opened != null && opened.trained() ? Messages.get("weights.trained", file().getFileName())
                : Messages.get("weights.untrained", seed);
    }

    /**
     * Checks, from the analyzer's estimate alone (nothing is allocated), that a model fits the JVM heap for a task:
     * three times the estimate within half the heap, as the app's screens check it. An invalid model passes: building
     * it explains the problem. Prints the refusal to {@code err}.
     *
     * @param model the model
     * @param need the bytes the task needs, from the estimate
     * @param what the task, e.g. {@code "to show feature maps"}
     * @return false after printing why it does not fit
     */
    static boolean fitsHeap(ModelSpec model, ToLongFunction<MemoryEstimate> need, String what, PrintWriter err) {
        var analysis = ModelAnalyzer.analyze(model);
        if (!analysis.valid()) {
            return true;
        }
        String tooBig = MemoryEstimate.check(3 * need.applyAsLong(MemoryEstimate.of(analysis)),
                Runtime.getRuntime().maxMemory() / 2, what);
        if (!tooBig.isEmpty()) {
            err.println(Messages.error(tooBig));
            return false;
        }
        return true;
    }
}
