package org.convscope.embed;

import static org.convscope.core.text.CoreText.tr;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;

/**
 * t-SNE (van der Maaten and Hinton, 2008) to 2-D with the Barnes-Hut approximation (van der Maaten, 2014), from the
 * {@code de.javagl:bh-tsne} library: Gaussian neighbourhoods of the given perplexity among each point's
 * {@code 3 * perplexity} nearest neighbours in the input, a Student-t kernel in the plane, gradient descent with
 * learning rate 200, momentum 0.5 then 0.8 and early exaggeration 12 for the first 250 iterations, theta 0.5.
 *
 * <p>Progress and cancel: the library reports progress after every iteration and checks its thread's interrupt flag
 * in its loops; the neighbour search before the first iteration (about 3 s for 2,000 points) cannot be stopped from
 * outside at any moment. So the run happens on its own daemon thread: the caller polls the cancel token every
 * {@value #POLL_MS} ms and, when cancelled, throws at once, interrupts that thread and lets its next progress report
 * throw, so that it stops at its next check. The abandoned thread touches only its own arrays, so nothing it does
 * afterwards is seen.
 *
 * <p>Reproducible: the initial layout comes from a generator seeded with {@link Settings#seed()}. Inputs with more
 * than {@value #PCA_DIMS} dimensions are first reduced to {@value #PCA_DIMS} with {@link Pca}, as van der Maaten
 * recommends (it keeps the large-scale structure and makes the neighbour search cheaper).
 */
public final class Tsne {

    /** How often the caller checks the cancel token, in ms. */
    static final int POLL_MS = 20;
    /** Inputs wider than this are reduced with PCA first. */
    public static final int PCA_DIMS = 50;

    private Tsne() {
    }

    /**
     * The settings.
     *
     * @param perplexity the effective number of neighbours each point's Gaussian covers, 2 to 100 (30 is usual);
     *     there must be more than {@code 3 * perplexity} points
     * @param iterations gradient steps, 250 (the early exaggeration phase) to 10,000; 1000 is usual
     * @param seed the random seed for the initial layout
     */
    public record Settings(double perplexity, int iterations, long seed) {

        /** 1000 iterations. */
        public static Settings of(double perplexity, long seed) {
            return new Settings(perplexity, 1000, seed);
        }

        /** Checks the ranges. */
        public Settings {
            if (!(perplexity >= 2 && perplexity <= 100)) {
                throw new IllegalArgumentException(tr("error.tsne.perplexity", perplexity));
            }
            if (iterations < 250 || iterations > 10_000) {
                throw new IllegalArgumentException(tr("error.tsne.iterations", iterations));
            }
        }
    }

    /**
     * Embeds points in the plane.
     *
     * @param x {@code [n][d]}, every row the same length; more than {@code 3 * perplexity} points
     * @param settings the settings
     * @param cancel polled every {@value #POLL_MS} ms
     * @param progress receives {@code (iteration, iterations, message)}, from the worker thread
     * @return {@code [n][2]}, centred on 0
     * @throws IllegalArgumentException if the data do not fit the settings
     * @throws CancelToken.CancelledException within about {@value #POLL_MS} ms of a cancel (or an interrupt); at once,
 *     before any work or progress report, when {@code cancel} is already cancelled
     */
    public static double[][] embed(double[][] x, Settings settings, CancelToken cancel, ProgressSink progress) {
        int n = x.length;
        if (n <= 3 * settings.perplexity()) {
            throw new IllegalArgumentException(tr("error.tsne.tooFew",
                    String.format(java.util.Locale.ROOT, "%.0f", settings.perplexity()),
                    String.format(java.util.Locale.ROOT, "%.0f", 3 * settings.perplexity()), n));
        }
        int d = x[0].length;
        for (double[] row : x) {
            if (row.length != d) {
                throw new IllegalArgumentException("all points need the same number of values (" + d + "), one has "
                        + row.length);
            }
        }
        cancel.throwIfCancelled(); // already cancelled: no worker, no progress report
        StopFlag stop = new StopFlag();
        CompletableFuture<double[][]> result = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                result.complete(run(x, settings, stop, progress));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "convscope-tsne");
        worker.setDaemon(true);
        worker.start();
        try {
            while (true) {
                if (cancel.isCancelled()) {
                    throw new CancelToken.CancelledException();
                }
                try {
                    return result.get(POLL_MS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // poll again
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelToken.CancelledException();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("t-SNE failed: " + cause, cause);
        } finally {
            if (!result.isDone()) { // cancelled: the worker stops at its next check
                stop.set();
                worker.interrupt();
            }
        }
    }

    /** Set by the caller when it gives up on the worker. */
    private static final class StopFlag implements CancelToken {
        private volatile boolean stopped;

        void set() {
            stopped = true;
        }

        @Override
        public boolean isCancelled() {
            return stopped;
        }
    }

    /** The whole computation, on the worker thread. */
    private static double[][] run(double[][] x, Settings settings, CancelToken stop, ProgressSink progress) {
        double[][] input = x;
        if (x[0].length > PCA_DIMS && x.length > PCA_DIMS) {
            progress.progress(0, settings.iterations(), tr("progress.tsnePca", PCA_DIMS));
            input = Pca.project(x, PCA_DIMS, stop).points();
        }
        stop.throwIfCancelled();
        progress.progress(0, settings.iterations(), tr("progress.tsneNeighbours"));
        de.javagl.tsne.Tsne tsne = new de.javagl.tsne.Tsne();
        tsne.setOutputDims(2);
        tsne.setInitialDims(0); // no PCA inside: done above
        tsne.setPerplexity(settings.perplexity());
        tsne.setMaxIterations(settings.iterations());
        tsne.setRandomSeed(settings.seed());
        tsne.setMessageConsumer(message -> { }); // it would print to the standard output
        int iterations = settings.iterations();
        tsne.setProgressConsumer(fraction -> {
            stop.throwIfCancelled(); // unwinds the library's loop
            long done = Math.round(fraction * iterations);
            progress.progress(done, iterations, tr("progress.tsneIteration", done, iterations));
        });
        double[][] y = tsne.run(input);
        stop.throwIfCancelled(); // an interrupt makes run() return null
        if (y == null || y.length != x.length) {
            throw new IllegalStateException("t-SNE returned no layout");
        }
        return y;
    }
}
