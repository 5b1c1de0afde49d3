package org.convscope.ui.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.concurrent.Task;
import org.convscope.core.task.CancelToken;

/**
 * The production executor: a small pool of daemon threads, each job wrapped in a JavaFX {@link Task}
 * so callbacks and (coalesced) progress arrive on the FX thread.
 */
public final class FxTaskExecutor implements TaskExecutor {

    private final ExecutorService pool;

    /** Creates an executor with {@code threads} worker threads. */
    public FxTaskExecutor(int threads) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "convscope-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public <V> JobHandle submit(BackgroundJob<V> job) {
        if (pool.isShutdown()) {
            // the window is closing: a late refresh (a listener firing during teardown) has nobody to show it to
            return DONE;
        }
        Task<V> task = new Task<>() {
            @Override
            protected V call() throws Exception {
                updateTitle(job.title());
                CancelToken token = this::isCancelled;
                return job.work().run(token, (done, total, message) -> {
                    updateProgress(done, total);
                    updateMessage(message);
                });
            }
        };
        task.setOnSucceeded(e -> job.successHandler().accept(task.getValue()));
        task.setOnFailed(e -> {
            if (task.getException() instanceof CancelToken.CancelledException) {
                job.cancelledHandler().run();
            } else {
                job.failureHandler().accept(task.getException());
            }
        });
        task.setOnCancelled(e -> job.cancelledHandler().run());
        javafx.beans.InvalidationListener report = o ->
                job.progressHandler().progress((long) task.getWorkDone(), (long) task.getTotalWork(), task.getMessage());
        task.progressProperty().addListener(report);
        task.messageProperty().addListener(report);
        try {
            pool.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            return DONE; // shut down between the check above and here
        }
        return new JobHandle() {
            @Override
            public void cancel() {
                task.cancel(true);
            }

            @Override
            public boolean isDone() {
                return task.isDone();
            }
        };
    }

    /** The handle of a job that was never started because the executor is shut down. */
    private static final JobHandle DONE = new JobHandle() {
        @Override
        public void cancel() {
        }

        @Override
        public boolean isDone() {
            return true;
        }
    };

    @Override
    public void shutdown() {
        pool.shutdownNow();
    }
}
