package org.convscope.ui.stepper;

import org.convscope.ui.common.FxImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import org.convscope.core.conv.ConvSettings;
import org.convscope.core.conv.ConvStep;
import org.convscope.core.conv.KernelPresets;
import org.convscope.core.conv.Num;
import org.convscope.core.conv.PoolSettings;
import org.convscope.core.conv.PoolStep;
import org.convscope.core.conv.WindowGeometry;
import org.convscope.core.image.Raster;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.ui.common.Css;
import org.convscope.ui.common.MatrixView;
import org.convscope.ui.common.ModelSession;
import org.convscope.engine.Engine;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.LayerSpec;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.Screen;
import org.convscope.ui.common.TaskExecutor;

/**
 * The Convolution &amp; Pooling screen: a kernel (or pooling window) slides over real numbers, and every
 * multiplication, the sum, the bias and the activation are shown for the current output cell.
 */
public final class StepperScreen implements Screen {

    private final StepperViewModel vm;
    private final BorderPane root = new BorderPane();
    private final MatrixView inputView = new MatrixView();
    private final MatrixView kernelView = new MatrixView();
    private final MatrixView productView = new MatrixView();
    private final MatrixView outputView = new MatrixView();
    private final ImageView resultImage = new ImageView();
    private final Label kernelTitle = new Label("Kernel");
    private final Label productTitle = new Label("Products");
    private final Label sum = new Label();
    private final Label formula = new Label();
    private final Label position = new Label();
    private final VBox settings = new VBox(10);
    private final Timeline player = new Timeline();
    private final ChoiceBox<String> viewChannel = new ChoiceBox<>();
    private final ModelSession session;
    private final java.util.function.Supplier<Engine> engine;
    private final TaskExecutor executor;
    private final QuizBar quiz;

    /**
     * Creates the screen.
     *
     * @param executor where images are decoded and networks built
     * @param session the model on the Build screen, whose Conv2D filters can be stepped through
     * @param engine builds the model's network (for its initial filters)
     */
    public StepperScreen(TaskExecutor executor, ModelSession session, java.util.function.Supplier<Engine> engine) {
        this.vm = new StepperViewModel(executor);
        this.session = session;
        this.engine = engine;
        this.executor = executor;
        this.quiz = new QuizBar(vm, this::refresh);
        createView();
        vm.revisionProperty().addListener((o, a, b) -> refresh());
        session.modelProperty().addListener((o, a, b) -> buildSettings()); // the model's Conv2D layers changed
        refresh();
    }

    @Override
    public String id() {
        return "stepper";
    }

    /**
     * Steps through a model filter: shows the cat sample in the filter's channels (RGB or gray) and uses
     * the filter as the kernel.
     *
     * @param filter the filter {@code (kh, kw, C_in)}
     * @param label e.g. {@code layer 1 filter 3}
     */
    public void openFilter(org.convscope.core.conv.Volume filter, String label) {
        openFilter(filter, label, null, null, null);
    }

    /**
     * Shows a learned filter as the kernel, sliding over what its layer sees (the previous layer's maps, or the
     * model's prepared input image) when that is given, so that the output ends on the feature map's own values;
     * over an image at the working size otherwise.
     *
     * @param filter the filter, {@code (kh, kw, C_in)}
     * @param label what it is, e.g. {@code layer 3 filter 65}
     * @param settings the layer's strides, padding, bias and ReLU, or null to keep the current settings
     * @param layerInput the layer's input {@code (H, W, C_in)}, or null to use an image
     * @param inputName what that input is, for the status line
     */
    public void openFilter(org.convscope.core.conv.Volume filter, String label, org.convscope.core.conv.ConvSettings settings,
            org.convscope.core.conv.Volume layerInput, String inputName) {
        vm.setMode(StepperViewModel.Mode.CONVOLUTION);
        if (settings != null) {
            vm.setConvSettings(settings);
        }
        if (layerInput != null && layerInput.channels() == filter.channels()) {
            vm.useFeatureMaps(layerInput, inputName);
            if (sourceBox != null) {
                sourceBox.setValue(null); // the prompt names the maps; picking a seed or sample goes back to images
                sourceBox.setPromptText(inputName);
            }
        } else if (filter.channels() == 3 || filter.channels() == 1) {
            vm.dropFeatureMaps();
            if (!vm.hasImage()) {
                vm.openSample("chelsea.png");
            }
            vm.setChannels(filter.channels() == 3 ? StepperViewModel.Channels.RGB : StepperViewModel.Channels.GRAY);
        }
        vm.useLearnedFilter(filter, label);
        buildSettings(); // after the filter is in, so the kernel box and grid show it
    }

    @Override
    public String title() {
        return "Convolution & Pooling";
    }

    @Override
    public Node view() {
        return root;
    }

    private void createView() {
        root.setId("screen-stepper");
        root.setTop(toolbar());
        ScrollPane settingsScroll = new ScrollPane(settings);
        settingsScroll.setFitToWidth(true);
        settingsScroll.setPrefWidth(300);
        settings.setPadding(new Insets(10));
        root.setLeft(settingsScroll);
        ScrollPane quizScroll = new ScrollPane(quiz);
        quizScroll.setFitToWidth(true);
        quizScroll.setFitToHeight(true);
        quizScroll.getStyleClass().add("quiz-column"); // 20em wide: wider at presenter scale
        quiz.activeProperty().addListener((o, was, on) -> {
            root.setLeft(on ? quizScroll : settingsScroll);
            if (!on) {
                root.requestFocus(); // the arrow keys step again
            }
        });
        root.setCenter(matrices());
        root.setBottom(controls());
        buildSettings();
        // Drop an image file anywhere on the screen to open it.
        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(javafx.scene.input.TransferMode.COPY);
            }
            e.consume();
        });
        root.setOnDragDropped(e -> {
            var files = e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : List.<java.io.File>of();
            if (!files.isEmpty()) {
                vm.openImage(files.get(0).toPath());
            }
            e.setDropCompleted(!files.isEmpty());
            e.consume();
        });
        root.setOnKeyPressed(e -> {
            if (e.getTarget() instanceof TextField) {
                return;
            }
            if (e.isShortcutDown() || e.isControlDown() || e.isAltDown() || e.isMetaDown()) {
                return; // Ctrl+Shift+P (presenter mode), Ctrl+Q, Ctrl+1..4 belong to the menus
            }
            KeyCode k = e.getCode();
            if (k == KeyCode.RIGHT || k == KeyCode.SPACE) {
                vm.stepForward();
            } else if (k == KeyCode.LEFT) {
                vm.stepBack();
            } else if (k == KeyCode.HOME) {
                vm.restart();
            } else if (k == KeyCode.END) {
                vm.runToEnd();
            } else if (k == KeyCode.P) {
                togglePlay();
            } else if (k == KeyCode.Q) {
                player.stop();
                quiz.toggle();
            } else {
                return;
            }
            e.consume();
        });
    }

    private ComboBox<String> sourceBox;

    private VBox toolbar() {
        ComboBox<String> source = new ComboBox<>();
        sourceBox = source;
        source.setId("stepper-source");
        source.getItems().addAll(StepperViewModel.SEED_MATRICES.keySet());
        for (String s : StepperViewModel.sampleNames()) {
            source.getItems().add("Sample: " + s);
        }
        source.setValue(vm.sourceName());
        source.setOnAction(e -> {
            String v = source.getValue();
            if (v == null) {
                return;
            }
            if (v.startsWith("Sample: ")) {
                vm.openSample(v.substring("Sample: ".length()));
            } else {
                vm.useSeedMatrix(v);
            }
        });
        Button open = new Button("Open image...");
        open.setId("stepper-open");
        open.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Open an image");
            chooser.getExtensionFilters().add(FxImages.imageFilter());
            var f = chooser.showOpenDialog(root.getScene().getWindow());
            if (f != null) {
                vm.openImage(f.toPath());
            }
        });
        ComboBox<Integer> size = new ComboBox<>();
        size.setId("stepper-size");
        size.getItems().addAll(8, 12, 16, 28, 32, 64, 128, 224);
        size.setValue(vm.workingSize());
        size.setOnAction(e -> vm.setWorkingSize(size.getValue()));
        size.setTooltip(new Tooltip("Working size: the image is resized so its longer side has this many pixels"));
        ChoiceBox<StepperViewModel.Channels> channels = new ChoiceBox<>();
        channels.setId("stepper-channels");
        channels.getItems().addAll(StepperViewModel.Channels.values());
        channels.setValue(vm.channels());
        channels.setOnAction(e -> vm.setChannels(channels.getValue()));
        ChoiceBox<org.convscope.imaging.Images.Interpolation> resample = new ChoiceBox<>();
        resample.setId("stepper-interpolation");
        resample.getItems().addAll(org.convscope.imaging.Images.Interpolation.values());
        resample.setValue(vm.interpolation());
        resample.setTooltip(new Tooltip("How the image is resized: AREA averages (best for shrinking), NEAREST keeps "
                + "pixels, LINEAR and CUBIC blend"));
        resample.setOnAction(e -> vm.setInterpolation(resample.getValue()));
        CheckBox unit = new CheckBox("0-1");
        unit.setId("stepper-unit-scale");
        unit.setTooltip(new Tooltip("Show pixels as 0-1 (divided by 255) instead of 0-255"));
        unit.setOnAction(e -> vm.setUnitScale(unit.isSelected()));
        Label sizeLabel = new Label("Size");
        Label channelLabel = new Label("Channels");
        for (Node n : List.of(size, channels, sizeLabel, channelLabel, unit, resample)) {
            n.disableProperty().bind(Bindings.createBooleanBinding(() -> !vm.hasImage(), vm.revisionProperty()));
        }

        ToggleGroup modes = new ToggleGroup();
        ToggleButton conv = new ToggleButton("Convolution");
        conv.setId("mode-convolution");
        ToggleButton pool = new ToggleButton("Pooling");
        pool.setId("mode-pooling");
        conv.setToggleGroup(modes);
        pool.setToggleGroup(modes);
        conv.setSelected(true);
        conv.setOnAction(e -> {
            conv.setSelected(true);
            vm.setMode(StepperViewModel.Mode.CONVOLUTION);
            buildSettings();
        });
        pool.setOnAction(e -> {
            pool.setSelected(true);
            vm.setMode(StepperViewModel.Mode.POOLING);
            buildSettings();
        });
        Label status = new Label();
        status.setId("stepper-status");
        status.getStyleClass().add(Css.SUBTITLE);
        status.setMinWidth(0);
        status.textProperty().bind(vm.statusProperty());
        // the controls wrap onto a second row on narrow windows and at presenter scale instead of being cut to "S..."
        for (Region n : List.of(source, open, sizeLabel, size, resample, channelLabel, channels, unit, conv, pool)) {
            n.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox sizeGroup = new HBox(6, sizeLabel, size, resample);
        HBox channelGroup = new HBox(6, channelLabel, channels);
        sizeGroup.setAlignment(Pos.CENTER_LEFT);
        channelGroup.setAlignment(Pos.CENTER_LEFT);
        FlowPane left = new FlowPane(10, 6, source, open, sizeGroup, channelGroup, unit);
        left.setAlignment(Pos.CENTER_LEFT);
        HBox modesBox = new HBox(6, conv, pool);
        modesBox.setAlignment(Pos.TOP_RIGHT);
        modesBox.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(left, Priority.ALWAYS);
        HBox bar = new HBox(10, left, modesBox);
        bar.setAlignment(Pos.TOP_LEFT);
        bar.setPadding(new Insets(8, 12, 4, 12));
        HBox statusRow = new HBox(status);
        statusRow.setPadding(new Insets(0, 12, 4, 12));
        return new VBox(bar, statusRow);
    }

    private Node panel(String title, Label titleLabel, Node content) {
        Label t = titleLabel == null ? new Label(title) : titleLabel;
        t.getStyleClass().add("panel-title");
        VBox box = new VBox(4, t, content);
        VBox.setVgrow(content, Priority.ALWAYS);
        return box;
    }

    private Node matrices() {
        inputView.setId("matrix-input");
        kernelView.setId("matrix-kernel");
        productView.setId("matrix-products");
        outputView.setId("matrix-output");
        inputView.setOnCellClicked(vm::showUsersOf);
        outputView.setOnCellClicked(vm::jumpTo);
        viewChannel.setId("stepper-view-channel");
        viewChannel.setOnAction(e -> {
            int i = viewChannel.getItems().indexOf(viewChannel.getValue());
            if (i >= 0 && i != vm.viewChannel()) {
                vm.setViewChannel(i);
            }
        });
        Label inputTitle = new Label("Input");
        inputTitle.setTooltip(new Tooltip("Click a cell to outline the output cells that use it"));
        HBox inputHead = new HBox(8, inputTitle, viewChannel);
        inputHead.setAlignment(Pos.CENTER_LEFT);
        inputTitle.getStyleClass().add("panel-title");
        VBox inputBox = new VBox(4, inputHead, inputView);
        VBox.setVgrow(inputView, Priority.ALWAYS);
        resultImage.setSmooth(false);
        resultImage.setPreserveRatio(true);
        resultImage.setFitWidth(160);
        resultImage.setId("result-image");
        Node products = panel("Products", productTitle, productView);
        products.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> vm.mode() == StepperViewModel.Mode.CONVOLUTION, vm.revisionProperty()));
        products.managedProperty().bind(products.visibleProperty());
        VBox small = new VBox(10, panel("Kernel", kernelTitle, kernelView), products);
        GridPane grid = new GridPane();
        grid.setHgap(14);
        grid.setVgap(8);
        grid.setPadding(new Insets(8, 12, 8, 12));
        grid.add(inputBox, 0, 0);
        grid.add(small, 1, 0);
        Label outTitle = new Label("Output");
        outTitle.setTooltip(new Tooltip("Click a cell to jump to it"));
        grid.add(panel("Output", outTitle, outputView), 2, 0);
        Node result = panel("As an image", null, resultImage);
        ((Region) result).setMinWidth(170);
        grid.add(result, 3, 0);
        small.setMinWidth(Region.USE_PREF_SIZE);
        for (Region r : new Region[] {inputView, outputView}) {
            GridPane.setHgrow(r.getParent(), Priority.ALWAYS);
            GridPane.setVgrow(r.getParent(), Priority.ALWAYS);
        }
        return grid;
    }

    private VBox controls() {
        formula.setId("stepper-formula");
        formula.getStyleClass().addAll(Css.MONO, "formula-strip");
        sum.setId("stepper-sum");
        sum.getStyleClass().addAll(Css.MONO, "sum-line");
        sum.setWrapText(true);
        sum.setMinHeight(Region.USE_PREF_SIZE);
        Label error = new Label();
        error.setId("stepper-error");
        error.getStyleClass().add(Css.PROBLEM);
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        Button restart = button("\u21e4 First", "step-restart", "Back to the first cell (Home)", vm::restart);
        Button back = button("\u25c0 Back", "step-back", "Previous cell (Left)", vm::stepBack);
        Button play = button("\u25b6 Play", "step-play", "Play / pause (P)", this::togglePlay);
        Button next = button("Next \u25b6", "step-next", "Next cell (Right or Space)", vm::stepForward);
        Button end = button("Last \u21e5", "step-end", "Compute every cell (End)", vm::runToEnd);
        back.disableProperty().bind(vm.canBackProperty().not());
        next.disableProperty().bind(vm.canForwardProperty().not());
        Slider speed = new Slider(1, 30, 4);
        speed.setId("step-speed");
        speed.setPrefWidth(160);
        speed.setTooltip(new Tooltip("Steps per second"));
        Label speedLabel = new Label();
        speedLabel.textProperty().bind(Bindings.format("%.0f steps/s", speed.valueProperty()));
        player.setCycleCount(Timeline.INDEFINITE);
        speed.valueProperty().addListener((o, a, b) -> configurePlayer(play, b.doubleValue()));
        configurePlayer(play, speed.getValue());
        position.setId("stepper-position");
        ToggleButton quizToggle = new ToggleButton("Quiz (Q)");
        quizToggle.setId("quiz-toggle");
        quizToggle.setTooltip(new Tooltip("Quiz mode: predict the output shape and each cell before it is shown (Q)"));
        quiz.activeProperty().addListener((o, was, on) -> quizToggle.setSelected(on));
        quizToggle.setOnAction(e -> {
            player.stop();
            quiz.setActive(quizToggle.isSelected());
        });
        HBox buttons = new HBox(8, restart, back, play, next, end, speed, speedLabel, position, quizToggle);
        buttons.setAlignment(Pos.CENTER_LEFT);
        ScrollPane sumScroll = new ScrollPane(sum);
        sumScroll.setFitToWidth(true);
        sumScroll.setMaxHeight(130); // a 3-channel sum is long: it scrolls rather than pushing the controls away
        sumScroll.getStyleClass().add("edge-to-edge");
        VBox box = new VBox(6, error, formula, sumScroll, buttons);
        box.setPadding(new Insets(8, 12, 10, 12));
        box.getStyleClass().add("stepper-controls");
        return box;
    }

    private void configurePlayer(Button play, double stepsPerSecond) {
        boolean running = player.getStatus() == Timeline.Status.RUNNING;
        player.stop();
        player.getKeyFrames().setAll(new KeyFrame(Duration.seconds(1 / stepsPerSecond), e -> {
            if (vm.canForwardProperty().get()) {
                vm.stepForward();
            } else {
                player.stop();
                play.setText("\u25b6 Play");
            }
        }));
        player.statusProperty().addListener((o, a, b) -> play.setText(b == Timeline.Status.RUNNING ? "\u23f8 Pause" : "\u25b6 Play"));
        if (running) {
            player.play();
        }
    }

    private void togglePlay() {
        if (player.getStatus() == Timeline.Status.RUNNING) {
            player.stop();
        } else {
            if (!vm.canForwardProperty().get()) {
                vm.restart();
            }
            player.play();
        }
    }

    private static Button button(String text, String id, String tip, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        b.setFocusTraversable(false);
        return b;
    }

    // ---- settings pane ----

    private void buildSettings() {
        settings.getChildren().clear();
        if (vm.mode() == StepperViewModel.Mode.CONVOLUTION) {
            convSettings();
        } else {
            poolSettings();
        }
    }

    private void convSettings() {
        ComboBox<String> preset = new ComboBox<>();
        preset.setId("kernel-preset");
        preset.getItems().addAll(KernelPresets.names());
        preset.setValue(vm.kernelName());
        GridPane kernelGrid = new GridPane();
        kernelGrid.setId("kernel-grid");
        kernelGrid.setHgap(3);
        kernelGrid.setVgap(3);
        Spinner<Integer> ksize = new Spinner<>(1, 11, vm.kernel().length);
        ksize.setId("kernel-size");
        ksize.setPrefWidth(90);
        Runnable fillGrid = () -> fillKernelGrid(kernelGrid);
        preset.setOnAction(e -> {
            vm.useKernelPreset(preset.getValue());
            ksize.getValueFactory().setValue(vm.kernel().length);
            fillGrid.run();
        });
        ksize.valueProperty().addListener((o, a, n) -> {
            if (n != vm.kernel().length) {
                double[][] k = new double[n][n];
                double[][] old = vm.kernel();
                for (int r = 0; r < Math.min(n, old.length); r++) {
                    for (int c = 0; c < Math.min(n, old[0].length); c++) {
                        k[r][c] = old[r][c];
                    }
                }
                vm.setKernel(k);
                preset.setValue(null);
                fillGrid.run();
            }
        });
        fillGrid.run();
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
                bias.getStyleClass().remove("invalid");
            } catch (NumberFormatException ex) {
                if (!bias.getStyleClass().contains("invalid")) {
                    bias.getStyleClass().add("invalid");
                }
            }
        });
        CheckBox relu = new CheckBox("ReLU: max(0, x)");
        relu.setId("conv-relu");
        relu.setSelected(s.relu());
        relu.setOnAction(e -> vm.setConvSettings(vm.convSettings().withRelu(relu.isSelected())));
        CheckBox flip = new CheckBox("True convolution (flip the kernel)");
        flip.setId("conv-flip");
        flip.setSelected(s.flip());
        flip.setWrapText(true);
        flip.setOnAction(e -> vm.setConvSettings(vm.convSettings().withFlip(flip.isSelected())));
        settings.getChildren().addAll(heading("Kernel"), preset, row("Size", ksize), kernelGrid, learnedFilterPicker(),
                heading("Settings"), row("Stride", stride), padding, row("Bias", bias), relu, flip);
    }

    /** Lets the user take filter i of one of the model's Conv2D layers (initial weights, seed 42). */
    private Node learnedFilterPicker() {
        ChoiceBox<String> layer = new ChoiceBox<>();
        layer.setId("learned-layer");
        java.util.List<Integer> indexes = new ArrayList<>();
        var analysis = ModelAnalyzer.analyze(session.getModel());
        var names = ModelAnalyzer.layerNames(session.getModel());
        for (int i = 0; i < session.getModel().layers().size(); i++) {
            if (session.getModel().layers().get(i) instanceof LayerSpec.Conv2D c) {
                indexes.add(i + 1);
                layer.getItems().add(names.get(i) + " (" + c.filters() + " filters)");
            }
        }
        Spinner<Integer> filter = new Spinner<>(1, 1024, 1);
        filter.setId("learned-filter");
        filter.setPrefWidth(90);
        filter.setEditable(true);
        Button use = new Button("Use filter");
        use.setId("learned-use");
        Label note = new Label();
        note.setWrapText(true);
        note.getStyleClass().add(Css.SUBTITLE);
        use.disableProperty().bind(layer.valueProperty().isNull());
        if (!layer.getItems().isEmpty()) {
            layer.setValue(layer.getItems().get(0));
        } else {
            note.setText("The model on the Build screen has no Conv2D layer.");
        }
        use.setOnAction(e -> {
            int li = indexes.get(layer.getItems().indexOf(layer.getValue()));
            int fi = filter.getValue() - 1;
            var spec = session.getModel();
            if (!analysis.valid() || analysis.totalParams() > 40_000_000L) {
                note.setText("This model cannot be built here (invalid, or over 40 M parameters).");
                return;
            }
            note.setText("Building the network...");
            executor.submit(BackgroundJob.of("Filter from the model", (token, progress) ->
                    engine.get().compile(spec, 42).filters(li))
                    .onSuccess(fs -> {
                        int f = Math.min(fi, fs.length - 1);
                        vm.useLearnedFilter(fs[f], names.get(li - 1) + " filter " + (f + 1));
                        var presetBox = (ComboBox<?>) settings.lookup("#kernel-preset");
                        if (presetBox != null) {
                            presetBox.setValue(null);
                        }
                        note.setText("Filter " + (f + 1) + " of " + fs.length + ", " + fs[f].height() + "x" + fs[f].width()
                                + "x" + fs[f].channels() + " (untrained weights, seed 42). Each filter gives its own output map.");
                        fillKernelGrid((GridPane) settings.lookup("#kernel-grid"));
                    })
                    .onFailure(ex -> note.setText(Dialogs.describe(ex))));
        });
        HBox pick = new HBox(8, filter, use);
        pick.setAlignment(Pos.CENTER_LEFT);
        return new VBox(6, new Label("Or a filter of the model:"), layer, pick, note);
    }

    private void fillKernelGrid(GridPane grid) {
        grid.getChildren().clear();
        double[][] k = vm.kernel();
        for (int r = 0; r < k.length; r++) {
            for (int c = 0; c < k[0].length; c++) {
                double kv = k[r][c];
                // Learned weights like -0.0832 are shown to 2 decimals; the kernel keeps full precision.
                TextField f = new TextField(kv == Math.rint(kv) ? Num.format(kv) : String.format(Locale.ROOT, "%.2f", kv));
                f.setId("kernel-" + r + "-" + c);
                f.setPrefColumnCount(4);
                f.setTooltip(new Tooltip(Num.format(kv)));
                f.getStyleClass().add(Css.MONO);
                int rr = r;
                int cc = c;
                f.textProperty().addListener((o, a, t) -> {
                    try {
                        double v = Double.parseDouble(t.strip());
                        double[][] copy = new double[vm.kernel().length][];
                        for (int i = 0; i < copy.length; i++) {
                            copy[i] = vm.kernel()[i].clone();
                        }
                        copy[rr][cc] = v;
                        vm.setKernel(copy);
                        f.getStyleClass().remove("invalid");
                    } catch (NumberFormatException ex) {
                        if (!f.getStyleClass().contains("invalid")) {
                            f.getStyleClass().add("invalid");
                        }
                    }
                });
                grid.add(f, c, r);
            }
        }
    }

    private void poolSettings() {
        PoolSettings s = vm.poolSettings();
        ChoiceBox<PoolSettings.Mode> mode = new ChoiceBox<>();
        mode.setId("pool-mode");
        mode.getItems().addAll(PoolSettings.Mode.values());
        mode.setValue(s.mode());
        Spinner<Integer> size = new Spinner<>(1, 8, s.pool().h());
        size.setId("pool-size");
        Spinner<Integer> stride = new Spinner<>(1, 8, s.strides().h());
        stride.setId("pool-stride");
        Slider lambda = new Slider(0, 1, s.lambda());
        lambda.setId("pool-lambda");
        Label lambdaText = new Label();
        lambdaText.textProperty().bind(Bindings.format(Locale.ROOT, "lambda %.2f", lambda.valueProperty()));
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
        Label help = new Label("MIXED = lambda * max + (1 - lambda) * mean. With padding \"same\" the padded cells "
                + "are ignored, as in Keras; explicit padding adds zeros that count.");
        help.setWrapText(true);
        help.getStyleClass().add(Css.SUBTITLE);
        settings.getChildren().addAll(heading("Pooling"), row("Mode", mode), row("Size", size), row("Stride", stride),
                padding, lambdaText, lambda, help);
    }

    private Node paddingEditor(Padding initial, java.util.function.Consumer<Padding> set, String prefix) {
        ChoiceBox<String> kind = new ChoiceBox<>();
        kind.setId(prefix + "-padding");
        kind.getItems().addAll("valid", "same", "explicit");
        kind.setValue(initial instanceof Padding.Explicit ? "explicit" : initial.keras());
        Spinner<Integer> p = new Spinner<>(0, 5, initial instanceof Padding.Explicit e ? e.amount() : 1);
        p.setId(prefix + "-padding-cells");
        p.setPrefWidth(80);
        p.disableProperty().bind(kind.valueProperty().isNotEqualTo("explicit"));
        Runnable apply = () -> set.accept("same".equals(kind.getValue()) ? Padding.SAME
                : "explicit".equals(kind.getValue()) ? Padding.of(p.getValue()) : Padding.VALID);
        kind.setOnAction(e -> apply.run());
        p.valueProperty().addListener((o, a, b) -> apply.run());
        return new VBox(6, row("Padding", kind), row("Zero cells", p));
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("panel-title");
        return l;
    }

    private static HBox row(String label, Node editor) {
        Label l = new Label(label);
        l.setMinWidth(Region.USE_PREF_SIZE);
        l.setPrefWidth(90);
        HBox h = new HBox(8, l, editor);
        h.setAlignment(Pos.CENTER_LEFT);
        return h;
    }

    // ---- drawing ----

    private void refresh() {
        quiz.sync();
        var input = vm.input();
        int ch = vm.viewChannel();
        List<String> channelNames = new ArrayList<>();
        for (int i = 0; i < input.channels(); i++) {
            channelNames.add(input.channels() == 3 ? new String[] {"R", "G", "B"}[i] : "channel " + (i + 1));
        }
        if (!viewChannel.getItems().equals(channelNames)) {
            viewChannel.getItems().setAll(channelNames);
        }
        viewChannel.setValue(channelNames.get(ch));
        viewChannel.setVisible(input.channels() > 1);
        WindowGeometry g = vm.geometry();
        int[] pad = g == null ? new int[4] : new int[] {g.padTop(), g.padLeft(), g.padBottom(), g.padRight()};
        inputView.setMatrix(input.channel(ch), pad);
        inputView.setMarks(java.util.Set.of());
        formula.setText(vm.formula());
        if (g == null) {
            kernelView.setMatrix(vm.mode() == StepperViewModel.Mode.CONVOLUTION ? vm.kernel() : new double[0][0], new int[4]);
            productView.setMatrix(new double[0][0], new int[4]);
            outputView.setMatrix(new double[0][0], new int[4]);
            inputView.setWindow(null);
            inputView.setMarker(null);
            sum.setText("");
            position.setText("");
            resultImage.setImage(null);
            return;
        }
        int cursor = vm.cursorProperty().get();
        int r = cursor / g.outWidth();
        int c = cursor % g.outWidth();
        int top = g.top(r) + g.padTop();
        int left = g.left(c) + g.padLeft();
        inputView.setWindow(new int[] {top, left, g.window().h(), g.window().w()});
        inputView.reveal(top, left);
        double[][] output;
        if (vm.mode() == StepperViewModel.Mode.CONVOLUTION) {
            ConvStep s = vm.convStep();
            boolean flipped = vm.convSettings().flip();
            kernelTitle.setText(flipped ? "Kernel (flipped)" : "Kernel");
            fitSmall(kernelView, vm.kernel()[0].length);
            fitSmall(productView, vm.kernel()[0].length);
            kernelView.setMatrix(vm.convTrace().appliedKernel().channel(ch), new int[4]);
            kernelTitle.setText((flipped ? "Kernel (flipped)" : "Kernel") + (input.channels() > 1 ? ", " + channelNames.get(ch) : ""));
            productTitle.setText(input.channels() > 1 ? "Products, " + channelNames.get(ch) : "Products");
            productView.setMatrix(s.products()[ch], new int[4]);
            inputView.setMarker(null);
            sum.setText(s.expression());
            output = vm.convTrace().output();
        } else {
            PoolStep s = vm.poolStep();
            kernelTitle.setText("Window values");
            fitSmall(kernelView, s.values()[0].length);
            kernelView.setMatrix(s.values(), new int[4]);
            productTitle.setText("");
            productView.setMatrix(new double[0][0], new int[4]);
            inputView.setMarker(vm.poolSettings().mode() == PoolSettings.Mode.AVERAGE || s.maxRow() < 0 ? null
                    : new int[] {top + s.maxRow(), left + s.maxCol()});
            sum.setText(s.expression());
            output = vm.poolTrace().output();
        }
        outputView.setMatrix(output, new int[4]);
        outputView.setShownCells(cursor + 1);
        outputView.setWindow(new int[] {r, c, 1, 1});
        outputView.setMarks(vm.usedBy());
        outputView.setQuestionCell(null);
        outputView.reveal(r, c);
        productView.setShownCells(Integer.MAX_VALUE);
        position.setText(String.format("Cell (%d, %d), step %d of %d", r, c, cursor + 1, vm.steps()));
        resultImage.setImage(toImage(output, cursor + 1));
        hideQuizAnswer(r, c, cursor);
    }

    /** In quiz mode: hides what the question asks for, the output's size or the current cell, until it is revealed. */
    private void hideQuizAnswer(int r, int c, int cursor) {
        if (quiz.hidesShape()) {
            formula.setText("Output rows: ?    columns: ?");
            outputView.setMatrix(new double[0][0], new int[4]);
            position.setText(String.format("Cell (%d, %d)", r, c));
            resultImage.setImage(null);
        }
        if (quiz.hidesShape() || quiz.hidesCell()) {
            outputView.setShownCells(cursor);
            outputView.setQuestionCell(new int[] {r, c});
            productView.setShownCells(0);
            sum.setText("= ?");
            if (!quiz.hidesShape()) {
                resultImage.setImage(toImage(vm.mode() == StepperViewModel.Mode.CONVOLUTION ? vm.convTrace().output()
                        : vm.poolTrace().output(), cursor));
            }
        }
    }

    /** Sizes a small matrix view (kernel, products) to show all its columns in at most ~230 px. */
    private static void fitSmall(MatrixView v, int cols) {
        v.setCellSize(Math.min(44, 230.0 / cols));
        v.setMinWidth(cols * v.getCellSize() + 4);
        v.setMinHeight(Region.USE_PREF_SIZE);
    }

    /** The output computed so far as a gray image, min-max stretched; cells not yet computed are white. */
    private static WritableImage toImage(double[][] m, int shown) {
        Raster raster = Raster.fromMatrix(m, true);
        int h = raster.height();
        int w = raster.width();
        int k = Math.max(1, 160 / Math.max(h, w)); // enlarge nearest-neighbour so pixels stay crisp
        int[] argb = new int[h * k * w * k];
        for (int y = 0; y < h * k; y++) {
            for (int x = 0; x < w * k; x++) {
                int i = (y / k) * w + x / k;
                int v = i < shown ? raster.data()[i] & 0xff : 255;
                argb[y * w * k + x] = 0xff000000 | v << 16 | v << 8 | v;
            }
        }
        WritableImage img = new WritableImage(w * k, h * k);
        img.getPixelWriter().setPixels(0, 0, w * k, h * k, PixelFormat.getIntArgbInstance(), argb, 0, w * k);
        return img;
    }
}
