package org.convscope.core.text;

import java.text.ChoiceFormat;
import java.text.FieldPosition;
import java.text.Format;
import java.text.MessageFormat;
import java.text.ParsePosition;
import java.util.Locale;

/**
 * Fills a bundle pattern's {@code {0}}, {@code {1}}... the way both {@code CoreText.tr} and the UI's {@code I18n.tr}
 * do: a plain {@code {n}} is the argument as text ({@code String.valueOf}, so a number keeps the one form its caller
 * gave it, {@code 0.5} and {@code 1234} in every language, never {@code 0,5} or {@code 1.234}), while a
 * {@code {n,choice,...}} element gets the argument as a number, so a count chooses its word form:
 * {@code {0,choice,1#{0} Schicht|1<{0} Schichten}} gives "1 Schicht" and "2 Schichten". The {@code {0}} inside a
 * chosen form is again the argument as text. Other explicit formats ({@code {0,number,...}}) keep MessageFormat's
 * meaning. A {@code null} argument is the empty text.
 */
public final class MessageText {

    private MessageText() {
    }

    /**
     * The pattern with its arguments filled in.
     *
     * @param pattern a {@link MessageFormat} pattern (apostrophes written {@code ''})
     * @param locale the language (only explicit {@code number}/{@code date} elements use it)
     * @param args the values; numbers stay numbers for {@code choice} elements, everything else becomes text
     */
    public static String format(String pattern, Locale locale, Object... args) {
        MessageFormat mf = new MessageFormat(pattern, locale);
        Format[] formats = mf.getFormats();
        for (int i = 0; i < formats.length; i++) {
            if (formats[i] == null) {
                formats[i] = AS_TEXT;
            } else if (formats[i] instanceof ChoiceFormat choice) {
                formats[i] = new CountChoice(choice, locale, args);
            }
        }
        mf.setFormats(formats);
        Object[] values = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            values[i] = args[i] == null ? "" : args[i];
        }
        return mf.format(values);
    }

    /** The number a choice element chooses by: the argument itself, or a text that reads as one ("2", "1,024"). */
    static double count(Object arg) {
        if (arg instanceof Number n) {
            return n.doubleValue();
        }
        String text = String.valueOf(arg).replaceAll("[,_\\s\u00a0\u202f]", "");
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.MAX_VALUE; // not a count: the "many" form, the one a pattern's last branch holds
        }
    }

    /** A plain {@code {n}}: the argument as {@code String.valueOf} writes it. */
    private static final Format AS_TEXT = new Format() {
        @Override
        public StringBuffer format(Object obj, StringBuffer to, FieldPosition pos) {
            return to.append(String.valueOf(obj));
        }

        @Override
        public Object parseObject(String source, ParsePosition pos) {
            throw new UnsupportedOperationException();
        }
    };

    /** A {@code {n,choice,...}}: chooses the form by the number, then fills the chosen form like a pattern. */
    private static final class CountChoice extends Format {
        private final ChoiceFormat choice;
        private final Locale locale;
        private final Object[] args;

        CountChoice(ChoiceFormat choice, Locale locale, Object[] args) {
            this.choice = choice;
            this.locale = locale;
            this.args = args;
        }

        @Override
        public StringBuffer format(Object obj, StringBuffer to, FieldPosition pos) {
            String form = choice.format(count(obj));
            return to.append(form.indexOf('{') >= 0 ? MessageText.format(form, locale, args) : form);
        }

        @Override
        public Object parseObject(String source, ParsePosition pos) {
            throw new UnsupportedOperationException();
        }
    }
}
