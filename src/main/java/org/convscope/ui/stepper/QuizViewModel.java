package org.convscope.ui.stepper;

import static org.convscope.ui.common.I18n.tr;

import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.Size2;
import org.convscope.core.quiz.NumberQuestion;
import org.convscope.core.quiz.Score;
import org.convscope.core.quiz.ShapeQuestion;
import org.convscope.core.quiz.Verdict;
import org.convscope.ui.common.QuizModel;

/**
 * The quiz of the Convolution &amp; Pooling screen, without the toolkit: first the output shape, then each
 * output cell in turn is the question until the learner's answer is checked; the reveal says right or wrong
 * and gives the arithmetic (or the shape formula).
 *
 * <p>The questions and their answers come from {@code core.quiz}. The screen calls {@link #sync()} before it
 * draws so the question follows the cursor and the settings: a new shape (other input, window, stride or
 * padding) asks the shape again; other changes (a kernel weight) re-ask the current cell. While a question is
 * open ({@link #questionOpenProperty()}) the screen hides its answer (the output's size or the cell, its sum,
 * and in max pooling the winning input cell) and stepping forward is disabled.
 */
final class QuizViewModel implements QuizModel {

    /** How the last checked answer went, for the verdict's colour. */
    enum Outcome { NONE, RIGHT, WRONG }

    private enum Stage { OFF, SHAPE, CELL, DONE }

    private final StepperViewModel vm;
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active");
    private final StringProperty answer = new SimpleStringProperty(this, "answer", "");
    private final ReadOnlyStringWrapper prompt = new ReadOnlyStringWrapper(this, "prompt", "");
    private final ReadOnlyStringWrapper answerHint = new ReadOnlyStringWrapper(this, "answerHint", tr("quiz.yourAnswer"));
    private final ReadOnlyStringWrapper score = new ReadOnlyStringWrapper(this, "score", "");
    private final ReadOnlyStringWrapper verdict = new ReadOnlyStringWrapper(this, "verdict", "");
    private final ReadOnlyStringWrapper working = new ReadOnlyStringWrapper(this, "working", "");
    private final ReadOnlyBooleanWrapper questionOpen = new ReadOnlyBooleanWrapper(this, "questionOpen");
    private final ReadOnlyBooleanWrapper revealedProperty = new ReadOnlyBooleanWrapper(this, "revealed");
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper(this, "revision");
    private Outcome outcome = Outcome.NONE;
    private Stage stage = Stage.OFF;
    private boolean revealed;
    private String shapeKey = "";
    private Object trace;
    private String basePrompt = "";
    private int cell = -1;
    private NumberQuestion cellQuestion;
    private ShapeQuestion shapeQuestion;
    private Score tally = Score.ZERO;

    /** @param vm the stepper's state, which the questions are about */
    QuizViewModel(StepperViewModel vm) {
        this.vm = vm;
        showScore();
    }

    /** True while the quiz is on (read-only for the view: use {@link #setActive}). */
    @Override
    public ReadOnlyBooleanProperty activeProperty() {
        return active;
    }

    /** What the learner typed; cleared for each new question. */
    @Override
    public StringProperty answerProperty() {
        return answer;
    }

    @Override
    public ReadOnlyStringProperty promptProperty() {
        return prompt.getReadOnlyProperty();
    }

    /** The answer field's prompt text: the form an answer takes. */
    @Override
    public ReadOnlyStringProperty answerHintProperty() {
        return answerHint.getReadOnlyProperty();
    }

    @Override
    public ReadOnlyStringProperty scoreProperty() {
        return score.getReadOnlyProperty();
    }

    /** Empty, a typing slip ("... is not a number"), or the verdict on the checked answer. */
    @Override
    public ReadOnlyStringProperty verdictProperty() {
        return verdict.getReadOnlyProperty();
    }

    /** The arithmetic (or shape formula) behind the answer, empty until the reveal. */
    @Override
    public ReadOnlyStringProperty workingProperty() {
        return working.getReadOnlyProperty();
    }

    /** True while a question waits for its answer: its answer is hidden and stepping forward is off. */
    ReadOnlyBooleanProperty questionOpenProperty() {
        return questionOpen.getReadOnlyProperty();
    }

    /** True after an answer was checked, until the next question. */
    @Override
    public ReadOnlyBooleanProperty revealedProperty() {
        return revealedProperty.getReadOnlyProperty();
    }

    /** Bumped after each change the learner made (a check, a new question): the screen redraws. */
    @Override
    public ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    Outcome outcome() {
        return outcome;
    }

    @Override
    public Boolean lastRight() {
        return outcome == Outcome.NONE ? null : outcome == Outcome.RIGHT;
    }

    /** Turns the quiz on (from the first cell, asking the shape first) or off. */
    @Override
    public void setActive(boolean on) {
        if (on == active.get()) {
            return;
        }
        active.set(on);
        if (on) {
            shapeKey = "";
            trace = null;
            vm.restart();
            sync();
        } else {
            stage = Stage.OFF;
            updateOpen();
        }
        bump();
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
            prompt.set(tr("quiz.settingsDoNotFit"));
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

    /** "Ask the shape": the output's shape is the question again. */
    void askShapeAgain() {
        if (active.get() && trace != null) {
            askShape();
            bump();
        }
    }

    /** Enter: checks the answer, or after a reveal goes to the next question. */
    @Override
    public void submit() {
        if (!active.get()) {
            return;
        }
        if (stage == Stage.DONE) {
            if (trace != null) { // every cell was asked: once more from the start
                vm.restart();
                askShape();
                bump();
            }
            return;
        }
        if (revealed) {
            next();
            return;
        }
        Verdict v = stage == Stage.SHAPE ? shapeQuestion.check(answer.get()) : cellQuestion.check(answer.get());
        outcome = Outcome.NONE;
        verdict.set(v.headline());
        if (!v.counts()) {
            bump();
            return; // a typing slip: say what to type, keep the question
        }
        outcome = v.right() ? Outcome.RIGHT : Outcome.WRONG;
        tally = tally.add(v);
        showScore();
        setRevealed(true);
        working.set(v.working());
        prompt.set(basePrompt + " " + tr("quiz.enterNext"));
        bump();
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
        basePrompt = shapeQuestion.prompt();
        prompt.set(basePrompt);
        answerHint.set(tr("quiz.shapeHint"));
        clearAnswer();
    }

    private void askCell(int index) {
        cellQuestion = vm.mode() == StepperViewModel.Mode.CONVOLUTION
                ? NumberQuestion.convolutionCell(vm.convTrace(), index)
                : NumberQuestion.poolingCell(vm.poolTrace(), index);
        stage = Stage.CELL;
        cell = index;
        String how = vm.mode() == StepperViewModel.Mode.CONVOLUTION
                ? " " + tr("quiz.howConv" + (vm.convSettings().bias() != 0 ? ".bias" : "")
                        + (vm.convSettings().relu() ? ".relu" : ""))
                : " " + tr("quiz.howPool", vm.poolSettings().mode().name().toLowerCase(Locale.ROOT));
        basePrompt = cellQuestion.prompt() + " " + tr("quiz.yellowCell");
        prompt.set(basePrompt + how);
        answerHint.set(tr("quiz.numberHint"));
        clearAnswer();
    }

    /** A new question (or none): nothing typed, no verdict, no working. */
    private void clearAnswer() {
        setRevealed(false);
        answer.set("");
        verdict.set("");
        outcome = Outcome.NONE;
        working.set("");
    }

    private void next() {
        if (stage == Stage.SHAPE) {
            askCell(vm.cursorProperty().get());
            bump();
        } else if (vm.canForwardProperty().get()) {
            vm.stepForward();
            sync(); // the next cell is asked
            bump();
        } else {
            stage = Stage.DONE;
            prompt.set(tr("quiz.allDone", tally.text()));
            clearAnswer();
            bump();
        }
    }

    private void setRevealed(boolean on) {
        revealed = on;
        revealedProperty.set(on);
        updateOpen();
    }

    private void updateOpen() {
        questionOpen.set(active.get() && !revealed && (stage == Stage.SHAPE || stage == Stage.CELL));
    }

    private void showScore() {
        score.set(tr("quiz.score", tally.text()));
    }

    private void bump() {
        updateOpen();
        revision.set(revision.get() + 1);
    }
}
