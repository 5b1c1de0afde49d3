package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.convscope.core.train.LearningRateSchedule;
import org.convscope.core.train.TrainConfig;
import org.convscope.ui.common.ControlValues;
import org.convscope.ui.common.Css;
import org.convscope.ui.common.ModelSession;

/**
 * The Train screen's settings column: data, images, validation, epochs, batch, rate, schedule, optimiser, seed,
 * augmentation, normalisation, start-from and freeze; the Train / Pause / Stop buttons (they wrap rather than leave
 * the column), Save, and why the model cannot be trained with a one-click fix where there is one.
 */
final class TrainSettingsPane {

    private final TrainViewModel vm;
    private final ModelSession session;
    private final AugmentationPane augmentation;
    private final Supplier<Window> window;
    private final Spinner<Integer> epochs = new Spinner<>(1, 100, 2);
    private final ChoiceBox<Integer> batch = new ChoiceBox<>();
    private final TextField lr = new TextField("0.001");
    private final ChoiceBox<TrainConfig.Optimizer> optimizer = new ChoiceBox<>();
    private final TextField seed = new TextField("42");
    private final ChoiceBox<Integer> images = new ChoiceBox<>();
    private final ChoiceBox<LearningRateSchedule> schedule = new ChoiceBox<>();
    private final ChoiceBox<Integer> freeze = new ChoiceBox<>();
    private final Label error = new Label();
    private final javafx.scene.layout.BorderPane view = new javafx.scene.layout.BorderPane();

    TrainSettingsPane(TrainViewModel vm, ModelSession session, AugmentationPane augmentation, Supplier<Window> window) {
        this.vm = vm;
        this.session = session;
        this.augmentation = augmentation;
        this.window = window;
        // the buttons and what stops a run stay in view; the settings below them scroll
        error.getStyleClass().add(Css.PROBLEM);
        error.setWrapText(true);
        error.setMaxWidth(360);
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        VBox top = new VBox(8, buttons(), error, fitBox());
        top.setPadding(new Insets(12, 12, 8, 12));
        VBox settings = new VBox(12, new Label(tr("stepper.settings")), form(), saveButton(), dataLabel());
        settings.setPadding(new Insets(4, 12, 12, 12));
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(settings);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setMinWidth(Region.USE_PREF_SIZE);
        view.setTop(top);
        view.setCenter(scroll);
        view.setId("train-settings");
    }

    /** The column. */
    Node view() {
        return view;
    }

    /** The seed field (the Data tab's preview draws with it). */
    TextField seed() {
        return seed;
    }

    private GridPane form() {
        epochs.setId("train-epochs");
        epochs.setEditable(true);
        batch.setId("train-batch");
        batch.getItems().addAll(16, 32, 64, 128);
        batch.setValue(64);
        lr.setId("train-lr");
        lr.setPrefColumnCount(7);
        optimizer.setId("train-optimizer");
        optimizer.getItems().addAll(TrainConfig.Optimizer.values());
        optimizer.setConverter(org.convscope.ui.common.I18n.names("train.optimizer."));
        optimizer.setValue(TrainConfig.Optimizer.ADAM);
        seed.setId("train-seed");
        seed.setPrefColumnCount(7);
        images.setId("train-images");
        images.getItems().addAll(256, 512, 1000, 2000, 10_000, 50_000);
        images.setValue(2000);
        images.setConverter(ControlValues.shownAs(n -> n == 50_000 ? tr("train.allImages") : String.format(java.util.Locale.ROOT, "%,d", n)));
        schedule.setId("train-schedule");
        schedule.getItems().addAll(LearningRateSchedule.CONSTANT, new LearningRateSchedule(LearningRateSchedule.Kind.STEP, 3),
                new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 1));
        schedule.setValue(LearningRateSchedule.CONSTANT);
        schedule.setConverter(ControlValues.shownAs(TrainSettingsPane::scheduleText));
        freezeChoices();
        session.modelProperty().addListener((o, a, b) -> freezeChoices());
        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(2);
        String[] labels = {tr("train.data"), tr("train.images"), tr("train.validation"), tr("train.epochs"),
            tr("train.batch"), tr("train.lr"), tr("train.schedule"), tr("train.optimiser"), tr("train.seed"),
            tr("train.augment"), tr("train.normalise"), tr("train.startFrom"), tr("train.freeze")};
        Node[] editors = {new TrainDataChoice(vm, images, window).view(), images, validation(), epochs, batch, lr, schedule,
            optimizer, seed, augment(), normalise(), startFrom(), freeze};
        // each label above its editor: one narrow column leaves the charts the width (1280 px in presenter type)
        for (int i = 0; i < labels.length; i++) {
            Label l = new Label(labels[i]);
            l.setMinWidth(Region.USE_PREF_SIZE);
            l.getStyleClass().add(Css.SUBTITLE);
            form.add(l, 0, 2 * i);
            form.add(editors[i], 0, 2 * i + 1);
            if (editors[i] instanceof Region r) {
                r.setMinWidth(Region.USE_PREF_SIZE); // presenter type must not squash editors
            }
        }
        return form;
    }

    private ChoiceBox<String> validation() {
        ChoiceBox<String> validation = new ChoiceBox<>();
        validation.setId("train-validation");
        validation.getItems().addAll(tr("train.validation.test"), tr("train.validation.heldOut"));
        validation.getSelectionModel().select(0);
        validation.setTooltip(new Tooltip(tr("train.validation.tip")));
        validation.setOnAction(e -> vm.data().setHoldOutValidation(validation.getSelectionModel().getSelectedIndex() == 1));
        return validation;
    }

    private CheckBox augment() {
        CheckBox augment = new CheckBox(tr("train.augment.on"));
        augment.setId("train-augment");
        augment.selectedProperty().bindBidirectional(augmentation.enabledProperty());
        augment.setTooltip(new Tooltip(tr("train.augment.tip")));
        return augment;
    }

    private CheckBox normalise() {
        CheckBox normalise = new CheckBox(tr("train.normalise.on"));
        normalise.setId("train-normalise");
        normalise.setTooltip(new Tooltip(tr("train.normalise.tip")));
        normalise.selectedProperty().addListener((o, a, on) -> vm.data().setNormalise(on));
        return normalise;
    }

    private ChoiceBox<String> startFrom() {
        ChoiceBox<String> startFrom = new ChoiceBox<>();
        startFrom.setId("train-start-from");
        startFrom.getItems().addAll(tr("train.startFrom.fresh"), tr("train.startFrom.trained"));
        startFrom.getSelectionModel().select(0);
        startFrom.setTooltip(new Tooltip(tr("train.startFrom.tip")));
        startFrom.setOnAction(e -> vm.setStartFromTrained(startFrom.getSelectionModel().getSelectedIndex() == 1));
        return startFrom;
    }

    private void freezeChoices() {
        freeze.setId("train-freeze");
        freeze.setTooltip(new Tooltip(tr("train.freeze.tip")));
        var names = org.convscope.core.analysis.ModelAnalyzer.layerNames(session.getModel());
        java.util.List<Integer> ks = new java.util.ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            ks.add(k);
        }
        freeze.setConverter(ControlValues.shownAs(k -> k == 0 ? tr("train.freeze.nothing") : k == 1 ? tr("train.freeze.one", names.get(0))
                : tr("train.freeze.many", k, names.get(k - 1))));
        freeze.getItems().setAll(ks);
        freeze.setValue(0);
    }

    private FlowPane buttons() {
        Button start = new Button(tr("train.start"));
        start.setId("train-start");
        start.getStyleClass().add("accent");
        start.setOnAction(e -> start());
        start.disableProperty().bind(vm.runningProperty());
        Button pause = new Button(tr("train.pause"));
        pause.setId("train-pause");
        pause.textProperty().bind(Bindings.when(vm.pausedProperty()).then(tr("train.resume")).otherwise(tr("train.pause")));
        pause.setOnAction(e -> {
            if (vm.pausedProperty().get()) {
                vm.resume();
            } else {
                vm.pause();
            }
        });
        pause.disableProperty().bind(vm.runningProperty().not().or(vm.downloadingProperty()));
        Button stop = new Button(tr("train.stop"));
        stop.setId("train-stop");
        stop.setOnAction(e -> vm.stop());
        stop.disableProperty().bind(vm.runningProperty().not());
        for (Button b : new Button[] {start, pause, stop}) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        return new FlowPane(8, 8, start, pause, stop);
    }

    private void start() {
        try {
            TrainConfig config = config();
            error.setText("");
            int frozen = freeze.getValue() == null ? 0 : freeze.getValue();
            vm.start(frozen > 0 ? config.withFrozenLayers(frozen) : config, images.getValue());
        } catch (IllegalArgumentException ex) {
            error.setText(ex.getMessage());
        }
    }

    /**
     * The settings as they stand (every layer trained): epochs, batch, rate and schedule, optimiser, seed, augmentation.
     *
     * @throws IllegalArgumentException saying what to fix when the rate or the seed is not a number
     */
    TrainConfig config() {
        try {
            double rate = Double.parseDouble(lr.getText().strip());
            long s = Long.parseLong(seed.getText().strip());
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new NumberFormatException();
            }
            return new TrainConfig(epochs.getValue(), batch.getValue(), rate, optimizer.getValue(), s, true,
                    augmentation.trainingAugmentation(), schedule.getValue());
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(tr("train.badNumbers"));
        }
    }

    /** The number of training images chosen (the limit of a run). */
    int imageLimit() {
        return images.getValue() == null ? 0 : images.getValue();
    }

    private Button saveButton() {
        Button save = new Button(tr("menu.file.saveTrained"));
        save.setId("train-save");
        save.setMinWidth(Region.USE_PREF_SIZE);
        save.disableProperty().bind(vm.hasTrainedProperty().not().or(vm.runningProperty()));
        save.setTooltip(new Tooltip(tr("train.save.tip")));
        save.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setTitle(tr("chooser.saveTrained"));
            chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter(
                    tr("filter.trainedModel"), "*.convscope.zip"));
            chooser.setInitialFileName("trained.convscope.zip");
            var f = chooser.showSaveDialog(window.get());
            if (f != null) {
                vm.saveTrained(f.toPath());
            }
        });
        return save;
    }

    /** Why the model cannot be trained, and the fix as a button (an undoable edit). */
    private VBox fitBox() {
        Label problem = new Label();
        problem.setId("train-fit-problem");
        problem.setWrapText(true);
        problem.setMaxWidth(360);
        problem.getStyleClass().add(Css.PROBLEM);
        Button fix = new Button();
        fix.setId("train-fit-fix");
        fix.setOnAction(e -> vm.applyFix());
        Runnable show = () -> {
            var f = vm.fitProperty().get();
            problem.setText(f == null ? "" : f.problem());
            fix.setText(f == null || f.fix() == null ? "" : f.fixLabel());
            fix.setVisible(f != null && f.fix() != null);
        };
        show.run();
        vm.fitProperty().addListener((o, a, b) -> show.run());
        fix.managedProperty().bind(fix.visibleProperty());
        VBox box = new VBox(6, problem, fix);
        box.visibleProperty().bind(vm.fitProperty().isNotNull());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private Label dataLabel() {
        Label data = new Label();
        data.setId("train-data-description");
        data.textProperty().bind(Bindings.concat(tr("train.dataLabel") + " ", vm.data().dataDescriptionProperty(),
                ". " + tr("train.dataLabel.fitted")));
        data.setWrapText(true);
        data.getStyleClass().add(Css.SUBTITLE);
        data.setMaxWidth(360);
        return data;
    }

    /** A learning-rate schedule in words (the core's {@code toString} is English, for logs and the CLI). */
    static String scheduleText(LearningRateSchedule s) {
        return switch (s.kind()) {
            case CONSTANT -> tr("train.schedule.constant");
            case STEP -> s.every() == 1 ? tr("train.schedule.stepOne") : tr("train.schedule.step", s.every());
            case COSINE -> tr("train.schedule.cosine");
        };
    }
}
