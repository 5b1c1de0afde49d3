package org.convscope.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * picocli's complaints about the arguments (an unknown option, a missing one, a value of the wrong kind) in the run's
 * language: picocli writes them in English only, so in German and Spanish the common kinds are said with the CLI's
 * bundle, followed, as picocli does, by the suggestions or the (translated) usage help. In English picocli's own
 * handler runs unchanged.
 */
final class ArgumentProblems implements CommandLine.IParameterExceptionHandler {

    private final CommandLine.IParameterExceptionHandler english;

    /** @param english picocli's handler, kept for English */
    ArgumentProblems(CommandLine.IParameterExceptionHandler english) {
        this.english = english;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) throws Exception {
        if (ResourceBundle.getBundle(Messages.BUNDLE, Locale.getDefault()).getLocale().getLanguage().isEmpty()) {
            return english.handleParseException(ex, args); // the base bundle: English
        }
        CommandLine line = ex.getCommandLine();
        PrintWriter err = line.getErr();
        err.println(Messages.error(problem(ex)));
        List<String> suggestions = ex instanceof CommandLine.UnmatchedArgumentException u ? u.getSuggestions() : List.of();
        if (suggestions.isEmpty()) {
            line.usage(err);
        } else {
            err.println(Messages.get("args.suggestions", String.join(", ", suggestions)));
        }
        return line.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The complaint in the run's language: the common kinds from the bundle, any other in picocli's words. */
    static String problem(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u) {
            return Messages.get("args.unmatched", u.getUnmatched().stream().map(s -> "'" + s + "'")
                    .collect(Collectors.joining(", ")));
        }
        if (ex instanceof CommandLine.MissingParameterException m) {
            return Messages.get("args.missing", m.getMissing().stream().map(ArgumentProblems::name)
                    .collect(Collectors.joining(", ")));
        }
        if (ex.getArgSpec() != null && ex.getValue() != null) {
            return Messages.get("args.invalid", name(ex.getArgSpec()), ex.getValue());
        }
        return ex.getMessage();
    }

    private static String name(ArgSpec a) {
        return a instanceof OptionSpec o ? "'" + o.longestName() + "'" : a.paramLabel();
    }
}
