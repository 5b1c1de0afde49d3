package org.convscope.cli;

import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/**
 * The model a command works on, given as its first parameter or {@code -p/--preset NAME} (a picocli mixin);
 * {@link ModelArgument} adds {@code -m/--model FILE}.
 */
class ModelSource extends ModelChoice {

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", descriptionKey = "modelParameter",
            description = "A model file (*.convscope.json), a saved trained model (*.convscope.zip) or a Keras model file"
                    + " with its weights (*.h5) where weights matter; chosen by the file's content.")
    Path file;

    @Override
    Path file() {
        return file;
    }

    @Override
    String forms() {
        return Messages.get("model.formsSource");
    }
}
