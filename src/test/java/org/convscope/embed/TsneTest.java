package org.convscope.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.junit.jupiter.api.Test;

/** {@link Tsne} (de.javagl bh-tsne) on synthetic clusters; reproducibility; how fast a cancel takes effect. */
class TsneTest {

    @Test
    void wellSeparatedClustersStaySeparated() {
        int clusters = 5;
        int per = 60;
        Data data = blobs(clusters, per, 20, 1);
        // in the input, every point's nearest neighbour is of its cluster (centres 12 apart, spread 1 per axis)
        assertEquals(1.0, NeighbourAgreement.of(data.x, data.labels, CancelToken.NEVER));
        long[] reports = new long[1];
        double[][] y = Tsne.embed(data.x, new Tsne.Settings(20, 500, 42), CancelToken.NEVER,
                (done, total, msg) -> reports[0] = done);
        assertEquals(500, reports[0], "the last report is the last iteration");
        assertEquals(clusters * per, y.length);
        assertEquals(2, y[0].length);
        double agreement = NeighbourAgreement.of(y, data.labels, CancelToken.NEVER);
        assertTrue(agreement > 0.95, "nearest neighbour of the same cluster on the plane: " + agreement);
        // and the clusters are apart: every cluster's points are closer to their own centroid than to any other
        double[][] centroids = new double[clusters][2];
        for (int i = 0; i < y.length; i++) {
            centroids[data.labels[i]][0] += y[i][0] / per;
            centroids[data.labels[i]][1] += y[i][1] / per;
        }
        int nearerOwn = 0;
        for (int i = 0; i < y.length; i++) {
            int best = 0;
            for (int c = 1; c < clusters; c++) {
                if (dist2(y[i], centroids[c]) < dist2(y[i], centroids[best])) {
                    best = c;
                }
            }
            nearerOwn += best == data.labels[i] ? 1 : 0;
        }
        assertTrue(nearerOwn >= 0.95 * y.length, nearerOwn + " of " + y.length + " nearest their own centroid");
    }

    @Test
    void theSameSeedGivesTheSameLayoutAndAnotherSeedAnother() {
        Data data = blobs(3, 40, 8, 2);
        Tsne.Settings a = new Tsne.Settings(10, 300, 7);
        double[][] first = Tsne.embed(data.x, a, CancelToken.NEVER, ProgressSink.NONE);
        double[][] again = Tsne.embed(data.x, a, CancelToken.NEVER, ProgressSink.NONE);
        for (int i = 0; i < first.length; i++) {
            assertArrayEquals(first[i], again[i], 0.0, "point " + i);
        }
        double[][] other = Tsne.embed(data.x, new Tsne.Settings(10, 300, 8), CancelToken.NEVER, ProgressSink.NONE);
        boolean differs = false;
        for (int i = 0; i < first.length && !differs; i++) {
            differs = Math.abs(first[i][0] - other[i][0]) > 1e-6;
        }
        assertTrue(differs, "another seed starts from another layout");
    }

    @Test
    void cancelDuringTheSetupTakesEffectWithinASecond() throws Exception {
        // 2,000 points: the distances and perplexity search take about a second and cannot be interrupted
        Data data = blobs(10, 200, 50, 3);
        assertCancelTakesEffectQuickly(data, done -> true, 200);
    }

    @Test
    void cancelDuringTheIterationsTakesEffectWithinASecond() throws Exception {
        Data data = blobs(10, 200, 50, 4);
        assertCancelTakesEffectQuickly(data, done -> done >= 3, 0);
    }

    /**
     * Starts a t-SNE of 2,000 points, cancels it once {@code when} holds for the progress (and {@code delayMs} more
     * have passed), and checks that {@code embed} throws within a second of the cancel and that the worker thread
     * ends soon after.
     */
    private static void assertCancelTakesEffectQuickly(Data data, java.util.function.LongPredicate when, long delayMs)
            throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        CountDownLatch reached = new CountDownLatch(1);
        CompletableFuture<Long> thrownAt = CompletableFuture.supplyAsync(() -> {
            try {
                Tsne.embed(data.x, Tsne.Settings.of(30, 1), cancelled::get, (done, total, msg) -> {
                    if (when.test(done)) {
                        reached.countDown();
                    }
                });
                return -1L;
            } catch (CancelToken.CancelledException e) {
                return System.nanoTime();
            }
        });
        assertTrue(reached.await(60, TimeUnit.SECONDS), "the run got going");
        Thread.sleep(delayMs);
        long cancelAt = System.nanoTime();
        cancelled.set(true);
        long at = thrownAt.get(5, TimeUnit.SECONDS);
        assertTrue(at > 0, "embed was cancelled, not finished");
        double ms = (at - cancelAt) / 1e6;
        assertTrue(ms < 1000, "cancel took effect after " + ms + " ms");
        // the abandoned worker stops at its next check too
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (workerAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(workerAlive(), "the t-SNE thread ended");
    }

    private static boolean workerAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("convscope-tsne") && t.isAlive());
    }

    @Test
    void aCancelledTokenStopsBeforeAnyWork() throws InterruptedException {
        Data data = blobs(2, 20, 3, 5);
        AtomicLong reports = new AtomicLong();
        assertThrows(CancelToken.CancelledException.class,
                () -> Tsne.embed(data.x, new Tsne.Settings(5, 250, 1), () -> true, (d, t, m) -> reports.incrementAndGet()));
        Thread.sleep(3 * Tsne.POLL_MS); // a worker started anyway would report its first step within this time
        assertEquals(0, reports.get(), "no step began, so no progress was reported");
    }

    @Test
    void refusesTooFewPointsForThePerplexityAndBadSettings() {
        Data data = blobs(2, 20, 3, 6);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Tsne.embed(data.x, Tsne.Settings.of(30, 1), CancelToken.NEVER, ProgressSink.NONE));
        assertEquals("t-SNE with perplexity 30 needs more than 90 points, got 40; lower the perplexity", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Tsne.Settings(1, 1000, 1));
        assertThrows(IllegalArgumentException.class, () -> new Tsne.Settings(30, 100, 1));
    }

    @Test
    void neighbourAgreementCountsNearestNeighboursOfTheSameClass() {
        // on a line: 0 (a), 1 (a), 5 (b), 5.5 (a), 10 (b): nearest neighbours 1, 0, 5.5, 5, 5.5
        double[][] p = {{0}, {1}, {5}, {5.5}, {10}};
        int[] labels = {0, 0, 1, 0, 1};
        // agree: 0 (a-a), 1 (a-a); 5 -> 5.5 (b-a) no; 5.5 -> 5 (a-b) no; 10 -> 5.5 (b-a) no
        assertEquals(2.0 / 5, NeighbourAgreement.of(p, labels, CancelToken.NEVER), 1e-12);
    }

    private record Data(double[][] x, int[] labels) {
    }

    /** {@code clusters} Gaussian blobs (spread 1 per axis) around centres 12 apart along their own axis. */
    private static Data blobs(int clusters, int per, int dims, long seed) {
        Random rnd = new Random(seed);
        double[][] x = new double[clusters * per][dims];
        int[] labels = new int[clusters * per];
        for (int i = 0; i < x.length; i++) {
            int c = i % clusters; // interleaved, so the order says nothing
            labels[i] = c;
            for (int a = 0; a < dims; a++) {
                x[i][a] = rnd.nextGaussian() + (a == c % dims ? 12 * (1 + c / dims) : 0);
            }
        }
        return new Data(x, labels);
    }

    private static double dist2(double[] a, double[] b) {
        double dx = a[0] - b[0];
        double dy = a[1] - b[1];
        return dx * dx + dy * dy;
    }
}
