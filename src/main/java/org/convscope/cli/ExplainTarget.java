package org.convscope.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.convscope.core.conv.Volume;
import org.convscope.engine.CompiledModel;
import org.convscope.imaging.ImageLoadException;
import org.convscope.imaging.Images;
import org.convscope.imaging.ModelInput;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What {@code gradcam} and {@code occlusion} explain (a picocli mixin): a trained model, an image prepared for it, the
 * class, and where the picture goes; plus the naming and strongest-cell helpers both print with.
 */
final class ExplainTarget {

    @CommandLine.Mixin
    ModelOption model;

    @Option(names = {"-i", "--image"}, required = true, paramLabel = "IMG", description = "The image.")
    Path image;

    @Option(names = {"-c", "--class"}, paramLabel = "NAME|N", description = "The class to explain (default: the predicted one).")
    String className;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "PNG", description = "Where to write the picture.")
    Path out;

    @Option(names = "--labels", paramLabel = "FILE", description = "The class names, one per line, class 0 first"
            + " (default: the names the model was trained or saved with; else \"class k\").")
    Path labels;

    /**
     * The loaded model, the image as its input and the class asked for.
     *
     * @param model the trained model
     * @param input the image cropped and resized to the model's input, pixels 0-1
     * @param classIndex the class, or -1 for the predicted one
     * @param names the class names ({@code --labels} or the model's own); empty when unknown
     */
    record Loaded(CompiledModel model, Volume input, int classIndex, List<String> names) {
    }

    /**
     * Loads the trained model (a saved model or a Keras .h5) and the image, and reads {@code --class}.
     *
     * @param err where the reason goes when the model cannot be used
     * @param task the command, for messages
     * @return the loaded target, or empty after an error was printed (exit code 2)
     */
    java.util.Optional<Loaded> load(java.io.PrintWriter err, String task) throws IOException, ImageLoadException {
        java.util.Optional<CompiledModel> m = model.loadTrained(err, task);
        if (m.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<String> names = org.convscope.app.ClassNames.of(m.get(), labels);
        Volume input = ModelInput.prepare(Images.read(image, Images.DEFAULT_MAX_PIXELS), m.get().spec().input());
        return java.util.Optional.of(new Loaded(m.get(), input, classIndex(className, names), names));
    }

    /** Returns the picture's scale: the model input enlarged to about 256 pixels. */
    static int scale(Volume input) {
        return Math.max(1, 256 / Math.max(input.height(), input.width()));
    }

    /** Returns {@code {row, column}} of the largest value (the first one in row-major order). */
    static int[] strongest(double[][] m) {
        int br = 0;
        int bc = 0;
        for (int r = 0; r < m.length; r++) {
            for (int c = 0; c < m[0].length; c++) {
                if (m[r][c] > m[br][bc]) {
                    br = r;
                    bc = c;
                }
            }
        }
        return new int[] {br, bc};
    }

    /** Returns the loaded target's name for class {@code k}: its {@code --labels} or its model's, else "class k". */
    static String className(Loaded t, int k) {
        return org.convscope.app.ClassNames.name(t.names(), k);
    }

    /**
     * Reads a {@code --class} value: a class name or its number; null means the predicted class (-1).
     *
     * @throws IllegalArgumentException naming the classes when it is neither
     */
    static int classIndex(String className, List<String> names) {
        if (className == null) {
            return -1;
        }
        for (int k = 0; k < names.size(); k++) {
            if (names.get(k).equalsIgnoreCase(className.strip())) {
                return k;
            }
        }
        try {
            return Integer.parseInt(className.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(Messages.get("explain.noClass", className, names.isEmpty()
                    ? Messages.get("explain.noNames") : Messages.get("explain.classes", String.join(", ", names), names.size() - 1)));
        }
    }
}
