package org.convscope.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.convscope.core.conv.Volume;
import org.convscope.core.task.CancelToken;
import org.convscope.data.CifarImages;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Explanations;
import org.convscope.engine.dl4j.Dl4jEngine;
import org.convscope.imaging.HeatOverlay;
import org.convscope.imaging.ImageLoadException;
import org.convscope.imaging.Images;
import org.convscope.imaging.ModelInput;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convscope occlusion}: which regions of an image a saved model's prediction depends on. */
@Command(name = "occlusion", mixinStandardHelpOptions = true,
        description = {"Slide a grey patch over an image and map how much a class's probability drops where it hides"
                + " the image (red: the model relied on it; blue: hiding it helps the class).",
                "Writes the map over the image as a PNG."})
final class OcclusionCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL.convscope.zip", description = "A saved trained model, or a Keras .h5 model file.")
    Path model;

    @Option(names = {"-i", "--image"}, required = true, paramLabel = "IMG", description = "The image.")
    Path image;

    @Option(names = {"-c", "--class"}, paramLabel = "NAME|N", description = "The class to explain (default: the predicted one).")
    String className;

    @Option(names = "--patch", defaultValue = "8", description = "Patch side in model-input pixels (default: ${DEFAULT-VALUE}).")
    int patch;

    @Option(names = "--stride", defaultValue = "2", description = "Step between patch positions (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(names = "--opacity", defaultValue = "0.55", description = "Of the map over the image, 0-1 (default: ${DEFAULT-VALUE}).")
    double opacity;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "PNG", description = "Where to write the picture.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var stdout = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try {
            Dl4jEngine engine = new Dl4jEngine();
            CompiledModel m = ModelSource.loadWeights(engine, model);
            Volume input = ModelInput.prepare(Images.read(image, Images.DEFAULT_MAX_PIXELS), m.spec().input());
            List<String> names = CifarImages.STANDARD_CLASS_NAMES;
            int target = classIndex(className, names);
            long t0 = System.nanoTime();
            var map = Explanations.occlusion(engine, m, input, target, patch, stride, 0.5, CancelToken.NEVER);
            double ms = (System.nanoTime() - t0) / 1e6;
            int scale = Math.max(1, 256 / Math.max(input.height(), input.width()));
            Images.writePng(HeatOverlay.render(input, map.drops(), opacity, scale), out);
            int br = 0;
            int bc = 0;
            for (int r = 0; r < map.drops().length; r++) {
                for (int c = 0; c < map.drops()[0].length; c++) {
                    if (map.drops()[r][c] > map.drops()[br][bc]) {
                        br = r;
                        bc = c;
                    }
                }
            }
            String name = OcclusionCommand.className(m, map.classIndex());
            stdout.println(String.format(Locale.ROOT, "%s: p=%.3f; largest drop %.3f around row %d, column %d (%dx%d patch,"
                    + " stride %d, %.0f ms); wrote %s", name, map.probability(), map.drops()[br][bc], br, bc, patch, patch,
                    stride, ms, out));
            stdout.flush();
            return 0;
        } catch (IOException | ImageLoadException | IllegalArgumentException e) {
            err.println("Error: " + e.getMessage());
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
    }

    /**
     * Reads a {@code --class} value: a class name or its number; null means the predicted class (-1).
     *
     * @throws IllegalArgumentException naming the classes when it is neither
     */
    /** Returns CIFAR-10's name for class {@code k} of a 10-class model, {@code "class k"} otherwise. */
    static String className(CompiledModel m, int k) {
        var layers = m.spec().layers();
        boolean cifar = !layers.isEmpty() && layers.get(layers.size() - 1) instanceof org.convscope.core.model.LayerSpec.Dense d
                && d.units() == CifarImages.STANDARD_CLASS_NAMES.size();
        return cifar ? CifarImages.STANDARD_CLASS_NAMES.get(k) : "class " + k;
    }

    static int classIndex(String className, List<String> names) {
        if (className == null) {
            return -1;
        }
        int target = names.indexOf(className.toLowerCase(Locale.ROOT).strip());
        if (target >= 0) {
            return target;
        }
        try {
            return Integer.parseInt(className.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("no class \"" + className + "\"; classes: " + String.join(", ", names)
                    + " (or 0-9)");
        }
    }
}
