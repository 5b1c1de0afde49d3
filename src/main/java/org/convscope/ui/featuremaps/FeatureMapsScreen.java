package org.convscope.ui.featuremaps;

import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import org.convscope.ui.common.FxImages;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.controlsfx.control.GridCell;
import org.controlsfx.control.GridView;
import org.convscope.core.conv.Num;
import org.convscope.engine.Engine;
import org.convscope.imaging.ColorMaps;
import org.convscope.imaging.FeatureTile;
import org.convscope.imaging.TileRenderer;
import org.convscope.ui.common.Css;
import org.convscope.ui.common.MatrixView;
import org.convscope.ui.common.ModelSession;
import org.convscope.ui.common.Screen;
import org.convscope.ui.common.TaskExecutor;

/**
 * The Feature maps &amp; Filters screen: an image sent through the model on the canvas, each layer's
 * maps as an 8x8 grid of tiles, and each Conv2D layer's filters; click a tile to read its numbers.
 */
public final class FeatureMapsScreen implements Screen {

    private final FeatureMapsViewModel vm;
    private final BorderPane root = new BorderPane();
    private final MatrixView detail = new MatrixView();
    private final Label detailTitle = new Label("Click a tile to see its numbers.");
    private final Button madeBy = new Button();
    private final FilterQuiz quiz;

    /**
     * Creates the screen.
     *
     * @param session the shared model session
     * @param engine builds and runs networks (created on first use)
     * @param executor where the networks run
     */
    public FeatureMapsScreen(ModelSession session, Supplier<Engine> engine, TaskExecutor executor) {
        this.vm = new FeatureMapsViewModel(session, engine, executor);
        this.quiz = new FilterQuiz(vm, new java.util.Random());
        createView();
        session.trainedProperty().addListener((o, a, b) -> refreshEpochs());
        session.modelProperty().addListener((o, a, b) -> refreshEpochs());
        refreshEpochs();
    }

    private final ChoiceBox<Integer> epochs = new ChoiceBox<>();
    private final Label epochsLabel = new Label("Weights");
    private boolean settingEpochs;

    /** Offers the final weights and every checkpoint of the last training run (hidden when there are none). */
    private void refreshEpochs() {
        var checkpoints = vm.checkpoints();
        settingEpochs = true;
        java.util.List<Integer> items = new java.util.ArrayList<>();
        items.add(0);
        for (var c : checkpoints) {
            items.add(c.epoch());
        }
        epochs.getItems().setAll(items);
        epochs.setValue(items.contains(vm.epochShown()) ? vm.epochShown() : 0);
        settingEpochs = false;
        boolean show = !checkpoints.isEmpty();
        epochs.setVisible(show);
        epochs.setManaged(show);
        epochsLabel.setVisible(show);
        epochsLabel.setManaged(show);
    }

    /**
     * Sets what clicking a filter does: the shell opens it in the convolution stepper.
     *
     * @param action receives the filter {@code (kh, kw, C_in)} and a label such as {@code conv2d filter 3}
     */
    public void setOnOpenFilter(OpenFilter action) {
        this.openFilter = action;
    }

    /** Opens a learned filter on the Convolution screen, with the input its layer sees. */
    @FunctionalInterface
    public interface OpenFilter {
        /**
         * @param filter the filter {@code (kh, kw, C_in)}
         * @param label e.g. {@code layer 3 filter 65}
         * @param settings how the layer applies it (strides, padding, bias, ReLU), or null when unknown
         * @param layerInput what the layer sees {@code (H, W, C_in)}, or null when unknown (an image is used)
         * @param inputName what that input is, for the status line
         */
        void open(org.convscope.core.conv.Volume filter, String label, org.convscope.core.conv.ConvSettings settings,
                org.convscope.core.conv.Volume layerInput, String inputName);
    }

    private OpenFilter openFilter = (f, l, c, in, n) -> { };

    @Override
    public String id() {
        return "featuremaps";
    }

    @Override
    public String title() {
        return "Feature maps & Filters";
    }

    @Override
    public Node view() {
        return root;
    }

    private void createView() {
        root.setId("screen-featuremaps");
        // Build and run the network only once the screen is shown, never during the app's start-up.
        root.sceneProperty().addListener((o, a, scene) -> {
            if (scene != null) {
                vm.activate();
            }
        });
        ToggleGroup what = new ToggleGroup();
        ToggleButton maps = new ToggleButton("Feature maps");
        maps.setId("show-maps");
        ToggleButton filters = new ToggleButton("Filters");
        filters.setId("show-filters");
        maps.setToggleGroup(what);
        filters.setToggleGroup(what);
        maps.setSelected(true);

        ComboBox<String> image = new ComboBox<>();
        image.setId("maps-image");
        image.getItems().addAll("chelsea.png", "astronaut.png", "camera.png", "coffee.png", "horse.png", "rocket.jpg");
        image.setValue(vm.imageName());
        image.setOnAction(e -> vm.useSample(image.getValue()));
        Button open = new Button("Open image...");
        open.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Images",
                    "*.png", "*.jpg", "*.jpeg", "*.bmp", "*.tif", "*.tiff", "*.webp"));
            var f = chooser.showOpenDialog(root.getScene().getWindow());
            if (f != null) {
                vm.useImage(f.toPath());
            }
        });

        ChoiceBox<FeatureMapsViewModel.LayerChoice> layer = new ChoiceBox<>();
        layer.setId("maps-layer");
        Runnable fillLayers = () -> {
            var list = vm.showingFilters() ? vm.convLayers() : vm.layers();
            layer.getItems().setAll(list);
            list.stream().filter(c -> c.index() == vm.layer()).findFirst().ifPresent(layer::setValue);
        };
        vm.layers().addListener((javafx.collections.ListChangeListener<FeatureMapsViewModel.LayerChoice>) c -> fillLayers.run());
        fillLayers.run();
        layer.setOnAction(e -> {
            if (layer.getValue() != null && layer.getValue().index() != vm.layer()) {
                vm.selectLayer(layer.getValue().index());
            }
        });
        maps.setOnAction(e -> {
            maps.setSelected(true);
            vm.showFilters(false);
            fillLayers.run();
        });
        filters.setOnAction(e -> {
            filters.setSelected(true);
            vm.showFilters(true);
            fillLayers.run();
        });

        ChoiceBox<TileRenderer.Normalisation> norm = new ChoiceBox<>();
        norm.setId("maps-normalisation");
        norm.getItems().addAll(TileRenderer.Normalisation.values());
        norm.setValue(TileRenderer.Normalisation.PER_MAP);
        norm.setOnAction(e -> vm.setNormalisation(norm.getValue()));
        norm.setTooltip(new Tooltip("Min-max scale each map on its own, or all maps of the layer together"));
        ChoiceBox<ColorMaps> colours = new ChoiceBox<>();
        colours.setId("maps-colours");
        colours.getItems().addAll(ColorMaps.values());
        colours.setValue(ColorMaps.GRAY);
        colours.setOnAction(e -> vm.setColours(colours.getValue()));

        Button prev = new Button("\u25c0");
        prev.setId("maps-prev");
        prev.setOnAction(e -> vm.previousPage());
        Button next = new Button("\u25b6");
        next.setId("maps-next");
        next.setOnAction(e -> vm.nextPage());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(22, 22);
        busy.visibleProperty().bind(vm.busyProperty());

        HBox bar1 = new HBox(10, maps, filters, new Label("Image"), image, open, new Label("Layer"), layer);
        Button export = new Button("Export PNG...");
        export.setId("maps-export");
        export.disableProperty().bind(Bindings.isEmpty(vm.tiles()));
        export.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Export the grid as PNG");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image (*.png)", "*.png"));
            chooser.setInitialFileName((vm.showingFilters() ? "filters" : "feature-maps") + "-layer" + vm.layer() + ".png");
            var f = chooser.showSaveDialog(root.getScene().getWindow());
            if (f != null) {
                vm.exportPng(f.toPath());
            }
        });
        Label scaleLabel = new Label("Scale");
        Label coloursLabel = new Label("Colours");
        for (Node n : new Node[] {scaleLabel, norm, coloursLabel, colours}) {
            n.visibleProperty().bind(maps.selectedProperty()); // filters use the seed's own normalisation, in gray
            n.managedProperty().bind(n.visibleProperty());
        }
        epochs.setId("maps-epoch");
        epochs.setTooltip(new Tooltip("The time machine: the weights after any epoch of the last training run"));
        epochs.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Integer e) {
                return e == null ? "" : e == 0 ? "final" : "after epoch " + e;
            }

            @Override
            public Integer fromString(String s) {
                return null;
            }
        });
        epochs.setOnAction(e -> {
            if (!settingEpochs && epochs.getValue() != null) {
                vm.showEpoch(epochs.getValue());
            }
        });
        Button quizButton = new Button("Quiz (Q)");
        quizButton.setId("maps-quiz");
        quizButton.setTooltip(new Tooltip("Quiz: which filter made this map? (Q)"));
        quizButton.disableProperty().bind(filters.selectedProperty());
        quizButton.setOnAction(e -> quiz.setActive(true));
        root.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.Q && !e.isShortcutDown() && maps.isSelected()
                    && !quiz.activeProperty().get()) {
                quiz.setActive(true);
                e.consume();
            }
        });
        HBox bar2 = new HBox(10, scaleLabel, norm, coloursLabel, colours, prev, next, epochsLabel, epochs, export, quizButton,
                busy);
        for (HBox b : new HBox[] {bar1, bar2}) {
            b.setAlignment(Pos.CENTER_LEFT);
        }
        Label status = new Label();
        status.setId("maps-status");
        status.getStyleClass().add(Css.SUBTITLE);
        status.textProperty().bind(vm.statusProperty());
        Label error = new Label();
        error.setId("maps-error");
        error.getStyleClass().add(Css.PROBLEM);
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        VBox top = new VBox(6, bar1, bar2, status, error);
        top.setPadding(new Insets(8, 12, 6, 12));
        root.setTop(top);

        GridView<FeatureTile> grid = new GridView<>(vm.tiles());
        grid.setId("maps-grid");
        grid.setCellWidth(92);
        grid.setCellHeight(116);
        grid.setHorizontalCellSpacing(6);
        grid.setVerticalCellSpacing(6);
        grid.setCellFactory(g -> new TileCell(this::showDetail));
        javafx.scene.layout.VBox filterBox = new javafx.scene.layout.VBox(4);
        filterBox.setId("filters-pane");
        filterBox.setPadding(new Insets(6));
        javafx.scene.control.ScrollPane filterScroll = new javafx.scene.control.ScrollPane(filterBox);
        vm.filterRows().addListener((javafx.collections.ListChangeListener<org.convscope.imaging.FilterTiles.Row>) c ->
                fillFilters(filterBox));
        javafx.scene.control.ScrollPane quizScroll = new javafx.scene.control.ScrollPane(quiz);
        quizScroll.setFitToWidth(true);
        quiz.activeProperty().addListener((o, was, on) -> {
            if (!on) {
                grid.requestFocus();
            }
        });
        root.centerProperty().bind(Bindings.when(quiz.activeProperty()).then((Node) quizScroll)
                .otherwise(Bindings.when(filters.selectedProperty()).then((Node) filterScroll).otherwise(grid)));
        filters.selectedProperty().addListener((o, was, on) -> quiz.setActive(false));

        detailTitle.setWrapText(true);
        detailTitle.setId("maps-detail-title");
        detail.setId("maps-detail");
        detail.setCellSize(30);
        madeBy.setId("maps-detail-filter");
        madeBy.setWrapText(true);
        madeBy.setMaxWidth(Double.MAX_VALUE);
        vm.tiles().addListener((javafx.collections.ListChangeListener<FeatureTile>) c -> madeBy.setVisible(false));
        madeBy.setVisible(false);
        madeBy.managedProperty().bind(madeBy.visibleProperty());
        VBox side = new VBox(8, detailTitle, madeBy, detail);
        VBox.setVgrow(detail, Priority.ALWAYS);
        side.setPadding(new Insets(8));
        side.setPrefWidth(300);
        // the numbers beside the grid would give a quiz answer away
        root.rightProperty().bind(Bindings.when(maps.selectedProperty().and(quiz.activeProperty().not()))
                .then((Node) side).otherwise((Node) null));
    }

    private void fillFilters(VBox box) {
        box.getChildren().clear();
        var rows = vm.filterRows();
        if (rows.isEmpty()) {
            return;
        }
        int cin = rows.get(0).channels().size();
        HBox header = new HBox(8);
        Label num = new Label("filter");
        num.setPrefWidth(60);
        header.getChildren().add(num);
        for (int ch = 0; ch < Math.min(cin, 8); ch++) {
            Label l = new Label(cin == 3 ? new String[] {"R", "G", "B"}[ch] : "in " + (ch + 1));
            l.setPrefWidth(rows.get(0).width());
            header.getChildren().add(l);
        }
        if (rows.get(0).rgb() != null) {
            header.getChildren().add(new Label("RGB"));
        }
        box.getChildren().add(header);
        for (var r : rows) {
            HBox row = new HBox(8);
            row.setAlignment(Pos.CENTER_LEFT);
            row.getStyleClass().add("filter-row");
            row.setId("filter-" + r.index());
            Label n = new Label("#" + (r.index() + 1));
            n.setPrefWidth(60);
            row.getChildren().add(n);
            for (int ch = 0; ch < Math.min(cin, 8); ch++) {
                row.getChildren().add(new ImageView(FxImages.ofArgb(r.channels().get(ch), r.width(), r.height())));
            }
            if (cin > 8) {
                row.getChildren().add(new Label("+" + (cin - 8) + " channels"));
            }
            if (r.rgb() != null) {
                row.getChildren().add(new ImageView(FxImages.ofArgb(r.rgb(), r.width(), r.height())));
            }
            javafx.scene.control.Tooltip.install(row, new javafx.scene.control.Tooltip("filter " + (r.index() + 1)
                    + ": " + r.filter().height() + "x" + r.filter().width() + "x" + cin + "\nmin " + Num.format(r.min())
                    + "\nmax " + Num.format(r.max()) + (Double.isNaN(vm.filterBias(r.index())) ? "\nno bias"
                    : "\nbias " + Num.format(vm.filterBias(r.index()))) + "\nclick: step through it on the Convolution screen"));
            row.setOnMouseClicked(e -> openFilter.open(r.filter(), "layer " + vm.layer() + " filter " + (r.index() + 1),
                    vm.convSettingsOf(r.index()), vm.layerInput(), vm.layerInputName()));
            box.getChildren().add(row);
        }
    }

    private void showDetail(FeatureTile t) {
        detailTitle.setText((vm.showingFilters() ? "Filter " : "Map ") + (t.channel() + 1) + ": min " + Num.format(t.min())
                + ", max " + Num.format(t.max()) + ", mean " + Num.format(t.mean()));
        detail.setMatrix(t.values(), new int[4]);
        var filter = vm.filterOfMap(t.channel());
        madeBy.setVisible(filter.isPresent());
        filter.ifPresent(f -> {
            madeBy.setText("Made by filter " + (t.channel() + 1) + " (" + f.height() + "x" + f.width() + "x" + f.channels()
                    + "): step through it");
            madeBy.setOnAction(e -> openFilter.open(f, "layer " + vm.layer() + " filter " + (t.channel() + 1),
                    vm.convSettingsOf(t.channel()), vm.layerInput(), vm.layerInputName()));
        });
    }

    /** A tile: the map drawn crisp, with its number; hover for statistics, click (or Enter) for the numbers. */
    private static final class TileCell extends GridCell<FeatureTile> {
        private final ImageView view = new ImageView();
        private final Label caption = new Label();
        private final VBox box = new VBox(2, view, caption);
        private final java.util.function.Consumer<FeatureTile> onClick;

        TileCell(java.util.function.Consumer<FeatureTile> onClick) {
            this.onClick = onClick;
            box.setAlignment(Pos.CENTER);
            view.setSmooth(false);
            view.setPreserveRatio(true);
            view.setFitWidth(88);
            view.setFitHeight(88);
            caption.getStyleClass().add("tile-caption");
            // A filter: the cell's behaviour consumes plain mouse events before handlers see them.
            addEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> {
                if (getItem() != null) {
                    requestFocus();
                    onClick.accept(getItem());
                }
            });
            // From the keyboard: Tab to a tile, Enter or Space shows its numbers.
            setFocusTraversable(true);
            addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
                if (getItem() != null && (e.getCode() == javafx.scene.input.KeyCode.ENTER
                        || e.getCode() == javafx.scene.input.KeyCode.SPACE)) {
                    onClick.accept(getItem());
                    e.consume();
                }
            });
        }

        @Override
        protected void updateItem(FeatureTile t, boolean empty) {
            super.updateItem(t, empty);
            if (empty || t == null) {
                setGraphic(null);
                setTooltip(null);
                setId(null); // cells are reused: an empty one must not keep a tile's id
                return;
            }
            WritableImage img = new WritableImage(t.width(), t.height());
            img.getPixelWriter().setPixels(0, 0, t.width(), t.height(), PixelFormat.getIntArgbInstance(), t.argb(), 0, t.width());
            view.setImage(img);
            caption.setText("#" + (t.channel() + 1));
            setTooltip(new Tooltip("channel " + (t.channel() + 1) + "\nmin " + Num.format(t.min()) + "\nmax "
                    + Num.format(t.max()) + "\nmean " + Num.format(t.mean())));
            setGraphic(box);
            setId("tile-" + t.channel());
        }
    }

}
