package org.convscope.ui.common;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.stage.Window;

/** Small dialogs with readable, wrapped text; never a stack trace. */
public final class Dialogs {

    private Dialogs() {
    }

    /**
     * Shows an error and waits until it is closed.
     *
     * @param owner the window it belongs to
     * @param header one line on what failed, e.g. {@code Cannot open model}
     * @param message the explanation
     */
    public static void error(Window owner, String header, String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(owner);
        alert.setTitle("ConvScope");
        alert.setHeaderText(header);
        Label text = new Label(message);
        text.setWrapText(true);
        text.setMaxWidth(640);
        alert.getDialogPane().setContent(text);
        alert.showAndWait();
    }

    /**
     * Asks whether to discard unsaved changes.
     *
     * @param owner the window it belongs to
     * @param action what is about to happen, e.g. {@code quit}
     * @return true to go on and lose the changes
     */
    public static boolean confirmDiscard(Window owner, String action) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", ButtonType.CANCEL, ButtonType.YES);
        alert.initOwner(owner);
        alert.setTitle("ConvScope");
        alert.setHeaderText("The model has unsaved changes.");
        alert.setContentText("Discard them and " + action + "?");
        return alert.showAndWait().filter(b -> b == ButtonType.YES).isPresent();
    }

    /** Returns a short message for an exception: its message, or its type when it has none. */
    public static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
