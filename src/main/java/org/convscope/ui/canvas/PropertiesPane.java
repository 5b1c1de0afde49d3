package org.convscope.ui.canvas;

import static org.convscope.ui.common.I18n.tr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.convscope.core.edit.LayerSpecs;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;

/**
 * Typed editors for the selected block. Every valid change is applied at once (shapes re-infer as
 * you type); the keystrokes of one field merge into one undo step.
 *
 * <p>Field ids: {@code prop-<argument>}, e.g. {@code prop-filters}, {@code prop-kernel-h}.
 */
final class PropertiesPane extends VBox {

    private final BuildViewModel vm;
    private final GridPane grid = new GridPane();
    private final Label heading = new Label();
    private final Label how = new Label();
    private final List<Runnable> refreshers = new ArrayList<>();
    private int shownIndex = -2;
    private String shownType = "";

    PropertiesPane(BuildViewModel vm) {
        super(10);
        this.vm = vm;
        setId("layer-properties");
        getStyleClass().add("properties");
        setPadding(new Insets(12));
        heading.getStyleClass().add("properties-heading");
        grid.setHgap(10);
        grid.setVgap(8);
        how.setId("layer-details");
        how.getStyleClass().addAll("mono", "layer-details");
        how.setWrapText(true);
        how.setMinHeight(Region.USE_PREF_SIZE);
        getChildren().addAll(heading, grid, how);
        vm.selectedProperty().addListener((o, a, b) -> rebuildIfNeeded());
        vm.analysisProperty().addListener((o, a, b) -> rebuildIfNeeded());
        rebuildIfNeeded();
    }

    /** Moves keyboard focus to the first editor. */
    void focusFirst() {
        grid.getChildren().stream().filter(n -> n instanceof TextField || n instanceof ChoiceBox || n instanceof CheckBox)
                .findFirst().ifPresent(Node::requestFocus);
    }

    private void rebuildIfNeeded() {
        int sel = vm.selectedProperty().get();
        var infos = vm.analysis().layers();
        var info = sel >= 1 && sel <= infos.size() ? infos.get(sel - 1) : null;
        how.setText(info == null ? "" : tr("canvas.props.how") + "\n" + info.input().keras() + " ->\n" + info.output().keras()
                + (info.formula().isEmpty() ? "" : "\n" + info.formula().replace("; ", "\n")));
        String type = sel == 0 ? "Input" : sel >= 1 && sel <= vm.model().layers().size()
                ? vm.model().layers().get(sel - 1).type() : "";
        if (sel != shownIndex || !type.equals(shownType)) {
            shownIndex = sel;
            shownType = type;
            rebuild(sel);
        } else {
            refreshers.forEach(Runnable::run);
            heading.setText(title(sel));
        }
    }

    private String title(int sel) {
        return sel == 0 ? tr("canvas.props.inputImage") : sel >= 1 && sel <= vm.model().layers().size()
                ? vm.layerName(sel) + " (" + vm.model().layers().get(sel - 1).type() + ")" : tr("canvas.props.nothing");
    }

    private void rebuild(int sel) {
        grid.getChildren().clear();
        refreshers.clear();
        heading.setText(title(sel));
        if (sel == 0) {
            inputRows();
        } else if (sel >= 1 && sel <= vm.model().layers().size()) {
            layerRows(sel);
        } else {
            grid.add(new Label(tr("canvas.props.select")), 0, 0, 2, 1);
        }
    }

    private InputSpec input() {
        return vm.model().input();
    }

    private void inputRows() {
        intRow(tr("canvas.props.height"), "height", () -> input().height(), v -> vm.setInput(new InputSpec(v, input().width(), input().channels()), "height", "" + v));
        intRow(tr("canvas.props.width"), "width", () -> input().width(), v -> vm.setInput(new InputSpec(input().height(), v, input().channels()), "width", "" + v));
        intRow(tr("canvas.props.channels"), "channels", () -> input().channels(), v -> vm.setInput(new InputSpec(input().height(), input().width(), v), "channels", "" + v));
    }

    private LayerSpec layer(int i) {
        return vm.model().layers().get(i - 1);
    }

    private void set(int i, LayerSpec spec, String property, String value) {
        vm.setLayer(i, spec, property, value);
    }

    private void layerRows(int i) {
        LayerSpec spec = layer(i);
        textRow(tr("canvas.props.name"), "name", () -> layer(i).name().orElse(""), v ->
                set(i, LayerSpecs.withName(layer(i), v.isBlank() ? null : v.strip()), "name", v.isBlank() ? tr("canvas.props.automatic") : v));
        if (spec instanceof LayerSpec.Conv2D) {
            intRow(tr("canvas.props.filters"), "filters", () -> conv(i).filters(), v -> {
                LayerSpec.Conv2D c = conv(i);
                set(i, new LayerSpec.Conv2D(c.userName(), v, c.kernel(), c.strides(), c.padding(), c.activation(), c.useBias(), c.dilation()), "filters", "" + v);
            });
        }
        if (spec instanceof LayerSpec.Conv2D || spec instanceof LayerSpec.Pooling2D) {
            boolean kernel = spec instanceof LayerSpec.Conv2D;
            String key = spec instanceof LayerSpec.Conv2D ? "kernel_size" : "pool_size";
            intRow(tr(kernel ? "canvas.props.kernelHeight" : "canvas.props.poolHeight"), "kernel-h", () -> LayerSpecs.window(layer(i)).h(), v ->
                    set(i, LayerSpecs.withWindow(layer(i), new Size2(v, LayerSpecs.window(layer(i)).w())), key, v + "x" + LayerSpecs.window(layer(i)).w()));
            intRow(tr(kernel ? "canvas.props.kernelWidth" : "canvas.props.poolWidth"), "kernel-w", () -> LayerSpecs.window(layer(i)).w(), v ->
                    set(i, LayerSpecs.withWindow(layer(i), new Size2(LayerSpecs.window(layer(i)).h(), v)), key, LayerSpecs.window(layer(i)).h() + "x" + v));
            intRow(tr("canvas.props.strideRows"), "stride-h", () -> LayerSpecs.strides(layer(i)).h(), v ->
                    set(i, LayerSpecs.withStrides(layer(i), new Size2(v, LayerSpecs.strides(layer(i)).w())), "strides", v + "x" + LayerSpecs.strides(layer(i)).w()));
            intRow(tr("canvas.props.strideCols"), "stride-w", () -> LayerSpecs.strides(layer(i)).w(), v ->
                    set(i, LayerSpecs.withStrides(layer(i), new Size2(LayerSpecs.strides(layer(i)).h(), v)), "strides", LayerSpecs.strides(layer(i)).h() + "x" + v));
            paddingRows(i);
        }
        if (spec instanceof LayerSpec.Conv2D) {
            activationRow(i, () -> conv(i).activation(), a -> {
                LayerSpec.Conv2D c = conv(i);
                return new LayerSpec.Conv2D(c.userName(), c.filters(), c.kernel(), c.strides(), c.padding(), a, c.useBias(), c.dilation());
            });
            boolRow(tr("canvas.props.useBias"), "use_bias", () -> conv(i).useBias(), v -> {
                LayerSpec.Conv2D c = conv(i);
                set(i, new LayerSpec.Conv2D(c.userName(), c.filters(), c.kernel(), c.strides(), c.padding(), c.activation(), v, c.dilation()), "use_bias", "" + v);
            });
        } else if (spec instanceof LayerSpec.ActivationLayer) {
            activationRow(i, () -> ((LayerSpec.ActivationLayer) layer(i)).activation(),
                    a -> new LayerSpec.ActivationLayer(layer(i).name().orElse(null), a));
        } else if (spec instanceof LayerSpec.BatchNormalization) {
            doubleRow(tr("canvas.props.momentum"), "momentum", () -> bn(i).momentum(), v ->
                    set(i, new LayerSpec.BatchNormalization(bn(i).userName(), v, bn(i).epsilon()), "momentum", "" + v));
            doubleRow(tr("canvas.props.epsilon"), "epsilon", () -> bn(i).epsilon(), v ->
                    set(i, new LayerSpec.BatchNormalization(bn(i).userName(), bn(i).momentum(), v), "epsilon", "" + v));
        } else if (spec instanceof LayerSpec.Dropout) {
            doubleRow(tr("canvas.props.rate"), "rate", () -> ((LayerSpec.Dropout) layer(i)).rate(), v ->
                    set(i, new LayerSpec.Dropout(layer(i).name().orElse(null), v), "rate", "" + v));
        } else if (spec instanceof LayerSpec.Dense) {
            intRow(tr("canvas.props.units"), "units", () -> dense(i).units(), v -> {
                LayerSpec.Dense d = dense(i);
                set(i, new LayerSpec.Dense(d.userName(), v, d.activation(), d.useBias()), "units", "" + v);
            });
            activationRow(i, () -> dense(i).activation(), a -> {
                LayerSpec.Dense d = dense(i);
                return new LayerSpec.Dense(d.userName(), d.units(), a, d.useBias());
            });
            boolRow(tr("canvas.props.useBias"), "use_bias", () -> dense(i).useBias(), v -> {
                LayerSpec.Dense d = dense(i);
                set(i, new LayerSpec.Dense(d.userName(), d.units(), d.activation(), v), "use_bias", "" + v);
            });
        }
    }

    private LayerSpec.Conv2D conv(int i) {
        return (LayerSpec.Conv2D) layer(i);
    }

    private LayerSpec.Dense dense(int i) {
        return (LayerSpec.Dense) layer(i);
    }

    private LayerSpec.BatchNormalization bn(int i) {
        return (LayerSpec.BatchNormalization) layer(i);
    }

    private void paddingRows(int i) {
        ChoiceBox<String> mode = new ChoiceBox<>();
        mode.getItems().addAll("valid", "same", "explicit");
        mode.setConverter(org.convscope.ui.common.ControlValues.paddingModes());
        mode.setId("prop-padding");
        TextField cells = new TextField();
        cells.setId("prop-padding-cells");
        cells.setPrefColumnCount(5);
        Runnable refresh = () -> {
            Padding p = LayerSpecs.padding(layer(i));
            String m = p instanceof Padding.Explicit ? "explicit" : p.keras();
            if (!m.equals(mode.getValue())) {
                mode.setValue(m);
            }
            cells.setDisable(!(p instanceof Padding.Explicit));
            String text = p instanceof Padding.Explicit e ? Integer.toString(e.amount()) : "0";
            if (!cells.isFocused() || parseInt(cells.getText()) == null) {
                cells.setText(text);
            }
        };
        refresh.run();
        mode.setOnAction(e -> {
            Padding now = LayerSpecs.padding(layer(i));
            Padding want = switch0(mode.getValue(), now);
            if (!want.equals(now)) {
                set(i, LayerSpecs.withPadding(layer(i), want), "padding", want.keras());
            }
        });
        cells.textProperty().addListener((o, a, text) -> {
            Integer v = parseInt(text);
            mark(cells, v != null);
            if (v != null && LayerSpecs.padding(layer(i)) instanceof Padding.Explicit e && e.amount() != v) {
                set(i, LayerSpecs.withPadding(layer(i), Padding.of(v)), "padding", "" + v);
            }
        });
        addRow(tr("canvas.props.padding"), mode);
        addRow(tr("canvas.props.paddingCells"), cells);
        refreshers.add(refresh);
    }

    private static Padding switch0(String mode, Padding now) {
        if ("same".equals(mode)) {
            return Padding.SAME;
        }
        if ("explicit".equals(mode)) {
            return now instanceof Padding.Explicit ? now : Padding.of(1);
        }
        return Padding.VALID;
    }

    private interface IntGetter {
        int get();
    }

    private interface DoubleGetter {
        double get();
    }

    private void intRow(String label, String id, IntGetter getter, Consumer<Integer> setter) {
        TextField f = new TextField();
        f.setId("prop-" + id);
        f.setPrefColumnCount(6);
        Runnable refresh = () -> {
            Integer shown = parseInt(f.getText());
            if (shown == null ? !f.isFocused() : shown != getter.get()) {
                f.setText(Integer.toString(getter.get()));
            }
        };
        f.setText(Integer.toString(getter.get()));
        f.textProperty().addListener((o, a, text) -> {
            Integer v = parseInt(text);
            mark(f, v != null);
            if (v != null && v != getter.get()) {
                setter.accept(v);
            }
        });
        f.focusedProperty().addListener((o, a, focused) -> {
            if (!focused) {
                f.setText(Integer.toString(getter.get()));
                mark(f, true);
            }
        });
        refreshers.add(refresh);
        addRow(label, f);
    }

    private void doubleRow(String label, String id, DoubleGetter getter, Consumer<Double> setter) {
        TextField f = new TextField(fmt(getter.get()));
        f.setId("prop-" + id);
        f.setPrefColumnCount(6);
        f.textProperty().addListener((o, a, text) -> {
            Double v = parseDouble(text);
            mark(f, v != null);
            if (v != null && v != getter.get()) {
                setter.accept(v);
            }
        });
        f.focusedProperty().addListener((o, a, focused) -> {
            if (!focused) {
                f.setText(fmt(getter.get()));
                mark(f, true);
            }
        });
        refreshers.add(() -> {
            Double shown = parseDouble(f.getText());
            if (shown == null ? !f.isFocused() : shown != getter.get()) {
                f.setText(fmt(getter.get()));
            }
        });
        addRow(label, f);
    }

    private void textRow(String label, String id, java.util.function.Supplier<String> getter, Consumer<String> setter) {
        TextField f = new TextField(getter.get());
        f.setId("prop-" + id);
        f.setPromptText(tr("canvas.props.automatic"));
        f.setOnAction(e -> setter.accept(f.getText()));
        f.focusedProperty().addListener((o, a, focused) -> {
            if (!focused && !f.getText().equals(getter.get())) {
                setter.accept(f.getText());
            }
        });
        refreshers.add(() -> {
            if (!f.isFocused()) {
                f.setText(getter.get());
            }
        });
        // a line of its own under its label: the prompt ("automatisch", "automático") is wider than the number
        // fields' column leaves it at 1280x720 in presenter mode
        int row = grid.getRowCount();
        Label l = new Label(label);
        l.setLabelFor(f);
        grid.add(l, 0, row, 2, 1);
        grid.add(f, 0, row + 1, 2, 1);
    }

    private void boolRow(String label, String id, java.util.function.BooleanSupplier getter, Consumer<Boolean> setter) {
        CheckBox box = new CheckBox();
        box.setId("prop-" + id);
        box.setSelected(getter.getAsBoolean());
        box.setOnAction(e -> setter.accept(box.isSelected()));
        refreshers.add(() -> box.setSelected(getter.getAsBoolean()));
        addRow(label, box);
    }

    private void activationRow(int i, java.util.function.Supplier<Activation> getter, Function<Activation, LayerSpec> with) {
        ChoiceBox<Activation> box = new ChoiceBox<>();
        box.setId("prop-activation");
        box.getItems().addAll(Activation.values());
        box.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Activation a) {
                return a == null ? "" : a.keras();
            }

            @Override
            public Activation fromString(String s) {
                return Activation.fromKeras(s).orElse(Activation.LINEAR);
            }
        });
        box.setValue(getter.get());
        box.setOnAction(e -> {
            if (box.getValue() != null && box.getValue() != getter.get()) {
                set(i, with.apply(box.getValue()), "activation", box.getValue().keras());
            }
        });
        refreshers.add(() -> {
            if (box.getValue() != getter.get()) {
                box.setValue(getter.get());
            }
        });
        addRow(tr("canvas.props.activation"), box);
    }

    private void addRow(String label, Node editor) {
        int row = grid.getRowCount();
        Label l = new Label(label);
        l.setLabelFor(editor);
        l.setMinWidth(Region.USE_PREF_SIZE);
        grid.add(l, 0, row);
        grid.add(editor, 1, row);
    }

    private static void mark(Node field, boolean ok) {
        if (ok) {
            field.getStyleClass().remove("invalid");
        } else if (!field.getStyleClass().contains("invalid")) {
            field.getStyleClass().add("invalid");
        }
    }

    private static Integer parseInt(String s) {
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double parseDouble(String s) {
        try {
            double v = Double.parseDouble(s.strip());
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String fmt(double v) {
        String s = String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }
}
