package org.convscope.ui.common;

import java.util.Objects;
import java.util.function.Consumer;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;

/**
 * A piece of long work with callbacks that run on the FX thread.
 *
 * <pre>
 * executor.submit(BackgroundJob.of("Open model", (token, progress) -&gt; ModelJson.read(path))
 *         .onSuccess(session::load).onFailure(this::showError));
 * </pre>
 *
 * @param <V> the result type
 */
public final class BackgroundJob<V> {

    /** The work itself; runs on a background thread. */
    @FunctionalInterface
    public interface Work<V> {
        /**
         * Does the work.
         *
         * @param token check it between steps and stop when cancelled
         * @param progress report progress here
         * @return the result
         * @throws Exception any failure; it reaches {@link #onFailure(Consumer)}
         */
        V run(CancelToken token, ProgressSink progress) throws Exception;
    }

    private final String title;
    private final Work<V> work;
    private Consumer<V> onSuccess = v -> { };
    private Consumer<Throwable> onFailure = e -> { };
    private Runnable onCancelled = () -> { };
    private ProgressSink onProgress = ProgressSink.NONE;

    private BackgroundJob(String title, Work<V> work) {
        this.title = Objects.requireNonNull(title);
        this.work = Objects.requireNonNull(work);
    }

    /** Creates a job with a title shown in progress displays. */
    public static <V> BackgroundJob<V> of(String title, Work<V> work) {
        return new BackgroundJob<>(title, work);
    }

    /** Sets what happens with the result, on the FX thread. */
    public BackgroundJob<V> onSuccess(Consumer<V> consumer) {
        this.onSuccess = Objects.requireNonNull(consumer);
        return this;
    }

    /** Sets what happens on failure, on the FX thread. */
    public BackgroundJob<V> onFailure(Consumer<Throwable> consumer) {
        this.onFailure = Objects.requireNonNull(consumer);
        return this;
    }

    /** Sets what happens when the job was cancelled, on the FX thread. */
    public BackgroundJob<V> onCancelled(Runnable runnable) {
        this.onCancelled = Objects.requireNonNull(runnable);
        return this;
    }

    /** Sets where progress goes, on the FX thread (coalesced by the executor). */
    public BackgroundJob<V> onProgress(ProgressSink sink) {
        this.onProgress = Objects.requireNonNull(sink);
        return this;
    }

    /** Returns the title. */
    public String title() {
        return title;
    }

    /** Returns the work, for executors (the production one and test ones that run it on threads of their own). */
    public Work<V> work() {
        return work;
    }

    Consumer<V> successHandler() {
        return onSuccess;
    }

    Consumer<Throwable> failureHandler() {
        return onFailure;
    }

    Runnable cancelledHandler() {
        return onCancelled;
    }

    ProgressSink progressHandler() {
        return onProgress;
    }
}
