package org.convscope.ui.common;

/**
 * Runs {@link BackgroundJob}s off the FX thread and calls their callbacks back on it.
 *
 * <p>Screens receive an executor instead of creating threads, so tests can pass
 * {@link CurrentThreadTaskExecutor} and run jobs inline without sleeps.
 */
public interface TaskExecutor {

    /**
     * Starts a job.
     *
     * @param job the work and its callbacks
     * @param <V> the job's result type
     * @return a handle to cancel the job
     */
    <V> JobHandle submit(BackgroundJob<V> job);

    /** Cancels running jobs and stops accepting new ones. */
    void shutdown();

    /** Lets the caller cancel a running job. */
    interface JobHandle {
        /** Asks the job to stop; it checks its {@code CancelToken} and ends soon after. */
        void cancel();

        /** Returns true once the job has finished, failed or been cancelled. */
        boolean isDone();
    }
}
