package org.convscope.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.convscope.core.model.ModelSpec;
import org.convscope.io.ModelFileException;
import org.convscope.io.ModelJson;
import org.convscope.io.KerasJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convscope import-keras}: turns a Keras {@code model.to_json()} file into a ConvScope model file. */
@Command(name = "import-keras", mixinStandardHelpOptions = true,
        description = "Convert a Keras Sequential model.to_json() file into a ConvScope model file.")
final class ImportKerasCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "KERAS_JSON", description = "The Keras architecture file.")
    Path input;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "MODEL", description = "The ConvScope model file to write.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var err = spec.commandLine().getErr();
        ModelSpec model;
        try {
            if (Files.size(input) > ModelJson.MAX_FILE_BYTES) {
                err.println("Error: " + input + " is too large for a Keras architecture file (weights cannot be imported).");
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
            model = KerasJson.importJson(Files.readString(input));
        } catch (NoSuchFileException e) {
            err.println("Error: file not found: " + input);
            return ConvScopeCli.EXIT_BAD_INPUT;
        } catch (ModelFileException e) {
            err.println("Error in " + input + " at " + e.getMessage());
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        ModelJson.write(model, out);
        err.println("Wrote " + out + " (" + model.layers().size() + " layers)");
        return 0;
    }
}
