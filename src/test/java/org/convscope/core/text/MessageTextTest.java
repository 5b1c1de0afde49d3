package org.convscope.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * {@link MessageText}: counts reach a {@code choice} element as numbers (1 takes the singular, 0 and 2 the plural)
 * while every plain {@code {n}}, the one inside the chosen form included, keeps the caller's form of the number in
 * every language ({@code 1234}, {@code 0.5}: never {@code 1.234} or {@code 0,5} in German).
 */
class MessageTextTest {

    private static final String LAYERS = "{0,choice,0#{0} Schichten|1#{0} Schicht|1<{0} Schichten} gemessen";

    @Test
    void aChoiceTakesTheCountAsANumber() {
        Locale de = Locale.GERMAN;
        assertEquals("1 Schicht gemessen", MessageText.format(LAYERS, de, 1));
        assertEquals("2 Schichten gemessen", MessageText.format(LAYERS, de, 2));
        assertEquals("0 Schichten gemessen", MessageText.format(LAYERS, de, 0));
        assertEquals("1 Schicht gemessen", MessageText.format(LAYERS, de, 1L), "any Number");
    }

    @Test
    void numbersKeepOneFormInEveryLanguage() {
        for (Locale l : new Locale[] {Locale.GERMAN, Locale.forLanguageTag("es"), Locale.ENGLISH}) {
            assertEquals("1234 Schichten gemessen", MessageText.format(LAYERS, l, 1234), l.toString());
            assertEquals("loss 0.5 after 1234 images", MessageText.format("loss {0} after {1} images", l, 0.5, 1234));
        }
    }

    @Test
    void aCountGivenAsTextStillChooses() {
        assertEquals("1 Schicht gemessen", MessageText.format(LAYERS, Locale.GERMAN, "1"));
        assertEquals("1,024 Schichten gemessen", MessageText.format(LAYERS, Locale.GERMAN, "1,024"));
        assertEquals("viele Schichten gemessen", MessageText.format(LAYERS, Locale.GERMAN, "viele"), "not a number: plural");
    }

    @Test
    void nullIsEmptyAndQuotesStayMessageFormats() {
        assertEquals("a  b", MessageText.format("a {0} b", Locale.ENGLISH, (Object) null));
        assertEquals("The model's 2 layers",
                MessageText.format("The model''s {0,choice,1#{0} layer|1<{0} layers}", Locale.ENGLISH, 2));
    }
}
