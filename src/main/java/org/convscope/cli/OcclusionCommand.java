package org.convscope.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.convscope.core.task.CancelToken;
import org.convscope.engine.Explanations;
import org.convscope.app.Engines;
import org.convscope.engine.Engine;
import org.convscope.imaging.HeatOverlay;
import org.convscope.imaging.ImageLoadException;
import org.convscope.imaging.Images;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convscope occlusion}: which regions of an image a saved model's prediction depends on. */
@Command(name = "occlusion", mixinStandardHelpOptions = true,
        description = {"Slide a grey patch over an image and map how much a class's probability drops where it hides"
                + " the image (red: the model relied on it; blue: hiding it helps the class).",
                "Writes the map over the image as a PNG."})
final class OcclusionCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ExplainTarget target;

    @Option(names = "--patch", defaultValue = "8", description = "Patch side in model-input pixels (default: ${DEFAULT-VALUE}).")
    int patch;

    @Option(names = "--stride", defaultValue = "2", description = "Step between patch positions (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(names = "--opacity", defaultValue = "0.55", description = "Of the map over the image, 0-1 (default: ${DEFAULT-VALUE}).")
    double opacity;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var stdout = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try {
            var loaded = target.load(err, "occlusion");
            if (loaded.isEmpty()) {
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
            ExplainTarget.Loaded t = loaded.get();
            Engine engine = Engines.create();
            long t0 = System.nanoTime();
            var map = Explanations.occlusion(engine, t.model(), t.input(), t.classIndex(), patch, stride, 0.5,
                    CancelToken.NEVER);
            double ms = (System.nanoTime() - t0) / 1e6;
            Images.writePng(HeatOverlay.render(t.input(), map.drops(), opacity, ExplainTarget.scale(t.input())), target.out);
            int[] at = ExplainTarget.strongest(map.drops());
            String name = ExplainTarget.className(t, map.classIndex());
            stdout.println(Messages.get("occlusion.result", name, map.probability(), map.drops()[at[0]][at[1]], at[0], at[1],
                    patch, patch, stride, ms, target.out));
            stdout.flush();
            return 0;
        } catch (IOException | ImageLoadException | IllegalArgumentException e) {
            err.println(Messages.error(e.getMessage()));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
    }
}
