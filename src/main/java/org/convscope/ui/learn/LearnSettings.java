package org.convscope.ui.learn;

import static org.convscope.ui.common.I18n.tr;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.convscope.core.conv.KernelPresets;
import org.convscope.core.conv.Num;
import org.convscope.core.conv.PoolSettings;
import org.convscope.core.model.Padding;
import org.convscope.ui.common.Css;
import org.convscope.ui.common.FxImages;

/**
 * The Learn screen's set-up column: the input, the conv layer (kernel, bias, stride, padding, ReLU), the pooling,
 * the Dense layer (classes, true class, weights seed) and the update (SGD or Adam, learning rate, and a button that
 * shows a learning rate that is too large). Every change goes to {@link LearnViewModel}, which recomputes the step.
 */
final class LearnSettings extends VBox {

    private final String DIAGONAL = tr("learn.preset.diagonal");

    private final LearnViewModel vm;
    private final ChoiceBox<String> source = new ChoiceBox<>();
    private final TextField kernel = new TextField();
    private final ChoiceBox<Integer> label = new ChoiceBox<>();
    private final ComboBox<String> lr = new ComboBox<>();
    private final ChoiceBox<String> optimizer = new ChoiceBox<>();
    private final CheckBox relu = new CheckBox(tr("learn.relu"));
    private final CheckBox fromModel = new CheckBox(tr("learn.fromModel"));
    private final Spinner<Integer> modelKernel = new Spinner<>(1, 1, 1);
    private final Label modelNote = new Label();
    private final TextField bias = new TextField("0");
    private final Spinner<Integer> stride = new Spinner<>(1, 3, 1);
    private final ChoiceBox<String> padding = new ChoiceBox<>();
    private Spinner<Integer> classes;
    private boolean syncing;

    LearnSettings(LearnViewModel vm) {
        super(8);
        this.vm = vm;
        setId("learn-settings");
        getStyleClass().add("learn-settings");
        getChildren().addAll(heading(tr("learn.input")), inputRows(), heading(tr("learn.conv")), convRows(),
                heading(tr("learn.pooling")), poolRows(), heading(tr("learn.dense")), denseRows(),
                heading(tr("learn.update")), updateRows());
        sync();
    }

    /** Shows the view model's values (after a change made elsewhere, e.g. the overshoot preset). */
    void sync() {
        syncing = true;
        List<String> choices = vm.sourceChoices();
        if (!source.getItems().equals(choices)) {
            source.getItems().setAll(choices);
        }
        source.setValue(vm.sourceChoice());
        LearnSetup s = vm.setup();
        if (!kernel.isFocused()) {
            kernel.setText(LearnSetup.kernelText(s.kernel));
        }
        List<Integer> labels = new ArrayList<>();
        for (int k = 0; k < s.classes; k++) {
            labels.add(k);
        }
        if (!label.getItems().equals(labels)) {
            label.getItems().setAll(labels);
        }
        label.setValue(s.label);
        label.setDisable(vm.isTrainingImage());
        classes.setDisable(vm.isTrainingImage());
        if (!vm.isTrainingImage()) {
            classes.getValueFactory().setValue(s.classes);
        }
        relu.setSelected(s.relu);
        syncConv(s);
        optimizer.setValue(s.adam ? "Adam" : "SGD");
        if (!lr.getEditor().isFocused()) {
            lr.setValue(Num.format(s.lr));
        }
        syncing = false;
    }

    /** The conv layer's fields, which the model's layer sets too. */
    private void syncConv(LearnSetup s) {
        LearnModelChoice m = vm.model();
        fromModel.setVisible(m.available());
        fromModel.setManaged(m.available());
        fromModel.setSelected(m.inUse());
        modelKernel.setVisible(m.inUse());
        modelKernel.setManaged(m.inUse());
        if (m.inUse()) {
            var f = (javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory) modelKernel.getValueFactory();
            f.setMax(m.kernels());
            f.setValue(m.kernel());
        }
        if (!bias.isFocused()) {
            bias.setText(Num.format(s.bias));
        }
        stride.getValueFactory().setValue(s.stride);
        String p = s.padding.keras();
        if (!padding.getItems().contains(p)) {
            padding.getItems().add(p);
        }
        padding.setValue(p);
    }

    private Node inputRows() {
        source.setId("learn-source");
        source.setMaxWidth(Double.MAX_VALUE);
        source.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(String choice) {
                return choiceText(choice);
            }

            @Override
            public String fromString(String text) {
                return null;
            }
        });
        source.setOnAction(e -> {
            if (!syncing) {
                vm.chooseSource(source.getValue());
            }
        });
        Button open = new Button(tr("learn.openImage"));
        open.setId("learn-open");
        open.setOnAction(e -> FxImages.chooseImage(getScene().getWindow()).ifPresent(vm::openImage));
        Spinner<Integer> size = new Spinner<>(3, 16, vm.workingSize());
        size.setId("learn-size");
        size.setPrefWidth(90);
        size.setTooltip(new Tooltip(tr("learn.size.tip")));
        size.valueProperty().addListener((o, a, b) -> vm.setWorkingSize(b));
        return new VBox(6, source, new HBox(8, open), row(tr("learn.size"), size));
    }

    private Node convRows() {
        kernel.setId("learn-kernel");
        kernel.getStyleClass().add(Css.MONO);
        kernel.setPrefColumnCount(9);
        kernel.setTooltip(new Tooltip(tr("learn.kernel.tip")));
        kernel.setOnAction(e -> vm.setKernelText(kernel.getText()));
        kernel.focusedProperty().addListener((o, was, now) -> {
            if (!now) {
                vm.setKernelText(kernel.getText());
            }
        });
        ChoiceBox<String> preset = new ChoiceBox<>();
        preset.setId("learn-kernel-preset");
        preset.getItems().add(DIAGONAL);
        preset.getItems().addAll(KernelPresets.names());
        preset.setOnAction(e -> {
            String p = preset.getValue();
            if (p != null) {
                double[][] k = p.equals(DIAGONAL) ? new double[][] {{1, 0}, {0, 1}} : KernelPresets.get(p).orElseThrow();
                kernel.setText(LearnSetup.kernelText(k));
                vm.setKernelText(kernel.getText());
            }
        });
        bias.setId("learn-bias");
        bias.setPrefColumnCount(4);
        bias.setOnAction(e -> number(bias.getText(), vm::setBias));
        stride.setId("learn-stride");
        stride.setPrefWidth(80);
        stride.valueProperty().addListener((o, a, b) -> {
            if (!syncing) {
                vm.setStride(b);
            }
        });
        padding.setId("learn-padding");
        padding.getItems().addAll("valid", "same", "1");
        padding.setValue("valid");
        padding.setOnAction(e -> {
            if (!syncing && padding.getValue() != null) {
                vm.setPadding(switch (padding.getValue()) {
                    case "same" -> Padding.SAME;
                    case "valid" -> Padding.VALID;
                    default -> Padding.of(Integer.parseInt(padding.getValue()));
                });
            }
        });
        relu.setId("learn-relu");
        relu.setOnAction(e -> vm.setRelu(relu.isSelected()));
        kernel.setMaxWidth(Double.MAX_VALUE);
        Label kernelLabel = new Label(tr("learn.kernel"));
        kernelLabel.setWrapText(true);
        kernelLabel.setMinHeight(Region.USE_PREF_SIZE);
        return new VBox(6, modelRows(), kernelLabel, kernel, row(tr("learn.preset"), preset),
                row(tr("learn.bias"), bias), row(tr("learn.stride"), stride), row(tr("learn.padding"), padding), relu);
    }

    /** "Take the model's first conv layer" with its current weights, which kernel of it, and what that means. */
    private Node modelRows() {
        fromModel.setId("learn-from-model");
        fromModel.setWrapText(true);
        fromModel.setTooltip(new Tooltip(tr("learn.fromModel.tip")));
        fromModel.setOnAction(e -> vm.model().use(fromModel.isSelected()));
        modelKernel.setId("learn-model-kernel");
        modelKernel.setPrefWidth(90);
        modelKernel.setEditable(true);
        modelKernel.setTooltip(new Tooltip(tr("learn.modelKernel.tip")));
        modelKernel.valueProperty().addListener((o, a, b) -> {
            if (!syncing && b != null) {
                vm.model().choose(b);
            }
        });
        modelNote.setId("learn-model-note");
        modelNote.setWrapText(true);
        modelNote.getStyleClass().add(Css.SUBTITLE);
        modelNote.setMinHeight(Region.USE_PREF_SIZE);
        modelNote.textProperty().bind(vm.model().noteProperty());
        modelNote.visibleProperty().bind(modelNote.textProperty().isNotEmpty());
        modelNote.managedProperty().bind(modelNote.visibleProperty());
        HBox kernelRow = row(tr("learn.modelKernel"), modelKernel);
        kernelRow.visibleProperty().bind(modelKernel.visibleProperty());
        kernelRow.managedProperty().bind(modelKernel.managedProperty());
        return new VBox(6, fromModel, kernelRow, modelNote);
    }

    private Node poolRows() {
        ChoiceBox<PoolSettings.Mode> mode = new ChoiceBox<>();
        mode.setId("learn-pool");
        mode.getItems().addAll(PoolSettings.Mode.MAX, PoolSettings.Mode.AVERAGE);
        mode.setValue(PoolSettings.Mode.MAX);
        mode.setOnAction(e -> vm.setPoolMode(mode.getValue()));
        Spinner<Integer> size = new Spinner<>(1, 3, 2);
        size.setId("learn-pool-size");
        size.setPrefWidth(80);
        size.valueProperty().addListener((o, a, b) -> vm.setPoolSize(b));
        return new VBox(6, row(tr("learn.pool.kind"), mode), row(tr("learn.pool.window"), size));
    }

    private Node denseRows() {
        classes = new Spinner<>(2, 5, vm.setup().classes);
        classes.setId("learn-classes");
        classes.setPrefWidth(80);
        classes.valueProperty().addListener((o, a, b) -> {
            if (!syncing) {
                vm.setClasses(b);
            }
        });
        label.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Integer k) {
                List<String> names = vm.setup().classNames;
                return k == null ? "" : names == null || k >= names.size() ? k.toString() : k + " " + names.get(k);
            }

            @Override
            public Integer fromString(String text) {
                return null;
            }
        });
        label.setId("learn-label");
        label.setTooltip(new Tooltip(tr("learn.label.tip")));
        label.setOnAction(e -> {
            if (!syncing && label.getValue() != null) {
                vm.setLabel(label.getValue());
            }
        });
        Spinner<Integer> seed = new Spinner<>(1, 999, (int) vm.setup().denseSeed);
        seed.setId("learn-seed");
        seed.setPrefWidth(90);
        seed.setTooltip(new Tooltip(tr("learn.seed.tip")));
        seed.valueProperty().addListener((o, a, b) -> vm.setDenseSeed(b));
        return new VBox(6, row(tr("learn.classes"), classes), row(tr("learn.label"), label), row(tr("learn.seed"), seed));
    }

    private Node updateRows() {
        optimizer.setId("learn-optimizer");
        optimizer.getItems().addAll("SGD", "Adam");
        optimizer.setOnAction(e -> {
            if (!syncing) {
                vm.setAdam("Adam".equals(optimizer.getValue()));
            }
        });
        lr.setId("learn-lr");
        lr.setEditable(true);
        lr.setPrefWidth(110);
        for (double v : LearnSetup.LEARNING_RATES) {
            lr.getItems().add(Num.format(v) + (v == LearnSetup.TOO_LARGE ? " " + tr("learn.tooLarge") : ""));
        }
        lr.setOnAction(e -> {
            if (!syncing && lr.getValue() != null) {
                number(lr.getValue().replace(tr("learn.tooLarge"), ""), vm::setLearningRate);
            }
        });
        Button overshoot = new Button(tr("learn.overshoot"));
        overshoot.setId("learn-overshoot");
        overshoot.setWrapText(true);
        overshoot.setTooltip(new Tooltip(tr("learn.overshoot.tip", Num.format(LearnSetup.TOO_LARGE))));
        overshoot.setOnAction(e -> vm.showOvershoot());
        return new VBox(6, row(tr("learn.optimizer"), optimizer), row(tr("learn.lr"), lr), overshoot);
    }

    /** A choice as the set-up shows it: the examples and training images in the user's language, others as they are. */
    private static String choiceText(String choice) {
        if (choice == null) {
            return "";
        }
        int example = new ArrayList<>(LearnSetup.EXAMPLES.keySet()).indexOf(choice);
        return example >= 0 ? tr(example == 0 ? "learn.source.strokes" : "learn.source.byHand")
                : choice.startsWith(LearnViewModel.TRAINING_PREFIX)
                ? tr("learn.source.training", choice.substring(LearnViewModel.TRAINING_PREFIX.length()))
                : org.convscope.ui.common.InputSources.shown(choice);
    }

    /** Reads a typed number (a point or a comma); a slip goes to the error line. */
    private void number(String text, java.util.function.DoubleConsumer apply) {
        String t = text == null ? "" : text.strip().replace(',', '.');
        try {
            apply.accept(Double.parseDouble(t));
        } catch (NumberFormatException e) {
            vm.showError(tr("learn.notNumber", text.strip()));
        }
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("panel-title");
        return l;
    }

    private static HBox row(String label, Node editor) {
        Label l = new Label(label);
        l.getStyleClass().add("settings-label");
        l.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(editor, Priority.SOMETIMES);
        HBox h = new HBox(8, l, editor);
        h.setAlignment(Pos.CENTER_LEFT);
        return h;
    }
}
