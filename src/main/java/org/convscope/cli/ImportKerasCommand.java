package org.convscope.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.convscope.app.ModelFiles;
import org.convscope.core.model.ModelSpec;
import org.convscope.engine.ImportedModel;
import org.convscope.io.KerasH5;
import org.convscope.io.KerasJson;
import org.convscope.io.ModelFileException;
import org.convscope.io.ModelJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code convscope import-keras}: turns a Keras {@code model.to_json()} file into a ConvScope model file, or a Keras
 * {@code .h5} model file into a trained ConvScope model ({@code *.convscope.zip}) with its weights.
 */
@Command(name = "import-keras", mixinStandardHelpOptions = true,
        description = {"Convert a Keras model into a ConvScope model.",
            "KERAS_FILE is the text of model.to_json() (architecture only, Sequential or a functional chain), or a Keras"
                + " .h5 model file from model.save(\"model.h5\") (architecture and trained weights).",
            "From an .h5 file, -o x.convscope.zip keeps the weights; -o x.convscope.json keeps only the architecture."
                + " Layers ConvScope does not have are listed; the model is then cut before the first of them."})
final class ImportKerasCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "KERAS_FILE", descriptionKey = "kerasFile",
            description = "The Keras model: model.to_json() text or an .h5 file.")
    Path input;

    @Option(names = {"-m", "--model"}, paramLabel = "KERAS_FILE", description = "The Keras model, as KERAS_FILE.")
    Path modelOption;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "MODEL",
            description = "The ConvScope file to write: *.convscope.zip (with weights, from .h5) or *.convscope.json.")
    Path out;

    @Option(names = "--labels", paramLabel = "FILE", description = "The class names, one per line, class 0 first;"
            + " saved with the model in the *.convscope.zip (default: none, the classes are \"class k\").")
    Path labels;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var err = spec.commandLine().getErr();
        if ((input == null) == (modelOption == null) && (input == null || !input.equals(modelOption))) {
            err.println(Messages.errorOf("keras.giveOnce"));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        input = input != null ? input : modelOption;
        ModelFiles.Kind kind = ModelFiles.detect(input);
        if ((!kind.openable() && kind != ModelFiles.Kind.MISSING) || kind == ModelFiles.Kind.ONNX) {
            err.println(Messages.error(ModelFiles.cannotOpen(input, kind)));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        if (kind == ModelFiles.Kind.CONVSCOPE_TRAINED) {
            err.println(Messages.errorOf("keras.already", input.getFileName(), kind.description(), input));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        if (!Files.exists(input)) {
            err.println(Messages.errorOf("file.notFound", input));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        boolean zipOut = out.getFileName() != null
                && out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
        if (labels != null && !zipOut) {
            err.println(Messages.errorOf("keras.labelsNeedZip"));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        if (KerasH5.isHdf5(input) || KerasH5.hasH5Name(input) || kind == ModelFiles.Kind.KERAS_V3) {
            return fromH5(err, zipOut);
        }
        if (zipOut) {
            err.println(Messages.errorOf("keras.jsonNoWeights", input));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        ModelSpec model;
        try {
            if (Files.size(input) > ModelJson.MAX_FILE_BYTES) {
                err.println(Messages.errorOf("keras.tooLarge", input));
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
            model = KerasJson.importJson(Files.readString(input));
        } catch (NoSuchFileException e) {
            err.println(Messages.errorOf("file.notFound", input));
            return ConvScopeCli.EXIT_BAD_INPUT;
        } catch (java.nio.charset.MalformedInputException e) {
            err.println(Messages.errorOf("keras.notText", input));
            return ConvScopeCli.EXIT_BAD_INPUT;
        } catch (ModelFileException e) {
            err.println(Messages.get("errorIn", input, e.getMessage()));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        ModelJson.write(model, out);
        err.println(Messages.get("keras.wroteLayers", out, model.layers().size()));
        return 0;
    }

    private int fromH5(java.io.PrintWriter err, boolean zipOut) throws IOException {
        var engine = org.convscope.app.Engines.create();
        ImportedModel imported;
        try {
            imported = engine.importKeras(input);
        } catch (ModelFileException e) {
            err.println(Messages.get("errorIn", input, e.getMessage()));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        for (String line : imported.structure().describeOmissions()) {
            err.println(Messages.get("note", line));
        }
        ModelSpec model = imported.model().spec();
        if (zipOut) {
            if (labels != null) {
                try {
                    engine.setClassNames(imported.model(), org.convscope.app.ClassNames.of(imported.model(), labels));
                } catch (IOException | IllegalArgumentException e) {
                    err.println(Messages.error(e.getMessage()));
                    return ConvScopeCli.EXIT_BAD_INPUT;
                }
            }
            engine.save(imported.model(), out);
            err.println(Messages.get("keras.wroteWeights", out, model.layers().size(),
                    imported.model().parameterCount(), imported.kerasVersion()));
        } else {
            ModelJson.write(model, out);
            err.println(Messages.get("keras.wroteNoWeights", out, model.layers().size()));
        }
        return 0;
    }
}
