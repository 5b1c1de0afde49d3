package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.ZipFile;
import org.convscope.app.BundledLessons;
import org.convscope.io.lesson.Lesson;
import org.convscope.io.lesson.LessonJson;
import org.convscope.ui.common.I18n;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bundled lessons' titles and teacher notes in the user's language: English exactly as stored in each lesson
 * file (so the bundle cannot drift from the files), German and Spanish for each, and a teacher's edited notes as
 * written.
 */
class BundledLessonTextsTest {

    @AfterEach
    void english() {
        I18n.setLocale(Locale.ENGLISH);
    }

    private static Lesson stored(String id) throws Exception {
        try (ZipFile zip = new ZipFile(BundledLessons.extract(id).toFile())) {
            String json = new String(zip.getInputStream(zip.getEntry("lesson.json")).readAllBytes(),
                    StandardCharsets.UTF_8);
            return LessonJson.parse(json, id);
        }
    }

    @Test
    void eachBundledLessonReadsInEachLanguage() throws Exception {
        for (BundledLessons.Entry e : BundledLessons.ALL) {
            Lesson l = stored(e.id());
            I18n.setLocale(Locale.ENGLISH);
            assertEquals(l.notes(), I18n.english("lesson.notes." + e.id()), "the English bundle is the file's notes");
            assertEquals(l.notes(), LessonActions.shownNotes(l), e.id());
            assertEquals(l.title(), LessonActions.shownTitle(l), e.id());
            I18n.setLocale(Locale.GERMAN);
            assertTrue(LessonActions.shownNotes(l).startsWith("Aus dem Seed-Tutorial"), LessonActions.shownNotes(l));
            assertEquals(I18n.tr("lesson.bundled." + e.id()), LessonActions.shownTitle(l));
            I18n.setLocale(Locale.forLanguageTag("es"));
            assertTrue(LessonActions.shownNotes(l).startsWith("Del tutorial semilla"), LessonActions.shownNotes(l));
        }
        I18n.setLocale(Locale.GERMAN);
        assertEquals("Kantenerkennung von Hand", LessonActions.shownTitle(stored("edge-detection")));
    }

    @Test
    void aTeachersEditedNotesAreShownAsWritten() throws Exception {
        Lesson l = stored("max-pooling");
        Lesson edited = new Lesson(l.formatVersion(), l.appVersion(), l.title(), "My own notes for 7b.", l.screen(),
                l.presenter(), l.quiz(), l.locked(), l.stepper(), l.featureMaps(), l.train());
        I18n.setLocale(Locale.GERMAN);
        assertEquals("My own notes for 7b.", LessonActions.shownNotes(edited));
        assertEquals("Max pooling", LessonActions.shownTitle(edited), "a teacher's lesson keeps its own title");
    }
}
