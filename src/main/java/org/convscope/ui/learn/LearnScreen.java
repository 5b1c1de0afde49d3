package org.convscope.ui.learn;

import static org.convscope.ui.common.I18n.tr;

import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.convscope.ui.common.Css;
import org.convscope.ui.common.FxImages;
import org.convscope.ui.common.QuizPanel;
import org.convscope.ui.common.Screen;
import org.convscope.ui.common.TaskExecutor;

/**
 * The Learn screen: one training step of a small CNN (conv, ReLU, pooling, Dense, softmax) followed from the loss
 * back to a single kernel weight and its update, stage by stage and cell by cell, with the matrices, the rule and
 * the worked arithmetic of every step (all numbers from {@code core.backprop}).
 *
 * <p>The state is {@link LearnViewModel}'s (and {@link LearnQuiz}'s); what a step shows is {@link LearnSteps}' and
 * {@link ConvSteps}'. This class lays out the set-up column (or the quiz), the stage's heading, rule and matrices,
 * and the controls, and passes keys on: arrows, Space, Home, End step; Page Up / Page Down change the stage; Q quiz;
 * S shows or hides the set-up column.
 */
public final class LearnScreen implements Screen {

    private final LearnViewModel vm;
    private final LearnQuiz quiz;
    private final BorderPane root = new BorderPane();
    private final LearnSettings settings;
    private final LearnControls controls;
    private final PanelsRow panels = new PanelsRow();
    private final Label stageTitle = new Label();
    private final Label explanation = new Label();
    private final Label formula = new Label();
    /** Whether the set-up column is shown: folded away in presenter mode so the numbers get the width; S toggles it. */
    private final javafx.beans.property.BooleanProperty setupShown = new javafx.beans.property.SimpleBooleanProperty(true);
    private final javafx.scene.control.ToggleButton setupToggle = new javafx.scene.control.ToggleButton();
    private ScrollPane settingsScroll;
    private ScrollPane quizScroll;
    private Boolean presenterShown;

    /**
     * Creates the screen without the app's model (its set-up offers no layer of the model).
     *
     * @param executor where images are decoded
     */
    public LearnScreen(TaskExecutor executor) {
        this(executor, null, null);
    }

    /**
     * Creates the screen.
     *
     * @param executor where images are decoded and the model's layer is built
     * @param session the app's session: its model's first Conv2D layer, with its current weights, may be the conv layer
     * @param engine builds an untrained model's network
     */
    public LearnScreen(TaskExecutor executor, org.convscope.ui.common.ModelSession session,
            java.util.function.Supplier<org.convscope.engine.Engine> engine) {
        this.vm = new LearnViewModel(executor, session, engine);
        this.quiz = new LearnQuiz(vm);
        this.settings = new LearnSettings(vm);
        this.controls = new LearnControls(vm, quiz);
        createView();
        vm.revisionProperty().addListener((o, a, b) -> refresh());
        quiz.revisionProperty().addListener((o, a, b) -> refresh());
        refresh();
    }

    @Override
    public String id() {
        return "learn";
    }

    @Override
    public String title() {
        return tr("learn.title");
    }

    @Override
    public Node view() {
        return root;
    }

    /**
     * Opens a stage (for screenshots and the command line's {@code gui --learn-stage N}).
     *
     * @param number 1 .. the number of stages; out of range opens the nearest
     */
    public void openStage(int number) {
        LearnStage[] all = LearnStage.values();
        vm.goTo(all[Math.max(0, Math.min(all.length - 1, number - 1))]);
    }

    /**
     * Sets up the step (for screenshots and {@code gui --learn-source NAME} / {@code --learn-adam}).
     *
     * @param source one of the input choices (e.g. {@code Training image: cat}), or null to keep the input
     * @param adam true to use Adam
     */
    public void setUp(String source, boolean adam) {
        if (source != null) {
            vm.chooseSource(source);
        }
        if (adam) {
            vm.setAdam(true);
        }
    }

    private void createView() {
        root.setId("screen-learn");
        root.setMinSize(0, 0);
        settingsScroll = new ScrollPane(settings);
        settingsScroll.setFitToWidth(true);
        settingsScroll.getStyleClass().add("settings-column");
        settings.setPadding(new Insets(8, 10, 8, 10));
        QuizPanel quizPanel = new QuizPanel(quiz);
        quizScroll = new ScrollPane(quizPanel);
        quizScroll.setFitToWidth(true);
        quizScroll.setFitToHeight(true);
        quizScroll.getStyleClass().add("quiz-column");
        root.setLeft(settingsScroll);
        quiz.activeProperty().addListener((o, was, on) -> {
            showLeft();
            if (!on) {
                root.requestFocus();
            }
        });
        setupToggle.setId("learn-setup-toggle");
        setupToggle.setText(tr("learn.setup"));
        setupToggle.setTooltip(new javafx.scene.control.Tooltip(tr("learn.setup.tip")));
        setupToggle.setFocusTraversable(false);
        setupToggle.setMinWidth(Region.USE_PREF_SIZE);
        setupToggle.selectedProperty().bindBidirectional(setupShown);
        setupShown.addListener((o, was, on) -> showLeft());
        stageTitle.setId("learn-stage");
        stageTitle.getStyleClass().add("learn-stage-title");
        stageTitle.setMinHeight(Region.USE_PREF_SIZE);
        explanation.setId("learn-explanation");
        explanation.setWrapText(true);
        explanation.getStyleClass().addAll(Css.SUBTITLE, "learn-explanation");
        explanation.setMinHeight(Region.USE_PREF_SIZE);
        formula.setId("learn-formula");
        formula.getStyleClass().addAll(Css.MONO, "formula-strip");
        formula.setWrapText(true);
        formula.setMinHeight(Region.USE_PREF_SIZE);
        explanation.managedProperty().bind(explanation.visibleProperty());
        stageTitle.setTooltip(new javafx.scene.control.Tooltip());
        // presenter mode on a projector needs the height for the numbers: the explanation moves to the title's tooltip
        javafx.collections.ListChangeListener<String> rootClasses = c -> showExplanation();
        root.sceneProperty().addListener((o, was, scene) -> {
            if (was != null) {
                was.getRoot().getStyleClass().removeListener(rootClasses);
            }
            if (scene != null) {
                scene.getRoot().getStyleClass().addListener(rootClasses);
                showExplanation();
            }
        });
        Region gap = new Region();
        javafx.scene.layout.HBox.setHgrow(gap, Priority.ALWAYS);
        javafx.scene.layout.HBox titleRow = new javafx.scene.layout.HBox(12, stageTitle, gap, setupToggle);
        titleRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox head = new VBox(4, titleRow, explanation, formula);
        head.setPadding(new Insets(8, 12, 0, 12));
        VBox center = new VBox(4, head, panels);
        VBox.setVgrow(panels, Priority.ALWAYS);
        center.setMinSize(0, 0);
        root.setCenter(center);
        root.setBottom(controls);
        FxImages.acceptDroppedImage(root, vm::openImage);
        root.setOnKeyPressed(this::key);
    }

    /** Arrows, Space, Home, End step; Page Up / Down change the stage; Q quiz. Forward waits for an open answer. */
    private void key(KeyEvent e) {
        if (e.getTarget() instanceof TextField || e.isShortcutDown() || e.isControlDown() || e.isAltDown()
                || e.isMetaDown()) {
            return; // typing in the set-up, or the menus' keys
        }
        KeyCode k = e.getCode();
        boolean open = quiz.questionOpenProperty().get();
        if ((k == KeyCode.RIGHT || k == KeyCode.SPACE) && !open) {
            vm.stepForward();
        } else if (k == KeyCode.LEFT) {
            vm.stepBack();
        } else if (k == KeyCode.HOME) {
            vm.firstStep();
        } else if (k == KeyCode.END && !open) {
            vm.lastStep();
        } else if (k == KeyCode.PAGE_DOWN && !open) {
            vm.nextStage();
        } else if (k == KeyCode.PAGE_UP) {
            vm.previousStage();
        } else if (k == KeyCode.Q) {
            quiz.toggle();
        } else if (k == KeyCode.S) {
            setupShown.set(!setupShown.get());
        } else {
            return;
        }
        e.consume();
    }

    /**
     * Presenter mode on a projector needs the room for the numbers: the explanation moves to the title's tooltip and
     * the set-up column folds away (S or the Set-up button brings it back); leaving presenter mode shows both again.
     */
    private void showExplanation() {
        boolean presenter = root.getScene() != null && root.getScene().getRoot().getStyleClass().contains(Css.PRESENTER);
        explanation.setVisible(!presenter);
        if (presenterShown == null || presenterShown != presenter) {
            presenterShown = presenter;
            setupShown.set(!presenter);
        }
    }

    /** The quiz's column while the quiz is on, else the set-up column when it is shown, else nothing. */
    private void showLeft() {
        root.setLeft(quiz.activeProperty().get() ? quizScroll : setupShown.get() ? settingsScroll : null);
    }

    private void refresh() {
        quiz.sync();
        settings.sync();
        LearnStep shown = quiz.shown(vm.current());
        LearnStage stage = vm.stage();
        stageTitle.setText(tr("learn.stageTitle", stage.ordinal() + 1, stage.title()));
        explanation.setText(stage.explanation());
        stageTitle.getTooltip().setText(stage.explanation());
        formula.setText(shown == null ? "" : shown.formula());
        panels.show(shown == null ? List.of() : shown.panels());
        controls.refresh(shown);
    }
}
