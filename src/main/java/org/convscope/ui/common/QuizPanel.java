package org.convscope.ui.common;

import static org.convscope.ui.common.I18n.tr;

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

/**
 * A quiz column, shown by a stepping screen in place of its settings: the question is hidden until the learner
 * types a prediction and presses Enter; the reveal says right or wrong in words and colour and shows the
 * arithmetic. Enter again goes on, Escape (or Q) leaves. Decimals may be typed with a point or a comma.
 *
 * <p>What is asked, checked and hidden is the {@link QuizModel}'s; this column only shows it and passes keys on.
 */
public final class QuizPanel extends VBox {

    private final QuizModel quiz;
    private final Label prompt = new Label();
    private final Label score = new Label();
    private final TextField answer = new TextField();
    private final Label verdict = new Label();
    private final Label working = new Label();
    private final HBox answerRow;

    /**
     * Creates the column; the screen shows it in place of the settings while the quiz is on.
     *
     * @param quiz the quiz's state, which this column shows and feeds
     * @param extra buttons shown beside Leave, e.g. the stepper's "Ask the shape"
     */
    public QuizPanel(QuizModel quiz, Button... extra) {
        super(6);
        this.quiz = quiz;
        setId("quiz-bar");
        getStyleClass().add("quiz-bar");
        // never squeezed below what it shows: in a short column (fit to its height) it then scrolls instead of
        // letting the answer field run past the column's bottom edge
        setMinHeight(Region.USE_PREF_SIZE);
        // shown in a column for the first time (the column's skin adopts it): scroll to the answer field
        parentProperty().addListener((o, was, now) -> {
            if (now != null) {
                scrollTo(quiz.revealedProperty().get());
            }
        });

        Label title = new Label(tr("quiz.title"));
        title.getStyleClass().add("quiz-title");
        score.setId("quiz-score");
        score.getStyleClass().add("quiz-score");
        score.setWrapText(true);
        score.textProperty().bind(quiz.scoreProperty());
        VBox top = new VBox(2, title, score);
        prompt.setId("quiz-prompt");
        prompt.setWrapText(true);
        prompt.setMinHeight(Region.USE_PREF_SIZE);
        prompt.textProperty().bind(quiz.promptProperty());
        prompt.accessibleTextProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> tr("a11y.quiz.question", prompt.getText()), prompt.textProperty()));

        answerRow = answerRow();
        verdict.setId("quiz-verdict");
        verdict.setWrapText(true);
        verdict.setMinHeight(Region.USE_PREF_SIZE);
        verdict.getStyleClass().add("quiz-verdict");
        verdict.textProperty().bind(quiz.verdictProperty());
        verdict.managedProperty().bind(verdict.textProperty().isNotEmpty());
        verdict.visibleProperty().bind(verdict.managedProperty());
        verdict.textProperty().addListener((o, a, b) -> speakVerdict());
        working.setId("quiz-working");
        working.setWrapText(true);
        working.setMinHeight(Region.USE_PREF_SIZE);
        working.getStyleClass().addAll(Css.MONO, "quiz-working");
        working.textProperty().bind(quiz.workingProperty());
        working.visibleProperty().bind(quiz.revealedProperty());
        working.managedProperty().bind(working.visibleProperty());

        Label hint = new Label(tr("quiz.keys"));
        hint.getStyleClass().add(Css.SUBTITLE);
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        Button leave = new Button(tr("quiz.leave"));
        leave.setId("quiz-leave");
        leave.setOnAction(e -> quiz.setActive(false));
        FlowPane buttons = new FlowPane(8, 8, extra);
        buttons.getChildren().add(leave);
        getChildren().addAll(top, prompt, answerRow, verdict, working, hint, buttons);
        sceneProperty().addListener((o, was, scene) -> {
            if (scene != null && quiz.activeProperty().get()) {
                javafx.application.Platform.runLater(answer::requestFocus);
            }
        });
        quiz.revisionProperty().addListener((o, a, b) -> showOutcome());
        quiz.activeProperty().addListener((o, was, on) -> {
            if (on) {
                answer.requestFocus(); // or, if the column is not in the scene yet, as soon as it is (above)
            }
        });
    }

    /** Puts the keyboard focus in the answer field. */
    public void focusAnswer() {
        answer.requestFocus();
    }

    private HBox answerRow() {
        answer.setId("quiz-answer");
        answer.setPrefColumnCount(8);
        answer.getStyleClass().addAll(Css.MONO, "quiz-answer");
        answer.promptTextProperty().bind(quiz.answerHintProperty());
        answer.textProperty().bindBidirectional(quiz.answerProperty());
        answer.editableProperty().bind(quiz.revealedProperty().not());
        answer.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                quiz.submit();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE || e.getCode() == KeyCode.Q && !e.isShortcutDown() && !e.isControlDown()) {
                quiz.setActive(false);
                e.consume();
            }
        });
        // Q is never part of an answer: the letter of the key that opened the quiz must not land in the field.
        answer.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (e.getCharacter().equalsIgnoreCase("q")) {
                e.consume();
            }
        });
        Button check = new Button(tr("quiz.check"));
        check.setId("quiz-check");
        check.setMinWidth(Region.USE_PREF_SIZE);
        check.setOnAction(e -> quiz.submit());
        HBox row = new HBox(10, answer, check);
        HBox.setHgrow(answer, javafx.scene.layout.Priority.ALWAYS);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    /** The scroll pane whose height changes make {@link #scrollTo} run again, once it is known. */
    private javafx.scene.control.ScrollPane watchedColumn;

    /** After a check or a new question: the verdict's colour, and the column scrolled to what changed. */
    private void showOutcome() {
        verdict.getStyleClass().removeAll("quiz-right", "quiz-wrong");
        Boolean right = quiz.lastRight();
        if (right != null) {
            verdict.getStyleClass().add(right ? "quiz-right" : "quiz-wrong");
        }
        speakVerdict();
        scrollTo(quiz.revealedProperty().get());
    }

    /** Right or wrong in words for a screen reader, not only by the verdict's colour and symbol. */
    private void speakVerdict() {
        Boolean right = quiz.lastRight();
        String text = verdict.getText();
        verdict.setAccessibleText(right == null || text == null || text.isEmpty() ? null
                : tr(right ? "a11y.quiz.right" : "a11y.quiz.wrong", text));
    }

    /**
     * In a short column (presenter scale), scrolls so that the answer, the verdict and the working are in view after
     * a reveal; for a new question, as much of the prompt as fits above the answer field, which is always in view.
     */
    private void scrollTo(boolean reveal) {
        javafx.application.Platform.runLater(() -> {
            for (javafx.scene.Parent p = getParent(); p != null; p = p.getParent()) {
                if (p instanceof javafx.scene.control.ScrollPane sp) {
                    if (sp != watchedColumn) { // the column can shrink later (the window's header wraps): scroll again
                        watchedColumn = sp;
                        sp.viewportBoundsProperty().addListener((o, was, now) -> {
                            if (was.getHeight() != now.getHeight() && isVisible() && getScene() != null) {
                                scrollTo(quiz.revealedProperty().get());
                            }
                        });
                    }
                    sp.applyCss();
                    sp.layout();
                    double viewport = sp.getViewportBounds().getHeight();
                    double extra = getHeight() - viewport;
                    if (extra > 0) {
                        double y = reveal ? answerRow.getBoundsInParent().getMinY()
                                : Math.max(0, answerRow.getBoundsInParent().getMaxY() + 8 - viewport);
                        sp.setVvalue(Math.min(1, y / extra));
                    }
                    return;
                }
            }
        });
    }
}
