package org.convscope.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Locale;
import org.convscope.imaging.Images;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The selectors' choices read in the user's language while staying English ids: the seeds, samples and images of
 * {@link InputSources#shown}, and the stepper's channel and resampling names (computed keys, which MessagesTest's
 * scan of literal keys cannot see).
 */
class InputSourcesShownTest {

    @AfterEach
    void english() {
        I18n.setLocale(Locale.ENGLISH);
    }

    @Test
    void englishShowsTheIdsThemselves() {
        I18n.setLocale(Locale.ENGLISH);
        for (String seed : InputSources.SEED_MATRICES.keySet()) {
            assertEquals(seed, InputSources.shown(seed));
        }
        assertEquals("Sample: horse.png", InputSources.shown(InputSources.SAMPLE_PREFIX + "horse.png"));
        assertEquals("Image: cat.png", InputSources.shown(InputSources.IMAGE_PREFIX + "cat.png"));
        assertEquals("Training image: cat", InputSources.shown("Training image: cat"), "others as they are");
    }

    @Test
    void germanAndSpanishTranslateSeedsSamplesAndImages() {
        I18n.setLocale(Locale.GERMAN);
        String first = InputSources.SEED_MATRICES.keySet().iterator().next();
        assertEquals("Beispiel: 5x5 (senkrechte Kante ergibt 6)", InputSources.shown(first));
        assertEquals("Beispielbild: horse.png", InputSources.shown("Sample: horse.png"));
        I18n.setLocale(Locale.forLanguageTag("es"));
        assertEquals("Ejemplo: 5x5 (el borde vertical da 6)", InputSources.shown(first));
        assertEquals("Imagen: cat.png", InputSources.shown("Image: cat.png"));
    }

    @Test
    void everyChannelAndResamplingNameHasATextInEachLanguage() throws ClassNotFoundException {
        // the stepper's Channels enum is package-private there
        Object[] channels = Class.forName("org.convscope.ui.stepper.StepperViewModel$Channels").getEnumConstants();
        assertEquals(5, channels.length);
        for (Locale l : List.of(Locale.ENGLISH, Locale.GERMAN, Locale.forLanguageTag("es"))) {
            I18n.setLocale(l);
            for (Object c : channels) {
                assertFalse(I18n.tr("stepper.channels." + c).startsWith("["), l + " " + c);
            }
            for (Images.Interpolation i : Images.Interpolation.values()) {
                assertFalse(I18n.tr("stepper.interpolation." + i.name()).startsWith("["), l + " " + i);
            }
            for (int s = 1; s <= InputSources.SEED_MATRICES.size(); s++) {
                assertFalse(I18n.tr("source.seed." + s).startsWith("["), l + " seed " + s);
            }
        }
        I18n.setLocale(Locale.GERMAN);
        assertEquals("Grau", I18n.tr("stepper.channels.GRAY"));
        assertEquals("Flächenmittel", I18n.tr("stepper.interpolation.AREA"));
    }

    @Test
    void everyKernelPresetIsNamedInEachLanguageAndEnglishKeepsTheId() {
        for (Locale l : List.of(Locale.ENGLISH, Locale.GERMAN, Locale.forLanguageTag("es"))) {
            I18n.setLocale(l);
            for (String k : org.convscope.core.conv.KernelPresets.names()) {
                String shown = I18n.tr("kernel." + k);
                assertFalse(shown.startsWith("["), l + " " + k);
                if (l == Locale.ENGLISH) {
                    assertEquals(k, shown, "English shows the id the CLI takes");
                }
            }
        }
        I18n.setLocale(Locale.GERMAN);
        assertEquals("vertikale Kante", I18n.tr("kernel.vertical-edge"));
    }
}
