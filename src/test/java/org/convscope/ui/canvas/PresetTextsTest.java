package org.convscope.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.convscope.core.model.ModelSpec;
import org.convscope.io.Presets;
import org.convscope.ui.common.I18n;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bundled presets' names and descriptions as the Build screen shows them: English equal to the preset files (so
 * the bundle cannot drift from them), German and Spanish for every preset, and other models' descriptions as written.
 */
class PresetTextsTest {

    @AfterEach
    void english() {
        I18n.setLocale(Locale.ENGLISH);
    }

    @Test
    void englishIsThePresetFilesOwnText() {
        I18n.setLocale(Locale.ENGLISH);
        for (Presets.Preset p : Presets.all()) {
            assertEquals(p.model().name(), org.convscope.core.text.CoreText.tr("preset." + p.id() + ".name"), p.id());
            assertEquals(p.model().description(), org.convscope.core.text.CoreText.tr("preset." + p.id() + ".description"), p.id());
            assertEquals(p.model().description(), BuildScreen.shownDescription(p.model()), p.id());
            assertEquals(p.model().name(), org.convscope.io.PresetTexts.name(p.model()), p.id());
        }
    }

    @Test
    void germanAndSpanishNameAndDescribeEveryPreset() {
        for (Locale l : List.of(Locale.GERMAN, Locale.forLanguageTag("es"))) {
            I18n.setLocale(l);
            for (Presets.Preset p : Presets.all()) {
                String d = BuildScreen.shownDescription(p.model());
                assertFalse(d.startsWith("["), l + " " + p.id());
                assertFalse(d.equals(p.model().description()), "translated: " + l + " " + p.id());
                assertFalse(org.convscope.core.text.CoreText.tr("preset." + p.id() + ".name").startsWith("["), l + " " + p.id());
            }
        }
        I18n.setLocale(Locale.GERMAN);
        ModelSpec tf = Presets.find("tf-cifar-cnn").orElseThrow();
        assertTrue(BuildScreen.shownDescription(tf).startsWith("Der CIFAR-10-Klassifikator aus dem TensorFlow-Tutorial"));
        ModelSpec own = new ModelSpec("mine", "my own net", tf.input(), tf.layers());
        assertEquals("my own net", BuildScreen.shownDescription(own), "a user's description is shown as written");
        assertEquals("Kleines CIFAR-10-CNN", org.convscope.io.PresetTexts.name(
                Presets.find("seed003-small").orElseThrow()), "the header names a preset in the user's language");
        assertEquals("mine", org.convscope.io.PresetTexts.name(own));
    }
}
