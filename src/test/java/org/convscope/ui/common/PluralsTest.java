package org.convscope.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Counts in the UI's texts take the singular for 1 and the plural otherwise, in English, German and Spanish
 * ({@code tr} hands numbers to MessageFormat's {@code choice} as numbers), and no text falls back on "(s)",
 * "(n)" or "(es)".
 */
class PluralsTest {

    @AfterEach
    void english() {
        I18n.setLocale(Locale.ENGLISH);
    }

    private static String in(String language, String key, Object... args) {
        I18n.setLocale(Locale.forLanguageTag(language));
        return I18n.tr(key, args);
    }

    @Test
    void lockedControlsAreCountedInEachLanguage() {
        String key = "status.openedLessonLocked";
        assertEquals("Opened the lesson \"Edges\" (e.convscope-lesson); 1 control is locked by the lesson",
                in("en", key, "Edges", "e.convscope-lesson", 1));
        assertEquals("Opened the lesson \"Edges\" (e.convscope-lesson); 2 controls are locked by the lesson",
                in("en", key, "Edges", "e.convscope-lesson", 2));
        assertEquals("Lektion „Kanten“ geöffnet (e.convscope-lesson); 1 Bedienelement ist von der Lektion gesperrt",
                in("de", key, "Kanten", "e.convscope-lesson", 1));
        assertEquals("Lektion „Kanten“ geöffnet (e.convscope-lesson); 2 Bedienelemente sind von der Lektion gesperrt",
                in("de", key, "Kanten", "e.convscope-lesson", 2));
        assertEquals("Lección «Bordes» abierta (e.convscope-lesson); 1 control está bloqueado por la lección",
                in("es", key, "Bordes", "e.convscope-lesson", 1));
        assertEquals("Lección «Bordes» abierta (e.convscope-lesson); 2 controles están bloqueados por la lección",
                in("es", key, "Bordes", "e.convscope-lesson", 2));
    }

    @Test
    void layersEpochsAndUnitsAreCounted() {
        assertEquals("Epoch 1, batch 3 of 10: 1 layer measured.", in("en", "health.summary.batch", 1, 3, 10, 1));
        assertEquals("Epoch 1, batch 3 of 10: 2 layers measured.", in("en", "health.summary.batch", 1, 3, 10, 2));
        assertEquals("Epoche 1, Batch 3 von 10: 1 Schicht gemessen.", in("de", "health.summary.batch", 1, 3, 10, 1));
        assertEquals("Epoche 1, Batch 3 von 10: 2 Schichten gemessen.", in("de", "health.summary.batch", 1, 3, 10, 2));
        assertEquals("Época 1, lote 3 de 10: 1 capa medida.", in("es", "health.summary.batch", 1, 3, 10, 1));
        assertEquals("Época 1, lote 3 de 10: 2 capas medidas.", in("es", "health.summary.batch", 1, 3, 10, 2));

        assertEquals("Training: 1 epoch of 1 batch.", in("en", "train.started", 1, 1));
        assertEquals("Training: 2 epochs of 1563 batches.", in("en", "train.started", 2, 1563));
        assertEquals("Training: 1 Epoche mit 1 Batch.", in("de", "train.started", 1, 1));
        assertEquals("Training: 2 Epochen mit je 1563 Batches.", in("de", "train.started", 2, 1563));
        assertEquals("Entrenamiento: 1 época de 1 lote.", in("es", "train.started", 1, 1));
        assertEquals("Entrenamiento: 2 épocas de 1563 lotes.", in("es", "train.started", 2, 1563));

        assertEquals("1 unit", in("en", "canvas.args.dense", 1));
        assertEquals("10 Einheiten", in("de", "canvas.args.dense", 10));
        assertEquals("1 unidad", in("es", "canvas.args.dense", 1));
        assertEquals("Las curvas de entrenamiento creciendo: 1 época", in("es", "train.gif.what", 1));
        assertEquals("Die wachsenden Trainingskurven: 2 Epochen", in("de", "train.gif.what", 2));
        assertEquals("Die Eingabezelle (2, 3) wird von 1 Ausgabezelle genutzt (umrandet).",
                in("de", "stepper.usedBy", 2, 3, 1));
        assertEquals("La celda de entrada (2, 3) la usan 4 celdas de salida, marcadas.",
                in("es", "stepper.usedBy", 2, 3, 4));
    }

    @Test
    void numbersInCountedTextsKeepTheirOneForm() {
        assertEquals("Training: 12000 Epochen mit je 1563 Batches.", in("de", "train.started", 12000, 1563));
        assertEquals("9 frames, a loop of 4.5 s at this frame time.", in("en", "gif.frames", 9, "4.5"));
        assertEquals("9 Bilder, eine Schleife von 4.5 s bei dieser Bilddauer.", in("de", "gif.frames", 9, 4.5));
    }

    @Test
    void noTextWritesAPluralInBrackets() throws IOException {
        Pattern bracketed = Pattern.compile("\\p{L}\\((s|n|e|es|en)\\)|/-\\p{L}");
        List<String> wrong = new ArrayList<>();
        for (String lang : List.of("", "_de", "_es")) {
            Properties p = MessagesTest.load(lang);
            for (String key : p.stringPropertyNames()) {
                if (bracketed.matcher(p.getProperty(key)).find()) {
                    wrong.add(lang + " " + key + ": " + p.getProperty(key));
                }
            }
        }
        assertEquals(List.of(), wrong);
    }
}
