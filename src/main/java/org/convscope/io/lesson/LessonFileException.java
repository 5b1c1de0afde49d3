package org.convscope.io.lesson;

import java.io.IOException;

/** A lesson file that cannot be opened: damaged, hostile, too large or from a newer version. The message names the file. */
public final class LessonFileException extends IOException {

    private static final long serialVersionUID = 1L;

    /** With a message that names the file and says what is wrong. */
    public LessonFileException(String message) {
        super(message);
    }

    /** With a message that names the file, and the low-level cause (kept for the log). */
    public LessonFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
