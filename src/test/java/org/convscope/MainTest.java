package org.convscope;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.convscope.app.BundledLessons;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A double-clicked lesson or model reaches {@link Main} as its one argument (the Windows and macOS file
 * associations pass the file alone, without {@code gui}): that opens the window; commands and other files do not.
 */
class MainTest {

    @TempDir
    Path dir;

    @Test
    void aLessonOrAModelAloneOpensTheWindow() throws Exception {
        Path lesson = BundledLessons.extract("max-pooling");
        assertTrue(Main.isFileToOpen(new String[] {lesson.toString()}));
        Path model = dir.resolve("m.convscope.json");
        Files.writeString(model, org.convscope.io.ModelJson.toJson(
                org.convscope.io.Presets.find("lenet5").orElseThrow()));
        assertTrue(Main.isFileToOpen(new String[] {model.toString()}));

        assertFalse(Main.isFileToOpen(new String[] {"summary"}), "a command");
        assertFalse(Main.isFileToOpen(new String[] {lesson.toString(), "--presenter"}), "more than a file");
        assertFalse(Main.isFileToOpen(new String[] {dir.resolve("gone.convscope-lesson").toString()}), "no such file");
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        assertFalse(Main.isFileToOpen(new String[] {text.toString()}), "a file ConvScope does not open");
        assertFalse(Main.isFileToOpen(new String[] {dir.toString()}), "a folder");
    }
}
