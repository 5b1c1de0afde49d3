package org.convscope.ui.common;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.StringProperty;

/**
 * What a quiz column ({@link QuizPanel}) shows and feeds: the prompt, the typed answer, the verdict with its
 * working, the score. The stepping screens' quiz view models implement it; the questions come from {@code core.quiz}.
 */
public interface QuizModel {

    /** True while the quiz is on. */
    ReadOnlyBooleanProperty activeProperty();

    /** What the learner typed; cleared for each new question. */
    StringProperty answerProperty();

    /** The question in words. */
    ReadOnlyStringProperty promptProperty();

    /** The answer field's prompt text: the form an answer takes. */
    ReadOnlyStringProperty answerHintProperty();

    /** The score, e.g. {@code Score: 2 of 3 right}. */
    ReadOnlyStringProperty scoreProperty();

    /** Empty, a typing slip ("... is not a number"), or the verdict on the checked answer. */
    ReadOnlyStringProperty verdictProperty();

    /** The arithmetic behind the answer, empty until the reveal. */
    ReadOnlyStringProperty workingProperty();

    /** True after an answer was checked, until the next question. */
    ReadOnlyBooleanProperty revealedProperty();

    /** Bumped after each change the learner made (a check, a new question). */
    ReadOnlyIntegerProperty revisionProperty();

    /** True, false or null: whether the last checked answer was right (null while none is checked). */
    Boolean lastRight();

    /** Enter: checks the answer, or after a reveal goes to the next question. */
    void submit();

    /** Turns the quiz on or off. */
    void setActive(boolean on);
}
