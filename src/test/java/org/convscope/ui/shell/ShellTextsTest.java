package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.convscope.ui.common.I18n;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shell's texts whose keys are computed (so the bundle test cannot see them) exist in every language. */
class ShellTextsTest {

    @AfterEach
    void english() {
        I18n.setLocale(Locale.ENGLISH);
    }

    @Test
    void everyLockableControlHasALabelInEveryLanguage() {
        assertEquals(33, SaveLessonDialog.LOCKABLE.size());
        for (String language : I18n.LANGUAGES) {
            I18n.setLocale(Locale.forLanguageTag(language));
            for (String id : SaveLessonDialog.LOCKABLE.keySet()) {
                String label = I18n.tr("lock." + id);
                assertFalse(label.startsWith("["), language + ": no label for the lock " + id);
            }
        }
        I18n.setLocale(Locale.GERMAN);
        assertEquals("Training: Lernrate", I18n.tr("lock.train-lr"));
        I18n.setLocale(Locale.forLanguageTag("es"));
        assertEquals("Entrenar: tasa de aprendizaje", I18n.tr("lock.train-lr"));
    }

    @Test
    void undoAndRedoNameTheStepInEveryLanguage() {
        for (String language : I18n.LANGUAGES) {
            I18n.setLocale(Locale.forLanguageTag(language));
            for (String verb : List.of("menu.edit.undo", "menu.edit.redo")) {
                String text = I18n.tr(verb + ".what", "Add Conv2D");
                assertTrue(text.contains("Add Conv2D") && text.contains(I18n.tr(verb)), language + ": " + text);
            }
        }
    }

    @Test
    void theBundledLessonsAreNamedInEveryLanguage() {
        for (Locale l : List.of(Locale.ENGLISH, Locale.GERMAN, Locale.forLanguageTag("es"))) {
            I18n.setLocale(l);
            for (var lesson : org.convscope.app.BundledLessons.ALL) {
                assertFalse(I18n.tr("lesson.bundled." + lesson.id()).startsWith("["), l + " " + lesson.id());
            }
        }
        I18n.setLocale(Locale.ENGLISH);
        for (var lesson : org.convscope.app.BundledLessons.ALL) {
            assertEquals(lesson.title(), I18n.tr("lesson.bundled." + lesson.id()), "English is the lesson's own title");
        }
        I18n.setLocale(Locale.GERMAN);
        assertEquals("Kantenerkennung von Hand", I18n.tr("lesson.bundled.edge-detection"));
    }
}
