package org.convscope.ui.shell;

import static org.convscope.ui.common.I18n.tr;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.convscope.ui.common.Css;

/**
 * The teacher's notes of the open lesson, beside the screens: the lesson's title and notes. Hide puts it away (View
 * &gt; Lesson Notes brings it back); it shows only while a lesson is open.
 */
final class LessonPanel extends BorderPane {

    private final Label title = new Label();
    private final Label notes = new Label();
    private final BooleanProperty open = new SimpleBooleanProperty(this, "open");
    private final BooleanProperty hidden = new SimpleBooleanProperty(this, "hidden");

    LessonPanel() {
        setId("lesson-panel");
        title.setId("lesson-title");
        title.getStyleClass().add(Css.SCREEN_TITLE);
        title.setWrapText(true);
        notes.setId("lesson-notes");
        notes.setWrapText(true);
        notes.setMinHeight(Region.USE_PREF_SIZE);
        Button hide = new Button(tr("lesson.hide"));
        hide.setId("lesson-hide");
        hide.setOnAction(e -> hidden.set(true));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox head = new HBox(8, new Label(tr("lesson.notes")), spacer, hide);
        setTop(head);
        ScrollPane scroll = new ScrollPane(new javafx.scene.layout.VBox(8, title, notes));
        scroll.setFitToWidth(true);
        setCenter(scroll);
        setPadding(new Insets(8));
        setPrefWidth(300);
        setMinWidth(200);
        setMaxWidth(420);
        visibleProperty().bind(open.and(hidden.not()));
        managedProperty().bind(visibleProperty());
    }

    /** Shows a lesson's title and notes (the panel opens). */
    void show(String lessonTitle, String lessonNotes) {
        title.setText(lessonTitle);
        notes.setText(lessonNotes.isBlank() ? tr("lesson.noNotes") : lessonNotes);
        open.set(true);
        hidden.set(false);
    }

    /** No lesson is open any more. */
    void close() {
        open.set(false);
    }

    /** True while a lesson is open (whether or not its notes are hidden). */
    boolean lessonOpen() {
        return open.get();
    }

    /** True while a lesson is open. */
    javafx.beans.property.ReadOnlyBooleanProperty openProperty() {
        return open;
    }

    /** The title shown. */
    String title() {
        return title.getText();
    }

    /** The notes shown ({@code (no notes)} for none). */
    String notesText() {
        return notes.getText();
    }

    /** True while the teacher has hidden the notes (View &gt; Lesson Notes brings them back). */
    BooleanProperty hiddenProperty() {
        return hidden;
    }
}
