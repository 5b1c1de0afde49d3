package org.convscope.ui.train;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.convscope.core.analysis.MemoryEstimate;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.train.BatchEnded;
import org.convscope.core.train.EpochEnded;
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingEnded;
import org.convscope.core.train.TrainingListener;
import org.convscope.core.train.TrainingResult;
import org.convscope.core.train.TrainingStarted;
import org.convscope.data.CifarReader;
import org.convscope.data.CifarTrainingImages;
import org.convscope.engine.Engine;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.FxBatcher;
import org.convscope.ui.common.ModelSession;
import org.convscope.ui.common.TaskExecutor;

/**
 * State of the Train screen: one training run on the bundled CIFAR-10 sample, its live curves, and
 * pause / resume / stop.
 *
 * <p>Training runs on the executor; its events reach the FX thread through an {@link FxBatcher}, so the
 * charts update a few times a second at most. Pause holds the training thread at the next batch
 * boundary; stop cancels at the next batch boundary and keeps the weights trained so far.
 */
final class TrainViewModel {

    /** A point of a curve. */
    record Point(double x, double y) {
    }

    private final ModelSession session;
    private final Supplier<Engine> engine;
    private final TaskExecutor executor;
    private final Executor fx;
    private final ObservableList<Point> batchLoss = FXCollections.observableArrayList();
    private final ObservableList<Point> trainAccuracy = FXCollections.observableArrayList();
    private final ObservableList<Point> validationAccuracy = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper(this, "paused");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "Ready to train on the bundled sample.");
    private final ReadOnlyStringWrapper speed = new ReadOnlyStringWrapper(this, "speed", "");
    private final Object pauseLock = new Object();
    private volatile boolean pauseRequested;
    private volatile boolean stopRequested;
    private volatile org.convscope.engine.CompiledModel trained;
    private final ReadOnlyBooleanWrapper hasTrained = new ReadOnlyBooleanWrapper(this, "hasTrained");
    private double smoothed = Double.NaN;
    private long started;
    private int epochs = 1;

    TrainViewModel(ModelSession session, Supplier<Engine> engine, TaskExecutor executor, Executor fx) {
        this.session = session;
        this.engine = engine;
        this.executor = executor;
        this.fx = fx;
    }

    // Properties

    ObservableList<Point> batchLoss() {
        return batchLoss;
    }

    ObservableList<Point> trainAccuracy() {
        return trainAccuracy;
    }

    ObservableList<Point> validationAccuracy() {
        return validationAccuracy;
    }

    ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** True once a run has produced weights that can be saved. */
    ReadOnlyBooleanProperty hasTrainedProperty() {
        return hasTrained.getReadOnlyProperty();
    }

    /**
     * Saves the last trained model (architecture and weights) atomically, in the background.
     *
     * @param file the target, e.g. {@code cifar.convscope.zip}
     */
    void saveTrained(java.nio.file.Path file) {
        var model = trained;
        if (model == null) {
            return;
        }
        executor.submit(BackgroundJob.of("Save model", (token, sink) -> {
            engine.get().save(model, file);
            return file;
        }).onSuccess(f -> status.set("Saved the trained model to " + f))
                .onFailure(e -> status.set("Could not save: " + Dialogs.describe(e) + " (an existing file is unchanged)")));
    }

    ReadOnlyBooleanProperty pausedProperty() {
        return paused.getReadOnlyProperty();
    }

    /** Overall progress 0..1 over all epochs' batches. */
    ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Images per second, elapsed time and ETA. */
    ReadOnlyStringProperty speedProperty() {
        return speed.getReadOnlyProperty();
    }

    // Commands

    /**
     * Starts training the model on the Build screen.
     *
     * @param config epochs, batch size, learning rate, optimiser, seed
     * @param limit how many of the sample's 2,000 training images to use
     */
    void start(TrainConfig config, int limit) {
        if (running.get()) {
            return;
        }
        ModelAnalysis analysis = ModelAnalyzer.analyze(session.getModel());
        if (!analysis.valid()) {
            status.set("The model cannot be built: " + analysis.problem().orElseThrow().describe());
            return;
        }
        String tooBig = MemoryEstimate.check(3 * MemoryEstimate.of(analysis).trainingBytes(config.batchSize()),
                Runtime.getRuntime().maxMemory() / 2, "to train with batches of " + config.batchSize());
        if (!tooBig.isEmpty()) {
            status.set(tooBig);
            return;
        }
        batchLoss.clear();
        trainAccuracy.clear();
        validationAccuracy.clear();
        smoothed = Double.NaN;
        progress.set(0);
        speed.set("");
        running.set(true);
        paused.set(false);
        pauseRequested = false;
        stopRequested = false;
        started = System.nanoTime();
        epochs = Math.max(1, config.epochs());
        status.set("Loading the CIFAR-10 sample and building the network...");
        var spec = session.getModel();
        FxBatcher<Object> batcher = new FxBatcher<>(fx, this::apply);
        executor.submit(BackgroundJob.of("Training", (token, sink) -> {
            var sample = CifarReader.readBundledSample(token, org.convscope.core.task.ProgressSink.NONE);
            LabelledImages train = new CifarTrainingImages(sample.train()).head(limit);
            LabelledImages validation = new CifarTrainingImages(sample.test());
            var model = engine.get().compile(spec, config.seed());
            trained = model;
            TrainingListener listener = new TrainingListener() {
                @Override
                public void onStart(TrainingStarted e) {
                    batcher.offer(e);
                }

                @Override
                public void onBatch(BatchEnded e) {
                    batcher.offer(e);
                    holdWhilePaused();
                }

                @Override
                public void onEpoch(EpochEnded e) {
                    batcher.offer(e);
                }

                @Override
                public void onEnd(TrainingEnded e) {
                    batcher.offer(e);
                }
            };
            return engine.get().train(model, train, validation, config, listener, () -> stopRequested || token.isCancelled());
        }).onSuccess(this::finished).onFailure(e -> {
            running.set(false);
            paused.set(false);
            status.set("Training failed: " + Dialogs.describe(e));
        }));
    }

    /** Holds the training thread at a batch boundary while paused; stop releases it. */
    private void holdWhilePaused() {
        synchronized (pauseLock) {
            while (pauseRequested && !stopRequested) {
                try {
                    pauseLock.wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    void pause() {
        if (running.get()) {
            pauseRequested = true;
            paused.set(true);
            status.set("Paused after the current batch. Resume to go on, Stop to keep the model as it is.");
        }
    }

    void resume() {
        synchronized (pauseLock) {
            pauseRequested = false;
            pauseLock.notifyAll();
        }
        paused.set(false);
        if (running.get()) {
            status.set("Training...");
        }
    }

    /** Stops at the next batch boundary; the weights trained so far are kept. */
    void stop() {
        stopRequested = true;
        resume();
    }

    private void apply(List<Object> events) {
        for (Object o : events) {
            if (o instanceof TrainingStarted s) {
                status.set("Training: " + s.totalEpochs() + " epochs of " + s.batchesPerEpoch() + " batches.");
            } else if (o instanceof BatchEnded b) {
                smoothed = Double.isNaN(smoothed) ? b.loss() : 0.9 * smoothed + 0.1 * b.loss();
                double x = (b.epoch() - 1) + b.batch() / (double) b.batchesPerEpoch();
                batchLoss.add(new Point(x, smoothed));
                int done = (b.epoch() - 1) * b.batchesPerEpoch() + b.batch();
                progress.set(done / (double) Math.max(1, expectedBatches(b)));
                double elapsed = (System.nanoTime() - started) / 1e9;
                double eta = progress.get() > 0 ? elapsed / progress.get() - elapsed : Double.NaN;
                speed.set(String.format("%.0f images/s    elapsed %.0f s    ETA %s", b.imagesPerSecond(), elapsed,
                        Double.isNaN(eta) ? "-" : String.format("%.0f s", eta)));
                if (!paused.get()) {
                    status.set(String.format("Epoch %d, batch %d of %d: loss %.4f, accuracy %.3f", b.epoch(), b.batch(),
                            b.batchesPerEpoch(), b.loss(), b.accuracy()));
                }
            } else if (o instanceof EpochEnded e) {
                trainAccuracy.add(new Point(e.epoch(), e.trainAccuracy()));
                if (!Double.isNaN(e.validationAccuracy())) {
                    validationAccuracy.add(new Point(e.epoch(), e.validationAccuracy()));
                }
            }
        }
    }

    private int expectedBatches(BatchEnded b) {
        return epochs * b.batchesPerEpoch();
    }

    private void finished(TrainingResult r) {
        running.set(false);
        hasTrained.set(r.end().reason() != TrainingEnded.Reason.DIVERGED && trained != null);
        paused.set(false);
        var end = r.end();
        String last = r.epochs().isEmpty() ? "" : String.format(" Last epoch: train accuracy %.3f, validation accuracy %.3f.",
                r.epochs().get(r.epochs().size() - 1).trainAccuracy(), r.epochs().get(r.epochs().size() - 1).validationAccuracy());
        if (hasTrained.get()) {
            // the Feature maps and Filters views show these weights from now on
            int n = r.epochs().size();
            session.setTrained(trained, r.epochs().isEmpty() ? "trained less than an epoch"
                    : String.format(java.util.Locale.ROOT, "trained %d epoch%s, validation accuracy %.3f", n, n == 1 ? "" : "s",
                            r.epochs().get(n - 1).validationAccuracy()));
        }
        switch (end.reason()) {
            case COMPLETED:
                progress.set(1);
                status.set("Finished." + last);
                break;
            case CANCELLED:
                status.set("Stopped; the model keeps the weights trained so far." + last);
                break;
            default:
                status.set(end.message());
                break;
        }
    }

}
