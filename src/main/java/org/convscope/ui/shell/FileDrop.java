package org.convscope.ui.shell;

import static org.convscope.ui.common.I18n.tr;

import java.nio.file.Path;
import java.util.function.Predicate;
import javafx.scene.Node;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import org.convscope.app.ModelFiles;

/**
 * Dropping a lesson or a model file anywhere on the window opens it (after asking about unsaved work), as File &gt;
 * Open would; what the file is comes from its content. Screens that take dropped images handle those themselves first.
 */
final class FileDrop {

    private final FileActions files;
    private final LessonActions lessons;
    private final Predicate<String> confirmDiscard;

    FileDrop(FileActions files, LessonActions lessons, Predicate<String> confirmDiscard) {
        this.files = files;
        this.lessons = lessons;
        this.confirmDiscard = confirmDiscard;
    }

    void install(Node root) {
        root.addEventHandler(DragEvent.DRAG_OVER, e -> {
            if (!e.isConsumed() && fileOf(e) != null) {
                e.acceptTransferModes(TransferMode.COPY);
                e.consume();
            }
        });
        root.addEventHandler(DragEvent.DRAG_DROPPED, e -> {
            Path file = e.isConsumed() ? null : fileOf(e);
            if (file == null) {
                return;
            }
            e.setDropCompleted(true);
            e.consume();
            // after the drop has ended: a dialog must not open inside the drag-and-drop gesture
            javafx.application.Platform.runLater(() -> open(file));
        });
    }

    /** Opens a dropped file by what it holds. */
    void open(Path file) {
        if (ModelFiles.detect(file) == ModelFiles.Kind.CONVSCOPE_LESSON) {
            lessons.openAsking(file);
        } else if (confirmDiscard.test(tr("action.openModel"))) {
            files.openFile(file);
        }
    }

    /** The one dropped file, when it is a lesson or a model ConvScope opens; null otherwise. */
    private static Path fileOf(DragEvent e) {
        var d = e.getDragboard();
        if (!d.hasFiles() || d.getFiles().size() != 1) {
            return null;
        }
        Path p = d.getFiles().get(0).toPath();
        ModelFiles.Kind kind = ModelFiles.detect(p);
        return kind.openable() ? p : null;
    }
}
