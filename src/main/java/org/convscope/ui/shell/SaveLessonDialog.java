package org.convscope.ui.shell;

import static org.convscope.ui.common.I18n.tr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.convscope.ui.common.Dialogs;

/**
 * File &gt; Save Lesson's questions: the title, the teacher's notes, whether to include the training run (its
 * checkpoints, for the time machine), and which controls students may not change.
 */
final class SaveLessonDialog {

    /**
     * What the teacher chose.
     *
     * @param title the lesson's title
     * @param notes the teacher's notes
     * @param includeRun keep the run's checkpoints in the lesson
     * @param locked the ids of the controls to lock
     */
    record Choice(String title, String notes, boolean includeRun, List<String> locked) {
    }

    /** Controls a lesson can lock, by id, with the words the dialog shows. */
    static final Map<String, String> LOCKABLE = new LinkedHashMap<>();

    static {
        String[] ids = {
            "nav-build", "nav-stepper", "nav-featuremaps", "nav-train", "stepper-source", "stepper-open",
            "stepper-size", "stepper-channels", "mode-convolution", "mode-pooling", "kernel-preset", "kernel-size",
            "kernel-grid", "conv-stride", "conv-padding", "conv-bias", "conv-relu", "conv-flip", "pool-mode",
            "pool-size", "pool-stride", "pool-padding", "maps-image", "maps-layer", "maps-colours",
            "maps-normalisation", "show-filters", "maps-epoch", "train-epochs", "train-batch", "train-lr",
            "train-optimizer", "train-start"};
        for (String id : ids) {
            LOCKABLE.put(id, tr("lock." + id));
        }
    }

    private SaveLessonDialog() {
    }

    /**
     * Asks; empty when the teacher cancels.
     *
     * @param title the title to offer (the last lesson's, or the model's name)
     * @param notes the notes to offer
     * @param locked the controls to offer as locked
     * @param hasRun whether there is a run whose checkpoints could be included
     */
    static Optional<Choice> ask(Window owner, String title, String notes, List<String> locked, boolean hasRun) {
        Dialog<Choice> d = new Dialog<>();
        Dialogs.own(d, owner);
        d.setTitle(tr("lesson.save.title"));
        d.setHeaderText(tr("lesson.save.header"));
        d.getDialogPane().setId("save-lesson");
        TextField titleField = new TextField(title);
        titleField.setId("lesson-save-title");
        TextArea notesArea = new TextArea(notes);
        notesArea.setId("lesson-save-notes");
        notesArea.setWrapText(true);
        notesArea.setPrefRowCount(6);
        CheckBox run = new CheckBox(tr("lesson.save.includeRun"));
        run.setId("lesson-save-run");
        run.setWrapText(true); // "Incluir el entrenamiento (puntos de control ...)" is longer than the dialog
        run.setDisable(!hasRun);
        run.setSelected(hasRun);
        FlowPane locks = new FlowPane(12, 4);
        locks.setPrefWrapLength(560);
        List<CheckBox> boxes = new ArrayList<>();
        LOCKABLE.keySet().forEach(id -> {
            String label = tr("lock." + id); // in the language now in use, not the one the class was loaded in
            CheckBox b = new CheckBox(label);
            b.setId("lock-" + id);
            b.setUserData(id);
            b.setSelected(locked.contains(id));
            boxes.add(b);
            locks.getChildren().add(b);
        });
        ScrollPane lockScroll = new ScrollPane(locks);
        lockScroll.setFitToWidth(true);
        lockScroll.setPrefViewportHeight(160);
        VBox box = new VBox(6, wrapped(tr("lesson.save.titleField")), titleField, wrapped(tr("lesson.save.notes")),
                notesArea, run, wrapped(tr("lesson.save.locked")), lockScroll);
        box.setPadding(new Insets(8));
        d.getDialogPane().setContent(box);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.setResultConverter(b -> b != ButtonType.OK ? null : new Choice(titleField.getText().strip(),
                notesArea.getText(), run.isSelected(), boxes.stream().filter(CheckBox::isSelected)
                        .map(c -> (String) c.getUserData()).toList()));
        return d.showAndWait();
    }

    /** A heading that wraps rather than ending in "..." (German and Spanish, in presenter type, are long). */
    private static Label wrapped(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }
}
