package org.convscope.ui.featuremaps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Locale;
import org.convscope.imaging.ColorMaps;
import org.convscope.imaging.TileRenderer;
import org.convscope.ui.common.I18n;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scale and colour choices are named in every language; in English as the imaging layer names them. */
class MapsTextsTest {

    @AfterEach
    void english() {
        I18n.setLocale(Locale.ENGLISH);
    }

    @Test
    void everyScaleAndColourMapHasANameInEveryLanguage() {
        for (String language : I18n.LANGUAGES) {
            I18n.setLocale(Locale.forLanguageTag(language));
            for (var n : TileRenderer.Normalisation.values()) {
                String text = I18n.<TileRenderer.Normalisation>names("maps.norm.").toString(n);
                assertFalse(text.startsWith("["), language + " " + n.name());
                if (language.equals("en")) {
                    assertEquals(n.toString(), text);
                }
            }
            for (var c : ColorMaps.values()) {
                String text = I18n.<ColorMaps>names("maps.colours.").toString(c);
                assertFalse(text.startsWith("["), language + " " + c.name());
                if (language.equals("en")) {
                    assertEquals(c.toString(), text);
                }
            }
        }
        I18n.setLocale(Locale.GERMAN);
        assertEquals("jede Karte für sich", I18n.<TileRenderer.Normalisation>names("maps.norm.")
                .toString(TileRenderer.Normalisation.PER_MAP));
    }
}
