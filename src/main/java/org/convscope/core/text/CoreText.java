package org.convscope.core.text;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The texts core hands to users (shape errors and their fixes, training health warnings) in the JVM's language:
 * {@link #tr} looks a key up in the bundle {@code org/convscope/core/messages} (English in {@code messages.properties},
 * German in {@code _de}, Spanish in {@code _es}; UTF-8) and fills its {@code {0}}, {@code {1}}... with
 * {@link java.text.MessageFormat}, so an apostrophe is written {@code ''}. Messages about bad input (a damaged file, a hostile
 * archive, a full disk: what exceptions from io, data, app, imaging, embed and the engine say) are in a second bundle of
 * the same form, {@code org/convscope/core/errors}, with keys starting {@code error.}; {@link #tr} reads either.
 *
 * <p>Pure Java, no UI: the language is {@link Locale#getDefault()}, which the app sets to the one chosen in View &gt;
 * Language (the UI's {@code I18n.setLocale}) and the CLI leaves as the system's (or sets from {@code --language}).
 * Arguments are inserted as text ({@code String.valueOf}): numbers, shapes and formulas keep the one form core gives
 * them, whatever the language; a {@code {n,choice,...}} element gets its count as a number ({@link MessageText}).
 */
public final class CoreText {

    /** The bundle's base name. */
    public static final String BUNDLE = "org.convscope.core.messages";

    /** The bundle of error messages, keys {@code error.*}. */
    public static final String ERRORS = "org.convscope.core.errors";

    private CoreText() {
    }

    /**
     * The text for a key in the JVM's current language (English when it is neither German nor Spanish).
     *
     * @param key a key of {@code org/convscope/core/messages.properties}, e.g. {@code shape.add.mismatch}, or of
     *     {@code errors.properties}, e.g. {@code error.cifar.truncated}
     * @param args the values for {@code {0}}, {@code {1}}...; inserted as text (numbers as numbers in a choice)
     * @return the text; the key itself in brackets if the bundle lacks it (a test keeps that from happening)
     */
    public static String tr(String key, Object... args) {
        Locale locale = language(Locale.getDefault());
        String pattern;
        try {
            pattern = bundle(key.startsWith("error.") ? ERRORS : BUNDLE, locale).getString(key);
        } catch (MissingResourceException e) {
            return "[" + key + "]";
        }
        return MessageText.format(pattern, locale, args);
    }

    /** German, Spanish or English: the translated language of {@code wanted}; English for any other. */
    static Locale language(Locale wanted) {
        String l = wanted == null ? "" : wanted.getLanguage();
        return l.equals("de") || l.equals("es") ? Locale.forLanguageTag(l) : Locale.ROOT;
    }

    private static ResourceBundle bundle(String name, Locale locale) {
        // no fallback to the JVM's default: English asked on a German system is English (the base file)
        return ResourceBundle.getBundle(name, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }
}
