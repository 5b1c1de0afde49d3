package org.convscope.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.analysis.SummaryTable;
import org.convscope.core.model.ModelSpec;
import org.convscope.io.ModelFileException;
import org.convscope.io.ModelJson;
import org.convscope.io.Presets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convscope summary}: prints a model's Keras-style summary table. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print a model's layers, output shapes and parameter counts, as Keras' model.summary().")
final class SummaryCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "A model file (*.convscope.json).")
    Path file;

    @Option(names = {"-p", "--preset"}, paramLabel = "NAME", description = "A bundled preset instead of a file (see 'convscope presets').")
    String preset;

    @Option(names = "--macs", description = "Add a column of multiply-accumulates per image, and their total.")
    boolean macs;

    @Option(names = "--formulas", description = "After the table, show how each output shape and parameter count was computed.")
    boolean formulas;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if ((file == null) == (preset == null)) {
            err.println("Error: give either a model file or --preset NAME (not both).");
            err.println("Presets: " + String.join(", ", Presets.ids()));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        ModelSpec model;
        if (preset != null) {
            var found = Presets.find(preset);
            if (found.isEmpty()) {
                err.println("Error: no preset named \"" + preset + "\". Presets: " + String.join(", ", Presets.ids()));
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
            model = found.get();
        } else {
            try {
                model = ModelJson.read(file);
            } catch (ModelFileException e) {
                err.println("Error in " + file + " at " + e.getMessage());
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
        }
        ModelAnalysis analysis = ModelAnalyzer.analyze(model);
        if (!analysis.valid()) {
            err.println("Error: this model cannot be built.");
            err.println(analysis.problem().orElseThrow().describe());
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        out.print(SummaryTable.render(analysis, macs));
        if (formulas) {
            out.println();
            out.println("How each shape and count is computed:");
            for (LayerInfo l : analysis.layers()) {
                if (!l.formula().isEmpty()) {
                    out.println("  " + l.name() + ": " + l.formula());
                }
            }
        }
        out.flush();
        return 0;
    }
}
