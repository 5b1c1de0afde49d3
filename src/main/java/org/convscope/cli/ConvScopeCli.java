package org.convscope.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.convscope.AppInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code convscope} command line: a headless front end over the same core as the app.
 *
 * <p>Exit codes: 0 success, 1 failure while running, 2 bad input (usage, bad model file, impossible model).
 *
 * <p>The usage help of every command and sub-command comes from the bundle {@code org/convscope/cli/help} (English,
 * German, Spanish) in the JVM's language, or the one {@code --language en|de|es} names anywhere on the line; the
 * annotations' English is only a fallback. The CLI's own sentences ({@link Messages}, bundle
 * {@code org/convscope/cli/messages}) and picocli's complaints about the arguments ({@link ArgumentProblems}) follow
 * the same language, as do core's messages (shape errors, training).
 */
@Command(name = "convscope", mixinStandardHelpOptions = true, versionProvider = ConvScopeCli.Version.class,
        resourceBundle = "org.convscope.cli.help",
        description = {"See how a convolutional neural network works.",
                "Run without arguments to open the app; the commands below work without a display.",
                "Open the app on a model: convscope gui [--presenter] [--high-contrast] [--language en|de|es] [--preset ID | MODEL.convscope.json | --lesson FILE]",
                "Help and messages follow the system's language; --language en|de|es anywhere on the line chooses one."},
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
        args = language(args);
        CommandLine cl = new CommandLine(new ConvScopeCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(new ArgumentProblems(cl.getParameterExceptionHandler()));
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println(Messages.error(ex.getMessage()));
            return 1;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * Takes {@code --language XX} out of the arguments (before a {@code --}) and makes XX the JVM's language for this
     * run, as a system locale would: the help bundle and core's messages follow it; the format locale (how numbers
     * print) stays. English, German and Spanish have texts; any other language means English.
     *
     * @return the other arguments, in order
     */
    static String[] language(String[] args) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        int end = rest.indexOf("--");
        int i = rest.indexOf("--language");
        if (i < 0 || end >= 0 && i > end || i + 1 >= rest.size() || rest.get(0).equals("gui")) {
            return args; // gui reads --language itself
        }
        String tag = Locale.forLanguageTag(rest.get(i + 1)).getLanguage();
        Locale wanted = List.of("de", "es").contains(tag) ? Locale.forLanguageTag(tag) : Locale.ENGLISH;
        Locale format = Locale.getDefault(Locale.Category.FORMAT);
        Locale.setDefault(wanted);
        Locale.setDefault(Locale.Category.FORMAT, format);
        rest.remove(i + 1);
        rest.remove(i);
        return rest.toArray(String[]::new);
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
