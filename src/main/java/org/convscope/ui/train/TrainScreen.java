package org.convscope.ui.train;

import org.convscope.ui.common.FxImages;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.convscope.core.train.TrainConfig;
import org.convscope.engine.Engine;
import org.convscope.ui.common.Css;
import org.convscope.ui.common.ModelSession;
import org.convscope.ui.common.Screen;
import org.convscope.ui.common.TaskExecutor;

/**
 * The Train screen: train the model on the Build screen with the bundled CIFAR-10 sample, watching
 * the loss fall and the accuracy rise; pause, resume or stop at any batch.
 */
public final class TrainScreen implements Screen {

    private final TrainViewModel vm;
    private final BorderPane root = new BorderPane();
    private javafx.scene.control.ScrollPane resultsScroll;

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
        this.augmentation = new AugmentationPane(executor);
        this.embeddings = new EmbeddingsPane(session, engine, executor, vm::readTestImages);
        createView();
    }

    private final ModelSession session;
    private final AugmentationPane augmentation;
    private final EmbeddingsPane embeddings;

    /** The screen's state, for tests in this package. */
    TrainViewModel viewModel() {
        return vm;
    }

    /** The Augmentation tab, for tests in this package. */
    AugmentationPane augmentation() {
        return augmentation;
    }

    @Override
    public String id() {
        return "train";
    }

    @Override
    public String title() {
        return "Train";
    }

    @Override
    public Node view() {
        return root;
    }

    private void createView() {
        root.setId("screen-train");
        Spinner<Integer> epochs = new Spinner<>(1, 100, 2);
        epochs.setId("train-epochs");
        epochs.setEditable(true);
        ChoiceBox<Integer> batch = new ChoiceBox<>();
        batch.setId("train-batch");
        batch.getItems().addAll(16, 32, 64, 128);
        batch.setValue(64);
        TextField lr = new TextField("0.001");
        lr.setId("train-lr");
        lr.setPrefColumnCount(7);
        ChoiceBox<TrainConfig.Optimizer> optimizer = new ChoiceBox<>();
        optimizer.setId("train-optimizer");
        optimizer.getItems().addAll(TrainConfig.Optimizer.values());
        optimizer.setValue(TrainConfig.Optimizer.ADAM);
        TextField seed = new TextField("42");
        seed.setId("train-seed");
        seed.setPrefColumnCount(7);
        ChoiceBox<Integer> images = new ChoiceBox<>();
        images.setId("train-images");
        images.getItems().addAll(256, 512, 1000, 2000, 10_000, 50_000);
        images.setValue(2000);
        images.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Integer n) {
                return n == null ? "" : n == 50_000 ? "all (up to 50,000)" : String.format("%,d", n);
            }

            @Override
            public Integer fromString(String s) {
                return null;
            }
        });
        ChoiceBox<String> dataChoice = new ChoiceBox<>();
        dataChoice.setId("train-data");
        String sampleItem = "Bundled sample";
        String folderItem = "CIFAR-10 folder...";
        String archiveItem = "CIFAR-10 archive (.tar.gz)...";
        String downloadItem = "Download CIFAR-10 (170 MB)";
        dataChoice.getItems().addAll(sampleItem, folderItem, archiveItem, downloadItem);
        dataChoice.setValue(sampleItem);
        dataChoice.setOnAction(e -> {
            String v = dataChoice.getValue();
            java.io.File chosen = null;
            if (downloadItem.equals(v)) {
                vm.download(); // sets the data when it is done; the description below says what is in use
                return;
            }
            if (folderItem.equals(v)) {
                javafx.stage.DirectoryChooser chooser = new javafx.stage.DirectoryChooser();
                chooser.setTitle("The cifar-10-batches-bin folder (or the folder holding it)");
                chosen = chooser.showDialog(root.getScene().getWindow());
            } else if (archiveItem.equals(v)) {
                javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
                chooser.setTitle("The CIFAR-10 binary version (cifar-10-binary.tar.gz)");
                chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("CIFAR-10 archive", "*.tar.gz", "*.tgz"));
                chosen = chooser.showOpenDialog(root.getScene().getWindow());
            }
            if (chosen == null && !sampleItem.equals(v)) {
                dataChoice.setValue(sampleItem); // cancelled: back to the sample (runs setData(null) below)
                return;
            }
            vm.setData(chosen == null ? null : chosen.toPath());
            if (chosen != null && images.getValue() <= 2000) {
                images.setValue(50_000);
            }
        });

        javafx.scene.control.CheckBox augment = new javafx.scene.control.CheckBox("on (see the Augmentation tab)");
        augment.setId("train-augment");
        augment.selectedProperty().bindBidirectional(augmentation.enabledProperty());
        augment.setTooltip(new Tooltip("New random changes to every training image in every epoch, so the model"
                + " cannot memorise exact pixels; the test images are never changed"));
        ChoiceBox<org.convscope.core.train.LearningRateSchedule> schedule = new ChoiceBox<>();
        schedule.setId("train-schedule");
        schedule.getItems().addAll(org.convscope.core.train.LearningRateSchedule.CONSTANT,
                new org.convscope.core.train.LearningRateSchedule(org.convscope.core.train.LearningRateSchedule.Kind.STEP, 3),
                new org.convscope.core.train.LearningRateSchedule(org.convscope.core.train.LearningRateSchedule.Kind.COSINE, 1));
        schedule.setValue(org.convscope.core.train.LearningRateSchedule.CONSTANT);
        ChoiceBox<String> validation = new ChoiceBox<>();
        validation.setId("train-validation");
        validation.getItems().addAll("test images", "10% of the training images");
        validation.setValue("test images");
        validation.setOnAction(e -> vm.setHoldOutValidation(validation.getSelectionModel().getSelectedIndex() == 1));
        javafx.scene.control.CheckBox normalise = new javafx.scene.control.CheckBox("per-channel mean and std");
        normalise.setId("train-normalise");
        normalise.setTooltip(new Tooltip("Standardise every input channel, (x - mean) / std, with the training images'"
                + " statistics (see the Data tab); the trained model keeps them for feature maps and predictions"));
        normalise.selectedProperty().addListener((o, a, on) -> vm.setNormalise(on));
        ChoiceBox<String> startFrom = new ChoiceBox<>();
        startFrom.setId("train-start-from");
        startFrom.getItems().addAll("fresh weights (seed)", "the trained weights (fine-tune)");
        startFrom.setValue("fresh weights (seed)");
        startFrom.setTooltip(new Tooltip("Fine-tune: continue from the weights Feature maps shows (the last run, an"
                + " opened *.convscope.zip or an imported Keras .h5), usually with the first layers frozen"));
        startFrom.setOnAction(e -> vm.setStartFromTrained(startFrom.getSelectionModel().getSelectedIndex() == 1));
        ChoiceBox<Integer> freeze = new ChoiceBox<>();
        freeze.setId("train-freeze");
        freeze.setTooltip(new Tooltip("Frozen layers keep their weights (batch norm keeps its statistics); only the"
                + " layers after them learn"));
        Runnable freezeChoices = () -> {
            var names = org.convscope.core.analysis.ModelAnalyzer.layerNames(session.getModel());
            java.util.List<Integer> ks = new java.util.ArrayList<>();
            for (int k = 0; k < names.size(); k++) {
                ks.add(k);
            }
            freeze.setConverter(new javafx.util.StringConverter<>() {
                @Override
                public String toString(Integer k) {
                    return k == null || k == 0 ? "nothing" : k == 1 ? "layer 1 (" + names.get(0) + ")"
                            : "layers 1-" + k + " (up to " + names.get(k - 1) + ")";
                }

                @Override
                public Integer fromString(String s) {
                    return null;
                }
            });
            freeze.getItems().setAll(ks);
            freeze.setValue(0);
        };
        freezeChoices.run();
        session.modelProperty().addListener((o, a, b) -> freezeChoices.run());
        Button start = new Button("\u25b6 Train");
        start.setId("train-start");
        start.getStyleClass().add("accent");
        Label error = new Label();
        error.getStyleClass().add(Css.PROBLEM);
        start.setOnAction(e -> {
            try {
                double rate = Double.parseDouble(lr.getText().strip());
                long s = Long.parseLong(seed.getText().strip());
                if (!(rate > 0)) {
                    throw new NumberFormatException();
                }
                error.setText("");
                TrainConfig config = new TrainConfig(epochs.getValue(), batch.getValue(), rate, optimizer.getValue(), s, true,
                        augmentation.trainingAugmentation(), schedule.getValue());
                int frozen = freeze.getValue() == null ? 0 : freeze.getValue();
                vm.start(frozen > 0 ? config.withFrozenLayers(frozen) : config, images.getValue());
            } catch (NumberFormatException ex) {
                error.setText("The learning rate must be a number above 0 and the seed a whole number.");
            }
        });
        start.disableProperty().bind(vm.runningProperty());
        dataChoice.disableProperty().bind(vm.runningProperty());
        Button pause = new Button("Pause");
        pause.setId("train-pause");
        pause.textProperty().bind(Bindings.when(vm.pausedProperty()).then("\u25b6 Resume").otherwise("Pause"));
        pause.setOnAction(e -> {
            if (vm.pausedProperty().get()) {
                vm.resume();
            } else {
                vm.pause();
            }
        });
        pause.disableProperty().bind(vm.runningProperty().not().or(vm.downloadingProperty()));
        Button stop = new Button("\u25a0 Stop");
        stop.setId("train-stop");
        stop.setOnAction(e -> vm.stop());
        stop.disableProperty().bind(vm.runningProperty().not());

        Button save = new Button("Save trained model...");
        save.setId("train-save");
        save.disableProperty().bind(vm.hasTrainedProperty().not().or(vm.runningProperty()));
        save.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setTitle("Save the trained model");
            chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter(
                    "ConvScope trained model (*.convscope.zip)", "*.convscope.zip"));
            chooser.setInitialFileName("trained.convscope.zip");
            var f = chooser.showSaveDialog(root.getScene().getWindow());
            if (f != null) {
                vm.saveTrained(f.toPath());
            }
        });

        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        String[] labels = {"Data", "Training images", "Validation", "Epochs", "Batch size", "Learning rate",
            "Rate schedule", "Optimiser", "Seed", "Augment", "Normalise", "Start from", "Freeze"};
        Node[] editors = {dataChoice, images, validation, epochs, batch, lr, schedule, optimizer, seed, augment, normalise,
            startFrom, freeze};
        for (int i = 0; i < labels.length; i++) {
            Label l = new Label(labels[i]);
            l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            form.add(l, 0, i);
            form.add(editors[i], 1, i);
        }
        Label data = new Label();
        data.setId("train-data-description");
        data.textProperty().bind(javafx.beans.binding.Bindings.concat("Data: ", vm.dataDescriptionProperty(),
                ", 32x32 RGB. The model must take 32x32x3 input and end in 10 units."));
        data.setWrapText(true);
        data.getStyleClass().add(Css.SUBTITLE);
        for (javafx.scene.layout.Region r : new javafx.scene.layout.Region[] {dataChoice, epochs, batch, lr, optimizer, seed, images,
            start, pause, stop, save}) {
            r.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // presenter type must not squash editors
        }
        error.setWrapText(true);
        data.setMaxWidth(360);
        VBox left = new VBox(12, new Label("Settings"), form, new HBox(8, start, pause, stop), save, error, data);
        left.setPadding(new Insets(12));
        javafx.scene.control.ScrollPane leftScroll = new javafx.scene.control.ScrollPane(left);
        leftScroll.setFitToWidth(true);
        leftScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        leftScroll.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        root.setLeft(leftScroll);

        ProgressBar bar = new ProgressBar();
        bar.setId("train-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(vm.progressProperty());
        Label status = new Label();
        status.setId("train-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        Label speed = new Label();
        speed.setId("train-speed");
        speed.getStyleClass().add(Css.MONO);
        speed.textProperty().bind(vm.speedProperty());

        LineChart<Number, Number> loss = chart("Training loss", "epoch", "cross-entropy");
        XYChart.Series<Number, Number> lossSeries = new XYChart.Series<>();
        lossSeries.setName("per batch");
        XYChart.Series<Number, Number> epochLossSeries = new XYChart.Series<>();
        epochLossSeries.setName("per epoch");
        XYChart.Series<Number, Number> valLossSeries = new XYChart.Series<>();
        valLossSeries.setName("validation");
        loss.getData().add(lossSeries);
        loss.getData().add(epochLossSeries);
        loss.getData().add(valLossSeries);
        follow(vm.batchLoss(), lossSeries);
        follow(vm.epochLoss(), epochLossSeries);
        follow(vm.validationLoss(), valLossSeries);
        LineChart<Number, Number> acc = chart("Accuracy per epoch", "epoch", "accuracy");
        NumberAxis accAxis = (NumberAxis) acc.getYAxis();
        accAxis.setAutoRanging(false); // accuracy is a fraction: 0 to 1 always, so runs compare at a glance
        accAxis.setLowerBound(0);
        accAxis.setUpperBound(1);
        accAxis.setTickUnit(0.1);
        XYChart.Series<Number, Number> trainSeries = new XYChart.Series<>();
        trainSeries.setName("training");
        XYChart.Series<Number, Number> valSeries = new XYChart.Series<>();
        valSeries.setName("validation");
        acc.getData().add(trainSeries);
        acc.getData().add(valSeries);
        follow(vm.trainAccuracy(), trainSeries);
        follow(vm.validationAccuracy(), valSeries);
        LineChart<Number, Number> rates = chart("Learning rate", "epoch", "rate");
        rates.setId("train-rate-chart");
        rates.setLegendVisible(false);
        rates.setCreateSymbols(true);
        XYChart.Series<Number, Number> rateSeries = new XYChart.Series<>();
        rates.getData().add(rateSeries);
        follow(vm.learningRates(), rateSeries);
        rates.setPrefWidth(260);
        rates.setMinWidth(200);
        HBox charts = new HBox(12, loss, acc, rates);
        HBox.setHgrow(loss, Priority.ALWAYS);
        HBox.setHgrow(acc, Priority.ALWAYS);

        javafx.scene.control.TabPane tabs = new javafx.scene.control.TabPane();
        tabs.setId("train-tabs");
        tabs.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        Button exportCharts = new Button("Export charts PNG...");
        exportCharts.setId("train-export-charts");
        exportCharts.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setTitle("Export the charts as PNG");
            chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("PNG image (*.png)", "*.png"));
            chooser.setInitialFileName("training-curves.png");
            var f = chooser.showSaveDialog(root.getScene().getWindow());
            if (f != null) {
                exportPng(charts, f.toPath());
            }
        });
        Button saveHistory = new Button("Save history CSV...");
        saveHistory.setId("train-save-history");
        saveHistory.disableProperty().bind(vm.runningProperty().or(vm.hasTrainedProperty().not()));
        saveHistory.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setTitle("Save the training history");
            chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("CSV (*.csv)", "*.csv"));
            chooser.setInitialFileName("training-history.csv");
            var f = chooser.showSaveDialog(root.getScene().getWindow());
            if (f != null) {
                vm.saveHistory(f.toPath());
            }
        });
        HBox curveButtons = new HBox(8, exportCharts, saveHistory);
        curveButtons.setAlignment(Pos.CENTER_LEFT);
        VBox curvesBox = new VBox(8, curveButtons, charts);
        VBox.setVgrow(charts, Priority.ALWAYS);
        curvesBox.setPadding(new Insets(8, 0, 0, 0));
        javafx.scene.control.Tab curves = new javafx.scene.control.Tab("Curves", curvesBox);
        javafx.scene.control.Tab results = new javafx.scene.control.Tab("Test results", results());
        results.setId("train-results-tab");
        // open after a run, or with trained weights from a saved model (then only Predict has something to show)
        results.disableProperty().bind(vm.reportProperty().isNull().and(session.trainedProperty().isNull()));
        vm.reportProperty().addListener((o, a, r) -> results.setText(r == null ? "Test results"
                : String.format(java.util.Locale.ROOT, "Test results (%.1f%%)", 100 * r.evaluation().accuracy())));
        javafx.scene.control.Tab dataTab = new javafx.scene.control.Tab("Data", dataPreview(seed));
        dataTab.setId("train-data-tab");
        javafx.scene.control.ScrollPane augmentScroll = new javafx.scene.control.ScrollPane(augmentation.view());
        augmentScroll.setFitToWidth(true);
        javafx.scene.control.Tab augmentTab = new javafx.scene.control.Tab("Augmentation", augmentScroll);
        augmentTab.setId("train-augmentation-tab");
        tabs.getTabs().addAll(curves, results, dataTab, augmentTab, embeddings.tab());
        VBox.setVgrow(tabs, Priority.ALWAYS);
        tabs.setMinHeight(0); // the tabs give up height first, never the progress bar and status above them
        bar.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        ProgressBar epochBar = new ProgressBar();
        epochBar.setId("train-epoch-progress");
        epochBar.setMaxWidth(Double.MAX_VALUE);
        epochBar.setPrefHeight(8);
        epochBar.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        epochBar.progressProperty().bind(vm.epochProgressProperty());
        Label overallLabel = new Label("all epochs");
        Label epochLabel = new Label("this epoch");
        overallLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        epochLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox overallRow = new HBox(8, overallLabel, bar);
        HBox epochRow = new HBox(8, epochLabel, epochBar);
        HBox.setHgrow(bar, Priority.ALWAYS);
        HBox.setHgrow(epochBar, Priority.ALWAYS);
        overallRow.setAlignment(Pos.CENTER_LEFT);
        epochRow.setAlignment(Pos.CENTER_LEFT);
        overallLabel.prefWidthProperty().bind(epochLabel.widthProperty());
        VBox center = new VBox(10, overallRow, epochRow, status, speed, tabs);
        center.setPadding(new Insets(12));
        center.setAlignment(Pos.TOP_LEFT);
        root.setCenter(center);
    }

    /** Classifies a test image from the gallery and shows Grad-CAM for it at the top of the results. */
    private void explainTestImage(TrainViewModel.GalleryItem item) {
        vm.predict(item.image(), "test image " + (item.index() + 1) + " (true: " + item.truth() + ")",
                TrainViewModel.Method.GRAD_CAM);
        if (resultsScroll != null) {
            resultsScroll.setVvalue(0);
        }
    }

    /** The confusion matrix above a gallery of test images with their predictions (one scrolling column). */
    private Node results() {
        ConfusionMatrixView matrix = new ConfusionMatrixView(vm::showCell);
        vm.reportProperty().addListener((o, a, r) -> matrix.show(r == null ? null : r.evaluation()));
        Label title = new Label();
        title.setId("train-gallery-title");
        title.setWrapText(true);
        title.textProperty().bind(vm.galleryTitleProperty());
        Button first = new Button("First 25 test images");
        first.setId("train-gallery-first");
        first.setOnAction(e -> vm.showFirstImages());
        first.visibleProperty().bind(vm.reportProperty().isNotNull());
        first.managedProperty().bind(first.visibleProperty());
        javafx.scene.layout.FlowPane grid = new javafx.scene.layout.FlowPane(8, 8);
        grid.setId("train-gallery");
        vm.gallery().addListener((ListChangeListener<TrainViewModel.GalleryItem>) c -> {
            java.util.List<Node> nodes = new java.util.ArrayList<>();
            for (TrainViewModel.GalleryItem item : vm.gallery()) {
                Node tile = galleryTile(item);
                tile.setFocusTraversable(true);
                tile.setOnMouseClicked(e -> explainTestImage(item));
                tile.setOnKeyPressed(e -> {
                    if (e.getCode() == javafx.scene.input.KeyCode.ENTER || e.getCode() == javafx.scene.input.KeyCode.SPACE) {
                        explainTestImage(item);
                        e.consume();
                    }
                });
                nodes.add(tile);
            }
            grid.getChildren().setAll(nodes);
        });
        VBox box = new VBox(12, predictBox(), matrix, title, first, grid);
        box.setPadding(new Insets(8));
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(box);
        resultsScroll = scroll;
        scroll.setFitToWidth(true);
        // drop an image anywhere on the results to classify it
        scroll.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(javafx.scene.input.TransferMode.COPY);
            }
            e.consume();
        });
        scroll.setOnDragDropped(e -> {
            var files = e.getDragboard().getFiles();
            if (!files.isEmpty()) {
                vm.predict(files.get(0).toPath());
            }
            e.setDropCompleted(!files.isEmpty());
            e.consume();
        });
        return scroll;
    }

    /** Snapshots a node on the FX thread; the view-model writes the PNG in the background. */
    private void exportPng(Node node, java.nio.file.Path file) {
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
        vm.exportPng(new org.convscope.core.image.Raster(h, w, 3, rgb), file);
    }

    /** 25 random training images with their classes, and the data's statistics. */
    private Node dataPreview(TextField seed) {
        Button show = new Button("Show 25 random training images");
        show.setId("train-preview");
        show.setOnAction(e -> {
            long s;
            try {
                s = Long.parseLong(seed.getText().strip());
            } catch (NumberFormatException ex) {
                s = 42;
            }
            vm.previewData(s + System.nanoTime()); // another sample on every click
        });
        Label text = new Label();
        text.setId("train-preview-text");
        text.setWrapText(true);
        text.textProperty().bind(vm.previewTextProperty());
        javafx.scene.layout.FlowPane grid = new javafx.scene.layout.FlowPane(8, 8);
        grid.setId("train-preview-grid");
        vm.preview().addListener((ListChangeListener<TrainViewModel.GalleryItem>) c -> {
            java.util.List<Node> nodes = new java.util.ArrayList<>();
            for (TrainViewModel.GalleryItem item : vm.preview()) {
                javafx.scene.image.ImageView view = new javafx.scene.image.ImageView(FxImages.of(item.image(), 1));
                view.setSmooth(false);
                view.setFitWidth(item.image().width() * 3.0);
                view.setFitHeight(item.image().height() * 3.0);
                VBox box = new VBox(2, view, new Label(item.truth()));
                box.setAlignment(Pos.TOP_CENTER);
                nodes.add(box);
            }
            grid.getChildren().setAll(nodes);
        });
        VBox box = new VBox(10, show, text, grid);
        box.setPadding(new Insets(8));
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(box);
        scroll.setFitToWidth(true);
        return scroll;
    }

    /** "Predict an image...": the image and the trained model's three most likely classes with bars. */
    private Node predictBox() {
        Button choose = new Button("Predict an image...");
        choose.setId("train-predict");
        choose.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setTitle("An image to classify");
            chooser.getExtensionFilters().add(FxImages.imageFilter());
            var f = chooser.showOpenDialog(root.getScene().getWindow());
            if (f != null) {
                vm.predict(f.toPath());
            }
        });
        Label hint = new Label("or drop an image here");
        hint.getStyleClass().add(Css.SUBTITLE);
        HBox answer = new HBox(12);
        answer.setId("train-prediction");
        answer.setAlignment(Pos.CENTER_LEFT);
        vm.predictionProperty().addListener((o, a, p) -> {
            answer.getChildren().clear();
            if (p == null) {
                return;
            }
            var raster = p.image();
            double scale = 96.0 / Math.max(raster.width(), raster.height());
            javafx.scene.image.ImageView view = new javafx.scene.image.ImageView(FxImages.of(raster, 1));
            view.setFitWidth(raster.width() * scale);
            view.setFitHeight(raster.height() * scale);
            VBox bars = new VBox(4);
            for (int k = 0; k < p.classes().size(); k++) {
                ProgressBar b = new ProgressBar(p.probabilities()[k]);
                b.setPrefWidth(180);
                Label l = new Label(String.format(java.util.Locale.ROOT, "%s  %.1f%%", p.classes().get(k), 100 * p.probabilities()[k]));
                l.setId("train-prediction-" + k);
                l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
                bars.getChildren().add(new HBox(8, b, l));
            }
            Button gradCam = new Button("Why? Grad-CAM");
            gradCam.setId("train-why");
            gradCam.setOnAction(e -> vm.explain(TrainViewModel.Method.GRAD_CAM));
            gradCam.setTooltip(new Tooltip("Which parts of the last conv layer's maps raised the top class's score"));
            Button occlusion = new Button("Why? Occlusion");
            occlusion.setId("train-why-occlusion");
            occlusion.setOnAction(e -> vm.explain(TrainViewModel.Method.OCCLUSION));
            occlusion.setTooltip(new Tooltip("Hide each part of the image with a grey patch and see the probability drop"));
            for (Button b : new Button[] {gradCam, occlusion}) {
                b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
            answer.getChildren().addAll(view, new VBox(4, new Label(p.name()), bars, new HBox(6, gradCam, occlusion)));
        });
        javafx.scene.image.ImageView heat = new javafx.scene.image.ImageView();
        heat.setId("train-occlusion");
        heat.setSmooth(false);
        javafx.scene.control.Slider opacity = new javafx.scene.control.Slider(0, 1, 0.55);
        opacity.setId("train-occlusion-opacity");
        opacity.setPrefWidth(160);
        Label heatCaption = new Label();
        heatCaption.setWrapText(true);
        heatCaption.setMaxWidth(260);
        Runnable draw = () -> {
            var ex = vm.explanationProperty().get();
            if (ex == null) {
                heat.setImage(null);
                heatCaption.setText("");
                return;
            }
            int scale = Math.max(1, 192 / Math.max(ex.input().height(), ex.input().width()));
            var raster = ex.method() == TrainViewModel.Method.GRAD_CAM
                    ? org.convscope.imaging.HeatOverlay.renderPositive(ex.input(), ex.heat(), opacity.getValue(), scale)
                    : org.convscope.imaging.HeatOverlay.render(ex.input(), ex.heat(), opacity.getValue(), scale);
            heat.setImage(FxImages.of(raster, 1));
            heatCaption.setText(ex.method() == TrainViewModel.Method.GRAD_CAM
                    ? String.format(java.util.Locale.ROOT, "Grad-CAM for \"%s\": red where the maps that raise its"
                            + " score are active (%s), enlarged to the %dx%d input.", ex.className(), ex.detail(),
                            ex.input().height(), ex.input().width())
                    : String.format(java.util.Locale.ROOT, "Occlusion for \"%s\": red where hiding the image lowers it,"
                            + " blue where hiding raises it (%s over the %dx%d input).", ex.className(), ex.detail(),
                            ex.input().height(), ex.input().width()));
        };
        vm.explanationProperty().addListener((o, a, b) -> draw.run());
        opacity.valueProperty().addListener((o, a, b) -> draw.run());
        Label opacityLabel = new Label("opacity");
        opacityLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox heatBox = new HBox(10, heat, new VBox(6, heatCaption, new HBox(6, opacityLabel, opacity)));
        heatBox.visibleProperty().bind(vm.explanationProperty().isNotNull());
        heatBox.managedProperty().bind(heatBox.visibleProperty());
        answer.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        heatBox.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        // side by side where the window is wide enough, the map below the prediction otherwise
        javafx.scene.layout.FlowPane answerAndHeat = new javafx.scene.layout.FlowPane(24, 12, answer, heatBox);
        Button evaluate = new Button("Evaluate on test images");
        evaluate.setId("train-evaluate");
        evaluate.setTooltip(new Tooltip("Confusion matrix and gallery for the trained model (or the one opened with File > Open)"));
        evaluate.setOnAction(e -> vm.evaluate());
        evaluate.disableProperty().bind(vm.runningProperty());
        HBox top = new HBox(10, choose, hint, evaluate);
        top.setAlignment(Pos.CENTER_LEFT);
        return new VBox(8, top, answerAndHeat);
    }

    /** A test image, enlarged 3x with crisp pixels, captioned "predicted (true)" in red when wrong. */
    private static Node galleryTile(TrainViewModel.GalleryItem item) {
        var raster = item.image();
        javafx.scene.image.ImageView view = new javafx.scene.image.ImageView(FxImages.of(raster, 1));
        view.setSmooth(false);
        view.setFitWidth(raster.width() * 3.0);
        view.setFitHeight(raster.height() * 3.0);
        Label caption = new Label(item.right() ? item.predicted() : item.predicted() + "\n(" + item.truth() + ")");
        caption.setWrapText(true);
        caption.setMaxWidth(raster.width() * 3.0 + 10);
        if (!item.right()) {
            caption.getStyleClass().add(Css.PROBLEM);
        }
        VBox box = new VBox(2, view, caption);
        box.setAlignment(Pos.TOP_CENTER);
        box.getStyleClass().add(item.right() ? "gallery-right" : "gallery-wrong");
        Tooltip.install(box, new Tooltip(String.format(java.util.Locale.ROOT, "test image %d%ntrue: %s%npredicted: %s (%.0f%%)%nclick: why? (Grad-CAM)",
                item.index() + 1, item.truth(), item.predicted(), 100 * item.confidence())));
        return box;
    }

    private static LineChart<Number, Number> chart(String title, String x, String y) {
        NumberAxis xa = new NumberAxis();
        xa.setLabel(x);
        xa.setForceZeroInRange(false);
        NumberAxis ya = new NumberAxis();
        ya.setLabel(y);
        LineChart<Number, Number> c = new LineChart<>(xa, ya);
        c.setTitle(title);
        c.setCreateSymbols(false);
        c.setAnimated(false);
        return c;
    }

    /** Mirrors a list of points into a chart series; additions arrive in batches, so each drain is one update. */
    private static void follow(javafx.collections.ObservableList<TrainViewModel.Point> points,
                               XYChart.Series<Number, Number> series) {
        points.addListener((ListChangeListener<TrainViewModel.Point>) c -> {
            boolean rebuild = false;
            var added = new java.util.ArrayList<XYChart.Data<Number, Number>>();
            while (c.next()) {
                if (c.wasRemoved()) {
                    rebuild = true; // cleared or replaced: redraw from the list
                } else if (c.wasAdded()) {
                    for (var p : c.getAddedSubList()) {
                        added.add(new XYChart.Data<>(p.x(), p.y()));
                    }
                }
            }
            if (rebuild) {
                var all = new java.util.ArrayList<XYChart.Data<Number, Number>>();
                for (var p : points) {
                    all.add(new XYChart.Data<>(p.x(), p.y()));
                }
                series.getData().setAll(all);
            } else {
                series.getData().addAll(added);
            }
        });
    }
}
