package org.convscope.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.convscope.core.conv.PoolSettings;
import org.convscope.core.conv.PoolTrace;
import org.convscope.core.conv.Pooling;
import org.convscope.core.model.Size2;
import org.convscope.imaging.ImageLoadException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convscope pool}: max, average or mixed pooling of a matrix or image, with the arithmetic. */
@Command(name = "pool", mixinStandardHelpOptions = true,
        description = "Pool a matrix or image: max, average, or mixed (lambda*max + (1-lambda)*mean).")
final class PoolCommand implements Callable<Integer> {

    /** Pooling modes on the command line. */
    enum Mode { max, avg, mixed }

    @CommandLine.Mixin
    WindowOptions window;

    @Option(names = {"-m", "--mode"}, defaultValue = "max", description = "max, avg or mixed (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = {"-k", "--pool-size"}, defaultValue = "2", paramLabel = "K", description = "Window size, or ROWSxCOLS (default: ${DEFAULT-VALUE}).")
    String poolSize;

    @Option(names = "--lambda", defaultValue = "0.5", description = "Weight of the max in mixed pooling (default: ${DEFAULT-VALUE}).")
    double lambda;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try {
            double[][] in = window.readInput();
            Size2 pool = WindowOptions.parsePair(poolSize, "--pool-size");
            // Keras: strides default to the pool size.
            boolean strideGiven = spec.commandLine().getParseResult().hasMatchedOption("--stride");
            Size2 strides = strideGiven ? window.strides() : pool;
            PoolSettings s = new PoolSettings(pool, strides, window.paddingValue(),
                    mode == Mode.max ? PoolSettings.Mode.MAX : mode == Mode.avg ? PoolSettings.Mode.AVERAGE
                            : PoolSettings.Mode.MIXED, mode == Mode.mixed ? lambda : 1);
            PoolTrace t = Pooling.run(in, s);
            var g = t.geometry();
            err.println("Input " + in.length + "x" + in[0].length + ", " + mode + " pool " + pool.text() + ", stride "
                    + strides.text() + ", padding " + s.padding().keras() + " -> output " + g.outHeight() + "x" + g.outWidth());
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
}
