package org.convscope.ui.learn;

import static org.convscope.ui.common.I18n.tr;

import java.util.ArrayList;
import java.util.List;
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
import org.convscope.core.backprop.WorkedNumbers;
import org.convscope.core.quiz.GradientQuestion;
import org.convscope.core.quiz.Score;
import org.convscope.core.quiz.Verdict;
import org.convscope.ui.common.QuizModel;

/**
 * Quiz mode of the Learn screen, without the toolkit: at every step with one number to predict (a gradient cell,
 * a probability, an updated weight) that number is hidden until the learner's answer is checked
 * ({@link GradientQuestion}: a point or a comma, right to 1% or 0.0005); the reveal says right or wrong and shows
 * the worked line. Enter after a reveal goes to the next step, and past a stage's last step to the next stage.
 *
 * <p>The screen calls {@link #sync()} before it draws and shows {@link #shown(LearnStep)} instead of the step.
 */
final class LearnQuiz implements QuizModel {

    private final LearnViewModel vm;
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active");
    private final StringProperty answer = new SimpleStringProperty(this, "answer", "");
    private final ReadOnlyStringWrapper prompt = new ReadOnlyStringWrapper(this, "prompt", "");
    private final ReadOnlyStringWrapper hint = new ReadOnlyStringWrapper(this, "hint", tr("quiz.numberHint"));
    private final ReadOnlyStringWrapper score = new ReadOnlyStringWrapper(this, "score", "");
    private final ReadOnlyStringWrapper verdict = new ReadOnlyStringWrapper(this, "verdict", "");
    private final ReadOnlyStringWrapper working = new ReadOnlyStringWrapper(this, "working", "");
    private final ReadOnlyBooleanWrapper questionOpen = new ReadOnlyBooleanWrapper(this, "questionOpen");
    private final ReadOnlyBooleanWrapper revealed = new ReadOnlyBooleanWrapper(this, "revealed");
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper(this, "revision");
    private Boolean lastRight;
    private Object key; // the run, stage and step the question is about
    private GradientQuestion question;
    private Score tally = Score.ZERO;

    LearnQuiz(LearnViewModel vm) {
        this.vm = vm;
        score.set(tr("quiz.score", tally.text()));
    }

    @Override
    public ReadOnlyBooleanProperty activeProperty() {
        return active;
    }

    @Override
    public StringProperty answerProperty() {
        return answer;
    }

    @Override
    public ReadOnlyStringProperty promptProperty() {
        return prompt.getReadOnlyProperty();
    }

    @Override
    public ReadOnlyStringProperty answerHintProperty() {
        return hint.getReadOnlyProperty();
    }

    @Override
    public ReadOnlyStringProperty scoreProperty() {
        return score.getReadOnlyProperty();
    }

    @Override
    public ReadOnlyStringProperty verdictProperty() {
        return verdict.getReadOnlyProperty();
    }

    @Override
    public ReadOnlyStringProperty workingProperty() {
        return working.getReadOnlyProperty();
    }

    @Override
    public ReadOnlyBooleanProperty revealedProperty() {
        return revealed.getReadOnlyProperty();
    }

    @Override
    public ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /** True while a question waits for its answer: stepping forward is off and the answer is hidden. */
    ReadOnlyBooleanProperty questionOpenProperty() {
        return questionOpen.getReadOnlyProperty();
    }

    @Override
    public Boolean lastRight() {
        return lastRight;
    }

    @Override
    public void setActive(boolean on) {
        if (on == active.get()) {
            return;
        }
        active.set(on);
        key = null;
        question = null;
        clear();
        sync();
        bump();
    }

    /** Q: the quiz on or off. */
    void toggle() {
        setActive(!active.get());
    }

    /** Brings the question up to date with the step shown (called before each redraw). */
    void sync() {
        if (!active.get()) {
            updateOpen();
            return;
        }
        LearnStep s = vm.current();
        List<Object> now = new ArrayList<>(List.of(vm.stage(), vm.step()));
        now.add(vm.run());
        if (now.equals(key)) {
            return;
        }
        key = now;
        clear();
        if (s == null) {
            question = null;
            prompt.set(tr("learn.quiz.doesNotRun"));
        } else if (!s.askable()) {
            question = null;
            prompt.set(tr("learn.quiz.nothing"));
        } else {
            question = new GradientQuestion(tr("learn.quiz.what", s.asked()), s.answer(), WorkedNumbers.format(s.answer()),
                    s.line());
            prompt.set(tr("learn.quiz.yellow", question.prompt(), s.formula()));
        }
        updateOpen();
    }

    /**
     * Returns the step as the screen should show it: while a question is open its number is a "?" in its panel, its
     * worked line is only {@code dK1[0][1] = ?}, and a conv step's products are hidden.
     */
    LearnStep shown(LearnStep s) {
        if (s == null || !questionOpen.get() || !s.askable()) {
            return s;
        }
        List<LearnPanel> panels = new ArrayList<>(s.panels());
        panels.set(s.answerPanel(), panels.get(s.answerPanel()).ask(s.answerRow(), s.answerCol()));
        if (s.stage() == LearnStage.CONV_WEIGHTS || s.stage() == LearnStage.CONV_INPUT) {
            panels.set(2, panels.get(2).hidden()); // as in the stepper's quiz: the products would give the sum away
        }
        return new LearnStep(s.stage(), s.formula(), List.copyOf(panels), s.asked() + " = ?", s.asked(), s.answer(),
                s.answerPanel(), s.answerRow(), s.answerCol());
    }

    @Override
    public void submit() {
        if (!active.get()) {
            return;
        }
        if (question == null || revealed.get()) {
            next();
            return;
        }
        Verdict v = question.check(answer.get());
        verdict.set(v.headline());
        lastRight = null;
        if (!v.counts()) {
            bump();
            return; // a typing slip: say what to type, keep the question
        }
        lastRight = v.right();
        tally = tally.add(v);
        score.set(tr("quiz.score", tally.text()));
        revealed.set(true);
        working.set(v.working());
        prompt.set(tr("learn.quiz.enterNext", question.prompt()));
        updateOpen();
        bump();
    }

    /** The next step, or the next stage's first; after the last stage, the quiz is over. */
    private void next() {
        if (vm.canStepForward()) {
            vm.stepForward();
        } else if (vm.canNextStage()) {
            vm.nextStage();
        } else {
            prompt.set(tr("learn.quiz.done", tally.text()));
            bump();
            return;
        }
        sync();
        bump();
    }

    private void clear() {
        answer.set("");
        verdict.set("");
        working.set("");
        lastRight = null;
        revealed.set(false);
    }

    private void updateOpen() {
        questionOpen.set(active.get() && question != null && !revealed.get());
    }

    private void bump() {
        updateOpen();
        revision.set(revision.get() + 1);
    }
}
