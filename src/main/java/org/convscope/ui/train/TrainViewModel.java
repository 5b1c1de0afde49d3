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
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
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

    /**
     * The trained model on the validation (test) images: confusion matrix, and each image's prediction.
     *
     * @param evaluation counts per true and predicted class, with precision and recall
     * @param images the validation images, as read (bytes)
     * @param predicted the predicted class of each image
     * @param confidence the predicted class's probability for each image
     */
    record Report(org.convscope.core.train.Evaluation evaluation, org.convscope.data.CifarImages images, int[] predicted,
                  double[] confidence) {
    }

    /** One image of the gallery: the image, its true and predicted class, and how sure the model was. */
    record GalleryItem(int index, org.convscope.core.image.Raster image, String truth, String predicted,
                       double confidence, boolean right) {
    }

    /**
     * The trained model's answer for one image of the user's.
     *
     * @param image the image as read
     * @param name its file name
     * @param classes the three most likely classes, most likely first
     * @param probabilities their probabilities
     */
    record Prediction(org.convscope.core.image.Raster image, String name, List<String> classes, double[] probabilities) {
    }

    /** How "Why?" finds where the model looked. */
    enum Method {
        /** One backward pass: the last conv layer's maps weighted by the class score's mean gradient. */
        GRAD_CAM("Grad-CAM"),
        /** A grey patch moved over the image, one forward pass per position. */
        OCCLUSION("occlusion map");

        private final String label;

        Method(String label) {
            this.label = label;
        }

        /** Returns the name shown on the button and in captions. */
        String label() {
            return label;
        }
    }

    /**
     * Where the model looked for its prediction: the image as the model saw it and a heat map over it.
     *
     * @param input the model's input {@code (H, W, C)}, pixels 0-1
     * @param heat {@code [H][W]}: Grad-CAM's enlarged map (at least 0), or occlusion's mean drops (any sign)
     * @param method how it was made
     * @param className the class explained
     * @param probability the class's probability for the whole image
     * @param detail what the caption says about how it was made (the layer, the patch)
     */
    record Explanation(org.convscope.core.conv.Volume input, double[][] heat, Method method, String className,
                       double probability, String detail) {
    }

    /** What the training run produced: the result and, unless it diverged, the report. */
    private record Outcome(TrainingResult result, Report report) {
    }

    private final ModelSession session;
    private final Supplier<Engine> engine;
    private final TaskExecutor executor;
    private final Executor fx;
    private final ObservableList<Point> batchLoss = FXCollections.observableArrayList();
    private final ObservableList<Point> trainAccuracy = FXCollections.observableArrayList();
    private final ObservableList<Point> validationAccuracy = FXCollections.observableArrayList();
    private final ObservableList<Point> epochLoss = FXCollections.observableArrayList();
    private final ObservableList<Point> validationLoss = FXCollections.observableArrayList();
    private final ObservableList<Point> learningRates = FXCollections.observableArrayList();
    private TrainConfig config;
    private TrainConfig startedWith;

    /** The settings the last {@link #start} was called with (null before), for tests. */
    TrainConfig startedWith() {
        return startedWith;
    }
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
    private final ReadOnlyObjectWrapper<Report> report = new ReadOnlyObjectWrapper<>(this, "report");
    private final ObservableList<GalleryItem> gallery = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper galleryTitle = new ReadOnlyStringWrapper(this, "galleryTitle", "");
    private final ReadOnlyStringWrapper dataDescription = new ReadOnlyStringWrapper(this, "dataDescription",
            "the bundled CIFAR-10 sample (2,000 training and 500 test images)");
    private volatile java.nio.file.Path data; // a CIFAR-10 folder or archive; null for the bundled sample
    private volatile boolean normalise;
    private volatile boolean holdOut;
    private final ReadOnlyDoubleWrapper epochProgress = new ReadOnlyDoubleWrapper(this, "epochProgress");
    private volatile TrainingResult lastResult;
    /** Checkpoints of the current run, written by the training thread, handed to the session when it ends. */
    private final List<org.convscope.app.TrainedWeights.Checkpoint> checkpoints = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    /** Memory the checkpoints of one run may take: 10 epochs of a 6 M-parameter model. */
    static final long CHECKPOINT_BUDGET_BYTES = 256L << 20;
    private final ObservableList<GalleryItem> preview = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper previewText = new ReadOnlyStringWrapper(this, "previewText",
            "Show a sample of the training images with their classes, and the data's per-channel statistics.");
    private final ReadOnlyObjectWrapper<Explanation> explanation = new ReadOnlyObjectWrapper<>(this, "explanation");
    private final ReadOnlyObjectWrapper<Prediction> prediction = new ReadOnlyObjectWrapper<>(this, "prediction");
    private final ReadOnlyBooleanWrapper downloading = new ReadOnlyBooleanWrapper(this, "downloading");
    private java.net.URI downloadUrl = org.convscope.data.Downloader.CIFAR10_BINARY_URL;
    private String downloadMd5 = org.convscope.data.Downloader.CIFAR10_BINARY_MD5;
    private final java.nio.file.Path datasetCache;
    private double smoothed = Double.NaN;
    private long started;
    private int epochs = 1;
    private int run;

    TrainViewModel(ModelSession session, Supplier<Engine> engine, TaskExecutor executor, Executor fx) {
        this(session, engine, executor, fx, org.convscope.app.AppFolders.current().datasets());
    }

    /**
     * @param datasetCache where a downloaded CIFAR-10 archive is unpacked
     */
    TrainViewModel(ModelSession session, Supplier<Engine> engine, TaskExecutor executor, Executor fx,
            java.nio.file.Path datasetCache) {
        this.datasetCache = datasetCache;
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

    /** Mean training loss of each finished epoch, at x = epoch. */
    ObservableList<Point> epochLoss() {
        return epochLoss;
    }

    /** Validation loss of each finished epoch. */
    ObservableList<Point> validationLoss() {
        return validationLoss;
    }

    /** The learning rate of each epoch as the schedule sets it, drawn for the whole run when it starts. */
    ObservableList<Point> learningRates() {
        return learningRates;
    }

    /** The trained model's results on the validation images; null until a run ends (and after one diverges). */
    ReadOnlyObjectProperty<Report> reportProperty() {
        return report.getReadOnlyProperty();
    }

    /** Images from the validation set with their predictions: the first 25, or those of one confusion-matrix cell. */
    ObservableList<GalleryItem> gallery() {
        return gallery;
    }

    ReadOnlyStringProperty galleryTitleProperty() {
        return galleryTitle.getReadOnlyProperty();
    }

    /** What the next run trains on, in words. */
    ReadOnlyStringProperty dataDescriptionProperty() {
        return dataDescription.getReadOnlyProperty();
    }

    /**
     * Chooses the data: a {@code cifar-10-batches-bin} folder (or one holding it), the official
     * {@code cifar-10-binary.tar.gz}, or null for the bundled sample. Read when training starts.
     */
    void setData(java.nio.file.Path folderOrArchive) {
        data = folderOrArchive;
        dataDescription.set(folderOrArchive == null ? "the bundled CIFAR-10 sample (2,000 training and 500 test images)"
                : "CIFAR-10 from " + folderOrArchive + " (50,000 training and 10,000 test images)");
    }

    /** True once a run has a history to save. */
    boolean hasHistory() {
        return lastResult != null;
    }

    /**
     * Writes the last run's history as CSV, atomically: one row per epoch
     * ({@code epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds}), then one row per batch loss
     * ({@code batch,<n>,<loss>}) so that the smoothed curve can be redrawn elsewhere.
     *
     * @param file the target
     */
    void saveHistory(java.nio.file.Path file) {
        TrainingResult r = lastResult;
        if (r == null) {
            status.set("Train first; the history of the run can then be saved.");
            return;
        }
        StringBuilder csv = new StringBuilder("epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds\n");
        for (var e : r.epochs()) {
            csv.append(String.format(java.util.Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.3f%n", e.epoch(), e.trainLoss(),
                    e.trainAccuracy(), e.validationLoss(), e.validationAccuracy(), e.seconds()));
        }
        csv.append("batch,index,loss\n");
        for (int i = 0; i < r.batchLosses().size(); i++) {
            csv.append(String.format(java.util.Locale.ROOT, "batch,%d,%.6f%n", i + 1, r.batchLosses().get(i)));
        }
        byte[] bytes = csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        executor.submit(BackgroundJob.of("Save history", (token, sink) -> {
            org.convscope.io.AtomicFiles.write(file, bytes);
            return file;
        }).onSuccess(f -> status.set("Saved the training history to " + f))
                .onFailure(e -> status.set("Could not save the history: " + Dialogs.describe(e) + " (an existing file is unchanged)")));
    }

    /**
     * Writes a picture (the charts) as PNG in the background, atomically.
     *
     * @param image the pixels
     * @param file the target
     */
    void exportPng(org.convscope.core.image.Raster image, java.nio.file.Path file) {
        executor.submit(BackgroundJob.of("Export PNG", (token, sink) -> {
            org.convscope.imaging.Images.writePng(image, file);
            return file;
        }).onSuccess(f -> status.set("Exported the charts to " + f))
                .onFailure(e -> status.set("Could not export the charts: " + Dialogs.describe(e) + " (an existing file is unchanged)")));
    }

    /** Random training images with their classes, for a look at the data before training. */
    ObservableList<GalleryItem> preview() {
        return preview;
    }

    /** Counts and per-channel mean and standard deviation of the previewed data. */
    ReadOnlyStringProperty previewTextProperty() {
        return previewText.getReadOnlyProperty();
    }

    /**
     * Reads the chosen data in the background and shows 25 random training images with their classes, the class
     * counts and the per-channel mean and standard deviation of the pixels (scaled to 0-1).
     *
     * @param seed picks the images
     */
    void previewData(long seed) {
        java.nio.file.Path source = data;
        previewText.set("Reading " + (source == null ? "the bundled sample" : source) + "...");
        executor.submit(BackgroundJob.of("Preview data", (token, sink) -> {
            var splits = readData(source, token);
            var train = splits.train();
            java.util.Random random = new java.util.Random(seed);
            List<GalleryItem> items = new java.util.ArrayList<>();
            for (int k = 0; k < Math.min(25, train.size()); k++) {
                int i = random.nextInt(train.size());
                String name = train.className(i);
                items.add(new GalleryItem(i, train.image(i), name, name, 1, true));
            }
            double[] mean = train.perChannelMean();
            double[] std = train.perChannelStd();
            int[] counts = train.classCounts();
            StringBuilder perClass = new StringBuilder();
            for (int c = 0; c < counts.length; c++) {
                perClass.append(c == 0 ? "" : ", ").append(train.classNames().get(c)).append(' ').append(counts[c]);
            }
            String text = String.format(java.util.Locale.ROOT, "%,d training and %,d test images. Per-channel mean"
                    + " (R, G, B) %.3f, %.3f, %.3f; standard deviation %.3f, %.3f, %.3f (pixels / 255). Per class: %s.",
                    train.size(), splits.test().size(), mean[0], mean[1], mean[2], std[0], std[1], std[2], perClass);
            return new Object[] {items, text};
        }).onSuccess(r -> {
            @SuppressWarnings("unchecked")
            List<GalleryItem> items = (List<GalleryItem>) r[0];
            preview.setAll(items);
            previewText.set((String) r[1]);
        }).onFailure(e -> previewText.set("Cannot read the data: " + Dialogs.describe(e))));
    }

    /**
     * The model predictions use: this screen's last trained one, else the session's trained weights for the current
     * model (a run's or a saved model opened with File > Open); null when there are none.
     */
    org.convscope.engine.CompiledModel predictor() {
        var own = trained;
        if (own != null && hasTrained.get()) {
            return own;
        }
        return session.trainedFor(session.getModel()).map(org.convscope.app.TrainedWeights::model).orElse(null);
    }

    /** The occlusion map of the last prediction; null until asked for. */
    ReadOnlyObjectProperty<Explanation> explanationProperty() {
        return explanation.getReadOnlyProperty();
    }

    /**
     * Explains the last prediction in the background for its most likely class: Grad-CAM at the last conv layer
     * (one forward and one backward pass), or an occlusion map (an 8x8 grey patch moved 2 pixels at a time over a
     * 32x32 input makes 169 copies).
     *
     * @param method how
     */
    void explain(Method method) {
        var model = predictor();
        Prediction p = prediction.get();
        if (model == null || p == null) {
            status.set("Predict an image first; then Why? shows where the model looked.");
            return;
        }
        int patch = Math.max(1, Math.min(model.spec().input().height(), model.spec().input().width()) / 4);
        status.set(method == Method.GRAD_CAM ? "Following " + p.classes().get(0) + "'s score back to the last conv layer..."
                : "Hiding each part of " + p.name() + " in turn...");
        executor.submit(BackgroundJob.of("Why?", (token, sink) -> {
            var input = org.convscope.imaging.ModelInput.prepare(p.image(), model.spec().input());
            if (method == Method.GRAD_CAM) {
                var g = org.convscope.engine.Explanations.gradCam(engine.get(), model, input, -1, 0);
                var shape = g.cam().coarse();
                return new Explanation(input, g.cam().map(), method, p.classes().get(0), g.probability(),
                        String.format(java.util.Locale.ROOT, "layer %s, %dx%d maps, %d channels", g.layerName(),
                                shape.length, shape[0].length, g.cam().alpha().length));
            }
            var map = org.convscope.engine.Explanations.occlusion(engine.get(), model, input, -1, patch,
                    Math.max(1, patch / 4), 0.5, token::isCancelled);
            return new Explanation(input, map.drops(), method, p.classes().get(0), map.probability(),
                    String.format(java.util.Locale.ROOT, "a %dx%d grey patch moved %d pixels at a time", patch, patch,
                            Math.max(1, patch / 4)));
        }).onSuccess(e -> {
            explanation.set(e);
            status.set(e.method() == Method.GRAD_CAM
                    ? String.format(java.util.Locale.ROOT, "Grad-CAM: red where the last conv layer's maps raised %s (%.0f%%).",
                            e.className(), 100 * e.probability())
                    : String.format(java.util.Locale.ROOT, "Red: hiding it lowers %s (%.0f%%) most; blue: hiding it helps.",
                            e.className(), 100 * e.probability()));
        }).onFailure(e -> status.set("Cannot explain: " + Dialogs.describe(e))));
    }

    /** Reads the bundled sample (source null) or the CIFAR-10 folder or archive the user chose, checking every batch. */
    private CifarReader.Splits readData(java.nio.file.Path source, org.convscope.core.task.CancelToken token)
            throws java.io.IOException, org.convscope.data.CifarFormatException {
        var none = org.convscope.core.task.ProgressSink.NONE;
        return source == null ? CifarReader.readBundledSample(token, none)
                : CifarReader.readAll(CifarReader.locate(source, datasetCache, token, none), true, token, none);
    }

    /**
     * Reads the test images of the data this screen trains on: the bundled sample's 500, or the chosen CIFAR-10 set's
     * 10,000 (for the Embeddings tab).
     */
    org.convscope.data.CifarImages readTestImages(org.convscope.core.task.CancelToken token)
            throws java.io.IOException, org.convscope.data.CifarFormatException {
        var none = org.convscope.core.task.ProgressSink.NONE;
        java.nio.file.Path source = data;
        return source == null ? CifarReader.readBundledSample(token, none).test()
                : CifarReader.readTest(CifarReader.locate(source, datasetCache, token, none), token, none);
    }

    /** The last prediction for an image of the user's; null before one. */
    ReadOnlyObjectProperty<Prediction> predictionProperty() {
        return prediction.getReadOnlyProperty();
    }

    /**
     * Classifies an image with the trained model in the background: read with OpenCV, cropped and resized to the
     * model's input as the feature maps are, then the three most likely classes. Errors go to the status line.
     *
     * @param file an image file (PNG, JPEG, ...)
     */
    void predict(java.nio.file.Path file) {
        predict(() -> org.convscope.imaging.Images.read(file, org.convscope.imaging.Images.DEFAULT_MAX_PIXELS),
                String.valueOf(file.getFileName()), null);
    }

    /**
     * Classifies an image already in memory, e.g. a test image from the gallery, as {@link #predict(java.nio.file.Path)}.
     *
     * @param image the image
     * @param name what to call it
     * @param then explain the prediction this way once it is there, or null
     */
    void predict(org.convscope.core.image.Raster image, String name, Method then) {
        predict(() -> image, name, then);
    }

    /** Reads an image in the background. */
    private interface ImageSource {
        org.convscope.core.image.Raster read() throws Exception;
    }

    private void predict(ImageSource source, String name, Method then) {
        var model = predictor();
        Report r = report.get();
        if (model == null) {
            status.set("Train a model first; then predict shows its three most likely classes for your image.");
            return;
        }
        List<String> names = r != null ? r.evaluation().classes() : org.convscope.data.CifarImages.STANDARD_CLASS_NAMES;
        executor.submit(BackgroundJob.of("Predict", (token, sink) -> {
            var raster = source.read();
            var input = org.convscope.imaging.ModelInput.prepare(raster, model.spec().input());
            // the engine's own class probabilities (softmax applied to logits), as the test results use them
            double[] p = engine.get().classify(model, LabelledImages.of(1, input.height(), input.width(), input.channels(),
                    1, i -> 0, i -> input), 1, token::isCancelled)[0];
            int[] top = org.convscope.core.train.Evaluation.topK(p, Math.min(3, p.length));
            List<String> classes = new java.util.ArrayList<>();
            double[] probs = new double[top.length];
            for (int k = 0; k < top.length; k++) {
                // class names only where they fit the model (CIFAR-10's ten for a 10-class model without a report)
                classes.add(names.size() == p.length ? names.get(top[k]) : "class " + top[k]);
                probs[k] = p[top[k]];
            }
            return new Prediction(raster, name, classes, probs);
        }).onSuccess(pr -> {
            explanation.set(null);
            prediction.set(pr);
            status.set(String.format(java.util.Locale.ROOT, "%s: %s (%.0f%%)", pr.name(), pr.classes().get(0),
                    100 * pr.probabilities()[0]));
            if (then != null) {
                explain(then);
            }
        }).onFailure(e -> status.set("Cannot predict " + name + ": " + Dialogs.describe(e))));
    }

    /** True while the data set downloads (Stop cancels it; Pause does not apply). */
    ReadOnlyBooleanProperty downloadingProperty() {
        return downloading.getReadOnlyProperty();
    }

    /**
     * Validates on a tenth of the training images held out (true) or on the test images (false, the default); the
     * test results after the run always use the test images.
     */
    void setHoldOutValidation(boolean on) {
        holdOut = on;
    }

    /** Progress through the current epoch's batches, 0..1. */
    ReadOnlyDoubleProperty epochProgressProperty() {
        return epochProgress.getReadOnlyProperty();
    }

    /**
     * Whether the next run standardises the inputs with the training images' per-channel mean and standard
     * deviation (kept with the trained model, so feature maps and predictions use it too).
     */
    private volatile boolean startFromTrained;

    void setNormalise(boolean on) {
        normalise = on;
    }

    /**
     * Starts the next run from the trained weights the session holds for the model (the last run's, an opened
     * {@code *.convscope.zip}, an imported Keras {@code .h5}) instead of fresh ones: fine-tuning, usually with the first
     * layers frozen ({@link TrainConfig#withFrozenLayers}). The session's own weights are copied, never changed.
     */
    void setStartFromTrained(boolean on) {
        startFromTrained = on;
    }

    /** Points downloads elsewhere (tests serve a fixture from 127.0.0.1). */
    void setDownloadSource(java.net.URI url, String md5) {
        downloadUrl = url;
        downloadMd5 = md5;
    }

    /**
     * Downloads the official CIFAR-10 binary archive (about 170 MB) into the dataset cache with progress, checks
     * its published MD5 and makes it the data. Stop cancels; a later download resumes the partial file. An archive
     * downloaded and checked before is used at once.
     */
    void download() {
        if (running.get()) {
            return;
        }
        java.nio.file.Path target = datasetCache.resolve("cifar-10-binary.tar.gz");
        java.net.URI url = downloadUrl;
        String md5 = downloadMd5;
        running.set(true);
        downloading.set(true);
        stopRequested = false;
        progress.set(0);
        speed.set("");
        status.set("Downloading CIFAR-10 from " + url.getHost() + "... (Stop cancels; a later download resumes)");
        executor.submit(BackgroundJob.of("Download CIFAR-10", (token, sink) -> {
            if (java.nio.file.Files.isRegularFile(target)) {
                return target; // downloaded and checked before: only complete, checked files get this name
            }
            new org.convscope.data.Downloader().download(url, target, "MD5", md5, () -> stopRequested || token.isCancelled(), sink);
            return target;
        }).onProgress((done, total, message) -> {
            if (total > 0) {
                progress.set(done / (double) total);
            }
            speed.set(message);
        }).onSuccess(file -> {
            running.set(false);
            downloading.set(false);
            progress.set(1);
            setData(file);
            status.set("Downloaded and checked " + file + "; training now uses the full CIFAR-10.");
        }).onFailure(e -> {
            running.set(false);
            downloading.set(false);
            status.set("The download failed: " + Dialogs.describe(e) + " Choose Download again to resume.");
        }).onCancelled(() -> {
            running.set(false);
            downloading.set(false);
            status.set("Download stopped; choose Download again to resume where it stopped.");
        }));
    }

    /** Shows the first 25 validation images with their predictions (the seed's 5x5 grid). */
    void showFirstImages() {
        Report r = report.get();
        if (r == null) {
            gallery.clear();
            return;
        }
        List<GalleryItem> items = new java.util.ArrayList<>();
        for (int i = 0; i < Math.min(25, r.images().size()); i++) {
            items.add(item(r, i));
        }
        gallery.setAll(items);
        galleryTitle.set("The first " + items.size() + " test images: predicted class (true class); wrong ones in red");
    }

    /**
     * Shows the validation images of one confusion-matrix cell (at most 60).
     *
     * @param truth the true class
     * @param predicted the predicted class
     */
    void showCell(int truth, int predicted) {
        Report r = report.get();
        if (r == null) {
            return;
        }
        List<GalleryItem> items = new java.util.ArrayList<>();
        long count = 0;
        for (int i = 0; i < r.images().size(); i++) {
            if (r.images().label(i) == truth && r.predicted()[i] == predicted) {
                count++;
                if (items.size() < 60) {
                    items.add(item(r, i));
                }
            }
        }
        gallery.setAll(items);
        List<String> names = r.evaluation().classes();
        galleryTitle.set(String.format(java.util.Locale.ROOT, "%s predicted as %s: %,d image%s%s", names.get(truth),
                names.get(predicted), count, count == 1 ? "" : "s", count > items.size() ? " (the first " + items.size() + ")" : ""));
    }

    private static GalleryItem item(Report r, int i) {
        List<String> names = r.evaluation().classes();
        int t = r.images().label(i);
        int p = r.predicted()[i];
        return new GalleryItem(i, r.images().image(i), names.get(t), names.get(p), r.confidence()[i], t == p);
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
        }).onSuccess(f -> {
            status.set("Saved the trained model to " + f);
            session.session().trained().filter(t -> t.model() == model).ifPresent(t -> session.weightsSaved());
        })
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
        startedWith = config;
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
        var base = startFromTrained ? session.trainedFor(session.getModel()).map(org.convscope.app.TrainedWeights::model) : java.util.Optional
                .<org.convscope.engine.CompiledModel>empty();
        if (startFromTrained && base.isEmpty()) {
            status.set("There are no trained weights for this model to start from: train it once, open a trained"
                    + " *.convscope.zip or import a Keras .h5 (File > Open), or start from fresh weights.");
            return;
        }
        batchLoss.clear();
        trainAccuracy.clear();
        validationAccuracy.clear();
        epochLoss.clear();
        validationLoss.clear();
        this.config = config;
        java.util.List<Point> rates = new java.util.ArrayList<>();
        for (int e = 1; e <= config.epochs(); e++) {
            rates.add(new Point(e, config.learningRate(e)));
        }
        learningRates.setAll(rates);
        report.set(null);
        gallery.clear();
        galleryTitle.set("");
        smoothed = Double.NaN;
        progress.set(0);
        speed.set("");
        running.set(true);
        paused.set(false);
        pauseRequested = false;
        stopRequested = false;
        started = System.nanoTime();
        epochs = Math.max(1, config.epochs());
        java.nio.file.Path source = data;
        status.set(source == null ? "Loading the CIFAR-10 sample and building the network..."
                : "Reading CIFAR-10 from " + source + " (checking every batch) and building the network...");
        var spec = session.getModel();
        int run = session.session().nextRun();
        this.run = run;
        FxBatcher<Object> batcher = new FxBatcher<>(fx, this::apply);
        executor.submit(BackgroundJob.of("Training", (token, sink) -> {
            var sample = readData(source, token);
            LabelledImages train;
            LabelledImages validation;
            if (holdOut) {
                // validation: a tenth of the (shuffled) training images, never trained on; the report still uses the test set
                var shuffled = sample.train().shuffled(config.seed());
                int held = Math.max(1, shuffled.size() / 10);
                validation = new CifarTrainingImages(shuffled.range(0, held));
                var rest = shuffled.range(held, shuffled.size());
                train = new CifarTrainingImages(rest).head(Math.min(limit, rest.size()));
            } else {
                train = new CifarTrainingImages(sample.train()).head(Math.min(limit, sample.train().size()));
                validation = new CifarTrainingImages(sample.test());
            }
            LabelledImages testImages = new CifarTrainingImages(sample.test());
            var model = base.isPresent() ? engine.get().copy(base.get()) : engine.get().compile(spec, config.seed());
            if (normalise && model.inputNormalization().isEmpty()) {
                engine.get().setInputNormalization(model, new org.convscope.core.train.InputNormalization(
                        sample.train().perChannelMean(), sample.train().perChannelStd()));
            }
            trained = model;
            checkpoints.clear();
            long bytesPerCheckpoint = 4 * Math.max(1, model.parameterCount());
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
                    // the time machine: a copy of the weights after every epoch, while they fit the budget
                    if ((checkpoints.size() + 1) * bytesPerCheckpoint <= CHECKPOINT_BUDGET_BYTES) {
                        checkpoints.add(new org.convscope.app.TrainedWeights.Checkpoint(e.epoch(), engine.get().copy(model),
                                org.convscope.app.WeightsVersion.trained(run, e.epoch()), String.format(java.util.Locale.ROOT, "epoch %d of %d, validation accuracy %.3f", e.epoch(),
                                        config.epochs(), e.validationAccuracy())));
                    }
                }

                @Override
                public void onEnd(TrainingEnded e) {
                    batcher.offer(e);
                }
            };
            TrainingResult result = engine.get().train(model, train, validation, config, listener,
                    () -> stopRequested || token.isCancelled());
            if (result.reason() == TrainingEnded.Reason.DIVERGED || testImages.size() == 0) {
                return new Outcome(result, null);
            }
            return new Outcome(result, report(model, sample.test(), token));
        }).onSuccess(this::finished).onFailure(e -> {
            running.set(false);
            paused.set(false);
            status.set("Training failed: " + Dialogs.describe(e));
        }));
    }

    /** The report: every test image through the model, in batches. */
    private Report report(org.convscope.engine.CompiledModel model, org.convscope.data.CifarImages test,
            org.convscope.core.task.CancelToken token) {
        double[][] probabilities = engine.get().classify(model, new CifarTrainingImages(test), 256, token::isCancelled);
        var evaluation = new org.convscope.core.train.Evaluation(test.classNames());
        int[] predicted = new int[probabilities.length];
        double[] confidence = new double[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            predicted[i] = org.convscope.core.train.Evaluation.topK(probabilities[i], 1)[0];
            confidence[i] = probabilities[i][predicted[i]];
            evaluation.add(test.label(i), predicted[i]);
        }
        return new Report(evaluation, test, predicted, confidence);
    }

    /**
     * Evaluates the model Predict uses (the last training run's, or a trained model opened with File > Open) on the
     * chosen data's test images, in the background: the confusion matrix and gallery as after training.
     */
    void evaluate() {
        var model = predictor();
        if (model == null) {
            status.set("Train a model or open a trained one (File > Open, *.convscope.zip) to evaluate it.");
            return;
        }
        if (running.get()) {
            status.set("Wait for training to end, or stop it, before evaluating.");
            return;
        }
        java.nio.file.Path source = data;
        status.set("Evaluating on the test images of " + (source == null ? "the bundled sample" : source) + "...");
        long t0 = System.nanoTime();
        executor.submit(BackgroundJob.of("Evaluate", (token, sink) -> report(model, readData(source, token).test(), token))
                .onSuccess(r -> {
                    report.set(r);
                    showFirstImages();
                    var e = r.evaluation();
                    status.set(String.format(java.util.Locale.ROOT, "Test accuracy %.3f on %,d images (%.1f s).",
                            e.accuracy(), e.total(), (System.nanoTime() - t0) / 1e9));
                }).onFailure(e -> status.set("Cannot evaluate: " + Dialogs.describe(e))));
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
        if (running.get() && !downloading.get()) {
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
                epochProgress.set(b.batch() / (double) b.batchesPerEpoch());
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
                epochLoss.add(new Point(e.epoch(), e.trainLoss()));
                if (!Double.isNaN(e.validationLoss())) {
                    validationLoss.add(new Point(e.epoch(), e.validationLoss()));
                }
                if (!Double.isNaN(e.validationAccuracy())) {
                    validationAccuracy.add(new Point(e.epoch(), e.validationAccuracy()));
                }
            }
        }
    }

    private int expectedBatches(BatchEnded b) {
        return epochs * b.batchesPerEpoch();
    }

    private void finished(Outcome outcome) {
        TrainingResult r = outcome.result();
        lastResult = r;
        if (outcome.report() != null) {
            report.set(outcome.report());
            showFirstImages();
        }
        running.set(false);
        hasTrained.set(r.end().reason() != TrainingEnded.Reason.DIVERGED && trained != null);
        paused.set(false);
        var end = r.end();
        String last = r.epochs().isEmpty() ? "" : String.format(" Last epoch: train accuracy %.3f, validation accuracy %.3f.",
                r.epochs().get(r.epochs().size() - 1).trainAccuracy(), r.epochs().get(r.epochs().size() - 1).validationAccuracy());
        if (hasTrained.get()) {
            // the Feature maps and Filters views show these weights from now on
            int n = r.epochs().size();
            session.setTrained(new org.convscope.app.TrainedWeights(trained, org.convscope.app.WeightsVersion.trained(run, n),
                    r.epochs().isEmpty() ? "trained less than an epoch"
                    : String.format(java.util.Locale.ROOT, "trained %d epoch%s, validation accuracy %.3f", n, n == 1 ? "" : "s",
                            r.epochs().get(n - 1).validationAccuracy()), List.copyOf(checkpoints)));
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
