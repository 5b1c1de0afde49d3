package org.convscope.cli;

import org.convscope.core.conv.PoolSettings;
import org.convscope.core.model.Size2;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The pooling options of {@code pool} and {@code animate pool}: mode, window, lambda (a picocli mixin). */
final class PoolOptions {

    /** Pooling modes on the command line. */
    enum Mode { max, avg, mixed }

    @Option(names = {"-m", "--mode"}, defaultValue = "max", description = "max, avg or mixed (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = {"-k", "--pool-size"}, defaultValue = "2", paramLabel = "K", description = "Window size, or ROWSxCOLS (default: ${DEFAULT-VALUE}).")
    String poolSize;

    @Option(names = "--lambda", defaultValue = "0.5", description = "Weight of the max in mixed pooling (default: ${DEFAULT-VALUE}).")
    double lambda;

    /**
     * The settings these options and the window's give; the strides default to the pool size, as in Keras.
     *
     * @param window the input, stride and padding options
     * @param spec the command, to see whether {@code --stride} was given
     * @return the settings
     */
    PoolSettings settings(WindowOptions window, CommandLine.Model.CommandSpec spec) {
        Size2 pool = WindowOptions.parsePair(poolSize, "--pool-size");
        boolean strideGiven = spec.commandLine().getParseResult().hasMatchedOption("--stride");
        Size2 strides = strideGiven ? window.strides() : pool;
        return new PoolSettings(pool, strides, window.paddingValue(),
                mode == Mode.max ? PoolSettings.Mode.MAX : mode == Mode.avg ? PoolSettings.Mode.AVERAGE
                        : PoolSettings.Mode.MIXED, mode == Mode.mixed ? lambda : 1);
    }
}
