package org.convscope.engine.dl4j;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Prepares the next mini-batch on another thread while the current one trains: gathering its images into a
 * channels-last float array, augmenting and standardising them is serial Java work that otherwise leaves the
 * cores idle between two native passes. One batch is prepared at a time, in order, so a seeded augmentation draws
 * the same random numbers as without prefetching; two arrays alternate, the one being trained and the one being
 * filled.
 */
final class BatchPrefetch implements AutoCloseable {

    /** A batch ready to train: the image indices, their channels-last values and their labels. */
    record Batch(int[] idx, float[] images, int[] labels) {
    }

    /** Fills a batch's values into a given array (reused: its length is the batch's). */
    @FunctionalInterface
    interface Preparer {
        Batch prepare(int batch, float[] into);
    }

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "convscope-next-batch");
        t.setDaemon(true);
        return t;
    });
    private final Preparer preparer;
    private final float[][] arrays = new float[2][];
    private int nextArray;
    private Future<Batch> pending;

    BatchPrefetch(Preparer preparer) {
        this.preparer = preparer;
    }

    /** Starts preparing a batch (0-based, in this epoch's order); {@link #take} returns it. */
    void start(int batch, int values) {
        if (pending != null) {
            throw new IllegalStateException("a batch is already being prepared");
        }
        int a = nextArray;
        nextArray ^= 1;
        if (arrays[a] == null || arrays[a].length != values) {
            arrays[a] = new float[values];
        }
        float[] into = arrays[a];
        pending = worker.submit(() -> preparer.prepare(batch, into));
    }

    /**
     * Waits for the batch {@link #start} began. Errors and runtime exceptions of the preparation are rethrown as
     * they were (out of memory stays out of memory); an interrupt while waiting is kept for the caller to see.
     */
    Batch take() {
        Future<Batch> f = pending;
        pending = null;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Drops a batch being prepared (after cancel or an error) and ends the thread. */
    @Override
    public void close() {
        if (pending != null) {
            pending.cancel(true);
            pending = null;
        }
        worker.shutdownNow();
    }
}
