package org.convscope.ui.stepper;

import static org.convscope.ui.common.I18n.tr;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.convscope.core.conv.ConvSettings;
import org.convscope.core.conv.Volume;
import org.convscope.core.conv.WindowGeometry;
import org.convscope.core.image.Raster;
import org.convscope.engine.Engine;
import org.convscope.ui.common.FxImages;
import org.convscope.ui.common.MatrixView;
import org.convscope.ui.common.ModelSession;
import org.convscope.ui.common.QuizPanel;
import org.convscope.ui.common.Screen;
import org.convscope.ui.common.TaskExecutor;

/**
 * The Convolution &amp; Pooling screen: a kernel (or pooling window) slides over real numbers, and every
 * multiplication, the sum, the bias and the activation are shown for the current output cell.
 *
 * <p>The state is in {@link StepperViewModel} (input, kernel, settings, trace, step), {@link QuizViewModel} (shown by a {@link QuizPanel}) and
 * {@link LearnedFilterViewModel}; what one step shows is worked out by {@link StepperFrame}. This class lays out
 * the toolbar, the settings column (or the quiz), the matrices and the controls, and draws the frame.
 */
public final class StepperScreen implements Screen {

    private final StepperViewModel vm;
    private final QuizViewModel quizVm;
    private final BorderPane root = new BorderPane();
    private final MatrixView inputView = new MatrixView();
    private final MatrixView kernelView = new MatrixView();
    private final MatrixView productView = new MatrixView();
    private final MatrixView outputView = new MatrixView();
    private final ImageView resultImage = new ImageView();
    private final Label kernelTitle = new Label(tr("stepper.kernel"));
    private final Label productTitle = new Label(tr("stepper.products"));
    private final ChoiceBox<String> viewChannel = new ChoiceBox<>();
    private final SettingsColumn settings;
    private final StepperControls controls;
    private final QuizPanel quiz;

    /**
     * Creates the screen.
     *
     * @param executor where images are decoded and networks built
     * @param session the model on the Build screen, whose Conv2D filters can be stepped through
     * @param engine builds the model's network (for its initial filters)
     */
    public StepperScreen(TaskExecutor executor, ModelSession session, Supplier<Engine> engine) {
        this.vm = new StepperViewModel(executor);
        this.quizVm = new QuizViewModel(vm);
        this.settings = new SettingsColumn(vm, new LearnedFilterViewModel(session::getModel, engine, executor));
        this.controls = new StepperControls(vm, quizVm);
        Button askShape = new Button(tr("stepper.askShape"));
        askShape.setId("quiz-shape");
        this.quiz = new QuizPanel(quizVm, askShape);
        askShape.setOnAction(e -> {
            quizVm.askShapeAgain();
            quiz.focusAnswer();
        });
        createView();
        controls.addButton(StepperExport.gifButton(vm, executor, () -> root.getScene().getWindow(), vm::say));
        StepperExport.pngMenus(vm::say, inputView, kernelView, productView, outputView);
        vm.revisionProperty().addListener((o, a, b) -> refresh());
        quizVm.revisionProperty().addListener((o, a, b) -> refresh());
        session.modelProperty().addListener((o, a, b) -> settings.rebuild()); // the model's Conv2D layers changed
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
    public void openFilter(Volume filter, String label) {
        openFilter(filter, label, null, null, null);
    }

    /**
     * Shows a learned filter as the kernel, sliding over what its layer sees (the previous layer's maps, or the
     * model's prepared input image) when that is given, so that the output ends on the feature map's own values;
     * over an image at the working size otherwise. The source selector then names that input, e.g.
     * {@code Input of layer 3 filter 65: the 32 maps of layer 2 for chelsea.png}, and the step starts again at
     * the first cell.
     *
     * @param filter the filter, {@code (kh, kw, C_in)}
     * @param label what it is, e.g. {@code layer 3 filter 65}
     * @param layerSettings the layer's strides, padding, bias and ReLU, or null to keep the current settings
     * @param layerInput the layer's input {@code (H, W, C_in)}, or null to use an image
     * @param inputName what that input is, for the status line
     */
    public void openFilter(Volume filter, String label, ConvSettings layerSettings, Volume layerInput, String inputName) {
        vm.setMode(StepperViewModel.Mode.CONVOLUTION);
        if (layerSettings != null) {
            vm.setConvSettings(layerSettings);
        }
        if (layerInput != null && layerInput.channels() == filter.channels()) {
            vm.useFeatureMaps(layerInput, tr("stepper.inputOf", label, inputName == null ? tr("stepper.layersInput") : inputName));
        } else if (filter.channels() == 3 || filter.channels() == 1) {
            vm.dropFeatureMaps();
            vm.fitInputTo(filter);
            vm.setChannels(filter.channels() == 3 ? StepperViewModel.Channels.RGB : StepperViewModel.Channels.GRAY);
        }
        vm.useLearnedFilter(filter, label);
        vm.restart();
        settings.rebuild(); // after the filter is in, so the kernel box and grid show it
    }

    /**
     * The screen's settings for a lesson (source, kernel, stride, padding, pooling, the step).
     *
     * @param imageEntry where the lesson keeps an opened image, e.g. {@code images/stepper-cat.png}
     */
    public org.convscope.io.lesson.Lesson.Stepper lessonSettings(String imageEntry) {
        return StepperLesson.snapshot(vm, imageEntry);
    }

    /** The opened image as PNG bytes for a lesson; empty for a seed matrix or a bundled sample. */
    public java.util.Optional<byte[]> lessonImage() throws java.io.IOException {
        return StepperLesson.imageBytes(vm);
    }

    /** True while the quiz is on. */
    public boolean quizOn() {
        return quizVm.activeProperty().get();
    }

    /**
     * Sets a lesson's settings, then the quiz; the controls follow.
     *
     * @param image the lesson's image as a file of its original name, or null for a seed or sample
     * @param done runs when everything is set (an image is decoded in the background first)
     */
    public void restoreLesson(org.convscope.io.lesson.Lesson.Stepper lesson, java.nio.file.Path image, boolean quizOn,
                              Runnable done) {
        quizVm.setActive(false);
        StepperLesson.restore(vm, lesson, image, () -> {
            settings.rebuild();
            quizVm.setActive(quizOn);
            done.run();
        });
    }

    @Override
    public String title() {
        return tr("screen.stepper");
    }

    @Override
    public Node view() {
        return root;
    }

    private void createView() {
        root.setId("screen-stepper");
        root.setMinSize(0, 0); // the matrices shrink (and scroll) in a short window; the controls stay
        root.setTop(new StepperToolbar(vm, settings::rebuild));
        ScrollPane settingsScroll = new ScrollPane(settings);
        settingsScroll.setFitToWidth(true);
        settingsScroll.getStyleClass().add("settings-column"); // 19em wide: wider at presenter scale
        ScrollPane quizScroll = new ScrollPane(quiz);
        quizScroll.setFitToWidth(true);
        quizScroll.setFitToHeight(true);
        quizScroll.getStyleClass().add("quiz-column"); // 20em wide: wider at presenter scale
        root.setLeft(settingsScroll);
        quizVm.activeProperty().addListener((o, was, on) -> {
            root.setLeft(on ? quizScroll : settingsScroll);
            if (!on) {
                root.requestFocus(); // the arrow keys step again
            }
        });
        root.setCenter(matrices());
        root.setBottom(controls);
        // Drop an image file anywhere on the screen to open it.
        FxImages.acceptDroppedImage(root, vm::openImage);
        root.setOnKeyPressed(this::key);
    }

    /** Arrows, Space, Home, End step; P plays; Q starts or leaves the quiz. Stepping forward waits for an answer. */
    private void key(KeyEvent e) {
        if (e.getTarget() instanceof TextField) {
            return;
        }
        if (e.isShortcutDown() || e.isControlDown() || e.isAltDown() || e.isMetaDown()) {
            return; // Ctrl+Shift+P (presenter mode), Ctrl+Q, Ctrl+1..4 belong to the menus
        }
        KeyCode k = e.getCode();
        boolean open = quizVm.questionOpenProperty().get();
        if (k == KeyCode.RIGHT || k == KeyCode.SPACE) {
            if (!open) {
                vm.stepForward();
            }
        } else if (k == KeyCode.LEFT) {
            vm.stepBack();
        } else if (k == KeyCode.HOME) {
            vm.restart();
        } else if (k == KeyCode.END) {
            if (!open) {
                vm.runToEnd();
            }
        } else if (k == KeyCode.P) {
            controls.togglePlay();
        } else if (k == KeyCode.Q) {
            controls.stop();
            quizVm.toggle();
        } else {
            return;
        }
        e.consume();
    }

    private Node panel(String title, Label titleLabel, Node content) {
        Label t = titleLabel == null ? new Label(title) : titleLabel;
        t.getStyleClass().add("panel-title");
        t.setMinWidth(Region.USE_PREF_SIZE); // "Output", not "Out..." beside the quiz at presenter scale
        VBox box = new VBox(4, t, content);
        VBox.setVgrow(content, Priority.ALWAYS);
        return box;
    }

    private Node matrices() {
        inputView.setId("matrix-input");
        kernelView.setId("matrix-kernel");
        productView.setId("matrix-products");
        outputView.setId("matrix-output");
        inputView.setName(tr("a11y.name.input"));
        kernelView.setName(tr("a11y.name.kernel"));
        productView.setName(tr("a11y.name.products"));
        outputView.setName(tr("a11y.name.output"));
        inputView.setOnCellClicked(vm::showUsersOf);
        outputView.setOnCellClicked(vm::jumpTo);
        viewChannel.setId("stepper-view-channel");
        viewChannel.managedProperty().bind(viewChannel.visibleProperty()); // hidden, it takes no width from the input
        viewChannel.setOnAction(e -> {
            int i = viewChannel.getItems().indexOf(viewChannel.getValue());
            if (i >= 0 && i != vm.viewChannel()) {
                vm.setViewChannel(i);
            }
        });
        Label inputTitle = new Label(tr("stepper.input"));
        inputTitle.setTooltip(new Tooltip(tr("stepper.input.tip")));
        HBox inputHead = new HBox(8, inputTitle, viewChannel);
        inputHead.setAlignment(Pos.CENTER_LEFT);
        inputTitle.getStyleClass().add("panel-title");
        inputTitle.setMinWidth(Region.USE_PREF_SIZE);
        VBox inputBox = new VBox(4, inputHead, inputView);
        VBox.setVgrow(inputView, Priority.ALWAYS);
        resultImage.setSmooth(false);
        resultImage.setPreserveRatio(true);
        resultImage.setFitWidth(160);
        resultImage.setId("result-image");
        Node products = panel(tr("stepper.products"), productTitle, productView);
        products.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> vm.mode() == StepperViewModel.Mode.CONVOLUTION, vm.revisionProperty()));
        products.managedProperty().bind(products.visibleProperty());
        VBox small = new VBox(10, panel(tr("stepper.kernel"), kernelTitle, kernelView), products);
        Label outTitle = new Label(tr("stepper.output"));
        outTitle.setTooltip(new Tooltip(tr("stepper.output.tip")));
        Region output = (Region) panel(tr("stepper.output"), outTitle, outputView);
        Region result = (Region) panel(tr("stepper.asImage"), null, resultImage);
        small.setMinWidth(Region.USE_PREF_SIZE);
        // an HBox shrinks the input and the output (they scroll) down to their minimum on a narrow window
        for (Region r : new Region[] {inputBox, output}) {
            r.setMinWidth(Region.USE_COMPUTED_SIZE);
            HBox.setHgrow(r, Priority.ALWAYS);
        }
        HBox row = new HBox(14, inputBox, small, output, result);
        row.setId("stepper-matrices");
        row.setPadding(new Insets(8, 12, 8, 12));
        row.setMinSize(0, 0);
        return row;
    }

    // ---- drawing ----

    private void refresh() {
        quizVm.sync();
        StepperFrame frame = StepperFrame.of(vm, quizVm);
        Volume input = vm.input();
        int ch = vm.viewChannel();
        List<String> channelNames = new ArrayList<>();
        for (int i = 0; i < input.channels(); i++) {
            channelNames.add(input.channels() == 3 ? new String[] {"R", "G", "B"}[i] : tr("stepper.channel", i + 1));
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
        inputView.setWindow(frame.window());
        inputView.setMarker(frame.marker());
        controls.formula().setText(frame.formula());
        controls.sum().setText(frame.sum());
        controls.position().setText(frame.position());
        if (g == null) {
            kernelView.setMatrix(vm.mode() == StepperViewModel.Mode.CONVOLUTION ? vm.kernel() : new double[0][0], new int[4]);
            productView.setMatrix(new double[0][0], new int[4]);
            outputView.setMatrix(new double[0][0], new int[4]);
            resultImage.setImage(null);
            return;
        }
        inputView.reveal(frame.window()[0], frame.window()[1]);
        drawWindow(input, ch, channelNames);
        drawOutput(frame, g);
    }

    /** The kernel and the products (convolution) or the window's values (pooling) of the current cell. */
    private void drawWindow(Volume input, int ch, List<String> channelNames) {
        if (vm.mode() == StepperViewModel.Mode.CONVOLUTION) {
            boolean flipped = vm.convSettings().flip();
            fitSmall(kernelView, vm.kernel()[0].length);
            fitSmall(productView, vm.kernel()[0].length);
            kernelView.setMatrix(vm.convTrace().appliedKernel().channel(ch), new int[4]);
            kernelTitle.setText((flipped ? tr("stepper.kernelFlipped") : tr("stepper.kernel")) + (input.channels() > 1 ? ", " + channelNames.get(ch) : ""));
            productTitle.setText(input.channels() > 1 ? tr("stepper.products") + ", " + channelNames.get(ch) : tr("stepper.products"));
            productView.setMatrix(vm.convStep().products()[ch], new int[4]);
        } else {
            double[][] values = vm.poolStep().values();
            kernelTitle.setText(tr("stepper.windowValues"));
            fitSmall(kernelView, values[0].length);
            kernelView.setMatrix(values, new int[4]);
            productTitle.setText("");
            productView.setMatrix(new double[0][0], new int[4]);
        }
    }

    /** The output grid and image, as far as the frame uncovers them. */
    private void drawOutput(StepperFrame frame, WindowGeometry g) {
        int cursor = vm.cursorProperty().get();
        int r = cursor / g.outWidth();
        int c = cursor % g.outWidth();
        double[][] output = vm.mode() == StepperViewModel.Mode.CONVOLUTION ? vm.convTrace().output() : vm.poolTrace().output();
        outputView.setMatrix(frame.outputHidden() ? new double[0][0] : output, new int[4]);
        outputView.setShownCells(frame.shownCells());
        outputView.setWindow(new int[] {r, c, 1, 1});
        outputView.setMarks(vm.usedBy());
        outputView.setQuestionCell(frame.questionCell());
        outputView.reveal(r, c);
        productView.setShownCells(frame.productsShown() ? Integer.MAX_VALUE : 0);
        resultImage.setImage(frame.imageShown() ? toImage(output, frame.shownCells()) : null);
    }

    /** Sizes a small matrix view (kernel, products) to show all its columns in at most ~230 px. */
    private static void fitSmall(MatrixView v, int cols) {
        v.setCellSize(Math.min(44, 230.0 / cols));
        v.setMinWidth(cols * v.getCellSize() + 4);
        v.setMinHeight(60); // a short window (presenter scale) scrolls the matrix rather than pushing the controls out
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
