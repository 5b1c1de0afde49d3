package org.convscope.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.convscope.core.conv.ConvTrace;
import org.convscope.core.conv.Num;
import org.convscope.imaging.ImageLoadException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code convscope convolve}: slides a kernel over a matrix or image and shows the arithmetic. */
@Command(name = "convolve", mixinStandardHelpOptions = true,
        description = "Convolve a matrix or image with a kernel (cross-correlation, as CNNs compute; --flip for true convolution).",
        footer = {"", "Kernel presets: %nidentity, vertical-edge, sharpen, box-blur-3, box-blur-5, gaussian-blur, sobel-vertical,",
            "sobel-horizontal, prewitt-vertical, prewitt-horizontal, outline, emboss",
            "", "Example: convscope convolve -i image.csv -k vertical-edge --trace"})
final class ConvolveCommand implements Callable<Integer> {

    @CommandLine.Mixin
    WindowOptions window;

    @CommandLine.Mixin
    KernelOptions kernel;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try {
            double[][] in = window.readInput();
            double[][] k = kernel.read();
            ConvTrace t = kernel.run(in, k, window);
            err.println(describe(t, in.length, in[0].length, k.length, k[0].length));
            window.printTrace(t.steps(), i -> {
                var step = t.step(i);
                return "[" + step.outRow() + "," + step.outCol() + "] " + step.expression();
            }, out);
            window.writeOutput(t.output(), out, err);
            out.flush();
            return 0;
        } catch (IllegalArgumentException | ImageLoadException | IOException e) {
            err.println(Messages.error(e.getMessage()));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
    }

    static String describe(ConvTrace t, int h, int w, int kh, int kw) {
        var g = t.geometry();
        return Messages.get("convolve.describe", h, w, kh, kw, t.settings().flip() ? Messages.get("convolve.flipped") : "",
                g.strides().text(), t.settings().padding().keras(), g.padTop(), g.padLeft(), g.outHeight(), g.outWidth(),
                t.settings().bias() != 0 ? Messages.get("convolve.bias", Num.format(t.settings().bias())) : "",
                t.settings().relu() ? Messages.get("convolve.relu") : "");
    }
}
