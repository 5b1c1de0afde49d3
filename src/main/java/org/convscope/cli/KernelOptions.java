package org.convscope.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.convscope.core.conv.ConvSettings;
import org.convscope.core.conv.ConvTrace;
import org.convscope.core.conv.Convolution;
import org.convscope.core.conv.KernelPresets;
import org.convscope.core.conv.Volume;
import org.convscope.io.MatrixCsv;
import picocli.CommandLine.Option;

/** The kernel options of {@code convolve} and {@code animate convolve}: kernel, bias, ReLU, flip (a picocli mixin). */
final class KernelOptions {

    @Option(names = {"-k", "--kernel"}, required = true, paramLabel = "K.csv|PRESET", description = "A CSV kernel or a preset name.")
    String kernel;

    @Option(names = "--bias", defaultValue = "0", paramLabel = "B", description = "Added to every output cell.")
    double bias;

    @Option(names = "--relu", description = "Apply ReLU, max(0, x), after the bias.")
    boolean relu;

    @Option(names = "--flip", description = "True convolution: turn the kernel by 180 degrees first.")
    boolean flip;

    /**
     * Reads the kernel: a preset or a CSV file, up to 11x11.
     *
     * @return the kernel {@code [row][col]}
     * @throws IllegalArgumentException naming the presets when the name is unknown, or when it is too large
     * @throws IOException if the CSV cannot be read
     */
    double[][] read() throws IOException {
        return read(kernel);
    }

    /** Reads a kernel given as a preset name or a CSV file, up to 11x11 (also for {@code backprop}'s repeated -k). */
    static double[][] read(String kernel) throws IOException {
        double[][] k = KernelPresets.get(kernel).orElse(null);
        if (k == null) {
            if (!kernel.contains(".") && !kernel.contains("/")) {
                throw new IllegalArgumentException(Messages.get("kernel.noPreset", kernel, String.join(", ", KernelPresets.names())));
            }
            k = MatrixCsv.read(Path.of(kernel));
        }
        if (k.length > 11 || k[0].length > 11) {
            throw new IllegalArgumentException(Messages.get("kernel.tooLarge", k.length, k[0].length));
        }
        return k;
    }

    /** Convolves {@code in} with kernel {@code k} under the window's stride and padding and these options. */
    ConvTrace run(double[][] in, double[][] k, WindowOptions window) {
        ConvSettings s = new ConvSettings(window.strides(), window.paddingValue(), bias, relu, flip);
        return Convolution.run(Volume.of(in), Volume.of(k), s);
    }
}
