package org.convscope.ui.stepper;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.Size2;
import org.convscope.core.quiz.NumberQuestion;
import org.convscope.core.quiz.Score;
import org.convscope.core.quiz.ShapeQuestion;
import org.convscope.core.quiz.Verdict;
import org.convscope.ui.common.Css;

/**
 * Quiz mode of the Convolution &amp; Pooling screen, shown in place of the settings column: first the output shape, then each output cell in turn
 * is hidden ("?") until the learner types a prediction and presses Enter; the reveal says right or wrong
 * in words and colour and shows the arithmetic (or the shape formula). Enter again goes on, Escape leaves.
 *
 * <p>The questions and their answers come from {@code core.quiz}; this bar only asks and shows. The screen
 * asks {@link #hidesShape()} and {@link #hidesCell()} when it draws, and calls {@link #sync()} first so the
 * question follows the cursor and the settings: a new shape (other input, window, stride or padding) asks
 * the shape again; other changes (a kernel weight) re-ask the current cell.
 */
final class QuizBar extends VBox {

    private enum Stage { OFF, SHAPE, CELL, DONE }

    private final StepperViewModel vm;
    private final Runnable redraw;
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active");
    private final Label prompt = new Label();
    private final Label score = new Label();
    private final TextField answer = new TextField();
    private final Label verdict = new Label();
    private final Label working = new Label();
    private final HBox answerRow;
    private Stage stage = Stage.OFF;
    private boolean revealed;
    private String shapeKey = "";
    private Object trace;
    private String basePrompt = "";
    private int cell = -1;
    private NumberQuestion cellQuestion;
    private ShapeQuestion shapeQuestion;
    private Score tally = Score.ZERO;

    /**
     * Creates the bar, hidden until the quiz is turned on.
     *
     * @param vm the stepper's state, which the questions are about
     * @param redraw redraws the screen after a reveal (hidden cells come back)
     */
    QuizBar(StepperViewModel vm, Runnable redraw) {
        super(6);
        this.vm = vm;
        this.redraw = redraw;
        setId("quiz-bar");
        getStyleClass().add("quiz-bar");

        Label title = new Label("Quiz");
        title.getStyleClass().add("quiz-title");
        score.setId("quiz-score");
        score.getStyleClass().add("quiz-score");
        score.setWrapText(true);
        VBox top = new VBox(2, title, score);
        prompt.setId("quiz-prompt");
        prompt.setWrapText(true);
        prompt.setMinHeight(Region.USE_PREF_SIZE);

        answer.setId("quiz-answer");
        answer.setPrefColumnCount(8);
        answer.getStyleClass().addAll(Css.MONO, "quiz-answer");
        answer.setPromptText("your answer");
        answer.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                submit();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE || e.getCode() == KeyCode.Q && !e.isShortcutDown() && !e.isControlDown()) {
                setActive(false);
                e.consume();
            }
        });
        // Q is never part of an answer: the letter of the key that opened the quiz must not land in the field.
        answer.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (e.getCharacter().equalsIgnoreCase("q")) {
                e.consume();
            }
        });
        Button check = new Button("Check");
        check.setId("quiz-check");
        check.setMinWidth(Region.USE_PREF_SIZE);
        check.setOnAction(e -> submit());
        answerRow = new HBox(10, answer, check);
        HBox.setHgrow(answer, javafx.scene.layout.Priority.ALWAYS);
        answerRow.setAlignment(Pos.CENTER_LEFT);

        verdict.setId("quiz-verdict");
        verdict.setWrapText(true);
        verdict.setMinHeight(Region.USE_PREF_SIZE);
        verdict.getStyleClass().add("quiz-verdict");
        verdict.managedProperty().bind(verdict.textProperty().isNotEmpty());
        verdict.visibleProperty().bind(verdict.managedProperty());
        working.setId("quiz-working");
        working.setWrapText(true);
        working.setMinHeight(Region.USE_PREF_SIZE);
        working.getStyleClass().addAll(Css.MONO, "quiz-working");
        working.managedProperty().bind(working.visibleProperty());

        Label hint = new Label("Enter: check, then next. Tab: buttons. Esc or Q: leave.");
        hint.getStyleClass().add(Css.SUBTITLE);
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        Button shape = new Button("Ask the shape");
        shape.setId("quiz-shape");
        shape.setOnAction(e -> {
            askShape();
            redraw.run();
            answer.requestFocus();
        });
        Button leave = new Button("Leave (Esc)");
        leave.setId("quiz-leave");
        leave.setOnAction(e -> setActive(false));
        FlowPane buttons = new FlowPane(8, 8, shape, leave);
        getChildren().addAll(top, prompt, answerRow, verdict, working, hint, buttons);
        sceneProperty().addListener((o, was, scene) -> {
            if (scene != null && active.get()) {
                javafx.application.Platform.runLater(answer::requestFocus);
            }
        });
        showScore();
    }

    /** True while the quiz is on. */
    BooleanProperty activeProperty() {
        return active;
    }

    /** Turns the quiz on (from the first cell, asking the shape first) or off. */
    void setActive(boolean on) {
        if (on == active.get()) {
            return;
        }
        active.set(on);
        if (on) {
            shapeKey = "";
            trace = null;
            vm.restart(); // its redraw syncs: the shape is asked first
            sync();
            answer.requestFocus(); // or, if the column is not in the scene yet, as soon as it is (below)
        } else {
            stage = Stage.OFF;
        }
        redraw.run();
    }

    /** Q: turns the quiz on or off. */
    void toggle() {
        setActive(!active.get());
    }

    /** True while the output's size is the question: the screen hides the output grid and the formula. */
    boolean hidesShape() {
        return active.get() && stage == Stage.SHAPE && !revealed;
    }

    /** True while the current output cell is the question: the screen shows "?" and hides its arithmetic. */
    boolean hidesCell() {
        // after the shape's reveal the first cell is the next question: it stays hidden too
        return active.get() && (stage == Stage.CELL && !revealed || stage == Stage.SHAPE && revealed);
    }

    /** Brings the question up to date with the stepper (called before each redraw). */
    void sync() {
        if (!active.get()) {
            return;
        }
        Object t = vm.convTrace() != null ? vm.convTrace() : vm.poolTrace();
        if (t == null) {
            stage = Stage.DONE;
            trace = null;
            prompt.setText("These settings do not fit the input (see above): change them and the quiz goes on.");
            clearAnswer();
            return;
        }
        String key = shapeKey();
        if (!key.equals(shapeKey) || trace == null) {
            shapeKey = key;
            trace = t;
            askShape();
        } else if (t != trace) {
            trace = t;
            if (stage == Stage.CELL) {
                askCell(vm.cursorProperty().get()); // same shape, new numbers: the same cell again
            }
        } else if (stage == Stage.CELL && vm.cursorProperty().get() != cell) {
            askCell(vm.cursorProperty().get());
        }
    }

    private String shapeKey() {
        Volume in = vm.input();
        String window = vm.mode() == StepperViewModel.Mode.CONVOLUTION
                ? vm.kernel().length + "x" + vm.kernel()[0].length + " " + vm.convSettings().strides() + " " + vm.convSettings().padding()
                : vm.poolSettings().pool() + " " + vm.poolSettings().strides() + " " + vm.poolSettings().padding();
        return vm.mode() + " " + in.height() + "x" + in.width() + "x" + in.channels() + " " + window;
    }

    private void askShape() {
        Volume in = vm.input();
        shapeQuestion = vm.mode() == StepperViewModel.Mode.CONVOLUTION
                ? ShapeQuestion.convolution(in.height(), in.width(), in.channels(),
                        new Size2(vm.kernel().length, vm.kernel()[0].length), vm.convSettings(), 1)
                : ShapeQuestion.pooling(in.height(), in.width(), in.channels(), vm.poolSettings());
        cellQuestion = null;
        stage = Stage.SHAPE;
        revealed = false;
        basePrompt = shapeQuestion.prompt();
        prompt.setText(basePrompt);
        answer.setPromptText("like 3 x 3 x 1");
        clearAnswer();
    }

    private void askCell(int index) {
        cellQuestion = vm.mode() == StepperViewModel.Mode.CONVOLUTION
                ? NumberQuestion.convolutionCell(vm.convTrace(), index)
                : NumberQuestion.poolingCell(vm.poolTrace(), index);
        stage = Stage.CELL;
        cell = index;
        revealed = false;
        String how = vm.mode() == StepperViewModel.Mode.CONVOLUTION
                ? " Multiply the red window by the kernel and add up" + (vm.convSettings().bias() != 0 ? ", add the bias" : "")
                        + (vm.convSettings().relu() ? ", then ReLU" : "") + "."
                : " Pool the red window (" + vm.poolSettings().mode().name().toLowerCase(java.util.Locale.ROOT) + ").";
        basePrompt = cellQuestion.prompt() + " It is the yellow ? cell.";
        prompt.setText(basePrompt + how);
        answer.setPromptText("a number");
        clearAnswer();
    }

    private void clearAnswer() {
        answer.clear();
        answer.setEditable(true);
        verdict.setText("");
        verdict.getStyleClass().removeAll("quiz-right", "quiz-wrong");
        working.setText("");
        working.setVisible(false);
        scrollTo(false);
    }

    /** Enter: checks the answer, or after a reveal goes to the next question. */
    void submit() {
        if (!active.get()) {
            return;
        }
        if (stage == Stage.DONE) {
            if (trace != null) { // every cell was asked: once more from the start
                vm.restart();
                askShape();
                redraw.run();
            }
            return;
        }
        if (revealed) {
            next();
            return;
        }
        Verdict v = stage == Stage.SHAPE ? shapeQuestion.check(answer.getText()) : cellQuestion.check(answer.getText());
        verdict.getStyleClass().removeAll("quiz-right", "quiz-wrong");
        verdict.setText(v.headline());
        if (!v.counts()) {
            return; // a typing slip: say what to type, keep the question
        }
        verdict.getStyleClass().add(v.right() ? "quiz-right" : "quiz-wrong");
        tally = tally.add(v);
        showScore();
        revealed = true;
        answer.setEditable(false);
        working.setText(v.working());
        working.setVisible(true);
        scrollTo(true);
        prompt.setText(basePrompt + " Enter: next question.");
        redraw.run();
    }

    /**
     * In a short column (presenter scale), scrolls so that the answer, the verdict and the working are in view after
     * a reveal, or back to the top for a new question.
     */
    private void scrollTo(boolean reveal) {
        javafx.application.Platform.runLater(() -> {
            for (javafx.scene.Parent p = getParent(); p != null; p = p.getParent()) {
                if (p instanceof javafx.scene.control.ScrollPane sp) {
                    sp.applyCss();
                    sp.layout();
                    double extra = getHeight() - sp.getViewportBounds().getHeight();
                    if (extra > 0) {
                        sp.setVvalue(reveal ? Math.min(1, answerRow.getBoundsInParent().getMinY() / extra) : 0);
                    }
                    return;
                }
            }
        });
    }

    private void next() {
        if (stage == Stage.SHAPE) {
            askCell(vm.cursorProperty().get());
            redraw.run();
        } else if (vm.canForwardProperty().get()) {
            vm.stepForward(); // the redraw syncs: the next cell is asked
        } else {
            stage = Stage.DONE;
            prompt.setText("Every cell is done: " + tally.text() + ". Press Enter to start again, Esc to leave.");
            clearAnswer();
            redraw.run();
        }
    }

    private void showScore() {
        score.setText("Score: " + tally.text());
    }
}
