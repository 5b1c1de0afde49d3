package org.convscope.app;

import static org.convscope.core.text.CoreText.tr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The lessons that come with ConvScope (Help &gt; Lessons), following the seed tutorials: each a lesson file in the
 * resources ({@code org/convscope/app/lessons/ID.convscope-lesson}), opened like any other.
 */
public final class BundledLessons {

    /**
     * A bundled lesson.
     *
     * @param id its file's name without the extension
     * @param title the menu's words
     */
    public record Entry(String id, String title) {
    }

    /** Every bundled lesson, in the order the menu lists them. */
    public static final List<Entry> ALL = List.of(
            new Entry("edge-detection", "Edge detection by hand"),
            new Entry("stride-and-padding", "Stride and padding"),
            new Entry("max-pooling", "Max pooling"),
            new Entry("cifar-first-layer", "What the first layer learns on CIFAR-10"));

    private BundledLessons() {
    }

    /** The resource path of a bundled lesson. */
    public static String resource(String id) {
        return "lessons/" + id + LessonFiles.EXTENSION;
    }

    /**
     * Copies a bundled lesson to a temporary file (lessons are read as files), named as the lesson.
     *
     * @param id one of {@link #ALL}
     * @return the file; deleted when the app ends
     * @throws IOException if there is no such lesson or it cannot be copied
     */
    public static Path extract(String id) throws IOException {
        try (InputStream in = BundledLessons.class.getResourceAsStream(resource(id))) {
            if (in == null) {
                throw new IOException(tr("error.lesson.bundledMissing", id));
            }
            Path dir = Files.createTempDirectory("convscope-lessons");
            Path file = dir.resolve(id + LessonFiles.EXTENSION);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return file;
        }
    }
}
