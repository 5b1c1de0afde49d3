package org.convscope.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The model a command works on (a picocli mixin), for commands whose parameters are something else (images):
 * {@code -m/--model FILE} or {@code -p/--preset NAME}.
 */
final class ModelOption extends ModelChoice {

    @Option(names = {"-m", "--model"}, paramLabel = "FILE",
            description = "A saved trained model (*.convscope.zip) or a Keras model file with its weights (.h5).")
    Path file;

    @Override
    Path file() {
        return file;
    }
}
