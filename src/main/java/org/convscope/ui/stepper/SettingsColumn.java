package org.convscope.ui.stepper;

import static org.convscope.ui.common.I18n.tr;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.convscope.core.conv.ConvSettings;
import org.convscope.core.conv.KernelPresets;
import org.convscope.core.conv.Num;
import org.convscope.core.conv.PoolSettings;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.ui.common.Css;

/**
 * The stepper's settings column: the kernel (preset, size, editable grid, or a filter of the model) and the
 * convolution's stride, padding, bias, ReLU and flip; or the pooling window's mode, size, stride and padding.
 * Rebuilt from the view model when the mode or the kernel changes from outside (a learned filter).
 */
final class SettingsColumn extends VBox {

    /** The kernel grid's width in em before the column is laid out (the column is 19em, 13em at presenter scale). */
    private static final double GRID_EM = 16.5;

    private final StepperViewModel vm;
    private final LearnedFilterViewModel learned;
    private final Label kernelHeading = heading(tr("stepper.kernel"));
    private GridPane kernelGrid;

    /**
     * @param vm the stepper's state
     * @param learned lists the model's Conv2D layers and loads their filters
     */
    SettingsColumn(StepperViewModel vm, LearnedFilterViewModel learned) {
        super(10);
        this.vm = vm;
        this.learned = learned;
        setId("stepper-settings");
        setPadding(new Insets(10));
        widthProperty().addListener((o, a, b) -> styleCells());
        rebuild();
    }

    /** Shows the current mode's settings with the view model's values. */
    void rebuild() {
        getChildren().clear();
        kernelGrid = null;
        if (vm.mode() == StepperViewModel.Mode.CONVOLUTION) {
            convSettings();
        } else {
            poolSettings();
        }
    }

    /** The kernel box's prompt: "custom" in the user's language, a learned filter's label as it is. */
    private static String promptFor(String kernelName) {
        return "custom".equals(kernelName) ? tr("kernel.custom")
                : KernelPresets.names().contains(kernelName) ? tr("kernel." + kernelName) : kernelName;
    }

    private void convSettings() {
        ComboBox<String> preset = new ComboBox<>();
        preset.setId("kernel-preset");
        preset.getItems().addAll(KernelPresets.names());
        // the presets' names are ids (convscope convolve -k vertical-edge); German and Spanish show them in words
        preset.setConverter(org.convscope.ui.common.InputSources.shownAs(n -> tr("kernel." + n)));
        preset.setValue(vm.kernelEditor().isPreset() ? vm.kernelName() : null);
        preset.setPromptText(promptFor(vm.kernelName())); // a learned filter's label, or "custom"
        GridPane kernelGrid = new GridPane();
        this.kernelGrid = kernelGrid;
        kernelGrid.setId("kernel-grid");
        kernelGrid.setHgap(3);
        kernelGrid.setVgap(3);
        Spinner<Integer> ksize = new Spinner<>(1, KernelEditor.MAX_SIDE, vm.kernel().length);
        ksize.setId("kernel-size");
        ksize.setPrefWidth(90);
        preset.setOnAction(e -> {
            if (preset.getValue() != null) {
                vm.useKernelPreset(preset.getValue());
                ksize.getValueFactory().setValue(vm.kernel().length);
                fillKernelGrid(kernelGrid);
            }
        });
        ksize.valueProperty().addListener((o, a, n) -> {
            if (n != vm.kernel().length) {
                vm.resizeKernel(n);
                preset.setValue(null);
                preset.setPromptText(promptFor(vm.kernelName()));
                fillKernelGrid(kernelGrid);
            }
        });
        fillKernelGrid(kernelGrid);
        getChildren().addAll(kernelHeading, preset, row(tr("stepper.size"), ksize), kernelGrid, learnedFilterPicker());
        convOptions();
    }

    private void convOptions() {
        ConvSettings s = vm.convSettings();
        Spinner<Integer> stride = new Spinner<>(1, 8, s.strides().h());
        stride.setId("conv-stride");
        stride.valueProperty().addListener((o, a, n) -> vm.setConvSettings(vm.convSettings().withStrides(Size2.square(n))));
        Node padding = paddingEditor(s.padding(), p -> vm.setConvSettings(vm.convSettings().withPadding(p)), "conv");
        TextField bias = new TextField(Num.format(s.bias()));
        bias.setId("conv-bias");
        bias.setPrefColumnCount(6);
        bias.textProperty().addListener((o, a, t) -> {
            try {
                vm.setConvSettings(vm.convSettings().withBias(Double.parseDouble(t.strip())));
                markInvalid(bias, false);
            } catch (NumberFormatException ex) {
                markInvalid(bias, true);
            }
        });
        CheckBox relu = new CheckBox(tr("stepper.relu"));
        relu.setId("conv-relu");
        relu.setSelected(s.relu());
        relu.setOnAction(e -> vm.setConvSettings(vm.convSettings().withRelu(relu.isSelected())));
        CheckBox flip = new CheckBox(tr("stepper.flip"));
        flip.setId("conv-flip");
        flip.setSelected(s.flip());
        flip.setWrapText(true);
        flip.setOnAction(e -> vm.setConvSettings(vm.convSettings().withFlip(flip.isSelected())));
        getChildren().addAll(heading(tr("stepper.settings")), row(tr("stepper.stride"), stride), padding, row(tr("stepper.bias"), bias), relu, flip);
    }

    /** Lets the user take filter i of one of the model's Conv2D layers (initial weights, seed 42). */
    private Node learnedFilterPicker() {
        ChoiceBox<LearnedFilterViewModel.Layer> layer = new ChoiceBox<>();
        layer.setId("learned-layer");
        layer.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(LearnedFilterViewModel.Layer l) {
                return l == null ? "" : l.label();
            }

            @Override
            public LearnedFilterViewModel.Layer fromString(String s) {
                return null;
            }
        });
        layer.getItems().setAll(learned.layers());
        Spinner<Integer> filter = new Spinner<>(1, 1024, 1);
        filter.setId("learned-filter");
        filter.setPrefWidth(90);
        filter.setEditable(true);
        Button use = new Button(tr("stepper.useFilter"));
        use.setId("learned-use");
        Label note = new Label();
        note.setId("learned-note");
        note.setWrapText(true);
        note.getStyleClass().add(Css.SUBTITLE);
        note.textProperty().bind(learned.noteProperty());
        use.disableProperty().bind(layer.valueProperty().isNull());
        if (!layer.getItems().isEmpty()) {
            layer.setValue(layer.getItems().get(0));
        }
        use.setOnAction(e -> learned.load(layer.getValue(), filter.getValue(), (f, label) -> {
            vm.fitInputTo(f);
            vm.useLearnedFilter(f, label);
            rebuild(); // the preset box and the grid show the filter
        }));
        HBox pick = new HBox(8, filter, use);
        pick.setAlignment(Pos.CENTER_LEFT);
        Label title = new Label(tr("stepper.orFilter"));
        title.setWrapText(true); // the column is narrow in presenter mode on a 720p projector
        return new VBox(6, title, layer, pick, note);
    }

    /** One text field per weight, sized so that a weight like -0.0927 is shown whole (smaller type when needed). */
    private void fillKernelGrid(GridPane grid) {
        grid.getChildren().clear();
        KernelEditor k = vm.kernelEditor();
        double[][] m = k.kernel();
        for (int r = 0; r < m.length; r++) {
            for (int c = 0; c < m[0].length; c++) {
                TextField f = new TextField(k.cellText(r, c));
                f.setId("kernel-" + r + "-" + c);
                f.setPrefColumnCount(Math.max(2, k.widestCell()));
                f.setTooltip(new Tooltip(Num.format(m[r][c])));
                f.getStyleClass().addAll(Css.MONO, "kernel-cell");
                int rr = r;
                int cc = c;
                f.textProperty().addListener((o, a, t) -> markInvalid(f, !vm.setKernelCell(rr, cc, t)));
                grid.add(f, c, r);
            }
        }
        styleCells();
    }

    /** Sizes the grid's type so that a row of weights fits the column's width (which grows at presenter scale). */
    private void styleCells() {
        if (kernelGrid == null) {
            return;
        }
        double fontPx = kernelHeading.getFont().getSize();
        double em = getWidth() > 0 && fontPx > 0 ? (getWidth() - 24) / fontPx : GRID_EM;
        String style = String.format(Locale.ROOT, "-fx-font-size: %.2fem; -fx-padding: 0.25em 0.3em;",
                vm.kernelEditor().cellFontScale(em));
        for (Node n : kernelGrid.getChildren()) {
            n.setStyle(style);
        }
    }

    private void poolSettings() {
        PoolSettings s = vm.poolSettings();
        ChoiceBox<PoolSettings.Mode> mode = new ChoiceBox<>();
        mode.setId("pool-mode");
        mode.getItems().addAll(PoolSettings.Mode.values());
        mode.setConverter(org.convscope.ui.common.I18n.names("stepper.poolMode."));
        mode.setValue(s.mode());
        Spinner<Integer> size = new Spinner<>(1, 8, s.pool().h());
        size.setId("pool-size");
        Spinner<Integer> stride = new Spinner<>(1, 8, s.strides().h());
        stride.setId("pool-stride");
        Slider lambda = new Slider(0, 1, s.lambda());
        lambda.setId("pool-lambda");
        Label lambdaText = new Label();
        lambdaText.textProperty().bind(Bindings.format(Locale.ROOT, tr("stepper.lambda") + " %.2f", lambda.valueProperty()));
        Runnable apply = () -> vm.setPoolSettings(new PoolSettings(Size2.square(size.getValue()),
                Size2.square(stride.getValue()), vm.poolSettings().padding(), mode.getValue(), lambda.getValue()));
        mode.setOnAction(e -> apply.run());
        size.valueProperty().addListener((o, a, b) -> apply.run());
        stride.valueProperty().addListener((o, a, b) -> apply.run());
        lambda.valueProperty().addListener((o, a, b) -> apply.run());
        Node padding = paddingEditor(s.padding(), p -> {
            PoolSettings now = vm.poolSettings();
            vm.setPoolSettings(new PoolSettings(now.pool(), now.strides(), p, now.mode(), now.lambda()));
        }, "pool");
        Label help = new Label(tr("stepper.poolHelp"));
        help.setWrapText(true);
        help.getStyleClass().add(Css.SUBTITLE);
        getChildren().addAll(heading(tr("stepper.pooling")), row(tr("stepper.mode"), mode), row(tr("stepper.size"), size), row(tr("stepper.stride"), stride),
                padding, lambdaText, lambda, help);
    }

    private static Node paddingEditor(Padding initial, Consumer<Padding> set, String prefix) {
        ChoiceBox<String> kind = new ChoiceBox<>();
        kind.setId(prefix + "-padding");
        kind.getItems().addAll("valid", "same", "explicit");
        kind.setConverter(org.convscope.ui.common.ControlValues.paddingModes());
        kind.setValue(initial instanceof Padding.Explicit ? "explicit" : initial.keras());
        Spinner<Integer> p = new Spinner<>(0, 5, initial instanceof Padding.Explicit e ? e.amount() : 1);
        p.setId(prefix + "-padding-cells");
        p.setPrefWidth(80);
        p.disableProperty().bind(kind.valueProperty().isNotEqualTo("explicit"));
        Runnable apply = () -> set.accept("same".equals(kind.getValue()) ? Padding.SAME
                : "explicit".equals(kind.getValue()) ? Padding.of(p.getValue()) : Padding.VALID);
        kind.setOnAction(e -> apply.run());
        p.valueProperty().addListener((o, a, b) -> apply.run());
        return new VBox(6, row(tr("stepper.padding"), kind), row(tr("stepper.zeroCells"), p));
    }

    private static void markInvalid(Node field, boolean invalid) {
        List<String> classes = field.getStyleClass();
        if (!invalid) {
            classes.remove("invalid");
        } else if (!classes.contains("invalid")) {
            classes.add("invalid");
        }
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("panel-title");
        return l;
    }

    private static HBox row(String label, Node editor) {
        Label l = new Label(label);
        l.getStyleClass().add("settings-label"); // 6.4em: the editors line up, "Schrittweite" is whole
        l.setMinWidth(Region.USE_PREF_SIZE);
        HBox h = new HBox(8, l, editor);
        h.setAlignment(Pos.CENTER_LEFT);
        return h;
    }
}
