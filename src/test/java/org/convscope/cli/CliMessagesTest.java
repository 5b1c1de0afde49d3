package org.convscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.convscope.io.Presets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's own sentences (errors, notes, results) come from {@code org/convscope/cli/messages*.properties}
 * in the language the help uses (the JVM's, or {@code --language}); English output stays as it was, and German and
 * Spanish have every key with the same format arguments.
 */
class CliMessagesTest {

    /** Keys whose text is rightly the same in a language as in English: Spanish "Error", and "ReLU". */
    private static final Set<String> SAME_AS_ENGLISH = Set.of("_es error", "_de convolve.relu", "_es convolve.relu");
    private static final Pattern CONVERSION = Pattern.compile("%(\\d+\\$)?[-#+ 0,(]*\\d*(\\.\\d+)?([a-zA-Z%])");

    private Locale before;

    @TempDir
    Path dir;

    @BeforeEach
    void remember() {
        before = Locale.getDefault();
    }

    @AfterEach
    void restore() {
        Locale.setDefault(before);
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ConvScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    static Properties load(String suffix) throws IOException {
        try (InputStream in = CliMessagesTest.class.getResourceAsStream("/org/convscope/cli/messages" + suffix
                + ".properties")) {
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return p;
        }
    }

    /** The conversions of a pattern, in argument order ({@code %2$s} counts as the second), widths and flags dropped. */
    private static List<String> conversions(String pattern) {
        List<String> in = new ArrayList<>();
        Matcher m = CONVERSION.matcher(pattern);
        int next = 0;
        List<String[]> found = new ArrayList<>();
        while (m.find()) {
            String conv = m.group(3);
            if (conv.equals("n") || conv.equals("%")) {
                continue;
            }
            int index = m.group(1) == null ? next++ : Integer.parseInt(m.group(1).replace("$", "")) - 1;
            found.add(new String[] {String.format("%03d", index), (m.group(2) == null ? "" : m.group(2)) + conv});
        }
        found.sort((a, b) -> a[0].compareTo(b[0]));
        found.forEach(f -> in.add(f[1]));
        return in;
    }

    @Test
    void germanAndSpanishHaveEveryKeyWithTheSameArguments() throws IOException {
        Properties en = load("");
        assertTrue(en.size() > 120, "the CLI's sentences are in the bundle: " + en.size());
        for (String lang : List.of("_de", "_es")) {
            Properties p = load(lang);
            Set<String> missing = new TreeSet<>(en.stringPropertyNames());
            missing.removeAll(p.stringPropertyNames());
            Set<String> extra = new TreeSet<>(p.stringPropertyNames());
            extra.removeAll(en.stringPropertyNames());
            assertEquals(Set.of(), missing, "keys missing from messages" + lang);
            assertEquals(Set.of(), extra, "keys in messages" + lang + " that English lacks");
            List<String> wrong = new ArrayList<>();
            for (String key : en.stringPropertyNames()) {
                String e = en.getProperty(key);
                String t = p.getProperty(key);
                if (!conversions(e).equals(conversions(t))) {
                    wrong.add(key + ": " + conversions(e) + " in English, " + conversions(t) + " here");
                }
                if (e.equals(t) && !SAME_AS_ENGLISH.contains(lang + " " + key)) {
                    wrong.add(key + ": not translated");
                }
            }
            assertEquals(List.of(), wrong, "messages" + lang);
        }
        assertEquals(List.of("s", ".3f"), conversions("%2$.3f then %1$s"), "reordered arguments count as given");
    }

    @Test
    void errorsComeInTheLanguageTheLineAsksFor() {
        Locale.setDefault(Locale.ENGLISH);
        String ids = String.join(", ", Presets.ids());
        Run en = run("summary", "--preset", "nope");
        assertEquals(ConvScopeCli.EXIT_BAD_INPUT, en.code());
        assertEquals("Error: no preset named \"nope\". Presets: " + ids, en.err().strip(), "English stays as before");
        Run de = run("summary", "--preset", "nope", "--language", "de");
        assertEquals(ConvScopeCli.EXIT_BAD_INPUT, de.code());
        assertEquals("Fehler: keine Vorlage namens \"nope\". Vorlagen: " + ids, de.err().strip());
        Run es = run("--language", "es", "summary", "--preset", "nope");
        assertEquals("Error: no hay ningún modelo predefinido llamado \"nope\". Modelos predefinidos: " + ids,
                es.err().strip());
        Path missing = dir.resolve("missing.json");
        Run keras = run("import-keras", missing.toString(), "-o", dir.resolve("x.convscope.json").toString(),
                "--language", "de");
        assertEquals("Fehler: Datei nicht gefunden: " + missing, keras.err().strip());
        Run predict = run("predict", "--preset", "tf-cifar-cnn", "--language", "es");
        assertEquals("Error: indique al menos una imagen, p. ej. convscope predict -m model.convscope.zip cat.png",
                predict.err().strip());
        Run both = run("summary", "--preset", "tf-cifar-cnn", dir.resolve("m.convscope.json").toString(), "--language", "de");
        assertTrue(both.err().startsWith("Fehler: entweder ") && both.err().contains(" angeben (eines davon, nicht beides).")
                && both.err().contains("\nVorlagen: " + ids), both.err());
    }

    @Test
    void convolveTellsWhatItDidAndWhatIsWrongInGermanAndSpanish() throws IOException {
        Path csv = dir.resolve("in.csv");
        Files.writeString(csv, "1,2,3\n4,5,6\n7,8,9\n");
        Path out = dir.resolve("out.csv");
        Locale.setDefault(Locale.ENGLISH);
        Run en = run("convolve", "-i", csv.toString(), "-k", "sharpen", "--padding", "same", "-o", out.toString());
        assertEquals(0, en.code(), en.err());
        assertEquals("Input 3x3, kernel 3x3, stride 1x1, padding same (top 1, left 1) -> output 3x3\nWrote " + out
                + " (3 x 3)", en.err().strip().replace(System.lineSeparator(), "\n"), "English as before");
        Run de = run("convolve", "-i", csv.toString(), "-k", "sharpen", "--padding", "same", "-o", out.toString(), "--relu",
                "--language", "de");
        assertEquals("Eingabe 3x3, Kernel 3x3, Schrittweite 1x1, Auffüllung same (oben 1, links 1) -> Ausgabe 3x3, ReLU\n"
                + out + " geschrieben (3 x 3)", de.err().strip().replace(System.lineSeparator(), "\n"));
        Run bad = run("convolve", "-i", csv.toString(), "-k", "nope", "--language", "es");
        assertEquals(ConvScopeCli.EXIT_BAD_INPUT, bad.code());
        assertTrue(bad.err().startsWith("Error: no hay ningún kernel predefinido \"nope\"; predefinidos: identity, "),
                bad.err());
        Run padding = run("pool", "-i", csv.toString(), "--padding", "wide", "--language", "de");
        assertEquals("Fehler: --padding muss valid, same oder eine Zahl >= 0 sein, nicht wide", padding.err().strip());
        assertTrue(padding.out().isEmpty(), "nothing on standard output after an error");
    }

    @Test
    void thePresetsListKeepsItsColumnsInEveryLanguage() {
        for (String lang : List.of("en", "de", "es")) {
            String[] lines = run("presets", "--language", lang).out().split("\\R");
            String word = lang.equals("de") ? " Parameter  " : lang.equals("es") ? " parámetros  " : " params  ";
            int name = lines[0].indexOf(word) + word.length();
            int description = lines[1].length() - lines[1].stripLeading().length();
            assertTrue(lines[0].startsWith("tf-cifar-cnn ") && lines[0].contains("122,570" + word), lines[0]);
            assertEquals(name, description, lang + ": the description starts under the name\n" + lines[0] + "\n" + lines[1]);
            String small = org.convscope.core.text.CoreText.tr("preset.seed003-small.name");
            assertEquals(lang.equals("de") ? "Kleines CIFAR-10-CNN" : lang.equals("en") ? "CIFAR-10 small CNN" : small,
                    small);
            assertTrue(List.of(lines).stream().anyMatch(l -> l.startsWith("seed003-small ") && l.endsWith(small)),
                    "the preset named as the Build screen names it: " + small);
        }
    }

    @Test
    void picocliComplaintsAboutTheArgumentsAreTranslatedToo() throws IOException {
        Path csv = dir.resolve("in.csv");
        Files.writeString(csv, "1,2\n3,4\n");
        Locale.setDefault(Locale.ENGLISH);
        Run en = run("convolve", "-i", csv.toString(), "-k", "sharpen", "-p", "same");
        assertEquals(ConvScopeCli.EXIT_BAD_INPUT, en.code());
        assertTrue(en.err().startsWith("Unknown options: '-p', 'same'"), "picocli's English as before: " + en.err());
        Run de = run("convolve", "-i", csv.toString(), "-k", "sharpen", "-p", "same", "--language", "de");
        assertEquals(ConvScopeCli.EXIT_BAD_INPUT, de.code());
        assertEquals("Fehler: unbekannte Option oder unbekanntes Argument: '-p', 'same'\nMeinten Sie: --padding?",
                de.err().strip().replace(System.lineSeparator(), "\n"));
        Run missing = run("convolve", "--language", "de");
        assertTrue(missing.err().startsWith("Fehler: es fehlt: '--input', '--kernel'") && missing.err().contains("Aufruf: "
                + "convscope convolve"), "then the German usage help: " + missing.err());
        Run es = run("train", "--epochs", "x", "--language", "es");
        assertEquals(ConvScopeCli.EXIT_BAD_INPUT, es.code());
        assertTrue(es.err().startsWith("Error: valor no válido para '--epochs': 'x'") && es.err().contains("Uso: convscope"
                + " train"), es.err());
    }

    @Test
    void numbersKeepOneFormInEveryLanguage() {
        Locale.setDefault(Locale.GERMAN);
        assertEquals("Genauigkeit 0.5000 auf 1234 Bildern (2.5 s, 494 Bilder/s)",
                Messages.get("evaluate.accuracy", 0.5, 1234, 2.5, 1234 / 2.5), "a point, never a comma, in German too");
        assertEquals("eingefroren: die Schichten 1-2 (bis conv2d) behalten ihre Gewichte",
                Messages.get("train.frozen", 2, "conv2d"));
        Locale.setDefault(Locale.forLanguageTag("es"));
        assertEquals("Se escribió x.gif (12 fotogramas de 500 ms a 2x, en bucle, 3.5 KB)",
                Messages.get("animate.wroteGif", "x.gif", 12, 500, 2, "3.5 KB"));
        Locale.setDefault(Locale.FRENCH);
        assertEquals("Wrote x.csv (2 x 3)", Messages.get("matrix.wrote", "x.csv", 2, 3), "no French: English");
    }
}
