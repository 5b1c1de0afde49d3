package org.convscope.ui.shell;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Tells English text on a screen that should be in another language. Two ways:
 * <ul>
 * <li>the text is an English bundle value (every {@code *.properties} family under {@code src/main/resources}: ui,
 * core, cli...), its {@code {0}} placeholders standing for anything, and that key's value in the language shown
 * is not the same (a key whose translation is the English word, such as {@code Batch}, passes);</li>
 * <li>the text has a word that the English bundles use and the language's bundles never do ("of", "layer",
 * "training"), which catches English built in code or taken from an exception. Words that are the same in every
 * language of the field (layer types Keras prints, model and data names, units) are listed in {@link #ALLOWED}.</li>
 * </ul>
 * A text of the third language (German on a Spanish screen: a text kept from before the language changed) is told
 * too. File names, {@code convscope ...} command lines and Keras' layer types are shown as they are.
 */
final class EnglishFinder {

    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final Pattern LANGUAGE_SUFFIX = Pattern.compile("(.*)_([a-z]{2})\\.properties");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+[^{}]*(\\{[^{}]*\\}[^{}]*)*\\}");
    /** Settings, not texts. */
    private static final Set<String> NOT_TEXTS = Set.of("simplelogger.properties", "version.properties");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+");

    /**
     * Words shown as they are in every language: Keras' layer types and their parts, the CIFAR-10 class names (the
     * data set's labels, kept as the files have them), model and file names, units and symbols.
     */
    static final Set<String> ALLOWED = Set.of(
            // layer types, activations, optimisers as Keras prints them
            "conv", "dense", "flatten", "dropout", "relu", "softmax", "sigmoid", "tanh", "adam", "sgd", "add",
            "concatenate", "input", "batchnormalization", "maxpooling", "averagepooling", "none", "linear", "same",
            "valid", "max", "avg", "min", "elu", "selu", "swish", "gelu", "leakyrelu", "prelu", "rescaling",
            "zeropadding", "depthwiseconv", "separableconv", "globalaveragepooling", "globalmaxpooling",
            "activation", "true", "false", "params", "trainable",
            // CIFAR-10 labels (the data set's own names)
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
            // names of models, tools, formats and people
            "tensorflow", "keras", "pytorch", "onnx", "dl4j", "nd4j", "opencv", "javafx", "java", "convscope", "vgg",
            "imagenet", "resnet", "lenet", "mobilenet", "cifar", "mnist", "cnn", "png", "gif", "svg", "csv", "json",
            "sobel", "prewitt", "laplace", "gaussian", "grad", "cam", "tsne", "pca", "viridis", "cividis", "magma",
            "inferno", "plasma", "gray", "jet",
            // units and letters used as symbols
            "px", "ms", "mb", "kb", "gb", "x", "s", "w", "h", "c", "k", "b", "n", "p", "i", "j", "ok");

    /** Texts shown as Keras prints them: layer types (a palette block, a branch menu's item). */
    static final Set<String> ALLOWED_TEXTS = Set.of("Activation", "Conv2D", "Dense", "Flatten", "Dropout",
            "MaxPooling2D", "AveragePooling2D", "BatchNormalization", "GlobalAveragePooling2D", "Add", "Concatenate",
            "ReLU", "LeakyReLU", "ZeroPadding2D", "Rescaling", "DepthwiseConv2D", "SeparableConv2D", "Softmax");
    /** Java's names for enum constants: shown as they are, they are English (and shout). */
    private static final Pattern CONSTANT_NAME = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)+|[A-Z]{4,}");
    /** Capitals that are names, not constants. */
    static final Set<String> ACRONYMS = Set.of("CIFAR", "MNIST", "ONNX", "JSON", "MACS", "RELU", "VGG16", "DL4J",
            "ND4J", "LENET", "SELU", "GELU");
    /** Terms of the field written the same in German and Spanish. */
    static final List<String> TERMS = List.of("one-hot", "One-Hot");
    /** File names (a lesson's, an image's) are shown as they are. */
    private static final Pattern FILE_NAME = Pattern.compile(
            "[\\w.-]+\\.(convscope-lesson|convscope\\.json|convscope\\.zip|json|zip|png|jpg|gif|svg|csv|h5|keras|onnx)\\b");

    private final Map<String, String> english = new HashMap<>();
    private final Map<String, String> shown = new HashMap<>();
    private final List<Key> keys = new ArrayList<>();
    private final List<Pattern> translations = new ArrayList<>();
    private final Map<String, String> other = new HashMap<>();
    private final List<Key> foreign = new ArrayList<>();
    private final Set<String> englishOnlyWords = new TreeSet<>();

    private record Key(String key, Pattern english, Pattern shown, String value) {
    }

    /** Reads every bundle family; {@code language} is the one on screen ({@code de}, {@code es}). */
    EnglishFinder(Locale language) {
        String lang = language.getLanguage();
        Set<String> englishWords = new HashSet<>();
        Set<String> languageWords = new HashSet<>();
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".properties") && !NOT_TEXTS.contains(
                    p.getFileName().toString())).sorted().toList()) {
                String name = RESOURCES.relativize(f).toString().replace('\\', '/');
                Matcher m = LANGUAGE_SUFFIX.matcher(name);
                String family = m.matches() ? m.group(1) : name.replace(".properties", "");
                Properties p = read(f);
                if (m.matches() && !m.group(2).equals(lang)) {
                    for (String k : p.stringPropertyNames()) {
                        other.put(m.group(2) + ":" + family + "#" + k, p.getProperty(k));
                    }
                    continue;
                }
                Map<String, String> into = m.matches() ? shown : english;
                Set<String> words = m.matches() ? languageWords : englishWords;
                for (String k : p.stringPropertyNames()) {
                    into.put(family + "#" + k, p.getProperty(k));
                    words.addAll(words(p.getProperty(k)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (var e : english.entrySet()) {
            String value = e.getValue();
            String translated = shown.get(e.getKey());
            if (value.equals(translated) || !Pattern.compile("[A-Za-z]{3}").matcher(literal(value)).find()) {
                continue;
            }
            keys.add(new Key(e.getKey(), regex(value), translated == null ? null : regex(translated), value));
        }
        for (String value : shown.values()) {
            if (Pattern.compile("\\p{L}{3}").matcher(literal(value)).find()) {
                translations.add(regex(value));
            }
        }
        for (var e : other.entrySet()) {
            String key = e.getKey().substring(e.getKey().indexOf(':') + 1);
            String value = e.getValue();
            if (!value.equals(shown.get(key)) && !value.equals(english.get(key))
                    && Pattern.compile("\\p{L}{3}").matcher(literal(value)).find()) {
                foreign.add(new Key(e.getKey(), regex(value), null, value));
            }
        }
        englishWords.removeAll(languageWords);
        englishWords.removeAll(ALLOWED);
        englishOnlyWords.addAll(englishWords);
    }

    /** Why {@code text} is English, or empty when it is not. */
    Optional<String> why(String shownText) {
        String text = shownText.strip();
        if (ALLOWED_TEXTS.contains(text) || text.startsWith("convscope ")) {
            return Optional.empty(); // a Keras layer type, or a command line to copy
        }
        if (CONSTANT_NAME.matcher(text).matches() && !ACRONYMS.contains(text)) {
            return Optional.of("an enum constant's name (SGD_MOMENTUM), not a text");
        }
        boolean translated = translations.stream().anyMatch(t -> t.matcher(text).matches());
        for (Key k : translated ? List.<Key>of() : keys) {
            if (k.english.matcher(text).matches() && (k.shown == null || !k.shown.matcher(text).matches())) {
                return Optional.of("the English text of " + k.key + (k.shown == null ? " (no translation)" : ""));
            }
        }
        for (Key k : translated ? List.<Key>of() : foreign) {
            if (k.english.matcher(text).matches()) {
                return Optional.of("the text of " + k.key + ", another language");
            }
        }
        String plain = FILE_NAME.matcher(text).replaceAll(" ");
        for (String term : TERMS) {
            plain = plain.replace(term, " ");
        }
        List<String> english = words(plain).stream().filter(englishOnlyWords::contains).toList();
        return english.isEmpty() ? Optional.empty() : Optional.of("English words " + english);
    }

    /** The words of a text, lower case, without numbers or names with digits in them ({@code conv2d_1}). */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(PLACEHOLDER.matcher(text).replaceAll(" "));
        while (m.find()) {
            String w = m.group();
            if (w.length() > 1 && w.chars().noneMatch(c -> Character.isDigit(c) || c == '_')) {
                out.add(w.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** A bundle value's fixed part: its placeholders taken out, {@code ''} read as an apostrophe. */
    private static String literal(String value) {
        return PLACEHOLDER.matcher(value).replaceAll(" ").replace("''", "'");
    }

    /** A MessageFormat pattern as a regular expression: each placeholder stands for any text. */
    static Pattern regex(String pattern) {
        String value = pattern.strip();
        StringBuilder re = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(value);
        int last = 0;
        while (m.find()) {
            re.append(Pattern.quote(value.substring(last, m.start()).replace("''", "'"))).append("(?s:.*?)");
            last = m.end();
        }
        re.append(Pattern.quote(value.substring(last).replace("''", "'")));
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    private static Properties read(Path f) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }
}
