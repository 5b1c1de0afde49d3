package org.convscope.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.convscope.engine.Explanations;
import org.convscope.app.Engines;
import org.convscope.engine.Engine;
import org.convscope.imaging.HeatOverlay;
import org.convscope.imaging.ImageLoadException;
import org.convscope.imaging.Images;
import org.convscope.io.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convscope gradcam}: which regions of a conv layer's maps raised a saved model's class score. */
@Command(name = "gradcam", mixinStandardHelpOptions = true,
        description = {"Grad-CAM: weight each map of the last conv layer (or --layer) by the mean gradient of the class's"
                + " score, keep the positive sum, enlarge it to the image and draw it over the image (red: what raised"
                + " the class).",
                "Writes the map over the image as a PNG; --values writes the enlarged map as CSV."})
final class GradCamCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ExplainTarget target;

    @Option(names = {"-l", "--layer"}, paramLabel = "N|NAME",
            description = "An image-shaped layer (default: the last Conv2D layer with its activation; in a graph model"
                    + " the last maps every path to the output goes through).")
    String layer;

    @Option(names = "--opacity", defaultValue = "0.8", description = "Of the hottest part of the map over the image, 0-1 (default: ${DEFAULT-VALUE}).")
    double opacity;

    @Option(names = "--values", paramLabel = "OUT.csv", description = "Also write the enlarged map's values as CSV.")
    Path values;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var stdout = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try {
            var loaded = target.load(err, "gradcam");
            if (loaded.isEmpty()) {
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
            ExplainTarget.Loaded t = loaded.get();
            Engine engine = Engines.create();
            int at = layer == null ? 0 : FeatureMapsCommand.resolveLayer(t.model().spec(), layer);
            long t0 = System.nanoTime();
            var map = Explanations.gradCam(engine, t.model(), t.input(), t.classIndex(), at);
            double ms = (System.nanoTime() - t0) / 1e6;
            Images.writePng(HeatOverlay.renderPositive(t.input(), map.cam().map(), opacity, ExplainTarget.scale(t.input())),
                    target.out);
            double[][] coarse = map.cam().coarse();
            int[] cell = ExplainTarget.strongest(coarse);
            if (values != null) {
                // every value as it is (Num.exact): Grad-CAM values are often far below any fixed number of decimals
                org.convscope.io.MatrixCsv.write(map.cam().map(), values);
            }
            String name = ExplainTarget.className(t, map.classIndex());
            stdout.println(Messages.get("gradcam.result", name, map.probability(), map.layer(),
                    map.layerName(), coarse.length, coarse[0].length, map.cam().alpha().length, cell[0], cell[1],
                    coarse[cell[0]][cell[1]], ms, target.out));
            if (map.cam().max() == 0) {
                stdout.println(Messages.get("gradcam.empty", name));
            }
            stdout.flush();
            return 0;
        } catch (IOException | ImageLoadException | IllegalArgumentException e) {
            err.println(Messages.error(e.getMessage()));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
    }
}
