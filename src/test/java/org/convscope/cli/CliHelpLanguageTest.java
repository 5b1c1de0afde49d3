package org.convscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The usage help of {@code convscope} and its most used commands comes in the JVM's language (or the one
 * {@code --language} names) from {@code org/convscope/cli/help*.properties}, and that bundle is complete: German and
 * Spanish have every English key, and every option and parameter of those commands has a key.
 */
class CliHelpLanguageTest {

    /** The commands whose help is translated. */
    static final List<String> TRANSLATED = List.of("summary", "train", "convolve", "pool", "predict", "backprop");

    private Locale before;

    @BeforeEach
    void remember() {
        before = Locale.getDefault();
    }

    @AfterEach
    void restore() {
        Locale.setDefault(before);
    }

    /** The help a run prints, its lines joined with single spaces. */
    private static String help(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ConvScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        return out.toString().replaceAll("\\s+", " "); // one line: picocli wraps long texts at 80 columns
    }

    static Properties load(String suffix) throws IOException {
        try (InputStream in = CliHelpLanguageTest.class.getResourceAsStream("/org/convscope/cli/help" + suffix
                + ".properties")) {
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return p;
        }
    }

    @Test
    void helpFollowsTheJvmsLanguage() {
        Locale.setDefault(Locale.ENGLISH);
        String en = help("--help");
        assertTrue(en.contains("See how a convolutional neural network works.") && en.contains("Usage: convscope"), en);
        Locale.setDefault(Locale.GERMAN);
        String de = help("--help");
        assertTrue(de.contains("Sehen, wie ein Convolutional Neural Network"), de);
        assertTrue(de.contains("Aufruf: convscope") && de.contains("Befehle:"), de);
        assertTrue(de.contains("Diese Hilfe zeigen und beenden."), de);
        // the commands' list shows each translated command's first line
        assertTrue(de.contains("Die Schichten, Ausgabeformen und Parameterzahlen eines Modells ausgeben"), de);
        String train = help("train", "--help");
        assertTrue(train.contains("Durchläufe über die Trainingsbilder (Standard: 2)."), "the default is filled in: " + train);
        assertTrue(train.contains("Lernrate (Standard: 0.001)."), train);
        String summary = help("summary", "-h");
        assertTrue(summary.contains("Eine Modelldatei (*.convscope.json)"), "the MODEL parameter: " + summary);
        Locale.setDefault(Locale.forLanguageTag("es-ES"));
        String predict = help("predict", "--help");
        assertTrue(predict.contains("Las tres clases más probables") && predict.contains("Imágenes que clasificar."),
                predict);
        assertTrue(help("convolve", "--help").contains("Convolucionar una matriz o una imagen con un kernel"));
    }

    @Test
    void languageOptionChoosesTheLanguageAnywhereOnTheLine() {
        Locale.setDefault(Locale.ENGLISH);
        assertTrue(help("--language", "de", "pool", "--help").contains("Pooling einer Matrix oder eines Bildes"));
        assertTrue(help("backprop", "--help", "--language", "es").contains("Un paso de entrenamiento de una CNN"));
        assertEquals(Locale.forLanguageTag("es"), Locale.getDefault(), "the run's language is the JVM's");
        assertTrue(help("--language", "fr", "--help").contains("See how a convolutional"), "no French: English");
        assertEquals(List.of("gui", "--language", "de"), List.of(ConvScopeCli.language(new String[] {"gui", "--language",
                "de"})), "gui reads its own --language");
        assertEquals(List.of("summary", "--", "--language"), List.of(ConvScopeCli.language(new String[] {"summary", "--",
                "--language"})));
    }

    @Test
    void germanAndSpanishHaveEveryKeyAndNoOther() throws IOException {
        Set<String> en = load("").stringPropertyNames();
        for (String lang : List.of("_de", "_es")) {
            Properties p = load(lang);
            Set<String> missing = new TreeSet<>(en);
            missing.removeAll(p.stringPropertyNames());
            Set<String> extra = new TreeSet<>(p.stringPropertyNames());
            extra.removeAll(en);
            assertEquals(Set.of(), missing, "keys missing from help" + lang);
            assertEquals(Set.of(), extra, "keys in help" + lang + " that help.properties lacks");
            List<String> wrong = new ArrayList<>();
            for (String key : p.stringPropertyNames()) {
                String v = p.getProperty(key);
                String english = load("").getProperty(key);
                if (v.isBlank() != english.isBlank()) {
                    wrong.add(key + ": blank in one language only");
                }
                if (v.contains("${DEFAULT-VALUE}") != english.contains("${DEFAULT-VALUE}")) {
                    wrong.add(key + ": ${DEFAULT-VALUE} in one language only");
                }
                if (!v.isBlank() && v.equals(english) && !v.startsWith("  ") && !v.startsWith("sobel")) {
                    wrong.add(key + ": not translated");
                }
            }
            assertEquals(List.of(), wrong, lang);
        }
    }

    @Test
    void everyOptionAndParameterOfTheTranslatedCommandsHasAKey() throws IOException {
        Properties en = load("");
        CommandLine cl = new CommandLine(new ConvScopeCli());
        List<CommandSpec> specs = new ArrayList<>(List.of(cl.getCommandSpec()));
        TRANSLATED.forEach(n -> specs.add(cl.getSubcommands().get(n).getCommandSpec()));
        List<String> missing = new ArrayList<>();
        for (CommandSpec s : specs) {
            String q = s.qualifiedName(".");
            if (!en.containsKey(q + ".usage.description") && !en.containsKey(q + ".usage.description.0")) {
                missing.add(q + ".usage.description");
            }
            for (OptionSpec o : s.options()) {
                String key = o.usageHelp() ? "help" : o.versionHelp() ? "version"
                        : q + "." + o.longestName().replaceFirst("^-+", "");
                if (!en.containsKey(key) && !en.containsKey(key + ".0")) {
                    missing.add(key);
                }
            }
            for (PositionalParamSpec p : s.positionalParameters()) {
                String key = p.descriptionKey();
                if (key.isEmpty() || !en.containsKey(key) && !en.containsKey(q + "." + key)) {
                    missing.add(q + " " + p.paramLabel() + " (descriptionKey '" + key + "')");
                }
            }
        }
        assertTrue(specs.size() == 7 && en.size() > 100, "the bundle covers the commands, " + en.size() + " keys");
        assertEquals(List.of(), missing);
        assertFalse(en.getProperty("convscope.train.epochs").contains("2"), "defaults come from the options");
    }
}
