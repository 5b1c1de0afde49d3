package org.convscope.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.convscope.core.conv.PoolSettings;
import org.convscope.core.conv.PoolTrace;
import org.convscope.core.conv.Pooling;
import org.convscope.imaging.ImageLoadException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code convscope pool}: max, average or mixed pooling of a matrix or image, with the arithmetic. */
@Command(name = "pool", mixinStandardHelpOptions = true,
        description = "Pool a matrix or image: max, average, or mixed (lambda*max + (1-lambda)*mean).")
final class PoolCommand implements Callable<Integer> {

    @CommandLine.Mixin
    WindowOptions window;

    @CommandLine.Mixin
    PoolOptions pooling;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try {
            double[][] in = window.readInput();
            PoolSettings s = pooling.settings(window, spec);
            PoolTrace t = Pooling.run(in, s);
            var g = t.geometry();
            err.println(Messages.get("pool.describe", in.length, in[0].length, pooling.mode, s.pool().text(), s.strides().text(),
                    s.padding().keras(), g.outHeight(), g.outWidth()));
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
}
