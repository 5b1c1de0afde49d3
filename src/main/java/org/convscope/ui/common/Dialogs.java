package org.convscope.ui.common;

import static org.convscope.ui.common.I18n.tr;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.stage.Window;

/**
 * Small dialogs with readable, wrapped text; never a stack trace. Every dialog and window the app opens goes through
 * {@link #own} (or {@link #styleLike}), so it looks like the main window: its stylesheets (the app's, View &gt; High
 * Contrast) and, in presenter mode, its type size.
 */
public final class Dialogs {

    private Dialogs() {
    }

    /**
     * Makes {@code owner} the dialog's owner (when there is one) and gives the dialog the owner's look
     * ({@link #styleLike}).
     *
     * @param dialog any {@link javafx.scene.control.Dialog} or {@link Alert}, before it is shown
     * @param owner the window it belongs to, or null
     * @return the dialog
     */
    public static <D extends javafx.scene.control.Dialog<?>> D own(D dialog, Window owner) {
        if (owner != null) {
            dialog.initOwner(owner);
        }
        styleLike(dialog.getDialogPane().getScene(), owner);
        return dialog;
    }

    /**
     * Gives a dialog's or small window's scene the look of {@code owner}'s: the same stylesheets, in the same order and
     * following the owner's (View &gt; High Contrast switched while it is open included), and the owner root's
     * {@code presenter} style class and type size. A scene whose window has no owner scene gets the app stylesheet.
     * The stylesheets go on the scene, not the dialog pane, so that high contrast's {@code .root} colours and
     * its rules win there as they do in the main window.
     *
     * @param scene the dialog's scene (a {@code Dialog}'s exists from its construction)
     * @param owner the window whose look it takes, or null
     */
    public static void styleLike(javafx.scene.Scene scene, Window owner) {
        if (scene == null) {
            return;
        }
        javafx.scene.Scene from = owner == null ? null : owner.getScene();
        if (from == null) {
            if (!scene.getStylesheets().contains(Css.STYLESHEET)) {
                scene.getStylesheets().add(Css.STYLESHEET);
            }
            return;
        }
        javafx.beans.binding.Bindings.bindContent(scene.getStylesheets(), from.getStylesheets());
        javafx.scene.Parent root = from.getRoot();
        if (root != null && root.getStyleClass().contains(Css.PRESENTER)) {
            if (!scene.getRoot().getStyleClass().contains(Css.PRESENTER)) {
                scene.getRoot().getStyleClass().add(Css.PRESENTER);
            }
            scene.getRoot().setStyle(root.getStyle()); // the presenter type size, fitted to the window
        }
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
        own(alert, owner);
        alert.setTitle("ConvScope");
        alert.setHeaderText(header);
        Label text = new Label(message);
        text.setWrapText(true);
        text.setMaxWidth(640);
        alert.getDialogPane().setContent(text);
        alert.showAndWait();
    }

    /**
     * Shows information without waiting for it to be closed (the window behind stays usable).
     *
     * @param owner the window it belongs to
     * @param header one line on what happened
     * @param message the details, one item per line
     * @return the dialog, already showing
     */
    public static Alert info(Window owner, String header, String message) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        own(alert, owner);
        alert.setTitle("ConvScope");
        alert.setHeaderText(header);
        Label text = new Label(message);
        text.setId("info-dialog-text");
        text.setWrapText(true);
        text.setMaxWidth(760);
        alert.getDialogPane().setContent(text);
        centreOn(alert, owner);
        alert.show();
        return alert;
    }

    /**
     * Keeps a dialog centred on its owner and inside the owner's screen, also when its wrapped text makes it grow
     * after it is shown (a window manager, or none under Xvfb, may otherwise leave it at a corner or off screen).
     */
    static void centreOn(javafx.scene.control.Dialog<?> dialog, Window owner) {
        if (owner == null) {
            return;
        }
        Runnable centre = () -> {
            double w = dialog.getWidth();
            double h = dialog.getHeight();
            if (Double.isNaN(w) || Double.isNaN(h) || w <= 0 || h <= 0) {
                return;
            }
            javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getScreensForRectangle(owner.getX(), owner.getY(),
                    Math.max(1, owner.getWidth()), Math.max(1, owner.getHeight())).stream().findFirst()
                    .orElse(javafx.stage.Screen.getPrimary()).getVisualBounds();
            double x = owner.getX() + (owner.getWidth() - w) / 2;
            double y = owner.getY() + (owner.getHeight() - h) / 2;
            dialog.setX(Math.max(screen.getMinX(), Math.min(x, screen.getMaxX() - w)));
            dialog.setY(Math.max(screen.getMinY(), Math.min(y, screen.getMaxY() - h)));
        };
        dialog.setOnShown(e -> centre.run());
        dialog.widthProperty().addListener((o, a, b) -> centre.run());
        dialog.heightProperty().addListener((o, a, b) -> centre.run());
    }

    /** The answer to "save changes?". */
    public enum SaveChoice { SAVE, DISCARD, CANCEL }

    /** The "Don't Save" button, so tests and keyboard users can find it. */
    public static final ButtonType DONT_SAVE = new ButtonType(tr("dialog.dontSave"), javafx.scene.control.ButtonBar.ButtonData.NO);
    /** The "Save" button. */
    public static final ButtonType SAVE = new ButtonType(tr("dialog.save"), javafx.scene.control.ButtonBar.ButtonData.YES);

    /**
     * Asks what to do with unsaved changes before an action that would drop them.
     *
     * @param owner the window it belongs to
     * @param modelName the model's name
     * @param action what is about to happen, e.g. {@code quit}
     * @return save first, discard, or cancel the action
     */
    public static SaveChoice askSave(Window owner, String modelName, String action) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", SAVE, DONT_SAVE, ButtonType.CANCEL);
        saveButtonsInCurrentLanguage(alert.getDialogPane());
        own(alert, owner);
        alert.setTitle("ConvScope");
        alert.setHeaderText(tr("ask.saveChanges", modelName, action));
        alert.setContentText(tr("ask.saveChanges.details"));
        ButtonType b = alert.showAndWait().orElse(ButtonType.CANCEL);
        return b == SAVE ? SaveChoice.SAVE : b == DONT_SAVE ? SaveChoice.DISCARD : SaveChoice.CANCEL;
    }

    /** The button that replaces an existing file (Cancel is the default, so Enter never replaces anything). */
    public static final ButtonType REPLACE = new ButtonType(tr("export.replace"), javafx.scene.control.ButtonBar.ButtonData.OK_DONE);

    /**
     * Asks before a file is overwritten; Cancel is the default button.
     *
     * @param owner the window it belongs to
     * @param file the existing file
     * @return true only when Replace was chosen
     */
    public static boolean confirmReplaceFile(Window owner, java.nio.file.Path file) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", REPLACE, ButtonType.CANCEL);
        relabel(alert.getDialogPane(), REPLACE, "export.replace");
        own(alert, owner);
        alert.setTitle("ConvScope");
        alert.setHeaderText(tr("file.replaceAsk", file.getFileName()));
        Label text = new Label(tr("file.replaceDetails", file.toAbsolutePath().getParent()));
        text.setWrapText(true);
        text.setMaxWidth(640);
        alert.getDialogPane().setContent(text);
        alert.getDialogPane().setId("replace-file-dialog");
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(REPLACE)).setDefaultButton(false);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        return alert.showAndWait().filter(REPLACE::equals).isPresent();
    }

    /** Returns a short message for an exception: its message, or its type when it has none. */
    public static String describe(Throwable e) {
        if (e instanceof org.convscope.core.error.ConvScopeException c) {
            return c.userMessage();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /**
     * Gives a button of a {@code static final} {@link ButtonType} the text of {@code key} in the language now in use:
     * a ButtonType keeps the text of the language its class was first used in.
     */
    public static void relabel(javafx.scene.control.DialogPane pane, ButtonType type, String key) {
        if (pane.lookupButton(type) instanceof javafx.scene.control.Button b) {
            b.setText(tr(key));
        }
    }

    /** {@link #relabel} for Save and Don't Save. */
    public static void saveButtonsInCurrentLanguage(javafx.scene.control.DialogPane pane) {
        relabel(pane, SAVE, "dialog.save");
        relabel(pane, DONT_SAVE, "dialog.dontSave");
    }
}
