package org.convscope.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.ModelSpec;
import org.convscope.io.AtomicFiles;
import org.convscope.io.Dl4jCode;
import org.convscope.io.KerasCode;
import org.convscope.io.KerasJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convscope export}: writes a model as Keras Python, DL4J Java or Keras JSON. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a model as Keras Python code, DL4J Java code or a Keras model.to_json() file.")
final class ExportCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format { keras, dl4j, keras_json }

    @CommandLine.Mixin
    ModelArgument source;

    @Option(names = "--to", required = true, paramLabel = "FORMAT",
            description = "keras (Python), dl4j (Java) or keras_json.")
    Format format;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path out;

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

    private String switch0(ModelSpec model) {
        switch (format) {
            case keras: return KerasCode.python(model);
            case dl4j: return Dl4jCode.java(model);
            default: return KerasJson.export(model);
        }
    }
}
