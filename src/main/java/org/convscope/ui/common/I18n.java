package org.convscope.ui.common;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.prefs.Preferences;
import org.convscope.core.text.MessageText;

/**
 * The UI's texts in the user's language: {@link #tr} looks a key up in the bundle
 * {@code org/convscope/ui/messages} (English in {@code messages.properties}, German in {@code _de}, Spanish in
 * {@code _es}; UTF-8 files, which Java 9+ reads as UTF-8) and fills its {@code {0}}, {@code {1}}... with
 * {@link MessageFormat}. Every value goes through MessageFormat, so an apostrophe is written {@code ''}.
 *
 * <p>Arguments are inserted as text ({@code String.valueOf}): numbers in matrices and formulas keep the one form
 * their callers give them ({@code Locale.ROOT}), whatever the language. A count that chooses its word form is
 * written {@code {0,choice,1#{0} Schicht|1<{0} Schichten}}: there the number reaches MessageFormat as a number
 * ({@link MessageText}). The language is chosen once at start-up
 * ({@code gui --language de}, else the one saved by View &gt; Language, else the system's); the screens build
 * their texts once, so a switch takes effect after a restart.
 */
public final class I18n {

    /** The bundle's base name. */
    public static final String BUNDLE = "org.convscope.ui.messages";
    /** The languages the app is translated into, in the order View &gt; Language lists them. */
    public static final List<String> LANGUAGES = List.of("en", "de", "es");
    /** The preference key that holds the language chosen in View &gt; Language. */
    public static final String PREF_KEY = "language";

    private static volatile Locale locale = supported(Locale.getDefault());
    private static volatile ResourceBundle bundle = load(locale);

    private I18n() {
    }

    /**
     * The text for a key in the current language.
     *
     * @param key a key of {@code messages.properties}, e.g. {@code menu.file}
     * @param args the values for {@code {0}}, {@code {1}}...; inserted as text, numbers as numbers in a
     *             {@code choice} element
     * @return the text; the key itself in brackets if no bundle has it (a test keeps that from happening)
     */
    public static String tr(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return "[" + key + "]";
        }
        return MessageText.format(pattern, locale, args);
    }

    /**
     * Shows an enum's constants by key: {@code prefix + name()}, e.g. {@code maps.colours.GRAY}, for choice boxes whose
     * items are enums of layers without texts of their own (imaging, core).
     */
    public static <E extends Enum<E>> javafx.util.StringConverter<E> names(String prefix) {
        return new javafx.util.StringConverter<>() {
            @Override
            public String toString(E e) {
                return e == null ? "" : tr(prefix + e.name());
            }

            @Override
            public E fromString(String s) {
                throw new UnsupportedOperationException(); // choice boxes only show names
            }
        };
    }

    /** The language now in use: English, German or Spanish. */
    public static Locale locale() {
        return locale;
    }

    /**
     * Uses a language from now on (texts already on screen keep theirs). Also makes it the JVM's default, as a
     * system locale would, so JavaFX's own buttons (Cancel, OK) follow; the format locale (how numbers print)
     * stays what it was.
     *
     * @param wanted any locale; one we have no texts for means English
     */
    public static void setLocale(Locale wanted) {
        Locale l = supported(wanted);
        bundle = load(l);
        locale = l;
        Locale format = Locale.getDefault(Locale.Category.FORMAT);
        Locale.setDefault(l);
        Locale.setDefault(Locale.Category.FORMAT, format);
    }

    /**
     * The language to start in: {@code --language XX} among the arguments, else the one saved in {@code prefs},
     * else the system's.
     */
    public static Locale startLocale(List<String> args, Preferences prefs) {
        int i = args.indexOf("--language");
        if (i >= 0 && i + 1 < args.size()) {
            return supported(Locale.forLanguageTag(args.get(i + 1)));
        }
        String saved = prefs == null ? null : prefs.get(PREF_KEY, null);
        return saved != null ? supported(Locale.forLanguageTag(saved)) : supported(Locale.getDefault());
    }

    /** The language's own name, as View &gt; Language lists it (English, Deutsch, Español). */
    public static String nativeName(String language) {
        Locale l = Locale.forLanguageTag(language);
        String name = l.getDisplayLanguage(l);
        return name.substring(0, 1).toUpperCase(l) + name.substring(1);
    }

    /** English, German or Spanish: the translated language nearest to {@code wanted}; English otherwise. */
    static Locale supported(Locale wanted) {
        String language = wanted == null ? "en" : wanted.getLanguage();
        return LANGUAGES.contains(language) ? Locale.forLanguageTag(language) : Locale.ENGLISH;
    }

    /**
     * The text for a key in another language than the current one (View &gt; Language says "after a restart" in the
     * language just chosen, which its reader may be the one to understand).
     *
     * @param language English, German or Spanish (any other means English)
     */
    public static String trIn(Locale language, String key, Object... args) {
        Locale l = supported(language);
        try {
            return MessageText.format(load(l).getString(key), l, args);
        } catch (MissingResourceException e) {
            return "[" + key + "]";
        }
    }

    /** The English text of a key whatever the current language (to recognise bundled content written in English). */
    public static String english(String key) {
        try {
            return new MessageFormat(load(Locale.ENGLISH).getString(key), Locale.ENGLISH).format(new Object[0]);
        } catch (MissingResourceException e) {
            return "[" + key + "]";
        }
    }

    private static ResourceBundle load(Locale l) {
        Locale lookup = l.getLanguage().equals("en") ? Locale.ROOT : l;
        return ResourceBundle.getBundle(BUNDLE, lookup,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }
}
