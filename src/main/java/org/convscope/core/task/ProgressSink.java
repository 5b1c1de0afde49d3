package org.convscope.core.task;

/** Receives progress of long work: {@code done} of {@code total} steps and a short message. */
@FunctionalInterface
public interface ProgressSink {

    /** A sink that ignores progress. */
    ProgressSink NONE = (done, total, message) -> { };

    /**
     * Reports progress; may be called from any thread, often.
     *
     * @param done steps finished
     * @param total steps in all, or -1 if unknown
     * @param message what is happening, for a status line
     */
    void progress(long done, long total, String message);
}
