package org.convscope.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.convscope.core.image.Raster;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.imaging.ImageLoadException;
import org.convscope.imaging.Images;
import org.convscope.io.MatrixCsv;
import picocli.CommandLine.Option;

/** Options shared by {@code convolve} and {@code pool}: input, stride, padding, trace, output (a picocli mixin). */
final class WindowOptions {

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "M.csv|IMAGE",
            description = "A CSV matrix, or an image (PNG, JPEG, ...) read as grayscale 0-255.")
    Path input;

    @Option(names = "--size", paramLabel = "N", description = "Resize an image input so its longer side is N pixels.")
    Integer size;

    @Option(names = {"-s", "--stride"}, paramLabel = "S", description = "Stride, or ROWSxCOLS (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    String stride;

    @Option(names = "--padding", paramLabel = "valid|same|P", defaultValue = "valid",
            description = "valid, same, or P zero cells per side (default: ${DEFAULT-VALUE}).")
    String padding;

    @Option(names = "--trace", description = "Print every step's arithmetic.")
    boolean trace;

    @Option(names = {"-o", "--out"}, paramLabel = "OUT.csv|OUT.png",
            description = "Write the output matrix as CSV, or as a PNG (min-max stretched to 0-255).")
    Path out;

    double[][] readInput() throws IOException, ImageLoadException {
        String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv") || name.endsWith(".txt")) {
            return MatrixCsv.read(input);
        }
        Raster r = Images.grayscale(Images.read(input, Images.DEFAULT_MAX_PIXELS));
        if (size != null) {
            r = Images.resizeLongSide(r, size, Images.Interpolation.AREA);
        }
        return r.toVolume(false).channel(0);
    }

    Size2 strides() {
        return parsePair(stride, "--stride");
    }

    Padding paddingValue() {
        String p = padding.strip().toLowerCase(Locale.ROOT);
        if (p.equals("valid")) {
            return Padding.VALID;
        }
        if (p.equals("same")) {
            return Padding.SAME;
        }
        try {
            int n = Integer.parseInt(p);
            if (n < 0) {
                throw new IllegalArgumentException(Messages.get("padding.bad", padding));
            }
            return Padding.of(n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(Messages.get("padding.bad", padding));
        }
    }

    static Size2 parsePair(String text, String option) {
        try {
            String[] parts = text.toLowerCase(Locale.ROOT).split("x");
            Size2 s = parts.length == 1 ? Size2.square(Integer.parseInt(parts[0].strip()))
                    : new Size2(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            if (parts.length > 2 || !s.positive()) {
                throw new NumberFormatException();
            }
            return s;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(Messages.get("size.bad", option, text));
        }
    }

    /**
     * Prints every step's arithmetic when {@code --trace} is given, one line per output cell.
     *
     * @param steps number of output cells
     * @param line the text of step {@code i}, e.g. {@code [0,0] 7*1 + ... = 6}
     * @param out where it goes
     */
    void printTrace(int steps, java.util.function.IntFunction<String> line, java.io.PrintWriter out) {
        if (trace) {
            for (int i = 0; i < steps; i++) {
                out.println(line.apply(i));
            }
            out.println();
        }
    }

    void writeOutput(double[][] m, java.io.PrintWriter stdout, java.io.PrintWriter err) throws IOException {
        if (out == null) {
            stdout.print(MatrixCsv.format(m));
        } else if (out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            Images.writePng(Raster.fromMatrix(m, true), out);
            err.println(Messages.get("matrix.wrotePng", out, m.length, m[0].length));
        } else {
            MatrixCsv.write(m, out);
            err.println(Messages.get("matrix.wrote", out, m.length, m[0].length));
        }
    }
}
