package org.convscope.io.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** lesson.json: written and read back unchanged; a newer format, other JSON and bad values are refused by name. */
class LessonJsonTest {

    @Test
    void writtenAndReadBackIsEqualFieldByField() throws Exception {
        Lesson l = LessonTestData.full();
        String json = LessonJson.write(l);
        assertTrue(json.contains("\"format\" : \"convscope-lesson\""), json);
        Lesson back = LessonJson.parse(json, "a.convscope-lesson");
        assertEquals(l.stepper(), back.stepper());
        assertEquals(l.featureMaps(), back.featureMaps());
        assertEquals(l.train(), back.train());
        assertEquals(l.notes(), back.notes());
        assertEquals(l, back);
    }

    @Test
    void aNewerFormatIsRefusedWithTheFileAndWhatToDo() {
        String json = LessonJson.write(LessonTestData.full()).replace("\"formatVersion\" : 1", "\"formatVersion\" : 2")
                .replace("9.9-test", "3.0.0");
        var e = assertThrows(LessonFileException.class, () -> LessonJson.parse(json, "future.convscope-lesson"));
        assertEquals("future.convscope-lesson was made by a newer ConvScope (3.0.0, lesson format 2); this version reads"
                + " lesson format 1 and older. Update ConvScope to open it.", e.getMessage());
    }

    @Test
    void aDamagedValueIsNamedInGermanAndSpanish() {
        String bad = LessonJson.write(LessonTestData.full()).replace("\"screen\" : \"stepper\"", "\"screen\" : \"settings\"");
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMAN);
            assertEquals("x.convscope-lesson ist beschädigt: Die lesson.json darin hat screen = settings (eines von [build,"
                    + " stepper, featuremaps, train])", assertThrows(LessonFileException.class,
                            () -> LessonJson.parse(bad, "x.convscope-lesson")).getMessage());
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("es"));
            assertEquals("x.convscope-lesson está dañado: su lesson.json tiene screen = settings (uno de [build, stepper,"
                    + " featuremaps, train])", assertThrows(LessonFileException.class,
                            () -> LessonJson.parse(bad, "x.convscope-lesson")).getMessage());
        } finally {
            java.util.Locale.setDefault(before);
        }
    }

    @Test
    void otherJsonAndBadValuesAreRefusedNamingTheField() {
        assertEquals("x.convscope-lesson is not a ConvScope lesson: its lesson.json lacks \"format\": \"convscope-lesson\"",
                assertThrows(LessonFileException.class, () -> LessonJson.parse("{\"a\": 1}", "x.convscope-lesson"))
                        .getMessage());
        assertTrue(assertThrows(LessonFileException.class, () -> LessonJson.parse("{\"format\": ", "x.convscope-lesson"))
                .getMessage().startsWith("x.convscope-lesson is damaged: its lesson.json is not valid JSON"));
        String good = LessonJson.write(LessonTestData.full());
        assertEquals("x.convscope-lesson is damaged: its lesson.json has stepper.workingSize = 100000 (2-512)",
                assertThrows(LessonFileException.class, () -> LessonJson.parse(
                        good.replace("\"workingSize\" : 28", "\"workingSize\" : 100000"), "x.convscope-lesson")).getMessage());
        assertEquals("x.convscope-lesson is damaged: its lesson.json has screen = settings (one of [build, stepper,"
                + " featuremaps, train])", assertThrows(LessonFileException.class, () -> LessonJson.parse(
                        good.replace("\"screen\" : \"stepper\"", "\"screen\" : \"settings\""), "x.convscope-lesson"))
                .getMessage());
        assertEquals("x.convscope-lesson is damaged: its lesson.json has stepper.image = ../../etc/passwd",
                assertThrows(LessonFileException.class, () -> LessonJson.parse(
                        good.replace("images/stepper-cat.png", "../../etc/passwd"), "x.convscope-lesson")).getMessage());
        assertTrue(assertThrows(LessonFileException.class, () -> LessonJson.parse(
                good.replace("\"presenter\" : true", "\"presenter\" : {\"@class\": \"java.lang.Runtime\"}"),
                "x.convscope-lesson")).getMessage().startsWith("x.convscope-lesson is damaged: its lesson.json does not"
                + " describe a lesson"));
    }
}
