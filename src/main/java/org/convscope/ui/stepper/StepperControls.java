package org.convscope.ui.stepper;

import static org.convscope.ui.common.I18n.tr;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanExpression;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.convscope.ui.common.Css;

/**
 * The bottom of the stepper: the error, the output-size formula, the worked sum of the current cell, and
 * First / Back / Play / Next / Last with the speed, the position and the quiz toggle.
 *
 * <p>Nothing here may leave the window: the formula and the sum wrap (a long sum gets smaller type and
 * scrolls after a few lines) and the buttons wrap onto a second row. While a quiz question is open, Next,
 * Last and Play are off so the answer cannot be stepped past.
 */
final class StepperControls extends VBox {

    /** A sum longer than this many characters is drawn in smaller type. */
    static final int LONG_SUM = 160;

    private final StepperViewModel vm;
    private final Label formula = new Label();
    private final Label sum = new Label();
    private final Label position = new Label();
    private final Timeline player = new Timeline();
    private final Button play;
    private final FlowPane buttons = new FlowPane(12, 6);

    /**
     * @param vm the stepper
     * @param quiz the quiz, whose open question disables stepping forward
     */
    StepperControls(StepperViewModel vm, QuizViewModel quiz) {
        super(6);
        this.vm = vm;
        Label error = texts();
        BooleanExpression open = quiz.questionOpenProperty();
        Button restart = button(tr("stepper.first"), "step-restart", tr("stepper.first.tip"), vm::restart);
        Button back = button(tr("stepper.back"), "step-back", tr("stepper.back.tip"), vm::stepBack);
        play = button(tr("stepper.play"), "step-play", tr("stepper.play.tip"), this::togglePlay);
        Button next = button(tr("stepper.next"), "step-next", tr("stepper.next.tip"), vm::stepForward);
        Button end = button(tr("stepper.last"), "step-end", tr("stepper.last.tip"), vm::runToEnd);
        // read out by what they do, not by their arrows
        restart.setAccessibleText(tr("a11y.step.first"));
        back.setAccessibleText(tr("a11y.step.back"));
        play.setAccessibleText(tr("a11y.step.play"));
        next.setAccessibleText(tr("a11y.step.next"));
        end.setAccessibleText(tr("a11y.step.last"));
        back.disableProperty().bind(vm.canBackProperty().not());
        next.disableProperty().bind(vm.canForwardProperty().not().or(open));
        end.disableProperty().bind(open);
        play.disableProperty().bind(open);
        open.addListener((o, was, on) -> {
            if (on) {
                player.stop();
            }
        });
        Slider speed = new Slider(1, 30, 4);
        speed.setId("step-speed");
        speed.setPrefWidth(100); // short, so that the quiz toggle stays on the buttons' row at presenter scale
        speed.setTooltip(new Tooltip(tr("stepper.speed.tip")));
        Label speedLabel = new Label();
        speedLabel.setTooltip(new Tooltip(tr("stepper.speed.tip")));
        speedLabel.textProperty().bind(Bindings.format("%.0f/s", speed.valueProperty()));
        player.setCycleCount(Timeline.INDEFINITE);
        player.statusProperty().addListener((o, a, b) -> {
            boolean running = b == Timeline.Status.RUNNING;
            play.setText(running ? tr("stepper.pause") : tr("stepper.play"));
            play.setAccessibleText(running ? tr("a11y.step.pause") : tr("a11y.step.play"));
        });
        speed.valueProperty().addListener((o, a, b) -> configurePlayer(b.doubleValue()));
        configurePlayer(speed.getValue());
        position.setId("stepper-position");
        ToggleButton quizToggle = new ToggleButton(tr("stepper.quiz"));
        quizToggle.setId("quiz-toggle");
        quizToggle.setTooltip(new Tooltip(tr("stepper.quiz.tip")));
        quiz.activeProperty().addListener((o, was, on) -> quizToggle.setSelected(on));
        quizToggle.setOnAction(e -> {
            player.stop();
            quiz.setActive(quizToggle.isSelected());
        });
        HBox steps = new HBox(8, restart, back, play, next, end);
        steps.setAlignment(Pos.CENTER_LEFT);
        steps.setMinWidth(Region.USE_PREF_SIZE);
        HBox speedBox = new HBox(8, speed, speedLabel);
        speedBox.setAlignment(Pos.CENTER_LEFT);
        speedBox.setMinWidth(Region.USE_PREF_SIZE);
        buttons.getChildren().addAll(steps, speedBox, position, quizToggle);
        buttons.setId("stepper-buttons");
        buttons.setAlignment(Pos.CENTER_LEFT);
        // a short sum takes its own height; a long one (a 5x5x3 learned filter) scrolls after about five lines
        ScrollPane sumScroll = new ScrollPane(sum);
        sumScroll.setId("stepper-sum-scroll");
        sumScroll.setFitToWidth(true);
        sumScroll.getStyleClass().addAll("edge-to-edge", "sum-scroll");
        sumScroll.prefViewportHeightProperty().bind(sum.heightProperty());
        sumScroll.setMinViewportHeight(0);
        getChildren().addAll(error, formula, sumScroll, buttons);
        setPadding(new Insets(8, 12, 10, 12));
        getStyleClass().add("stepper-controls");
    }

    /** Sets up the formula, the sum and the error line (all wrap); returns the error line. */
    private Label texts() {
        formula.setId("stepper-formula");
        formula.getStyleClass().addAll(Css.MONO, "formula-strip");
        formula.setWrapText(true);
        formula.setMinHeight(Region.USE_PREF_SIZE);
        sum.setId("stepper-sum");
        sum.getStyleClass().addAll(Css.MONO, "sum-line");
        sum.setWrapText(true);
        sum.setMinHeight(Region.USE_PREF_SIZE);
        sum.textProperty().addListener((o, a, t) -> {
            sum.setAccessibleText(t == null || t.isEmpty() ? null : tr("a11y.sum", t));
            sum.getStyleClass().remove("sum-long");
            if (t != null && t.length() > LONG_SUM) {
                sum.getStyleClass().add("sum-long");
            }
        });
        Label error = new Label();
        error.setId("stepper-error");
        error.getStyleClass().add(Css.PROBLEM);
        error.setWrapText(true);
        error.setMinHeight(Region.USE_PREF_SIZE);
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        return error;
    }

    /** Adds a control at the end of the buttons' row (the screen's Export GIF). */
    void addButton(javafx.scene.Node control) {
        buttons.getChildren().add(control);
    }

    Label formula() {
        return formula;
    }

    Label sum() {
        return sum;
    }

    Label position() {
        return position;
    }

    /** P: plays from the current cell (from the first when at the end), or pauses. */
    void togglePlay() {
        if (play.isDisabled()) {
            return;
        }
        if (player.getStatus() == Timeline.Status.RUNNING) {
            player.stop();
        } else {
            if (!vm.canForwardProperty().get()) {
                vm.restart();
            }
            player.play();
        }
    }

    void stop() {
        player.stop();
    }

    private void configurePlayer(double stepsPerSecond) {
        boolean running = player.getStatus() == Timeline.Status.RUNNING;
        player.stop();
        player.getKeyFrames().setAll(new KeyFrame(Duration.seconds(1 / stepsPerSecond), e -> {
            if (vm.canForwardProperty().get()) {
                vm.stepForward();
            } else {
                player.stop();
            }
        }));
        if (running) {
            player.play();
        }
    }

    private static Button button(String text, String id, String tip, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        b.setAccessibleRole(javafx.scene.AccessibleRole.BUTTON);
        b.setFocusTraversable(false);
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }
}
