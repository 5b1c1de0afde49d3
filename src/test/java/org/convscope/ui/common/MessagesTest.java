package org.convscope.ui.common;

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
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The UI's bundles are complete: every key is in English, German and Spanish, every {@code tr("key")} in the
 * sources has a text, and every text is a valid {@link MessageFormat} pattern with the same placeholders in all
 * three languages.
 */
class MessagesTest {

    private static final Path UI = Path.of("src/main/java/org/convscope/ui");
    private static final Pattern TR_CALL = Pattern.compile("\\btr\\(");
    private static final Pattern LITERAL = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)[^}]*}");

    @AfterEach
    void english() {
        I18n.setLocale(Locale.ENGLISH);
    }

    static Properties load(String suffix) throws IOException {
        String name = "/org/convscope/ui/messages" + suffix + ".properties";
        try (InputStream in = MessagesTest.class.getResourceAsStream(name)) {
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return p;
        }
    }

    @Test
    void everyLanguageHasEveryKeyAndNoOther() throws IOException {
        Set<String> en = load("").stringPropertyNames();
        assertTrue(en.size() > 100, "the English bundle holds the UI's texts, " + en.size() + " keys");
        for (String lang : List.of("_de", "_es")) {
            Set<String> other = load(lang).stringPropertyNames();
            Set<String> missing = new TreeSet<>(en);
            missing.removeAll(other);
            Set<String> extra = new TreeSet<>(other);
            extra.removeAll(en);
            assertEquals(Set.of(), missing, "keys of messages.properties missing from messages" + lang);
            assertEquals(Set.of(), extra, "keys of messages" + lang + " that messages.properties lacks");
        }
    }

    @Test
    void everyTextIsAPatternWithTheSamePlaceholdersAsEnglish() throws IOException {
        Properties en = load("");
        List<String> wrong = new ArrayList<>();
        for (String lang : List.of("", "_de", "_es")) {
            Properties p = load(lang);
            for (String key : p.stringPropertyNames()) {
                String v = p.getProperty(key);
                try {
                    new MessageFormat(v);
                } catch (IllegalArgumentException e) {
                    wrong.add(lang + " " + key + ": " + e.getMessage());
                }
                if (v.replace("''", "").contains("'")) {
                    wrong.add(lang + " " + key + ": a single ' (MessageFormat drops it; write '')");
                }
                if (v.isBlank()) {
                    wrong.add(lang + " " + key + ": empty");
                }
                if (!placeholders(v).equals(placeholders(en.getProperty(key, "")))) {
                    wrong.add(lang + " " + key + ": placeholders " + placeholders(v) + " but English has "
                            + placeholders(en.getProperty(key, "")));
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyKeyTheCodeUsesHasAText() throws IOException {
        Set<String> en = load("").stringPropertyNames();
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(UI)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                used.addAll(keysUsed(Files.readString(f)));
            }
        }
        assertTrue(used.size() > 100, "the sources look texts up by key, " + used.size() + " keys");
        used.removeAll(en);
        used.removeIf(k -> k.isEmpty() || k.startsWith(".") || k.endsWith(".")); // a part of a computed key; its users test it
        assertEquals(Set.of(), used, "keys used in tr(...) without a text in messages.properties");
    }

    /**
     * The literals in the first argument of every {@code tr(...)} call: {@code tr("a.b", x)} gives a.b,
     * {@code tr(ok ? "a" : "b")} gives a and b.
     */
    static Set<String> keysUsed(String code) {
        Set<String> keys = new TreeSet<>();
        Matcher call = TR_CALL.matcher(code);
        while (call.find()) {
            int depth = 1;
            int i = call.end();
            StringBuilder first = new StringBuilder();
            for (; i < code.length() && depth > 0; i++) {
                char c = code.charAt(i);
                if (c == '"') {
                    int end = code.indexOf('"', i + 1);
                    first.append(code, i, end + 1);
                    i = end;
                    continue;
                }
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (c == ',' && depth == 1) {
                    break;
                }
                first.append(c);
            }
            Matcher lit = LITERAL.matcher(first);
            while (lit.find()) {
                keys.add(lit.group(1));
            }
        }
        return keys;
    }

    @Test
    void theKeysOfACallAreItsFirstArgumentsLiterals() {
        assertEquals(Set.of("a.b", "c", "d", "e.f"), keysUsed(
                "tr(\"a.b\", x, \"not.a.key\"); tr(ok ? \"c\" : \"d\", f(\"no\")); tr(\"e.f\")"));
    }

    /** The placeholder numbers a pattern uses, e.g. [0, 1] for "Saved {0} to {1}". */
    static Set<Integer> placeholders(String pattern) {
        Set<Integer> numbers = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(pattern.replace("''", ""));
        while (m.find()) {
            numbers.add(Integer.parseInt(m.group(1)));
        }
        return numbers;
    }

    @Test
    void trFillsArgumentsAsTextAndSwitchesLanguage() {
        I18n.setLocale(Locale.ENGLISH);
        assertEquals("View", I18n.tr("menu.view"));
        assertEquals("Saved 1234.5", I18n.tr("status.saved", 1234.5), "numbers go in as the caller wrote them");
        I18n.setLocale(Locale.GERMAN);
        assertEquals("Ansicht", I18n.tr("menu.view"));
        assertEquals("1234.5 gespeichert", I18n.tr("status.saved", 1234.5));
        I18n.setLocale(Locale.forLanguageTag("es-MX"));
        assertEquals("Ver", I18n.tr("menu.view"));
        I18n.setLocale(Locale.JAPANESE);
        assertEquals(Locale.ENGLISH, I18n.locale(), "a language without texts falls back to English");
        assertEquals("View", I18n.tr("menu.view"));
        assertEquals("[no.such.key]", I18n.tr("no.such.key"));
    }

    @Test
    void startLanguageComesFromTheArgumentThenTheSavedChoice() {
        assertEquals(Locale.GERMAN, I18n.startLocale(List.of("--presenter", "--language", "de"), null));
        assertEquals("es", I18n.startLocale(List.of("--language", "es-ES"), null).getLanguage());
        assertEquals(Locale.ENGLISH, I18n.startLocale(List.of("--language", "fr"), null));
        assertEquals("Deutsch", I18n.nativeName("de"));
        assertEquals("Español", I18n.nativeName("es"));
        assertEquals("English", I18n.nativeName("en"));
    }
}
