package org.convscope.cli;

import java.io.PrintWriter;
import org.convscope.AppInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code convscope} command line: a headless front end over the same core as the app.
 *
 * <p>Exit codes: 0 success, 1 failure while running, 2 bad input (usage, bad model file, impossible model).
 */
@Command(name = "convscope", mixinStandardHelpOptions = true, versionProvider = ConvScopeCli.Version.class,
        description = {"See how a convolutional neural network works.",
                "Run without arguments to open the app; the commands below work without a display.",
                "Open the app on a model: convscope gui [--presenter] [--high-contrast] [--language en|de|es] [--preset ID | MODEL.convscope.json | --lesson FILE]"},
        subcommands = {SummaryCommand.class, PresetsCommand.class, ConvolveCommand.class, PoolCommand.class,
            FeatureMapsCommand.class, FiltersCommand.class, ExportCommand.class, ImportKerasCommand.class,
            TrainCommand.class, EvaluateCommand.Evaluate.class, EvaluateCommand.Predict.class, OcclusionCommand.class,
            GradCamCommand.class, AugmentCommand.class, EmbedCommand.class, BenchCommand.class,
            BackpropCommand.class, AnimateCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Examples:", "  convscope summary --preset tf-cifar-cnn", "  convscope summary my-model.convscope.json --macs"})
public final class ConvScopeCli implements Runnable {

    /** Exit code for bad input: usage errors, unreadable or impossible models. */
    public static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line with {@code System.out} and {@code System.err}; returns the exit code. */
    public static int run(String[] args) {
        return run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    /**
     * Runs the command line with the given streams.
     *
     * @param args arguments without the program name
     * @param out where results go
     * @param err where errors go
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new ConvScopeCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println("Error: " + ex.getMessage());
            return 1;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Reports the build's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {AppInfo.NAME + " " + AppInfo.version(),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
