package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import org.convscope.ui.common.FxImages;
import java.util.Locale;
import java.util.function.DoubleFunction;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;
import org.convscope.core.image.Raster;
import org.convscope.core.train.AffineWarp;
import org.convscope.core.train.Augmentation;
import org.convscope.ui.common.Css;
import org.convscope.ui.common.TaskExecutor;

/**
 * The Train screen's Augmentation tab: one slider per Keras {@code ImageDataGenerator} setting with its value
 * beside it, flips, fill mode, presets, and a 3x3 grid of randomly changed copies of one image (a CIFAR-10 sample
 * image or a loaded one), enlarged with crisp pixels and redrawn as the settings change. "Use in training" makes
 * the Train button augment with exactly these settings.
 */
public final class AugmentationPane {

    private final String fractionUnit = tr("train.aug.fraction");
    private final String pixelUnit = tr("train.aug.pixels");

    private final AugmentationViewModel vm;
    private final VBox root = new VBox(12);
    private final Slider rotation = slider("aug-rotation", 0, 180, 1);
    private final Slider heightShift = slider("aug-height-shift", 0, 0.5, 0.01);
    private final Slider widthShift = slider("aug-width-shift", 0, 0.5, 0.01);
    private final ChoiceBox<String> shiftUnit = new ChoiceBox<>();
    private final Slider zoom = slider("aug-zoom", 0, 0.9, 0.01);
    private final Slider shear = slider("aug-shear", 0, 45, 0.1);
    private final Slider brightness = slider("aug-brightness", 0, 0.9, 0.01);
    private final CheckBox flipH = new CheckBox(tr("train.aug.flipH"));
    private final CheckBox flipV = new CheckBox(tr("train.aug.flipV"));
    private final ChoiceBox<AffineWarp.Fill> fill = new ChoiceBox<>();
    private final CheckBox use = new CheckBox(tr("train.aug.use"));
    private boolean updating;

    /**
     * Creates the pane.
     *
     * @param executor where the copies are computed
     */
    public AugmentationPane(TaskExecutor executor) {
        this.vm = new AugmentationViewModel(executor);
        createView();
        show(vm.settingsProperty().get());
        vm.settingsProperty().addListener((o, a, b) -> show(b));
        vm.showSample(AugmentationViewModel.FIRST_SAMPLE);
    }

    /** Returns the pane. */
    public Node view() {
        return root;
    }

    AugmentationViewModel viewModel() {
        return vm;
    }

    /** Returns what training should use: the settings when "Use in training" is ticked, else none. */
    public Augmentation trainingAugmentation() {
        return vm.trainingAugmentation();
    }

    /** Ticked when training augments; bind the Train settings' checkbox to it. */
    public javafx.beans.property.BooleanProperty enabledProperty() {
        return vm.enabledProperty();
    }

    private static Slider slider(String id, double min, double max, double step) {
        Slider s = new Slider(min, max, min);
        s.setId(id);
        s.setBlockIncrement(step);
        s.setPrefWidth(200);
        return s;
    }

    private void createView() {
        root.setId("augmentation-pane");
        root.setPadding(new Insets(8));
        shiftUnit.setId("aug-shift-unit");
        shiftUnit.getItems().addAll(fractionUnit, pixelUnit);
        shiftUnit.setValue(fractionUnit);
        flipH.setId("aug-flip-h");
        flipV.setId("aug-flip-v");
        fill.setId("aug-fill");
        fill.getItems().addAll(AffineWarp.Fill.values());
        fill.setConverter(org.convscope.ui.common.I18n.names("train.aug.fill."));
        use.setId("aug-enabled");
        use.selectedProperty().bindBidirectional(vm.enabledProperty());
        use.setTooltip(new Tooltip(tr("train.aug.use.tooltip")));
        GridPane form = settingsForm();
        listenToSettings();
        VBox controls = new VBox(10, use, presetButtons(), form, imageButtons());
        controls.setMinWidth(Region.USE_PREF_SIZE);
        VBox pictures = new VBox(10, originalBox(), variantGrid());
        HBox body = new HBox(24, controls, pictures);
        Label intro = new Label(tr("train.aug.intro"));
        intro.setWrapText(true);
        intro.getStyleClass().add(Css.SUBTITLE);
        root.getChildren().addAll(intro, body, commandLine(), problemLine());
    }

    /** The sliders, flips and fill, one row each, with Keras' argument in each tooltip. */
    private GridPane settingsForm() {
        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(6);
        int row = 0;
        row = addRow(form, row, tr("train.aug.rotation"), rotation, v -> String.format(Locale.ROOT, "\u00b1%.0f\u00b0", v),
                tr("train.aug.rotation.tooltip"));
        form.add(new Label(tr("train.aug.shiftsIn")), 0, row);
        form.add(shiftUnit, 1, row++);
        row = addRow(form, row, tr("train.aug.widthShift"), widthShift, v -> shiftText(v, false),
                tr("train.aug.widthShift.tooltip"));
        row = addRow(form, row, tr("train.aug.heightShift"), heightShift, v -> shiftText(v, true),
                tr("train.aug.heightShift.tooltip"));
        row = addRow(form, row, tr("train.aug.zoom"), zoom, v -> String.format(Locale.ROOT, "%.2f-%.2f", 1 - v, 1 + v),
                tr("train.aug.zoom.tooltip"));
        row = addRow(form, row, tr("train.aug.shear"), shear, v -> String.format(Locale.ROOT, "\u00b1%.1f\u00b0", v),
                tr("train.aug.shear.tooltip"));
        row = addRow(form, row, tr("train.aug.brightness"), brightness,
                v -> String.format(Locale.ROOT, "\u00d7%.2f-%.2f", 1 - v, 1 + v), tr("train.aug.brightness.tooltip"));
        form.add(new Label(tr("train.aug.flip")), 0, row);
        form.add(new HBox(12, flipH, flipV), 1, row++, 2, 1);
        form.add(new Label(tr("train.aug.fill")), 0, row);
        form.add(fill, 1, row, 2, 1);
        return form;
    }

    /** Every setting redraws the copies; switching the shift unit converts the shift sliders. */
    private void listenToSettings() {
        for (Slider s : new Slider[] {rotation, heightShift, widthShift, zoom, shear, brightness}) {
            s.valueProperty().addListener((o, a, b) -> changed());
        }
        flipH.selectedProperty().addListener((o, a, b) -> changed());
        flipV.selectedProperty().addListener((o, a, b) -> changed());
        fill.valueProperty().addListener((o, a, b) -> changed());
        shiftUnit.valueProperty().addListener((o, a, b) -> {
            if (updating) {
                return;
            }
            boolean pixels = pixelUnit.equals(b);
            for (Slider s : new Slider[] {heightShift, widthShift}) {
                updating = true;
                s.setMax(pixels ? 16 : 0.5);
                s.setBlockIncrement(pixels ? 1 : 0.01);
                s.setValue(pixels ? Math.round(s.getValue() * 32) : Math.min(0.5, s.getValue() / 32)); // 32: CIFAR's side
                updating = false;
            }
            changed();
        });
    }

    /** The three presets: CIFAR's flip and shift, the seed's Keras settings, none. */
    private HBox presetButtons() {
        Button cifar = new Button(tr("train.aug.cifar"));
        cifar.setId("aug-preset-cifar");
        cifar.setOnAction(e -> vm.settingsProperty().set(Augmentation.FLIP_AND_SHIFT_4));
        cifar.setTooltip(new Tooltip(tr("train.aug.cifar.tooltip")));
        Button keras = new Button(tr("train.aug.keras"));
        keras.setId("aug-preset-keras");
        keras.setTooltip(new Tooltip(tr("train.aug.keras.tooltip")));
        keras.setOnAction(e -> vm.settingsProperty().set(Augmentation.KERAS_TUTORIAL));
        Button none = new Button(tr("train.aug.none"));
        none.setId("aug-preset-none");
        none.setOnAction(e -> vm.settingsProperty().set(Augmentation.NONE.withFill(AffineWarp.Fill.NEAREST)));
        HBox presets = new HBox(8, new Label(tr("train.aug.presets")), cifar, keras, none);
        presets.setAlignment(Pos.CENTER_LEFT);
        return presets;
    }

    /** Reseed, another sample, load an image. */
    private HBox imageButtons() {
        Button reseed = new Button(tr("train.aug.reseed"));
        reseed.setId("aug-reseed");
        reseed.setTooltip(new Tooltip(tr("train.aug.reseed.tooltip", AugmentationViewModel.COUNT)));
        reseed.setOnAction(e -> vm.reseed());
        Button another = new Button(tr("train.aug.another"));
        another.setId("aug-next-image");
        another.setOnAction(e -> vm.nextSampleImage());
        Button load = new Button(tr("train.aug.load"));
        load.setId("aug-load-image");
        load.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setTitle(tr("train.aug.chooserTitle"));
            chooser.getExtensionFilters().add(FxImages.imageFilter());
            var f = chooser.showOpenDialog(root.getScene().getWindow());
            if (f != null) {
                vm.loadImage(f.toPath());
            }
        });
        HBox buttons = new HBox(8, reseed, another, load);
        buttons.setAlignment(Pos.CENTER_LEFT);
        return buttons;
    }

    /** The original image, enlarged with crisp pixels, and its name. */
    private HBox originalBox() {
        ImageView original = new ImageView();
        original.setId("aug-original");
        original.setSmooth(false);
        Label originalName = new Label();
        originalName.setId("aug-image-name");
        originalName.setWrapText(true);
        originalName.setMaxWidth(200);
        originalName.textProperty().bind(vm.imageNameProperty());
        vm.imageProperty().addListener((o, a, r) -> {
            original.setImage(r == null ? null : FxImages.of(r, 1));
            if (r != null) {
                double k = cellScale(r);
                original.setFitWidth(r.width() * k);
                original.setFitHeight(r.height() * k);
            }
        });
        return new HBox(10, original, new VBox(4, new Label(tr("train.aug.original")), originalName));
    }

    /** The 3x3 grid of random copies. */
    private TilePane variantGrid() {
        TilePane grid = new TilePane(6, 6);
        grid.setId("aug-grid");
        grid.setPrefColumns(3);
        grid.setPrefRows(3);
        grid.setMinWidth(Region.USE_PREF_SIZE);
        vm.variants().addListener((ListChangeListener<Raster>) c -> {
            java.util.List<Node> views = new java.util.ArrayList<>();
            for (Raster r : vm.variants()) {
                ImageView v = new ImageView(FxImages.of(r, 1));
                v.setSmooth(false); // nearest neighbour: every pixel a crisp square
                double k = cellScale(r);
                v.setFitWidth(r.width() * k);
                v.setFitHeight(r.height() * k);
                views.add(v);
            }
            grid.getChildren().setAll(views);
        });
        return grid;
    }

    /** The {@code convscope augment} command that draws the same grid. */
    private Label commandLine() {
        Label command = new Label();
        command.setId("aug-command");
        command.getStyleClass().add(Css.MONO);
        command.setWrapText(true);
        Runnable updateCommand = () -> command.setText(vm.commandLine());
        vm.settingsProperty().addListener((o, a, b) -> updateCommand.run());
        vm.seedProperty().addListener((o, a, b) -> updateCommand.run());
        vm.imageProperty().addListener((o, a, b) -> updateCommand.run());
        updateCommand.run();
        return command;
    }

    private Label problemLine() {
        Label problem = new Label();
        problem.getStyleClass().add(Css.PROBLEM);
        problem.textProperty().bind(vm.messageProperty());
        problem.setWrapText(true);
        return problem;
    }

    private static double cellScale(Raster r) {
        return Math.max(1, Math.floor(96.0 / Math.max(r.height(), r.width())));
    }

    private String shiftText(double v, boolean rows) {
        Raster r = vm.imageProperty().get();
        int side = r == null ? 32 : rows ? r.height() : r.width();
        if (pixelUnit.equals(shiftUnit.getValue())) {
            return String.format(Locale.ROOT, "\u00b1%.0f px", v);
        }
        return String.format(Locale.ROOT, "\u00b1%.2f = %.1f px", v, v * side);
    }

    private int addRow(GridPane form, int row, String name, Slider s, DoubleFunction<String> text, String tip) {
        Label label = new Label(name);
        label.setLabelFor(s);
        label.setMinWidth(Region.USE_PREF_SIZE);
        Label value = new Label();
        value.setId(s.getId() + "-value");
        value.setMinWidth(120);
        value.getStyleClass().add(Css.MONO);
        s.valueProperty().addListener((o, a, b) -> value.setText(text.apply(b.doubleValue())));
        shiftUnit.valueProperty().addListener((o, a, b) -> value.setText(text.apply(s.getValue())));
        vm.imageProperty().addListener((o, a, b) -> value.setText(text.apply(s.getValue())));
        value.setText(text.apply(s.getValue()));
        s.setTooltip(new Tooltip(tip));
        form.add(label, 0, row);
        form.add(s, 1, row);
        form.add(value, 2, row);
        return row + 1;
    }

    /** Puts settings into the controls without echoing them back. */
    private void show(Augmentation a) {
        updating = true;
        try {
            boolean pixels = a.heightShift() >= 1 || a.widthShift() >= 1;
            shiftUnit.setValue(pixels ? pixelUnit : fractionUnit);
            heightShift.setMax(pixels ? 16 : 0.5);
            widthShift.setMax(pixels ? 16 : 0.5);
            rotation.setValue(a.rotation());
            heightShift.setValue(a.heightShift());
            widthShift.setValue(a.widthShift());
            zoom.setValue(a.zoom());
            shear.setValue(a.shear());
            brightness.setValue(Math.max(1 - a.brightnessLow(), a.brightnessHigh() - 1));
            flipH.setSelected(a.horizontalFlip());
            flipV.setSelected(a.verticalFlip());
            fill.setValue(a.fill());
        } finally {
            updating = false;
        }
    }

    /** Reads the controls into new settings, rounded to the steps the value labels show. */
    private void changed() {
        if (updating) {
            return;
        }
        boolean pixels = pixelUnit.equals(shiftUnit.getValue());
        double b = round(brightness.getValue(), 100);
        Augmentation a = new Augmentation(Math.round(rotation.getValue()),
                pixels ? Math.round(heightShift.getValue()) : round(heightShift.getValue(), 100),
                pixels ? Math.round(widthShift.getValue()) : round(widthShift.getValue(), 100),
                flipH.isSelected(), flipV.isSelected(), round(zoom.getValue(), 100), round(shear.getValue(), 10),
                1 - b, 1 + b, fill.getValue() == null ? AffineWarp.Fill.NEAREST : fill.getValue());
        vm.settingsProperty().set(a);
    }

    private static double round(double v, double per) {
        return Math.round(v * per) / per;
    }
}
