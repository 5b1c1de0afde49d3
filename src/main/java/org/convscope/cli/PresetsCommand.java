package org.convscope.cli;

import java.util.concurrent.Callable;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.analysis.SummaryTable;
import org.convscope.io.PresetTexts;
import org.convscope.io.Presets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code convscope presets}: lists the bundled example models, named and described in the user's language. */
@Command(name = "presets", mixinStandardHelpOptions = true, description = "List the bundled example models.")
final class PresetsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        int width = Presets.ids().stream().mapToInt(String::length).max().orElse(10) + 2;
        for (Presets.Preset p : Presets.all()) {
            long params = ModelAnalyzer.analyze(p.model()).totalParams();
            String id = String.format(java.util.Locale.ROOT, "%-" + width + "s", p.id());
            out.println(Messages.get("presets.line", id, SummaryTable.thousands(params),
                    PresetTexts.name(p.model())));
            out.println(Messages.get("presets.description", " ".repeat(width), "",
                    PresetTexts.description(p.model())));
        }
        out.flush();
        return 0;
    }
}
