package org.convscope.cli;

import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The command line's own sentences for people (errors, notes, progress, results) from the bundle
 * {@code org/convscope/cli/messages} (English, German, Spanish), in the JVM's language: the one the system gives or
 * {@code --language} sets, as the usage help follows it.
 *
 * <p>A text is a {@link String#format} pattern ({@code %s}, {@code %d}, {@code %.3f}, {@code %1$s} to reorder) formatted
 * with {@link Locale#ROOT}, so numbers keep one form in every language (0.5, not 0,5) and a line that scripts read
 * looks the same. Machine-readable lines ({@code img/s=}, {@code Final val_accuracy}, CSV) are not here: they never
 * change with the language.
 */
final class Messages {

    static final String BUNDLE = "org.convscope.cli.messages";

    private Messages() {
    }

    /**
     * Returns the text under {@code key} in the JVM's language, formatted with {@code args}.
     *
     * @param key the bundle key
     * @param args the pattern's arguments, in the English pattern's order
     */
    static String get(String key, Object... args) {
        String pattern = ResourceBundle.getBundle(BUNDLE, Locale.getDefault()).getString(key);
        return String.format(Locale.ROOT, pattern, args);
    }

    /** "Error: " and the message, in the JVM's language (the message itself is as its maker wrote it). */
    static String error(String message) {
        return get("error", message);
    }

    /** "Error: " and the text under {@code key}. */
    static String errorOf(String key, Object... args) {
        return error(get(key, args));
    }
}
