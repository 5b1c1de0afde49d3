package org.convscope.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.convscope.core.conv.ConvSettings;
import org.convscope.core.conv.ConvTrace;
import org.convscope.core.conv.Convolution;
import org.convscope.core.conv.KernelPresets;
import org.convscope.core.conv.Num;
import org.convscope.core.conv.Volume;
import org.convscope.imaging.ImageLoadException;
import org.convscope.io.MatrixCsv;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convscope convolve}: slides a kernel over a matrix or image and shows the arithmetic. */
@Command(name = "convolve", mixinStandardHelpOptions = true,
        description = "Convolve a matrix or image with a kernel (cross-correlation, as CNNs compute; --flip for true convolution).",
        footer = {"", "Kernel presets: %nidentity, vertical-edge, sharpen, box-blur-3, box-blur-5, gaussian-blur, sobel-vertical,",
            "sobel-horizontal, prewitt-vertical, prewitt-horizontal, outline, emboss",
            "", "Example: convscope convolve -i image.csv -k vertical-edge --trace"})
final class ConvolveCommand implements Callable<Integer> {

    @CommandLine.Mixin
    WindowOptions window;

    @Option(names = {"-k", "--kernel"}, required = true, paramLabel = "K.csv|PRESET", description = "A CSV kernel or a preset name.")
    String kernel;

    @Option(names = "--bias", defaultValue = "0", paramLabel = "B", description = "Added to every output cell.")
    double bias;

    @Option(names = "--relu", description = "Apply ReLU, max(0, x), after the bias.")
    boolean relu;

    @Option(names = "--flip", description = "True convolution: turn the kernel by 180 degrees first.")
    boolean flip;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try {
            double[][] in = window.readInput();
            double[][] k = KernelPresets.get(kernel).orElse(null);
            if (k == null) {
                if (!kernel.contains(".") && !kernel.contains("/")) {
                    err.println("Error: no kernel preset \"" + kernel + "\"; presets: " + String.join(", ", KernelPresets.names()));
                    return ConvScopeCli.EXIT_BAD_INPUT;
                }
                k = MatrixCsv.read(Path.of(kernel));
            }
            if (k.length > 11 || k[0].length > 11) {
                err.println("Error: kernels up to 11x11 are supported, got " + k.length + "x" + k[0].length);
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
            ConvSettings s = new ConvSettings(window.strides(), window.paddingValue(), bias, relu, flip);
            ConvTrace t = Convolution.run(Volume.of(in), Volume.of(k), s);
            err.println(describe(t, in.length, in[0].length, k.length, k[0].length));
            window.printTrace(t.steps(), i -> {
                var step = t.step(i);
                return "[" + step.outRow() + "," + step.outCol() + "] " + step.expression();
            }, out);
            window.writeOutput(t.output(), out, err);
            out.flush();
            return 0;
        } catch (IllegalArgumentException | ImageLoadException | IOException e) {
            err.println("Error: " + e.getMessage());
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
    }

    static String describe(ConvTrace t, int h, int w, int kh, int kw) {
        var g = t.geometry();
        return "Input " + h + "x" + w + ", kernel " + kh + "x" + kw + (t.settings().flip() ? " (flipped)" : "")
                + ", stride " + g.strides().text() + ", padding " + t.settings().padding().keras()
                + " (top " + g.padTop() + ", left " + g.padLeft() + ") -> output " + g.outHeight() + "x" + g.outWidth()
                + (t.settings().bias() != 0 ? ", bias " + Num.format(t.settings().bias()) : "")
                + (t.settings().relu() ? ", ReLU" : "");
    }
}
