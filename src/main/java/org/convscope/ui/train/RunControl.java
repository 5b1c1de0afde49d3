package org.convscope.ui.train;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.convscope.app.WeightsVersion;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;

/**
 * What the FX thread asks of a running training thread, answered at batch boundaries: pause, stop, and a copy of
 * the weights for Predict / Why? (so they never read weights that are being changed, and never wait for the run to
 * end). Thread-safe.
 */
final class RunControl {

    private final Object pauseLock = new Object();
    private final AtomicReference<Consumer<PredictionViewModel.Weights>> snapshotRequest = new AtomicReference<>();
    private volatile boolean pauseRequested;
    private volatile boolean stopRequested;
    private volatile CompiledModel model;
    private volatile int run;

    /** Resets the flags for a new run (or download). */
    void reset() {
        pauseRequested = false;
        stopRequested = false;
        snapshotRequest.set(null);
        model = null;
    }

    /** The network being trained and the run's number, once built. */
    void training(CompiledModel network, int runNumber) {
        model = network;
        run = runNumber;
    }

    /** The network being (or last) trained; null before. */
    CompiledModel model() {
        return model;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    void requestPause() {
        pauseRequested = true;
    }

    /** Releases a paused training thread. */
    void resume() {
        synchronized (pauseLock) {
            pauseRequested = false;
            pauseLock.notifyAll();
        }
    }

    void requestStop() {
        stopRequested = true;
        resume();
    }

    /** Asks for a copy of the weights at the next batch boundary; it is handed to {@code then} on the training thread. */
    void requestSnapshot(Consumer<PredictionViewModel.Weights> then) {
        snapshotRequest.set(then);
    }

    /**
     * The run has ended: a request no batch boundary served (asked during the last batch or the test) gets the final
     * weights, or nothing when there are none (null).
     */
    void ended(PredictionViewModel.Weights last) {
        Consumer<PredictionViewModel.Weights> request = snapshotRequest.getAndSet(null);
        if (request != null && last != null) {
            request.accept(last);
        }
    }

    /**
     * On the training thread at the end of a batch: serves a waiting snapshot request, then holds while paused (still
     * serving requests) until resumed or stopped.
     */
    void atBatchBoundary(Supplier<Engine> engine, int epoch, int batch) {
        serve(engine, epoch, batch);
        synchronized (pauseLock) {
            while (pauseRequested && !stopRequested) {
                serve(engine, epoch, batch);
                try {
                    pauseLock.wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void serve(Supplier<Engine> engine, int epoch, int batch) {
        Consumer<PredictionViewModel.Weights> request = snapshotRequest.getAndSet(null);
        CompiledModel m = model;
        if (request != null && m != null) {
            request.accept(new PredictionViewModel.Weights(engine.get().copy(m), WeightsVersion.duringTraining(run, epoch, batch)));
        }
    }
}
