package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import java.util.Locale;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.convscope.app.Exports;
import org.convscope.engine.Engine;
import org.convscope.ui.common.Css;
import org.convscope.ui.common.ModelSession;
import org.convscope.ui.common.Screen;
import org.convscope.ui.common.TaskExecutor;

/**
 * The Train screen: train the model on the Build screen with the bundled CIFAR-10 sample, CIFAR-10 or your own
 * images, watching the loss fall and the accuracy rise; pause, resume or stop at any batch. Settings on the left
 * ({@link TrainSettingsPane}); progress, status and the tabs (curves, test results, learning health, data,
 * augmentation, embeddings) on the right.
 */
public final class TrainScreen implements Screen {

    private final TrainViewModel vm;
    private final ModelSession session;
    private final AugmentationPane augmentation;
    private final EmbeddingsPane embeddings;
    private final BorderPane root = new BorderPane();
    private final TaskExecutor executor;
    private TrainResultsPane results;
    private TrainSettingsPane settings;

    /**
     * Creates the screen.
     *
     * @param session the model to train
     * @param engine trains it
     * @param executor where training runs
     */
    public TrainScreen(ModelSession session, Supplier<Engine> engine, TaskExecutor executor) {
        this.vm = new TrainViewModel(session, engine, executor, Platform::runLater);
        this.session = session;
        this.executor = executor;
        this.augmentation = new AugmentationPane(executor);
        this.embeddings = new EmbeddingsPane(session, engine, executor, vm.data()::readTestImages);
        createView();
    }

    /** The screen's state, for tests in this package. */
    TrainViewModel viewModel() {
        return vm;
    }

    /** The Augmentation tab, for tests in this package. */
    AugmentationPane augmentation() {
        return augmentation;
    }

    /** The Test results tab, for tests in this package. */
    TrainResultsPane results() {
        return results;
    }

    /** The settings column's controls a lesson keeps (the data's folder is not: it is on the teacher's machine). */
    private static final java.util.List<String> LESSON_CONTROLS = java.util.List.of("train-images", "train-validation",
            "train-epochs", "train-batch", "train-lr", "train-schedule", "train-optimizer", "train-seed", "train-augment",
            "train-normalise", "train-start-from", "train-freeze");

    /** The settings column's values for a lesson, by control id. */
    public java.util.Map<String, String> lessonSettings() {
        return org.convscope.ui.common.ControlValues.read(settingsForm(), LESSON_CONTROLS);
    }

    /** Sets a lesson's values in the settings column, as if chosen there. */
    public void restoreLesson(java.util.Map<String, String> settings) {
        org.convscope.ui.common.ControlValues.write(settingsForm(), settings);
    }

    /** The settings column's form: inside a scroll pane, which shows its content to lookups only once skinned. */
    private Node settingsForm() {
        return root.getLeft() instanceof javafx.scene.layout.BorderPane b && b.getCenter() instanceof ScrollPane s
                ? s.getContent() : root.getLeft();
    }

    /**
     * The training settings as the screen shows them now, for File &gt; Export &gt; PyTorch project: epochs, batch, rate
     * and schedule, optimiser, seed, augmentation, and the data with the Normalise choice (whose statistics the export
     * computes as a run would).
     *
     * @throws IllegalArgumentException saying what to fix when the rate or the seed is not a number
     */
    public Exports.TrainingSettings exportSettings() {
        return new Exports.TrainingSettings(settings.config(), vm.data().request(settings.imageLimit()));
    }

    /**
     * The time machine moved (the Feature maps screen's Weights choice): the Learning health tab shows the weight
     * histograms of the same epoch when it has that run's numbers.
     *
     * @param finalWeights the final weights of the run whose checkpoint is shown
     * @param epoch the checkpoint's epoch, or 0 for the final weights
     */
    public void showTimeMachine(org.convscope.app.WeightsVersion finalWeights, int epoch) {
        vm.curves().health().showTimeMachine(finalWeights, epoch);
    }

    @Override
    public String id() {
        return "train";
    }

    @Override
    public String title() {
        return tr("screen.train");
    }

    @Override
    public Node view() {
        return root;
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    private void createView() {
        root.setId("screen-train");
        settings = new TrainSettingsPane(vm, session, augmentation, this::window);
        root.setLeft(settings.view());
        results = new TrainResultsPane(vm, this::window);
        TabPane tabs = tabs(settings);
        VBox center = new VBox(10, progressRows(), statusLabel(), speedLabel(), tabs);
        center.setPadding(new Insets(12));
        center.setAlignment(Pos.TOP_LEFT);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        root.setCenter(center);
    }

    private TabPane tabs(TrainSettingsPane settings) {
        TabPane tabs = new TabPane();
        tabs.setId("train-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Tab curves = new Tab(tr("train.tab.curves"), new TrainChartsPane(vm, this::window, executor).view());
        Tab resultsTab = new Tab(tr("train.tab.results"), results.view());
        resultsTab.setId("train-results-tab");
        // open after a run, or with trained weights from a saved model (then only Predict has something to show)
        var report = vm.results().reportProperty();
        resultsTab.disableProperty().bind(report.isNull().and(session.trainedProperty().isNull()));
        report.addListener((o, a, r) -> resultsTab.setText(r == null ? tr("train.tab.results")
                : tr("train.tab.resultsAccuracy", String.format(Locale.ROOT, "%.1f", 100 * r.evaluation().accuracy()))));
        Tab dataTab = new Tab(tr("train.tab.data"), new DataPreviewPane(vm, settings.seed()).view());
        dataTab.setId("train-data-tab");
        ScrollPane augmentScroll = new ScrollPane(augmentation.view());
        augmentScroll.setFitToWidth(true);
        Tab augmentTab = new Tab(tr("train.tab.augmentation"), augmentScroll);
        augmentTab.setId("train-augmentation-tab");
        Tab healthTab = new Tab(tr("train.tab.health"), new HealthPane(vm.curves().health()).view());
        healthTab.setId("train-health-tab");
        tabs.getTabs().addAll(curves, resultsTab, healthTab, dataTab, augmentTab, embeddings.tab());
        tabs.setMinHeight(0); // the tabs give up height first, never the progress bar and status above them
        return tabs;
    }

    private HBox progressRows() {
        ProgressBar bar = new ProgressBar();
        bar.setId("train-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(vm.progressProperty());
        bar.setMinHeight(Region.USE_PREF_SIZE);
        ProgressBar epochBar = new ProgressBar();
        epochBar.setId("train-epoch-progress");
        epochBar.setMaxWidth(Double.MAX_VALUE);
        epochBar.setPrefHeight(8);
        epochBar.setMinHeight(Region.USE_PREF_SIZE);
        epochBar.progressProperty().bind(vm.epochProgressProperty());
        Label overallLabel = new Label(tr("train.allEpochs"));
        Label epochLabel = new Label(tr("train.thisEpoch"));
        overallLabel.setMinWidth(Region.USE_PREF_SIZE);
        epochLabel.setMinWidth(Region.USE_PREF_SIZE);
        // one row: the height goes to the charts
        HBox row = new HBox(8, overallLabel, bar, epochLabel, epochBar);
        HBox.setHgrow(bar, Priority.ALWAYS);
        HBox.setHgrow(epochBar, Priority.ALWAYS);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private Label statusLabel() {
        Label status = new Label();
        status.setId("train-status");
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.textProperty().bind(vm.statusProperty());
        return status;
    }

    private Label speedLabel() {
        Label speed = new Label();
        speed.setId("train-speed");
        speed.getStyleClass().add(Css.MONO);
        speed.textProperty().bind(vm.speedProperty());
        speed.managedProperty().bind(speed.textProperty().isNotEmpty()); // no empty line when nothing runs
        return speed;
    }

    /** Snapshots a node on the FX thread as an RGB raster (the view model writes the PNG in the background). */
    static org.convscope.core.image.Raster snapshot(Node node) {
        javafx.scene.image.WritableImage shot = node.snapshot(null, null);
        int w = (int) shot.getWidth();
        int h = (int) shot.getHeight();
        int[] argb = new int[w * h];
        shot.getPixelReader().getPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), argb, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return new org.convscope.core.image.Raster(h, w, 3, rgb);
    }
}
