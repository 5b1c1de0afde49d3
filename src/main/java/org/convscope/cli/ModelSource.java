package org.convscope.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.convscope.core.model.ModelSpec;
import org.convscope.io.ModelFileException;
import org.convscope.io.ModelJson;
import org.convscope.io.Presets;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The model a command works on: a model file or {@code --preset NAME} (a picocli mixin). */
final class ModelSource {

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
            description = "A model file (*.convscope.json), a saved trained model (*.convscope.zip) or a Keras model file"
                    + " with its weights (*.h5) where weights matter.")
    Path file;

    private org.convscope.engine.CompiledModel trained;

    @Option(names = {"-p", "--preset"}, paramLabel = "NAME", description = "A bundled preset instead of a file (see 'convscope presets').")
    String preset;

    /**
     * Loads the model, or prints why not to {@code err}.
     *
     * @param err where errors go
     * @return the model, or empty after an error was printed (exit code 2)
     */
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
    static boolean fitsHeap(ModelSpec model, java.util.function.ToLongFunction<org.convscope.core.analysis.MemoryEstimate> need,
            String what, PrintWriter err) {
        var analysis = org.convscope.core.analysis.ModelAnalyzer.analyze(model);
        if (!analysis.valid()) {
            return true;
        }
        String tooBig = org.convscope.core.analysis.MemoryEstimate.check(
                3 * need.applyAsLong(org.convscope.core.analysis.MemoryEstimate.of(analysis)),
                Runtime.getRuntime().maxMemory() / 2, what);
        if (!tooBig.isEmpty()) {
            err.println("Error: " + tooBig);
            return false;
        }
        return true;
    }

    /** True when the file holds weights: a saved trained model ({@code *.zip}) or a Keras {@code .h5} file. */
    boolean isTrainedModel() {
        return file != null && file.getFileName() != null
                && (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".zip") || isKeras());
    }

    private boolean isKeras() {
        return file != null && (org.convscope.io.KerasH5.hasH5Name(file) || org.convscope.io.KerasH5.isHdf5(file));
    }

    /**
     * Returns the network after {@link #load}: the trained model's own weights, or fresh ones from {@code seed}.
     *
     * @param spec the model {@link #load} returned
     * @param seed the seed for fresh weights
     */
    org.convscope.engine.CompiledModel network(org.convscope.engine.dl4j.Dl4jEngine engine, ModelSpec spec, long seed) {
        return trained != null && trained.spec().equals(spec) ? trained : engine.compile(spec, seed);
    }

    /**
     * Loads a model with weights for commands that need them: a saved trained model ({@code *.convscope.zip}) or a
     * Keras {@code .h5} file (whose unsupported layers are left out, as {@code import-keras} lists them).
     *
     * @throws java.io.IOException with a message for the user
     */
    static org.convscope.engine.CompiledModel loadWeights(org.convscope.engine.dl4j.Dl4jEngine engine, Path file)
            throws java.io.IOException {
        if (org.convscope.io.KerasH5.hasH5Name(file) || org.convscope.io.KerasH5.isHdf5(file)) {
            try {
                return engine.importKeras(file).model();
            } catch (ModelFileException e) {
                throw new java.io.IOException(file + " at " + e.getMessage(), e);
            }
        }
        return engine.load(file);
    }

    /** Describes the weights {@link #network} gives, for output: {@code trained (file)} or {@code untrained, seed 42}. */
    String weights(long seed) {
        return trained != null ? "trained weights from " + file.getFileName() : "untrained weights, seed " + seed;
    }

    Optional<ModelSpec> load(PrintWriter err) {
        if ((file == null) == (preset == null)) {
            err.println("Error: give either a model file or --preset NAME (not both).");
            err.println("Presets: " + String.join(", ", Presets.ids()));
            return Optional.empty();
        }
        if (preset != null) {
            Optional<ModelSpec> found = Presets.find(preset);
            if (found.isEmpty()) {
                err.println("Error: no preset named \"" + preset + "\". Presets: " + String.join(", ", Presets.ids()));
            }
            return found;
        }
        if (isKeras()) {
            try {
                var imported = new org.convscope.engine.dl4j.Dl4jEngine().importKeras(file);
                trained = imported.model();
                for (String line : imported.structure().describeOmissions()) {
                    err.println("Note: " + line);
                }
                err.flush();
                return Optional.of(trained.spec());
            } catch (ModelFileException e) {
                err.println("Error in " + file + " at " + e.getMessage());
                return Optional.empty();
            }
        }
        if (isTrainedModel()) {
            try {
                trained = new org.convscope.engine.dl4j.Dl4jEngine().load(file);
                return Optional.of(trained.spec());
            } catch (java.io.IOException | IllegalArgumentException e) {
                err.println("Error: cannot load the trained model " + file + ": " + e.getMessage());
                return Optional.empty();
            }
        }
        try {
            return Optional.of(ModelJson.read(file));
        } catch (ModelFileException e) {
            err.println("Error in " + file + " at " + e.getMessage());
            return Optional.empty();
        }
    }
}
