package org.convscope.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The model a command works on (a picocli mixin): {@code -m/--model FILE}, the file as the first parameter, or
 * {@code -p/--preset NAME}; every command that takes a model and has no other parameters uses it.
 */
final class ModelArgument extends ModelSource {

    @Option(names = {"-m", "--model"}, paramLabel = "FILE",
            description = "The model file (as the MODEL parameter): *.convscope.json, *.convscope.zip or a Keras .h5.")
    Path modelOption;

    @Override
    Path file() {
        return modelOption != null ? modelOption : file;
    }

    @Override
    String forms() {
        return Messages.get("model.formsArgument");
    }

    @Override
    boolean checkArguments(PrintWriter err) {
        if (modelOption != null && file != null && !modelOption.equals(file)) {
            err.println(Messages.errorOf("model.twoFiles", file, modelOption));
            return false;
        }
        return super.checkArguments(err);
    }
}
