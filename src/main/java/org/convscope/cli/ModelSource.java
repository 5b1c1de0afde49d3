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

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "A model file (*.convscope.json).")
    Path file;

    @Option(names = {"-p", "--preset"}, paramLabel = "NAME", description = "A bundled preset instead of a file (see 'convscope presets').")
    String preset;

    /**
     * Loads the model, or prints why not to {@code err}.
     *
     * @param err where errors go
     * @return the model, or empty after an error was printed (exit code 2)
     */
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
        try {
            return Optional.of(ModelJson.read(file));
        } catch (ModelFileException e) {
            err.println("Error in " + file + " at " + e.getMessage());
            return Optional.empty();
        }
    }
}
