package org.convscope.ui.common;

import org.convscope.core.task.CancelToken;

/**
 * Runs each job at once on the calling thread, callbacks included.
 *
 * <p>For view-model tests: a submitted job has finished when {@code submit} returns.
 */
public final class CurrentThreadTaskExecutor implements TaskExecutor {

    @Override
    public <V> JobHandle submit(BackgroundJob<V> job) {
        boolean[] cancelled = {false};
        try {
            V value = job.work().run(() -> cancelled[0], job.progressHandler());
            job.successHandler().accept(value);
        } catch (CancelToken.CancelledException e) {
            job.cancelledHandler().run();
        } catch (Exception e) {
            job.failureHandler().accept(e);
        }
        return new JobHandle() {
            @Override
            public void cancel() {
                cancelled[0] = true;
            }

            @Override
            public boolean isDone() {
                return true;
            }
        };
    }

    @Override
    public void shutdown() {
    }
}
