package org.convscope.ui.learn;

import static org.convscope.ui.common.I18n.tr;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.convscope.ui.common.Css;

/**
 * The bottom of the Learn screen, as on the Convolution &amp; Pooling screen: the error, the step's worked line
 * (it wraps, and scrolls after a few lines), and the buttons: previous and next stage, first / back / next / last
 * step, the position, the quiz toggle, and at the last stage "Take another step" and "Try a too-large step". While a quiz question is open, stepping forward is
 * off so the answer cannot be stepped past.
 */
final class LearnControls extends VBox {

    private final LearnViewModel vm;
    private final LearnQuiz quiz;
    private final Label line = new Label();
    private final Label position = new Label();
    private final Button prevStage;
    private final Button back;
    private final Button next;
    private final Button end;
    private final Button nextStage;
    private final Button again;
    private final Button overshoot;
    private final ToggleButton quizToggle = new ToggleButton(tr("learn.quiz"));

    LearnControls(LearnViewModel vm, LearnQuiz quiz) {
        super(6);
        this.vm = vm;
        this.quiz = quiz;
        Label error = new Label();
        error.setId("learn-error");
        error.getStyleClass().add(Css.PROBLEM);
        error.setWrapText(true);
        error.setMinHeight(Region.USE_PREF_SIZE);
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        line.setId("learn-line");
        line.getStyleClass().addAll(Css.MONO, "sum-line");
        line.setWrapText(true);
        line.setMinHeight(Region.USE_PREF_SIZE);
        ScrollPane lineScroll = new ScrollPane(line);
        lineScroll.setId("learn-line-scroll");
        lineScroll.setFitToWidth(true);
        lineScroll.getStyleClass().addAll("edge-to-edge", "sum-scroll");
        // the line's height at the viewport's width, so a new longer line gets its rows at once (up to the CSS cap)
        lineScroll.prefViewportHeightProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                () -> line.prefHeight(Math.max(1, lineScroll.getViewportBounds().getWidth())), line.textProperty(),
                line.fontProperty(), lineScroll.viewportBoundsProperty()));
        lineScroll.setMinViewportHeight(0);
        prevStage = button(tr("learn.prevStage"), "learn-prev-stage", tr("learn.prevStage.tip"), vm::previousStage);
        Button first = button("\u21e4", "learn-first", tr("learn.first.tip"), vm::firstStep);
        back = button(tr("learn.back"), "learn-back", tr("learn.back.tip"), vm::stepBack);
        next = button(tr("learn.next"), "learn-next", tr("learn.next.tip"), vm::stepForward);
        end = button("\u21e5", "learn-last", tr("learn.last.tip"), vm::lastStep);
        nextStage = button(tr("learn.nextStage"), "learn-next-stage", tr("learn.nextStage.tip"), vm::nextStage);
        again = button(tr("learn.again"), "learn-again", tr("learn.again.tip"), vm::takeAnotherStep);
        overshoot = button(tr("learn.overshootHere"), "learn-overshoot-here",
                tr("learn.overshoot.tip", org.convscope.core.conv.Num.format(LearnSetup.TOO_LARGE)), vm::showOvershoot);
        position.setId("learn-position");
        quizToggle.setId("learn-quiz-toggle");
        quizToggle.setTooltip(new Tooltip(tr("learn.quiz.tip")));
        quiz.activeProperty().addListener((o, was, on) -> quizToggle.setSelected(on));
        quizToggle.setOnAction(e -> quiz.setActive(quizToggle.isSelected()));
        HBox steps = new HBox(8, prevStage, first, back, next, end, nextStage);
        steps.setAlignment(Pos.CENTER_LEFT);
        steps.setMinWidth(Region.USE_PREF_SIZE);
        FlowPane buttons = new FlowPane(12, 6, steps, position, quizToggle, again, overshoot);
        buttons.setId("learn-buttons");
        buttons.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(error, lineScroll, buttons);
        setPadding(new Insets(8, 12, 10, 12));
        getStyleClass().add("stepper-controls");
    }

    /** Shows the step's line and what the buttons may do now. */
    void refresh(LearnStep shown) {
        line.setText(shown == null ? "" : shown.line());
        position.setText(vm.position());
        boolean open = quiz.questionOpenProperty().get();
        prevStage.setDisable(!vm.canPreviousStage());
        back.setDisable(!vm.canStepBack());
        next.setDisable(open || !vm.canStepForward());
        end.setDisable(open || !vm.canStepForward());
        nextStage.setDisable(open || !vm.canNextStage());
        again.setVisible(vm.stage() == LearnStage.FORWARD_AGAIN && vm.run() != null);
        again.setManaged(again.isVisible());
        boolean up = vm.run() != null && vm.run().after().loss() > vm.run().forward().loss();
        overshoot.setVisible(again.isVisible() && !up);
        overshoot.setManaged(overshoot.isVisible());
    }

    private static Button button(String text, String id, String tip, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setAccessibleText(tip); // screen readers say what it does, not its arrows
        b.setOnAction(e -> action.run());
        b.setFocusTraversable(false);
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }
}
