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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
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
 * The usage help of {@code convscope} and every command and sub-command under it comes in the JVM's language (or the
 * one {@code --language} names) from {@code org/convscope/cli/help*.properties}, and that bundle is complete: German
 * and Spanish have every English key, and every command, option and parameter of the whole tree has a key.
 */
class CliHelpLanguageTest {

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

    /** Every command of the tree under {@code convscope}, sub-commands of sub-commands included, each once. */
    static List<CommandLine> tree(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Deque<CommandLine> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            CommandLine c = todo.removeFirst();
            if (seen.add(c.getCommandSpec().qualifiedName("."))) { // aliases map to the same command
                all.add(c);
                todo.addAll(c.getSubcommands().values());
            }
        }
        return all;
    }

    /** The key picocli reads an option's text from: "help"/"version", else the command's name, a dot, the longest name. */
    private static String optionKey(String q, OptionSpec o, Properties p) {
        if (o.usageHelp()) {
            return "help";
        }
        if (o.versionHelp()) {
            return "version";
        }
        String k = o.descriptionKey().isEmpty() ? o.longestName().replaceFirst("^-+", "") : o.descriptionKey();
        return p.containsKey(q + "." + k) || p.containsKey(q + "." + k + ".0") ? q + "." + k : k;
    }

    /** A key's text, its numbered lines (key.0, key.1, ...) joined by newlines where it has several. */
    private static String text(Properties p, String key) {
        if (p.containsKey(key)) {
            return p.getProperty(key);
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; p.containsKey(key + "." + i); i++) {
            lines.add(p.getProperty(key + "." + i));
        }
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    @Test
    void everyCommandOptionAndParameterOfTheWholeTreeHasAKeyInEachLanguage() throws IOException {
        CommandLine cl = new CommandLine(new ConvScopeCli());
        List<CommandLine> all = tree(cl);
        List<String> names = all.stream().map(c -> c.getCommandSpec().qualifiedName(" ")).toList();
        assertTrue(names.containsAll(List.of("convscope bench train", "convscope bench open", "convscope animate pool",
                "convscope animate curves", "convscope import-keras", "convscope help", "convscope gradcam")), "" + names);
        assertTrue(all.size() >= 29, "the walk reaches every command: " + names);
        for (String lang : List.of("", "_de", "_es")) {
            Properties p = load(lang);
            List<String> missing = new ArrayList<>();
            for (CommandLine c : all) {
                CommandSpec s = c.getCommandSpec();
                String q = s.qualifiedName(".");
                if (text(p, q + ".usage.description") == null) {
                    missing.add(q + ".usage.description");
                }
                for (OptionSpec o : s.options()) {
                    if (text(p, optionKey(q, o, p)) == null) {
                        missing.add(optionKey(q, o, p));
                    }
                }
                for (PositionalParamSpec pp : s.positionalParameters()) {
                    String key = pp.descriptionKey();
                    if (key.isEmpty() || !p.containsKey(key) && !p.containsKey(q + "." + key)) {
                        missing.add(q + " " + pp.paramLabel() + " (descriptionKey '" + key + "')");
                    }
                }
            }
            assertEquals(List.of(), missing, "keys missing from help" + lang);
        }
        assertFalse(load("").getProperty("convscope.train.epochs").contains("2"), "defaults come from the options");
    }

    /**
     * What picocli really shows in German and Spanish is the bundle's text, for every command and every option of the
     * tree: a key that picocli looks up under another name than the bundle's would leave English on screen.
     */
    @Test
    void everyCommandShowsTheBundlesTextInGermanAndSpanish() throws IOException {
        for (Locale locale : List.of(Locale.GERMAN, Locale.forLanguageTag("es"))) {
            Locale.setDefault(locale);
            Properties p = load("_" + locale.getLanguage());
            List<String> wrong = new ArrayList<>();
            for (CommandLine c : tree(new CommandLine(new ConvScopeCli()))) {
                CommandSpec s = c.getCommandSpec();
                String q = s.qualifiedName(".");
                String shown = String.join("\n", s.usageMessage().description());
                if (!shown.equals(text(p, q + ".usage.description"))) {
                    wrong.add(q + ": " + shown);
                }
                for (OptionSpec o : s.options()) {
                    String want = text(p, optionKey(q, o, p)).replace("${DEFAULT-VALUE}", String.valueOf(o.defaultValue()));
                    if (!String.join("\n", o.description()).equals(want)) {
                        wrong.add(q + " " + o.longestName() + ": " + String.join(" ", o.description()));
                    }
                }
            }
            assertEquals(List.of(), wrong, locale.toString());
        }
    }

    @Test
    void theSubcommandsHelpReadsAsAGermanOrSpanishUserExpects() {
        Locale.setDefault(Locale.GERMAN);
        String maps = help("featuremaps", "--help");
        assertTrue(maps.contains("die Merkmalskarten einer Schicht als PNG-Raster speichern"), maps);
        assertTrue(maps.contains("Startwert (Seed) der Anfangsgewichte (Standard: 42)."), "default filled in: " + maps);
        String bench = help("bench", "train", "-h");
        assertTrue(bench.contains("Trainingsdurchsatz") && bench.contains("Batchgröße (Standard: 64)."), bench);
        String animate = help("animate", "convolve", "--help");
        assertTrue(animate.contains("Der Durchlauf der Faltung") && animate.contains("Schrittweite (Stride)"), animate);
        assertTrue(animate.contains("Die Animation (OUT.gif)"), "-o writes the animation here: " + animate);
        assertTrue(help("help", "--help").contains("Die Hilfe zum angegebenen Befehl anzeigen."));
        Locale.setDefault(Locale.forLanguageTag("es"));
        String gradcam = help("gradcam", "--help");
        assertTrue(gradcam.contains("cada mapa de características de la última capa convolucional"), gradcam);
        String pool = help("animate", "pool", "-h");
        assertTrue(pool.contains("El barrido del pooling") && pool.contains("Relleno (padding): valid, same o P celdas de ceros por lado")
                && pool.contains("(por defecto: valid)"), pool);
        assertTrue(help("--help").contains("Listar los modelos de ejemplo incluidos."), "the commands' list");
    }
}
