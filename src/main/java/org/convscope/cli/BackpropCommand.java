package org.convscope.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.convscope.core.backprop.BackwardPass;
import org.convscope.core.backprop.Forward;
import org.convscope.core.backprop.ForwardPass;
import org.convscope.core.backprop.Optimizer;
import org.convscope.core.backprop.TinyCnn;
import org.convscope.core.backprop.Update;
import org.convscope.core.conv.PoolSettings;
import org.convscope.imaging.ImageLoadException;
import org.convscope.io.MatrixCsv;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code convscope backprop}: one training step of a small CNN (conv -> ReLU -> pool -> Dense -> softmax), printed
 * stage by stage with its arithmetic, and the gradients written as CSV.
 */
@Command(name = "backprop", mixinStandardHelpOptions = true,
        description = "One training step of a small CNN, number by number: conv (one kernel per -k) -> optional ReLU"
            + " -> max or average pooling -> flatten -> Dense -> softmax; the cross-entropy loss, every backward stage"
            + " (Dense, unflatten, pooling, ReLU, conv weights, bias, input), the SGD or Adam update and the loss after it.",
        footer = {"", "An image is read as grayscale and scaled to 0-1; a CSV matrix is used as it is.",
            "The Dense weights come from --dense W.csv (one row per flattened number, one column per class) or are",
            "drawn as PyTorch's nn.Linear draws them, from --seed; its biases start at 0.",
            "", "Example: convscope backprop -i image.csv -k vertical-edge --label 1 --relu --trace --out grads/"})
final class BackpropCommand implements Callable<Integer> {

    /** Pooling modes on the command line. */
    enum Pool { max, avg }

    /** Optimizers on the command line. */
    enum Opt { sgd, adam }

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "M.csv|IMAGE",
            description = "A CSV matrix, or an image (PNG, JPEG, ...) read as grayscale and scaled to 0-1.")
    Path input;

    @Option(names = "--size", paramLabel = "N", description = "Resize an image input so its longer side is N pixels.")
    Integer size;

    @Option(names = {"-k", "--kernel"}, required = true, paramLabel = "K.csv|PRESET",
            description = "A CSV kernel or a preset name; repeat for more kernels (one feature map each).")
    List<String> kernels;

    @Option(names = "--label", required = true, paramLabel = "N", description = "The true class, 0 .. classes-1.")
    int label;

    @Option(names = {"-s", "--stride"}, paramLabel = "S", defaultValue = "1",
            description = "Conv stride, or ROWSxCOLS (default: ${DEFAULT-VALUE}).")
    String stride;

    @Option(names = "--padding", paramLabel = "valid|same|P", defaultValue = "valid",
            description = "Conv padding: valid, same, or P zero cells per side (default: ${DEFAULT-VALUE}).")
    String padding;

    @Option(names = "--bias", defaultValue = "0", paramLabel = "B", description = "Conv bias of every kernel (default: 0).")
    double bias;

    @Option(names = "--relu", description = "ReLU after the conv.")
    boolean relu;

    @Option(names = "--pool", defaultValue = "max", description = "max or avg (default: ${DEFAULT-VALUE}).")
    Pool pool;

    @Option(names = "--pool-size", defaultValue = "2", paramLabel = "Q",
            description = "Pooling window and stride (default: ${DEFAULT-VALUE}).")
    int poolSize;

    @Option(names = "--classes", defaultValue = "3", paramLabel = "K", description = "Classes (default: ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--dense", paramLabel = "W.csv", description = "The Dense weights: n rows, one column per class.")
    Path dense;

    @Option(names = "--lr", paramLabel = "LR", description = "Learning rate (default: 0.1 for sgd, 0.01 for adam).")
    Double lr;

    @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd or adam (default: ${DEFAULT-VALUE}).")
    Opt optimizer;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the random Dense weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--trace", description = "Print every cell's arithmetic, not only the matrices.")
    boolean trace;

    @Option(names = "--out", paramLabel = "DIR", description = "Write every gradient and the updated weights as CSV here.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var stdout = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try {
            double[][] x = readInput();
            TinyCnn net = network(x.length, x[0].length);
            ForwardPass before = Forward.run(net, x, label);
            BackwardPass bp = BackwardPass.of(before);
            Optimizer opt = optimizer == Opt.adam ? Optimizer.adam(lr == null ? 0.01 : lr) : Optimizer.sgd(lr == null ? 0.1 : lr);
            Update update = opt.step(net, bp.gradients());
            ForwardPass after = Forward.run(update.after(), x, label);
            new BackpropReport(stdout, trace).print(bp, update, after);
            if (out != null) {
                int files = BackpropCsv.write(out, bp, update);
                err.println(Messages.get("backprop.wrote", files, out));
            }
            stdout.flush();
            return 0;
        } catch (IllegalArgumentException | ImageLoadException | IOException e) {
            err.println(Messages.error(e.getMessage()));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
    }

    /** Reads the input as {@code convolve} does (through {@link WindowOptions}); an image is scaled to 0-1. */
    private double[][] readInput() throws IOException, ImageLoadException {
        WindowOptions reader = new WindowOptions();
        reader.input = input;
        reader.size = size;
        double[][] m = reader.readInput();
        String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".csv") && !name.endsWith(".txt")) {
            for (double[] row : m) {
                for (int c = 0; c < row.length; c++) {
                    row[c] /= 255;
                }
            }
        }
        return m;
    }

    private TinyCnn network(int h, int w) throws IOException {
        if (classes < 2) {
            throw new IllegalArgumentException(Messages.get("backprop.classes", classes));
        }
        double[][][] k = new double[kernels.size()][][];
        for (int f = 0; f < k.length; f++) {
            k[f] = KernelOptions.read(kernels.get(f));
        }
        WindowOptions geometry = new WindowOptions();
        geometry.stride = stride;
        geometry.padding = padding;
        var strides = geometry.strides();
        var pad = geometry.paddingValue();
        int n = TinyCnn.flatLength(k, strides, pad, poolSize, h, w);
        double[][] weights = dense == null ? TinyCnn.randomDense(n, classes, seed) : MatrixCsv.read(dense);
        if (weights.length != n || weights[0].length != classes) {
            throw new IllegalArgumentException(Messages.get(n == 1 ? "backprop.dense1" : "backprop.denseN", n, classes,
                    weights.length, weights[0].length));
        }
        double[] biases = new double[k.length];
        java.util.Arrays.fill(biases, bias);
        return new TinyCnn(k, biases, strides, pad, relu, pool == Pool.max ? PoolSettings.Mode.MAX
                : PoolSettings.Mode.AVERAGE, poolSize, weights, new double[classes]);
    }
}
