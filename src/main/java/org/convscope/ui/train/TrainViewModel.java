package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.convscope.app.TrainedWeights;
import org.convscope.app.TrainingData;
import org.convscope.app.TrainingFit;
import org.convscope.app.TrainingPipeline;
import org.convscope.app.WeightsVersion;
import org.convscope.core.analysis.MemoryEstimate;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingEnded;
import org.convscope.core.train.TrainingResult;
import org.convscope.data.CifarImages;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.FxBatcher;
import org.convscope.ui.common.ModelSession;
import org.convscope.ui.common.TaskExecutor;

/**
 * State of the Train screen: one training run through {@link TrainingPipeline} (as {@code convscope train} runs it),
 * its live curves, pause / resume / stop, and the parts the run feeds: the data choice ({@link #data()}), the test
 * results ({@link #results()}) and Predict / Why? ({@link #predictions()}).
 *
 * <p>Training runs on the executor; its events reach the FX thread through an {@link FxBatcher}. Pause holds the
 * training thread at the next batch boundary; stop cancels there and keeps the weights trained so far. Every result
 * names the weights it was computed from: when the session's weights change the results are cleared and the
 * prediction is made again; when the model changes the last run's curves go too.
 */
final class TrainViewModel {

    /** A point of a curve. */
    record Point(double x, double y) {
    }

    /** Memory the checkpoints of one run may take: 10 epochs of a 6 M-parameter model. */
    static final long CHECKPOINT_BUDGET_BYTES = 256L << 20;

    private final ModelSession session;
    private final Supplier<Engine> engine;
    private final TaskExecutor executor;
    private final Executor fx;
    private final TrainCurves curves = new TrainCurves();
    private final TrainDataViewModel data;
    private final TestResultsViewModel results = new TestResultsViewModel();
    private final PredictionViewModel predictions;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper(this, "paused");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyDoubleWrapper epochProgress = new ReadOnlyDoubleWrapper(this, "epochProgress");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status");
    private final ReadOnlyStringWrapper speed = new ReadOnlyStringWrapper(this, "speed", "");
    private final ReadOnlyBooleanWrapper hasTrained = new ReadOnlyBooleanWrapper(this, "hasTrained");
    private final ReadOnlyBooleanWrapper downloading = new ReadOnlyBooleanWrapper(this, "downloading");
    private final ReadOnlyObjectWrapper<TrainingFit> fit = new ReadOnlyObjectWrapper<>(this, "fit");
    private final RunControl control = new RunControl();
    /** Checkpoints of the current run, written by the training thread, handed to the session when it ends. */
    private final List<TrainedWeights.Checkpoint> checkpoints = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean startFromTrained;
    private volatile TrainingData lastData;
    private volatile TrainingResult lastResult;
    private TrainConfig startedWith;
    private final CifarDownload download = new CifarDownload();

    TrainViewModel(ModelSession session, Supplier<Engine> engine, TaskExecutor executor, Executor fx) {
        this(session, engine, executor, fx, org.convscope.app.AppFolders.current().datasets());
    }

    /** @param datasetCache where a downloaded CIFAR-10 archive is unpacked */
    TrainViewModel(ModelSession session, Supplier<Engine> engine, TaskExecutor executor, Executor fx, Path datasetCache) {
        this.session = session;
        this.engine = engine;
        this.executor = executor;
        this.fx = fx;
        this.data = new TrainDataViewModel(executor, datasetCache);
        this.predictions = new PredictionViewModel(engine, executor, status::set, this::withWeights, this::classNames);
        status.set(readyText());
        session.modelProperty().addListener((o, a, b) -> modelChanged());
        session.weightsProperty().addListener((o, a, b) -> weightsChanged());
        fit.set(TrainingFit.check(session.getModel(), CifarImages.STANDARD_CLASS_NAMES.size()).orElse(null));
        data.dataDescriptionProperty().addListener((o, a, b) -> {
            if (!running.get()) {
                status.set(readyText());
            }
        });
    }

    // Parts and properties

    /** The data choice and the Data tab. */
    TrainDataViewModel data() {
        return data;
    }

    /** The test results: confusion matrix and gallery. */
    TestResultsViewModel results() {
        return results;
    }

    /** Predict and Why?. */
    PredictionViewModel predictions() {
        return predictions;
    }

    /** The live curves of the run. */
    TrainCurves curves() {
        return curves;
    }

    /** The settings the last {@link #start} was called with (null before), for tests. */
    TrainConfig startedWith() {
        return startedWith;
    }

    /** The data the last run read, split and standardised with (null before one), for tests. */
    TrainingData lastData() {
        return lastData;
    }

    ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty pausedProperty() {
        return paused.getReadOnlyProperty();
    }

    /** True while the data set downloads (Stop cancels it; Pause does not apply). */
    ReadOnlyBooleanProperty downloadingProperty() {
        return downloading.getReadOnlyProperty();
    }

    /** True while there are trained weights for the current model that can be saved. */
    ReadOnlyBooleanProperty hasTrainedProperty() {
        return hasTrained.getReadOnlyProperty();
    }

    /** Why the current model cannot be trained on CIFAR-10, with a fix where there is one; null when it can. */
    ReadOnlyObjectProperty<TrainingFit> fitProperty() {
        return fit.getReadOnlyProperty();
    }

    /** Overall progress 0..1 over all epochs' batches. */
    ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Progress through the current epoch's batches, 0..1. */
    ReadOnlyDoubleProperty epochProgressProperty() {
        return epochProgress.getReadOnlyProperty();
    }

    ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Images per second, elapsed time and ETA while a run or download goes on; empty otherwise. */
    ReadOnlyStringProperty speedProperty() {
        return speed.getReadOnlyProperty();
    }

    /**
     * Starts the next run from the trained weights the session holds for the model (the last run's, an opened
     * {@code *.convscope.zip}, an imported Keras {@code .h5}) instead of fresh ones: fine-tuning, usually with the first
     * layers frozen ({@link TrainConfig#withFrozenLayers}). The session's own weights are copied, never changed.
     */
    void setStartFromTrained(boolean on) {
        startFromTrained = on;
    }

    /** Applies the fix {@link #fitProperty()} offers, as an undoable edit of the model. */
    void applyFix() {
        TrainingFit f = fit.get();
        if (f != null && f.fix() != null && !running.get()) {
            session.apply(f.fix());
            status.set(tr("train.fixDone", f.fixLabel()) + " " + readyText());
        }
    }

    /** The status when nothing runs: what the next run trains on, or why it cannot. */
    private String readyText() {
        TrainingFit f = fit.get();
        return f != null ? f.problem() : tr("train.ready", data.dataDescriptionProperty().get());
    }

    /** The class names predictions use when the model has none of its own: the test results', else none ("class k"). */
    private List<String> classNames() {
        var r = results.reportProperty().get();
        return r != null ? r.evaluation().classes() : List.of();
    }

    // Commands

    /**
     * Starts training the model on the Build screen.
     *
     * @param config epochs, batch size, learning rate, optimiser, seed
     * @param limit how many training images to use (after the hold-out)
     */
    void start(TrainConfig config, int limit) {
        if (running.get()) {
            return;
        }
        startedWith = config;
        Optional<CompiledModel> base = startFromTrained ? session.trainedFor(session.getModel()).map(TrainedWeights::model)
                : Optional.empty();
        String refused = refusal(config, base);
        if (refused != null) {
            status.set(refused);
            return;
        }
        curves.startRun(config);
        results.show(null);
        progress.set(0);
        epochProgress.set(0);
        speed.set("");
        running.set(true);
        paused.set(false);
        control.reset();
        TrainingPipeline.Request request = data.request(limit);
        status.set(request.data() == null ? tr("train.loadingSample") : tr("train.reading", request.data()));
        ModelSpec spec = session.getModel();
        int thisRun = session.session().nextRun();
        TrainingRun job = new TrainingRun(this, spec, base.orElse(null), config, thisRun);
        executor.submit(BackgroundJob.of("Training", (token, sink) -> job.run(request, token))
                .onSuccess(this::finished).onFailure(e -> {
                    running.set(false);
                    paused.set(false);
                    speed.set("");
                    status.set(tr("train.failed", Dialogs.describe(e)));
                }));
    }

    /** Returns why a run cannot start, or null. */
    private String refusal(TrainConfig config, Optional<CompiledModel> base) {
        TrainingFit f = fit.get();
        String partial = session.session().partialRefusal("Training").orElse(null);
        if (partial != null || f != null) {
            return partial != null ? partial : f.problem() + (f.fix() != null ? " " + tr("train.fix", f.fixLabel()) : "");
        }
        String tooBig = MemoryEstimate.check(3 * MemoryEstimate.of(ModelAnalyzer.analyze(session.getModel()))
                .trainingBytes(config.batchSize()), Runtime.getRuntime().maxMemory() / 2, "to train with batches of "
                + config.batchSize());
        if (!tooBig.isEmpty()) {
            return tooBig;
        }
        if (startFromTrained && base.isEmpty()) {
            return tr("train.noTrainedBase");
        }
        return null;
    }

    // Called by TrainingRun on the training thread

    Supplier<Engine> engine() {
        return engine;
    }

    Executor fx() {
        return fx;
    }

    RunControl control() {
        return control;
    }

    /** The network is built and about to be trained on the data. */
    void training(CompiledModel model, TrainingData d, int run) {
        control.training(model, run);
        lastData = d;
        checkpoints.clear();
    }

    void checkpoint(TrainedWeights.Checkpoint c) {
        checkpoints.add(c);
    }

    int checkpointCount() {
        return checkpoints.size();
    }

    /**
     * The weights Predict and Why? use: during a run a copy taken at the next batch boundary, labelled "after batch k
     * of epoch e"; otherwise the session's trained weights for the model.
     */
    private boolean withWeights(Consumer<PredictionViewModel.Weights> then) {
        if (running.get() && !downloading.get()) {
            control.requestSnapshot(then);
            status.set(tr("train.snapshot"));
            return true;
        }
        Optional<TrainedWeights> t = session.trainedFor(session.getModel());
        t.ifPresent(w -> then.accept(new PredictionViewModel.Weights(w.model(), session.getWeights())));
        return t.isPresent();
    }

    /** The model predictions use when nothing trains (for the Embeddings tab); null when there are none. */
    CompiledModel predictor() {
        return session.trainedFor(session.getModel()).map(TrainedWeights::model).orElse(null);
    }

    void pause() {
        if (running.get() && !downloading.get()) {
            control.requestPause();
            paused.set(true);
            speed.set("");
            status.set(tr("train.paused"));
        }
    }

    void resume() {
        control.resume();
        paused.set(false);
        if (running.get()) {
            status.set(tr("train.training"));
        }
    }

    /** Stops at the next batch boundary; the weights trained so far are kept. */
    void stop() {
        control.requestStop();
        resume();
        speed.set("");
        if (running.get()) {
            status.set(tr("train.stopping"));
        }
    }

    /** Applies a batch of training events on the FX thread. */
    void apply(List<Object> events) {
        curves.apply(events, progress, epochProgress, paused.get() ? null : status::set, speed::set);
        if (control.stopRequested() || paused.get()) {
            speed.set(""); // no ETA for a run that is not going on
        }
    }

    private void finished(TrainingRun.Outcome outcome) {
        TrainingResult r = outcome.result();
        lastResult = r;
        running.set(false);
        paused.set(false);
        speed.set("");
        CompiledModel training = control.model();
        boolean trainedSome = r.end().reason() != TrainingEnded.Reason.DIVERGED && training != null;
        if (trainedSome) {
            // the Feature maps and Filters views and the results below show these weights from now on
            int n = r.epochs().size();
            WeightsVersion version = WeightsVersion.trained(outcome.run(), n);
            curves.health().ranInto(version); // the time machine's checkpoints of this run show their histograms
            session.setTrained(new TrainedWeights(training, version, r.epochs().isEmpty() ? "trained less than an epoch"
                    : String.format(Locale.ROOT, "trained %d epoch%s, validation accuracy %.3f", n, n == 1 ? "" : "s",
                            r.epochs().get(n - 1).validationAccuracy()), List.copyOf(checkpoints)));
            if (outcome.test() != null) {
                results.show(TestResultsViewModel.Report.of(outcome.test(), lastData.test(), session.getWeights()));
            }
        }
        hasTrained.set(session.trainedFor(session.getModel()).isPresent());
        status.set(TrainCurves.endText(r));
        control.ended(trainedSome ? new PredictionViewModel.Weights(training, session.getWeights()) : null);
        if (r.end().reason() == TrainingEnded.Reason.COMPLETED) {
            progress.set(1);
            speed.set(lastData == null ? "" : TrainCurves.endSpeed(r, lastData.train().size()));
        }
        lastData = RunMemory.afterRun(lastData); // the training images go, and memory goes back to the system
    }

    /** The model changed: the last run's curves, results and prediction are of another model, so they go. */
    private void modelChanged() {
        fit.set(TrainingFit.check(session.getModel(), CifarImages.STANDARD_CLASS_NAMES.size()).orElse(null));
        if (running.get()) {
            return;
        }
        boolean had = lastResult != null || results.reportProperty().get() != null
                || predictions.predictionProperty().get() != null;
        lastResult = null;
        curves.clear();
        results.show(null);
        predictions.clear();
        progress.set(0);
        epochProgress.set(0);
        speed.set("");
        hasTrained.set(session.trainedFor(session.getModel()).isPresent());
        status.set((had ? tr("train.modelChanged") + " " : "")
                + readyText());
    }

    /** The weights changed (a run ended, a model was opened): results of other weights go or are made again. */
    private void weightsChanged() {
        WeightsVersion now = session.getWeights();
        boolean trained = session.trainedFor(session.getModel()).isPresent();
        hasTrained.set(trained);
        results.clearUnless(now, status::set, tr("train.resultsCleared", now.label()));
        predictions.weightsChanged(now, trained);
    }

    /** Evaluates the session's trained weights for the model on the chosen data's test images, in the background. */
    void evaluate() {
        if (running.get()) {
            status.set(tr("train.waitToEvaluate"));
            return;
        }
        Optional<TrainedWeights> t = session.trainedFor(session.getModel());
        if (t.isEmpty()) {
            status.set(tr("train.nothingToEvaluate"));
            return;
        }
        results.evaluate(new PredictionViewModel.Weights(t.get().model(), session.getWeights()), data, engine, executor,
                status::set, session::getWeights);
    }

    // Files

    /** Saves the trained weights for the model (architecture and weights) atomically, in the background. */
    void saveTrained(Path file) {
        var t = session.trainedFor(session.getModel());
        if (t.isEmpty()) {
            status.set(tr("train.nothingToSave"));
            return;
        }
        CompiledModel model = t.get().model();
        executor.submit(BackgroundJob.of("Save model", (token, sink) -> {
            engine.get().save(model, file);
            return file;
        }).onSuccess(f -> {
            status.set(tr("status.savedTrained", f));
            session.session().trained().filter(w -> w.model() == model).ifPresent(w -> session.weightsSaved());
        }).onFailure(e -> status.set(tr("train.saveFailed", Dialogs.describe(e)))));
    }

    /** Writes the last run's history as CSV, atomically (see {@link TrainCurves#historyCsv}). */
    void saveHistory(Path file) {
        TrainFiles.saveHistory(lastResult, file, executor, status::set);
    }

    /** Writes a picture (the charts) as PNG in the background, atomically. */
    void exportPng(org.convscope.core.image.Raster image, Path file) {
        TrainFiles.exportPng(image, file, executor, status::set);
    }

    /** Reads the Data tab's preview for the current model's input. */
    void previewData(long seed) {
        data.previewData(session.getModel().input(), seed);
    }

    /** Points downloads elsewhere (tests serve a fixture from 127.0.0.1). */
    void setDownloadSource(java.net.URI url, String md5) {
        download.setSource(url, md5);
    }

    /**
     * Downloads the official CIFAR-10 binary archive into the dataset cache with progress and makes it the data
     * (see {@link CifarDownload}).
     */
    void download() {
        if (running.get()) {
            return;
        }
        running.set(true);
        downloading.set(true);
        control.reset();
        progress.set(0);
        speed.set("");
        download.start(executor, data.datasetCache(), control::stopRequested, status::set, speed::set, progress::set, file -> {
            downloadEnded();
            if (file != null) {
                progress.set(1);
                data.setData(file);
                status.set(tr("train.downloaded", file));
            }
        });
    }

    private void downloadEnded() {
        running.set(false);
        downloading.set(false);
        speed.set("");
    }
}
