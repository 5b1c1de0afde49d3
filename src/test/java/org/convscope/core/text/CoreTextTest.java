package org.convscope.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.convscope.core.analysis.LayerProblem;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.edit.Fix;
import org.convscope.core.edit.Fixes;
import org.convscope.core.edit.GraphEdits;
import org.convscope.core.edit.LayerSpecs;
import org.convscope.core.edit.ModelEdits;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.core.train.HealthAdvisor;
import org.convscope.core.train.LayerHealth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Core's texts for users (shape errors and fixes on Build, training and health messages) are complete in English,
 * German and Spanish, and follow the JVM's language: the same problem reads in each language with the same shapes
 * and numbers.
 */
class CoreTextTest {

    private static final Path MAIN = Path.of("src/main/java/org/convscope");
    private static final Pattern TR_KEY = Pattern.compile("\\btr\\(\\s*(?:[^\"(),]*\\?\\s*)?\"([^\"]+)\"(?:\\s*:\\s*\"([^\"]+)\")?");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)[^}]*}");

    private Locale before;

    @BeforeEach
    void remember() {
        before = Locale.getDefault();
    }

    @AfterEach
    void restore() {
        Locale.setDefault(before);
    }

    static Properties load(String suffix) throws IOException {
        return load("messages", suffix);
    }

    /** One language of a core bundle: {@code messages} (shape errors, warnings) or {@code errors} (bad input). */
    static Properties load(String bundle, String suffix) throws IOException {
        try (InputStream in = CoreText.class.getResourceAsStream("/org/convscope/core/" + bundle + suffix + ".properties")) {
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return p;
        }
    }

    @Test
    void everyLanguageHasEveryKeyWithTheSamePlaceholders() throws IOException {
        assertTrue(load("").size() > 80, "the core bundle holds the shape errors and warnings, " + load("").size());
        assertTrue(load("errors", "").size() > 200, "the errors bundle holds the bad-input messages, "
                + load("errors", "").size());
        for (String bundle : List.of("messages", "errors")) {
            assertEquals(List.of(), problems(bundle), bundle);
        }
    }

    /** Keys missing from a language or extra in it, broken patterns, lone apostrophes and placeholders that differ. */
    private static List<String> problems(String bundle) throws IOException {
        Properties en = load(bundle, "");
        List<String> wrong = new ArrayList<>();
        for (String lang : List.of("_de", "_es")) {
            Properties p = load(bundle, lang);
            Set<String> missing = new TreeSet<>(en.stringPropertyNames());
            missing.removeAll(p.stringPropertyNames());
            Set<String> extra = new TreeSet<>(p.stringPropertyNames());
            extra.removeAll(en.stringPropertyNames());
            assertEquals(Set.of(), missing, "keys missing from " + bundle + lang);
            assertEquals(Set.of(), extra, "keys in " + bundle + lang + " that English lacks");
            if (bundle.equals("errors")) {
                assertTrue(p.stringPropertyNames().stream().allMatch(k -> k.startsWith("error.")), "error.* keys only");
            }
        }
        for (String lang : List.of("", "_de", "_es")) {
            Properties p = load(bundle, lang);
            for (String key : p.stringPropertyNames()) {
                String v = p.getProperty(key);
                new MessageFormat(v); // throws on a broken pattern
                if (v.replace("''", "").contains("'")) {
                    wrong.add(lang + " " + key + ": a single ' (MessageFormat drops it; write '')");
                }
                if (!placeholders(v).equals(placeholders(en.getProperty(key)))) {
                    wrong.add(lang + " " + key + ": placeholders " + placeholders(v));
                }
            }
        }
        return wrong;
    }

    @Test
    void everyKeyTheCodeUsesHasAText() throws IOException {
        Set<String> en = new TreeSet<>(load("").stringPropertyNames());
        en.addAll(load("errors", "").stringPropertyNames());
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code = Files.readString(f);
                if (code.contains("import static org.convscope.core.text.CoreText.tr;")) {
                    used.addAll(keysUsed(code));
                }
            }
        }
        assertTrue(used.size() > 60, "core, app and the engine look their texts up by key, " + used.size());
        // keys computed from a literal and a suffix: the window layers' "does not fit" texts
        for (String what : List.of("shape.fit.kernel", "shape.fit.pool")) {
            used.addAll(List.of(what, what + ".padded", what + ".fix"));
        }
        // "preset." + id + ".name"/".description" per bundled preset: PresetTextsTest checks each in every language
        used.remove("preset.");
        // what a file is (ModelFiles.Kind.description): "error.kind." + the kind's name
        for (org.convscope.app.ModelFiles.Kind kind : org.convscope.app.ModelFiles.Kind.values()) {
            used.add("error.kind." + kind.name());
        }
        used.remove("error.kind.");
        used.removeIf(k -> k.startsWith("."));
        used.removeAll(en);
        assertEquals(Set.of(), used, "keys used in CoreText.tr(...) without a text");
    }

    /**
     * Every {@code "error.*"} literal in the code outside ui and cli (keys picked by a condition included, e.g.
     * {@code tr(perFile ? "error.archive.overFileLimit" : "error.archive.overTotalLimit", ...)}) has a text, and every
     * text of the errors bundle is used: no message is lost to a typo, none is left behind.
     */
    @Test
    void everyErrorKeyInTheCodeHasATextAndEveryTextIsUsed() throws IOException {
        Set<String> texts = load("errors", "").stringPropertyNames();
        Set<String> inCode = new TreeSet<>();
        Pattern key = Pattern.compile("\"(error\\.[A-Za-z0-9.]+)\"");
        try (Stream<Path> files = Files.walk(MAIN)) {
            // ui and cli have error.* keys of their own, in the ui bundle (I18n.tr)
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.startsWith(MAIN.resolve("ui"))
                    && !p.startsWith(MAIN.resolve("cli"))).toList()) {
                Matcher m = key.matcher(Files.readString(f));
                while (m.find()) {
                    inCode.add(m.group(1));
                }
            }
        }
        // what a file is: "error.kind." + ModelFiles.Kind's name
        inCode.remove("error.kind.");
        for (org.convscope.app.ModelFiles.Kind kind : org.convscope.app.ModelFiles.Kind.values()) {
            inCode.add("error.kind." + kind.name());
        }
        Set<String> missing = new TreeSet<>(inCode);
        missing.removeAll(texts);
        assertEquals(Set.of(), missing, "error keys in the code without a text");
        Set<String> unused = new TreeSet<>(texts);
        unused.removeAll(inCode);
        assertEquals(Set.of(), unused, "texts in errors.properties no code uses");
    }

    static Set<String> keysUsed(String code) {
        Set<String> keys = new TreeSet<>();
        Matcher m = TR_KEY.matcher(code);
        while (m.find()) {
            keys.add(m.group(1));
            if (m.group(2) != null) {
                keys.add(m.group(2));
            }
        }
        return keys;
    }

    static Set<Integer> placeholders(String pattern) {
        Set<Integer> numbers = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(pattern.replace("''", ""));
        while (m.find()) {
            numbers.add(Integer.parseInt(m.group(1)));
        }
        return numbers;
    }

    /** A residual block whose shortcut skips a stride-2 convolution: Add gets 16x16x32 and 8x8x64. */
    private static ModelSpec badAdd() {
        return new ModelSpec("m", "", new InputSpec(16, 16, 32), List.of(
                new LayerSpec.Conv2D("down", 64, Size2.square(3), Size2.square(2), Padding.SAME, Activation.RELU, true),
                new LayerSpec.Add(null)), Map.of("add", List.of(ModelGraph.INPUT, "down")));
    }

    @Test
    void aShapeErrorOnBuildReadsInTheJvmsLanguageWithTheSameShapes() {
        Locale.setDefault(Locale.ENGLISH);
        assertEquals("Add needs equal shapes: (None, 16, 16, 32) and (None, 8, 8, 64) (from input and down).",
                ModelAnalyzer.analyze(badAdd()).problem().orElseThrow().message());
        Locale.setDefault(Locale.GERMAN);
        LayerProblem de = ModelAnalyzer.analyze(badAdd()).problem().orElseThrow();
        assertEquals("Add braucht gleiche Formen: (None, 16, 16, 32) und (None, 8, 8, 64) (von input und down).",
                de.message());
        assertTrue(de.suggestion().startsWith("Projizieren Sie input oder down mit einer 1x1-Conv2D"), de.suggestion());
        assertTrue(de.describe().startsWith("Schicht 2 (add, Add): Add braucht"), de.describe());
        Locale.setDefault(Locale.forLanguageTag("es-MX"));
        assertEquals("Add necesita formas iguales: (None, 16, 16, 32) y (None, 8, 8, 64) (de input y down).",
                ModelAnalyzer.analyze(badAdd()).problem().orElseThrow().message());
        Locale.setDefault(Locale.JAPANESE);
        assertTrue(ModelAnalyzer.analyze(badAdd()).problem().orElseThrow().message().startsWith("Add needs"),
                "a language without texts reads English");
    }

    @Test
    void aKernelTooLargeAndItsFixesReadInGermanAndSpanish() {
        // a 5x5 kernel on a 3x3 input, no padding: (3 - 5) / 1 + 1 = -1 cells
        ModelSpec m = new ModelSpec("m", "", new InputSpec(3, 3, 1), List.of(
                new LayerSpec.Conv2D("c", 4, Size2.square(5), Size2.square(1), Padding.VALID, Activation.RELU, true),
                new LayerSpec.Flatten(null), new LayerSpec.Dense("d", 2, Activation.SOFTMAX, true)));
        Locale.setDefault(Locale.GERMAN);
        ModelAnalysis a = ModelAnalyzer.analyze(m);
        assertEquals("Der 5x5-Kernel passt nicht in seine Eingabe 3x3, daher hätte diese Schicht keine Ausgabe"
                + " (die Formel ergibt -1x-1).", a.problem().orElseThrow().message());
        List<String> de = Fixes.forProblem(a).stream().map(Fix::label).toList();
        assertTrue(de.contains("Auffüllung \"same\" verwenden") && de.contains("Fenster auf 3x3 verkleinern")
                && de.contains("c entfernen"), de.toString());
        Locale.setDefault(Locale.forLanguageTag("es"));
        a = ModelAnalyzer.analyze(m);
        assertEquals("Use padding=\"same\" o un kernel de como mucho 3x3, o elimine la capa.",
                a.problem().orElseThrow().suggestion());
        assertTrue(Fixes.forProblem(a).stream().map(Fix::label).toList().contains("Usar relleno \"same\""));
    }

    @Test
    void healthWarningsReadInTheJvmsLanguageWithTheSameNumbers() {
        LayerHealth vanishing = new LayerHealth(3, "dense", 2e-8, 1e-6, Double.NaN);
        Locale.setDefault(Locale.ENGLISH);
        assertTrue(HealthAdvisor.advise(List.of(vanishing)).get(0).text().startsWith(
                "Layer 3 (dense): its gradients are vanishing (gradient norm 2.0e-08, update/weight 1.0e-06;"));
        Locale.setDefault(Locale.GERMAN);
        assertTrue(HealthAdvisor.advise(List.of(vanishing)).get(0).text().startsWith(
                "Schicht 3 (dense): Die Gradienten verschwinden (Gradientennorm 2.0e-08, Update/Gewicht 1.0e-06;"));
        Locale.setDefault(Locale.forLanguageTag("es"));
        HealthAdvisor.Warning dead = HealthAdvisor.advise(List.of(new LayerHealth(2, "conv", 0.5, 1e-3, 0.95))).get(0);
        assertTrue(dead.text().startsWith("Capa 2 (conv): el 95% de sus salidas ReLU son 0 (ReLU muertas)"), dead.text());
        assertEquals(HealthAdvisor.Kind.DEAD_RELUS, dead.kind());
    }

    private static LayerSpec conv(String name) {
        return new LayerSpec.Conv2D(name, 4, Size2.square(3), Size2.square(1), Padding.SAME, Activation.RELU, true);
    }

    @Test
    void rarerLayersShapeErrorsReadInGermanAndSpanish() {
        // a LeakyReLU with a negative slope; a 3x3 kernel dilated by 2 with stride 2, which Keras refuses
        ModelSpec leaky = new ModelSpec("m", "", new InputSpec(8, 8, 1), List.of(new LayerSpec.LeakyReLU(null, -0.1)));
        ModelSpec dilated = new ModelSpec("m", "", new InputSpec(8, 8, 1), List.of(new LayerSpec.Conv2D(null, 4,
                Size2.square(3), Size2.square(2), Padding.VALID, Activation.RELU, true, Size2.square(2))));
        Locale.setDefault(Locale.ENGLISH);
        assertEquals("the negative slope (alpha) must be at least 0, but is -0.1.",
                ModelAnalyzer.analyze(leaky).problem().orElseThrow().message());
        assertEquals("Use Keras' default 0.3.", ModelAnalyzer.analyze(leaky).problem().orElseThrow().suggestion());
        Locale.setDefault(Locale.GERMAN);
        LayerProblem de = ModelAnalyzer.analyze(leaky).problem().orElseThrow();
        assertEquals("Die negative Steigung (alpha) muss mindestens 0 sein, ist aber -0.1.", de.message());
        assertEquals("Verwenden Sie den Keras-Standardwert 0.3.", de.suggestion());
        Locale.setDefault(Locale.forLanguageTag("es"));
        LayerProblem es = ModelAnalyzer.analyze(dilated).problem().orElseThrow();
        assertEquals("Keras no puede combinar strides mayores que 1 (2x2) con una dilation_rate mayor que 1 (2x2).",
                es.message());
        assertEquals("Use strides=(1, 1) o dilation_rate=(1, 1).", es.suggestion());
    }

    @Test
    void graphProblemsReadInGermanAndSpanishWithTheSameNames() {
        // a -> b -> c -> a: the first layer takes the third, so none of them can run first
        ModelSpec cycle = new ModelSpec("m", "", new InputSpec(8, 8, 1), List.of(conv("a"), conv("b"), conv("c"),
                new LayerSpec.Add("add")), Map.of("a", List.of("c"), "add", List.of("c", ModelGraph.INPUT)));
        ModelSpec twice = new ModelSpec("m", "", new InputSpec(8, 8, 1), List.of(conv("a"), conv("a")));
        Locale.setDefault(Locale.GERMAN);
        ModelGraph.Problem de = ModelGraph.of(cycle).problem().orElseThrow();
        assertEquals("Die Schichten a -> b -> c -> a bilden einen Zyklus; Daten müssen in einer Richtung durch das"
                + " Modell fließen.", de.message());
        assertEquals("Verbinden Sie c stattdessen mit einer Schicht, die davor steht.", de.suggestion());
        Locale.setDefault(Locale.forLanguageTag("es"));
        assertEquals("las capas a -> b -> c -> a forman un ciclo; los datos deben recorrer el modelo en un solo"
                + " sentido.", ModelGraph.of(cycle).problem().orElseThrow().message());
        assertEquals("el nombre \"a\" ya lo usa una capa anterior; los nombres de las capas deben ser únicos.",
                ModelGraph.of(twice).problem().orElseThrow().message());
        Locale.setDefault(Locale.ENGLISH);
        assertEquals("the name \"a\" is used by an earlier layer; layer names must be unique.",
                ModelGraph.of(twice).problem().orElseThrow().message());
    }

    @Test
    void undoNamesAndPaletteTipsReadInGermanAndSpanish() {
        LayerSpec dense = new LayerSpec.Dense(null, 10, Activation.SOFTMAX, true);
        Locale.setDefault(Locale.ENGLISH);
        assertEquals("Add Dense", ModelEdits.append(dense).description());
        assertEquals("Add a Dense branch from conv2d", GraphEdits.branch(0, dense, "conv2d").description());
        Locale.setDefault(Locale.GERMAN);
        assertEquals("dense_1 löschen", ModelEdits.remove(1, "dense_1").description());
        assertEquals("Dense-Zweig von conv2d hinzufügen", GraphEdits.branch(0, dense, "conv2d").description());
        String tip = LayerSpecs.explain("Conv2D");
        assertTrue(tip.contains("Faltung") && tip.contains("Merkmalskarte"), tip);
        Locale.setDefault(Locale.forLanguageTag("es"));
        assertEquals("Mover dense_1", ModelEdits.move(1, 0, "dense_1").description());
        assertEquals("Duplicar conv2d", ModelEdits.duplicate(0, "conv2d").description());
        assertTrue(LayerSpecs.explain("Conv2D").contains("mapa de características"), LayerSpecs.explain("Conv2D"));
    }

    @Test
    void theBuildScreensFormulasCountParametersInTheJvmsLanguage() {
        ModelSpec m = new ModelSpec("f", "", new InputSpec(32, 32, 3), List.of(
                new LayerSpec.Conv2D(null, 32, Size2.square(3), Size2.square(1), Padding.VALID, Activation.RELU, true),
                new LayerSpec.Flatten(null), new LayerSpec.Dense(null, 10, Activation.SOFTMAX, true)));
        Locale.setDefault(Locale.ENGLISH);
        // 3*3*3*32 + 32 = 896; 30*30*32 = 28,800 inputs to the Dense layer: 28800*10 + 10 = 288,010
        assertTrue(ModelAnalyzer.analyze(m).layers().get(0).formula().endsWith("3*3*3*32 + 32 = 896 params"),
                ModelAnalyzer.analyze(m).layers().get(0).formula());
        assertTrue(ModelAnalyzer.analyze(m).layers().get(2).formula().endsWith("28800*10 + 10 = 288010 params"),
                ModelAnalyzer.analyze(m).layers().get(2).formula());
        Locale.setDefault(Locale.GERMAN);
        assertTrue(ModelAnalyzer.analyze(m).layers().get(0).formula().endsWith("= 896 Parameter"));
        Locale.setDefault(Locale.forLanguageTag("es"));
        assertTrue(ModelAnalyzer.analyze(m).layers().get(2).formula().endsWith("= 288010 parámetros"));
    }
}
