package org.convscope.ui.featuremaps;

import static org.convscope.ui.common.I18n.tr;

import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import org.convscope.ui.common.FxImages;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.controlsfx.control.GridView;
import org.convscope.core.conv.Num;
import org.convscope.engine.Engine;
import org.convscope.imaging.ColorMaps;
import org.convscope.imaging.FeatureTile;
import org.convscope.imaging.FilterTiles;
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
    private final Label detailTitle = new Label();
    private final Button madeBy = new Button();
    private final FilterQuiz quiz;
    private final ToggleButton maps = new ToggleButton(tr("maps.featureMaps"));
    private final ToggleButton filters = new ToggleButton(tr("maps.filters"));
    /** A tile's side in pixels: {@link #TILE}, times {@link #PRESENTER_SCALE} in presenter mode. */
    private final DoubleProperty tileSize = new SimpleDoubleProperty(this, "tileSize", TILE);
    /** A tile's side at normal scale. */
    static final double TILE = 88;
    /** How much larger tiles are drawn in presenter mode (the numbers panel's cells grow as much). */
    static final double PRESENTER_SCALE = 1.5;

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
        session.weightsProperty().addListener((o, a, b) -> refreshEpochs());
        refreshEpochs();
    }

    private final ChoiceBox<Integer> epochs = new ChoiceBox<>();
    private final Label epochsLabel = new Label(tr("maps.weights"));
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

    /** Sets what moving the time machine does besides this screen (the Learning health tab follows the epoch; 0: final). */
    public void setOnEpochShown(java.util.function.IntConsumer action) {
        this.onEpochShown = action;
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
    private java.util.function.IntConsumer onEpochShown = e -> { };

    /**
     * The screen's settings for a lesson.
     *
     * @param imagePrefix where the lesson keeps an opened image, e.g. {@code images/maps-} (the file's name follows;
     *                    a bundled sample is kept by its name)
     */
    public org.convscope.io.lesson.Lesson.Maps lessonSettings(String imagePrefix) {
        return lesson().snapshot(imagePrefix);
    }

    /** The opened image file's bytes for a lesson; empty for a bundled sample. */
    public java.util.Optional<byte[]> lessonImage() throws java.io.IOException {
        return lesson().imageBytes();
    }

    /**
     * Sets a lesson's settings through the controls, as a user would choose them.
     *
     * @param image the lesson's own image as a file, or null when it names a bundled sample
     */
    public void restoreLesson(org.convscope.io.lesson.Lesson.Maps lesson, java.nio.file.Path image) {
        lesson().restore(lesson, image);
    }

    private MapsLesson lesson() {
        return new MapsLesson(vm, root, maps, filters, epochs, quiz);
    }

    @Override
    public String id() {
        return "featuremaps";
    }

    @Override
    public String title() {
        return tr("screen.featuremaps");
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
        followPresenterMode();
        maps.setId("show-maps");
        filters.setId("show-filters");
        ToggleGroup what = new ToggleGroup();
        maps.setToggleGroup(what);
        filters.setToggleGroup(what);
        maps.setSelected(true);
        Label status = new Label();
        status.setId("maps-status");
        status.getStyleClass().add(Css.SUBTITLE);
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.textProperty().bind(vm.statusProperty());
        Label error = new Label();
        error.setId("maps-error");
        error.getStyleClass().add(Css.PROBLEM);
        error.setMinHeight(Region.USE_PREF_SIZE);
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        VBox top = new VBox(6, toolbar(), status, error);
        top.setPadding(new Insets(8, 12, 6, 12));
        root.setTop(top);

        GridView<FeatureTile> grid = new GridView<>(vm.tiles());
        grid.setId("maps-grid");
        grid.cellWidthProperty().bind(tileSize.add(4));
        grid.cellHeightProperty().bind(tileSize.multiply(116.0 / 88));
        grid.setHorizontalCellSpacing(6);
        grid.setVerticalCellSpacing(6);
        grid.setCellFactory(g -> new TileCell(vm::showNumbers, tileSize, vm::channelsInLayer));
        org.convscope.ui.common.FigureExport.install(grid, "feature-maps", vm::say);
        VBox filterBox = new VBox(4);
        filterBox.setId("filters-pane");
        filterBox.setPadding(new Insets(6));
        ScrollPane filterScroll = new ScrollPane(filterBox);
        vm.filterRows().addListener((ListChangeListener<FilterTiles.Row>) c -> FilterRows.fill(filterBox, vm, openFilter,
                this::filterLabel));
        ScrollPane quizScroll = new ScrollPane(quiz);
        quizScroll.setFitToWidth(true);
        quiz.activeProperty().addListener((o, was, on) -> {
            if (!on) {
                grid.requestFocus();
            }
        });
        root.centerProperty().bind(Bindings.when(quiz.activeProperty()).then((Node) quizScroll)
                .otherwise(Bindings.when(filters.selectedProperty()).then((Node) filterScroll).otherwise(grid)));
        filters.selectedProperty().addListener((o, was, on) -> quiz.setActive(false));
        Node side = numbersPanel();
        // the numbers beside the grid would give a quiz answer away
        root.rightProperty().bind(Bindings.when(maps.selectedProperty().and(quiz.activeProperty().not()))
                .then(side).otherwise((Node) null));
    }

    /**
     * The controls, in groups that wrap onto further rows on a narrow window or at presenter scale instead of being
     * cut to "S..." or "I...".
     */
    private FlowPane toolbar() {
        ComboBox<String> image = new ComboBox<>();
        image.setId("maps-image");
        image.getItems().addAll("chelsea.png", "astronaut.png", "camera.png", "coffee.png", "horse.png", "rocket.jpg");
        image.setValue(vm.imageName());
        image.setOnAction(e -> vm.useSample(image.getValue()));
        Button open = new Button(tr("stepper.openImage"));
        open.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(tr("filter.images"),
                    "*.png", "*.jpg", "*.jpeg", "*.bmp", "*.tif", "*.tiff", "*.webp"));
            var f = chooser.showOpenDialog(root.getScene().getWindow());
            if (f != null) {
                vm.useImage(f.toPath());
            }
        });
        ChoiceBox<LayerChoice> layer = layerChoice();
        ChoiceBox<TileRenderer.Normalisation> norm = new ChoiceBox<>();
        norm.setId("maps-normalisation");
        norm.getItems().addAll(TileRenderer.Normalisation.values());
        norm.setConverter(org.convscope.ui.common.I18n.names("maps.norm."));
        norm.setValue(TileRenderer.Normalisation.PER_MAP);
        norm.setOnAction(e -> vm.setNormalisation(norm.getValue()));
        norm.setTooltip(new Tooltip(tr("maps.scale.tip")));
        ChoiceBox<ColorMaps> colours = new ChoiceBox<>();
        colours.setId("maps-colours");
        colours.getItems().addAll(ColorMaps.values());
        colours.setConverter(org.convscope.ui.common.I18n.names("maps.colours."));
        colours.setValue(ColorMaps.GRAY);
        colours.setOnAction(e -> vm.setColours(colours.getValue()));
        Button prev = new Button("\u25c0");
        prev.setId("maps-prev");
        prev.setAccessibleText(tr("a11y.maps.prevPage"));
        prev.setOnAction(e -> vm.previousPage());
        Button next = new Button("\u25b6");
        next.setId("maps-next");
        next.setAccessibleText(tr("a11y.maps.nextPage"));
        next.setOnAction(e -> vm.nextPage());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(22, 22);
        busy.visibleProperty().bind(vm.busyProperty());
        HBox scale = group(new Label(tr("maps.scale")), norm);
        HBox colour = group(new Label(tr("maps.colours")), colours);
        for (Node n : new Node[] {scale, colour}) {
            n.visibleProperty().bind(maps.selectedProperty()); // filters use the seed's own normalisation, in gray
            n.managedProperty().bind(n.visibleProperty());
        }
        FlowPane bar = new FlowPane(10, 6, group(maps, filters), group(new Label(tr("maps.image")), image, open),
                group(new Label(tr("maps.layer")), layer), scale, colour, group(prev, next), weightsChoice(), exportButton(),
                quizButton(), busy);
        bar.setId("maps-toolbar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    /** Controls that stay together on one row, never narrower than they need. */
    private static HBox group(Region... controls) {
        for (Region r : controls) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox box = new HBox(6, controls);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    private ChoiceBox<LayerChoice> layerChoice() {
        ChoiceBox<LayerChoice> layer = new ChoiceBox<>();
        layer.setId("maps-layer");
        Runnable fillLayers = () -> {
            var list = vm.showingFilters() ? vm.convLayers() : vm.layers();
            layer.getItems().setAll(list);
            list.stream().filter(c -> c.index() == vm.layer()).findFirst().ifPresent(layer::setValue);
        };
        vm.layers().addListener((ListChangeListener<LayerChoice>) c -> fillLayers.run());
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
        return layer;
    }

    /** The time machine: which weights are shown, each named by its version. */
    private HBox weightsChoice() {
        epochs.setId("maps-epoch");
        epochs.setTooltip(new Tooltip(tr("maps.epochs.tip")));
        epochs.setConverter(org.convscope.ui.common.ControlValues.shownAs(vm::weightsChoiceLabel));
        epochs.setOnAction(e -> {
            if (!settingEpochs && epochs.getValue() != null) {
                vm.showEpoch(epochs.getValue());
                onEpochShown.accept(epochs.getValue());
            }
        });
        HBox box = group(epochsLabel, epochs, MapsExport.gifButton(() -> vm.exportGif(root.getScene().getWindow())));
        box.visibleProperty().bind(epochs.visibleProperty());
        box.managedProperty().bind(epochs.managedProperty());
        return box;
    }

    private Button exportButton() {
        Button export = new Button(tr("maps.exportPng"));
        export.setId("maps-export");
        export.setMinWidth(Region.USE_PREF_SIZE);
        export.disableProperty().bind(Bindings.isEmpty(vm.tiles()));
        export.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(tr("maps.exportPng.title"));
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(tr("filter.png"), "*.png"));
            chooser.setInitialFileName((vm.showingFilters() ? "filters" : "feature-maps") + "-layer" + vm.layer() + ".png");
            var f = chooser.showSaveDialog(root.getScene().getWindow());
            if (f != null) {
                vm.exportPng(f.toPath());
            }
        });
        return export;
    }

    private Button quizButton() {
        Button quizButton = new Button(tr("stepper.quiz"));
        quizButton.setId("maps-quiz");
        quizButton.setMinWidth(Region.USE_PREF_SIZE);
        quizButton.setTooltip(new Tooltip(tr("maps.quiz.tip")));
        quizButton.disableProperty().bind(filters.selectedProperty());
        quizButton.setOnAction(e -> quiz.setActive(true));
        root.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.Q && !e.isShortcutDown() && maps.isSelected()
                    && !quiz.activeProperty().get()) {
                quiz.setActive(true);
                e.consume();
            }
        });
        return quizButton;
    }

    /**
     * The numbers of the clicked tile, under a heading naming the map and the weights they came from; emptied with
     * the reason when those weights are replaced.
     */
    private Node numbersPanel() {
        detailTitle.setWrapText(true);
        detailTitle.setId("maps-detail-title");
        detailTitle.setMinHeight(Region.USE_PREF_SIZE);
        detailTitle.textProperty().bind(vm.numbers().titleProperty());
        detail.setId("maps-detail");
        detail.setCellSize(30); // drawn 1.5 times larger in presenter mode
        detail.setName(tr("a11y.name.map"));
        madeBy.setId("maps-detail-filter");
        madeBy.setWrapText(true);
        madeBy.setMinHeight(Region.USE_PREF_SIZE); // wrapped onto two lines at presenter scale, not cut to "..."
        madeBy.setMaxWidth(Double.MAX_VALUE);
        madeBy.setVisible(false);
        madeBy.managedProperty().bind(madeBy.visibleProperty());
        vm.numbers().tileProperty().addListener((o, a, shown) -> showNumbers(shown == null ? null : shown.value()));
        VBox side = new VBox(8, detailTitle, madeBy, detail);
        side.setId("maps-numbers");
        VBox.setVgrow(detail, Priority.ALWAYS);
        side.setPadding(new Insets(8));
        side.prefWidthProperty().bind(tileSize.multiply(300.0 / 88));
        return side;
    }

    /** Presenter mode (a style class on the window's root) enlarges the tiles: they are images, not type. */
    private void followPresenterMode() {
        ListChangeListener<String> update = c -> tileSize.set(
                c.getList().contains(Css.PRESENTER) ? TILE * PRESENTER_SCALE : TILE);
        root.sceneProperty().addListener((o, a, scene) -> {
            if (a != null && a.getRoot() != null) {
                a.getRoot().getStyleClass().removeListener(update);
            }
            if (scene != null && scene.getRoot() != null) {
                var classes = scene.getRoot().getStyleClass();
                classes.addListener(update);
                tileSize.set(classes.contains(Css.PRESENTER) ? TILE * PRESENTER_SCALE : TILE);
            }
        });
    }

    /** E.g. {@code layer 3 filter 65 (run 1, after epoch 3)}: which filter, of which weights. */
    private String filterLabel(int index) {
        var weights = vm.shownWeightsProperty().get();
        return tr("maps.filterLabel", vm.layer(), index + 1) + (weights == null ? "" : " (" + weights.label() + ")");
    }

    /** Shows the numbers panel's tile (null: none), with the filter that made it when there is one. */
    private void showNumbers(FeatureTile t) {
        detail.setMatrix(t == null ? new double[0][] : t.values(), new int[4]);
        var filter = t == null ? java.util.Optional.<org.convscope.core.conv.Volume>empty() : vm.filterOfMap(t.channel());
        madeBy.setVisible(filter.isPresent());
        filter.ifPresent(f -> {
            madeBy.setText(tr("maps.madeBy", t.channel() + 1, f.height() + "x" + f.width() + "x" + f.channels()));
            madeBy.setOnAction(e -> openFilter.open(f, filterLabel(t.channel()),
                    vm.convSettingsOf(t.channel()), vm.layerInput(), vm.layerInputName()));
        });
    }
}
