package org.convscope.cli;

import static org.convscope.testing.JavaSource.closingParen;
import static org.convscope.testing.JavaSource.stripComments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No sentence for people is written in the command line's sources: every string literal in {@code org.convscope.cli}
 * with prose in it (a letter outside format specifiers, and a space, or one capitalised word) fails the test unless it
 * is a bundle key ({@code Messages.get("train.saved", ...)}), sits in a picocli annotation (the English fallback of
 * {@code help.properties}, which {@link CliHelpLanguageTest} checks key by key), is in {@link #ALLOWED} with its
 * reason, or is part of the bench commands' measurement log ({@link #MEASUREMENT_LOGS}). Unlike the UI's scanner ({@code UiLiteralsTest}) it does not look for printing calls: the CLI builds
 * sentences in helpers ({@code describe()}, titles drawn into PNGs) that are printed elsewhere, so every literal counts.
 */
class CliLiteralsTest {

    private static final Path CLI = Path.of("src/main/java/org/convscope/cli");

    /**
     * Literals that stay as they are, by file and text. Each group says why: none of them is a sentence a person reads
     * in place of a translated one.
     */
    static final Set<String> ALLOWED = Set.of(
            // machine-readable lines that scripts and tests parse (src/bench/compare.sh greps "Final val_accuracy";
            // the epoch line is key=value): they never change with the language
            "TrainCommand.java \"%s Final val_accuracy %.3f on %d validation images.\"",
            "TrainCommand.java \"epoch %d/%d loss=%.4f acc=%.3f val_loss=%.4f val_acc=%.3f img/s=%.0f (%.1f s)\"",
            // the backprop lesson's formulas: symbols and operators, the same in every language
            "BackpropReport.java \" -> ReLU\"", "BackpropReport.java \" = X (*) K\"", "BackpropReport.java \" + b\"",
            "BackpropReport.java \" = ReLU(Z\"", "BackpropReport.java \" = pool(A\"", "BackpropReport.java \"x = flatten(P) = \"",
            "BackpropReport.java \"db = delta = \"", "BackpropReport.java \"dx = \"", "BackpropReport.java \" [Z\"",
            // a unit, a command-line fragment the user types, and the version line's "Java 17.0.9 (vendor)"
            "AnimateCommand.java \"%.1f KB\"", "ModelChoice.java \"--preset \"", "ConvScopeCli.java \"Java \"");

    /**
     * The bench commands' measurement log stays English as a whole: developers compare its lines across machines, runs
     * and commits, and src/bench/compare.sh reads its {@code img/s=} lines. Their usage help and their "Error:" lines
     * are translated like every other command's.
     */
    static final Set<String> MEASUREMENT_LOGS = Set.of("BenchCommand.java", "BenchEngineCommands.java",
            "BenchLayoutCommand.java", "BenchOpenCommand.java");

    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** A format specifier ({@code %-12s}, {@code %,.1f}, {@code %n}) or an escape ({@code \n}, {@code \u00d7}). */
    private static final Pattern SPECIFIER = Pattern.compile("%[-#+ 0,(\\d.$]*[a-zA-Z%]|\\\\u[0-9a-fA-F]{4}|\\\\.");
    /** The keys of {@code Messages.get("key", ...)}, {@code errorOf("key", ...)}: a key is not a text. */
    private static final Pattern KEY = Pattern.compile("\\b(Messages\\.get|Messages\\.errorOf|errorOf)\\(\\s*\"[^\"]*\"");
    /** The picocli annotations: their text is the English fallback of help.properties. */
    private static final Pattern ANNOTATION = Pattern.compile("@(Command|Option|Parameters|CommandLine\\.Command"
            + "|CommandLine\\.Option|CommandLine\\.Parameters|ArgGroup)\\s*\\(");

    @Test
    void theCliPrintsNoTextOutsideTheBundles() throws IOException {
        List<String> found = new ArrayList<>();
        Set<String> allowedSeen = new TreeSet<>();
        int files = 0;
        try (Stream<Path> all = Files.list(CLI)) {
            for (Path f : all.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                files++;
                String name = f.getFileName().toString();
                for (String hit : MEASUREMENT_LOGS.contains(name) ? List.<String>of() : prose(name, Files.readString(f))) {
                    String entry = hit.replaceFirst(":\\d+ ", " ");
                    if (ALLOWED.contains(entry)) {
                        allowedSeen.add(entry);
                    } else {
                        found.add(hit);
                    }
                }
            }
        }
        assertTrue(files >= 30, "the cli package's files are read: " + files);
        assertEquals(List.of(), found, "sentences for people outside org/convscope/cli/messages*.properties");
        Set<String> stale = new TreeSet<>(ALLOWED);
        stale.removeAll(allowedSeen);
        assertEquals(Set.of(), stale, "allowed literals that are no longer in the code: drop them from ALLOWED");
    }

    @Test
    void theScannerFindsSentencesAndLetsKeysOptionsAndFormatsPass() {
        String code = """
                @Option(names = "--out", description = "The PNG to write.")
                Path out;
                void run() {
                    err.println("Wrote " + out);
                    err.println(Messages.get("wrote", out));
                    err.println(Messages.errorOf("keras.giveOnce"));
                    out.println(String.format(Locale.ROOT, "%s%-12s %.3f", pad, name, p));
                    if (opt.equals("adam") || name.endsWith(".png")) {
                        throw new IllegalArgumentException("--flip must be h, v, hv or none, got " + flip);
                    }
                    // a comment with "Some words" in it
                    String title = "layer " + index; /* "Another sentence" */
                    cl.execute("--model", "x.convscope.json", "-p", "tf-cifar-cnn");
                    String unit = "%.1f KB";
                    return "Input";
                }
                """;
        assertEquals(List.of("X.java:4 \"Wrote \"", "X.java:9 \"--flip must be h, v, hv or none, got \"",
                "X.java:12 \"layer \"", "X.java:14 \"%.1f KB\"", "X.java:15 \"Input\""), prose("X.java", code));
    }

    /** The literals with prose in them outside comments, keys and picocli annotations, as "file:line \"literal\"". */
    static List<String> prose(String file, String code) {
        String text = blank(blank(stripComments(code), KEY, false), ANNOTATION, true);
        List<String> found = new ArrayList<>();
        Matcher lit = LITERAL.matcher(text);
        while (lit.find()) {
            String s = lit.group(1);
            String words = SPECIFIER.matcher(s).replaceAll(" ");
            boolean letters = words.chars().anyMatch(Character::isLetter);
            if (letters && (s.chars().anyMatch(Character::isWhitespace) || words.strip().matches("\\p{Lu}\\p{Ll}+"))) {
                int line = 1 + (int) text.substring(0, lit.start()).chars().filter(c -> c == '\n').count();
                found.add(file + ":" + line + " \"" + s + "\"");
            }
        }
        return found;
    }

    /** Turns each match of {@code p} into spaces (line breaks kept), up to its closing parenthesis when asked. */
    private static String blank(String text, Pattern p, boolean toParen) {
        StringBuilder sb = new StringBuilder(text);
        Matcher m = p.matcher(text);
        while (m.find()) {
            int end = toParen ? closingParen(text, m.end() - 1) + 1 : m.end();
            for (int i = m.start(); i < Math.max(end, m.end()); i++) {
                if (sb.charAt(i) != '\n') {
                    sb.setCharAt(i, ' ');
                }
            }
        }
        return sb.toString();
    }
}
