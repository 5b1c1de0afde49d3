package org.convscope.cli;

import java.util.concurrent.Callable;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.analysis.SummaryTable;
import org.convscope.core.model.ModelSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convscope summary}: prints a model's Keras-style summary table. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print a model's layers, output shapes and parameter counts, as Keras' model.summary().")
final class SummaryCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ModelArgument source;

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
        var loaded = source.load(err);
        if (loaded.isEmpty()) {
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        ModelSpec model = loaded.get();
        ModelAnalysis analysis = ModelAnalyzer.analyze(model);
        if (!analysis.valid()) {
            err.println(Messages.errorOf("model.cannotBuild"));
            err.println(analysis.problem().orElseThrow().describe());
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        out.print(SummaryTable.render(analysis, macs));
        if (formulas) {
            out.println();
            out.println(Messages.get("summary.formulas"));
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
