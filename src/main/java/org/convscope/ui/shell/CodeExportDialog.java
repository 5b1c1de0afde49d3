package org.convscope.ui.shell;

import static org.convscope.ui.common.I18n.tr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.convscope.io.AtomicFiles;
import org.convscope.ui.common.Css;
import org.convscope.ui.common.Dialogs;

/** Shows generated code (Keras, DL4J, Keras JSON) to copy or save. */
final class CodeExportDialog {

    private CodeExportDialog() {
    }

    /**
     * Shows the dialog and waits until it is closed.
     *
     * @param owner the main window
     * @param title e.g. {@code Keras Python code}
     * @param code the generated text
     * @param fileName suggested file name
     * @param filter file chooser filter for saving
     */
    static void show(Window owner, String title, String code, String fileName, FileChooser.ExtensionFilter filter) {
        Dialog<Void> dialog = new Dialog<>();
        Dialogs.own(dialog, owner);
        dialog.setTitle(title);
        dialog.setHeaderText(title);
        TextArea text = new TextArea(code);
        text.setId("export-code");
        text.setEditable(false);
        text.getStyleClass().add(Css.MONO);
        VBox.setVgrow(text, Priority.ALWAYS);
        Button copy = new Button(tr("export.copy"));
        copy.setId("export-copy");
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(code);
            Clipboard.getSystemClipboard().setContent(c);
            copy.setText(tr("export.copied"));
        });
        Button save = new Button(tr("menu.file.saveAs"));
        save.setId("export-save");
        save.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(tr("export.saveTitle", title));
            chooser.getExtensionFilters().add(filter);
            chooser.setInitialFileName(fileName);
            var chosen = chooser.showSaveDialog(dialog.getDialogPane().getScene().getWindow());
            if (chosen != null) {
                try {
                    write(chosen.toPath(), code);
                    save.setText(tr("status.saved", chosen.getName()));
                } catch (IOException ex) {
                    Dialogs.error(owner, tr("error.cannotSave", chosen.getName()), Dialogs.describe(ex));
                }
            }
        });
        dialog.getDialogPane().setContent(new VBox(8, text, new HBox(8, copy, save)));
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        // As wide as the longest line of code at the window's type size (presenter mode too), within the window.
        dialog.getDialogPane().setId("export-dialog");
        double fontPx = 16;
        if (owner.getScene() != null && owner.getScene().getRoot().getStyleClass().contains(Css.PRESENTER)) {
            dialog.getDialogPane().setStyle(owner.getScene().getRoot().getStyle());
            fontPx = MainWindow.presenterFontSize(owner.getScene().getHeight());
        }
        int longest = code.lines().mapToInt(String::length).max().orElse(0);
        int fits = (int) (owner.getWidth() * 0.9 / (0.62 * fontPx)); // columns of a monospaced font
        text.setPrefColumnCount(Math.max(40, Math.min(fits, longest + 4)));
        int rows = (int) (owner.getHeight() * 0.6 / (1.5 * fontPx));
        text.setPrefRowCount((int) Math.max(6, Math.min(rows, code.lines().count() + 1)));
        // The theme caps dialogs at 600 px; this one is as wide as its code (within the window).
        dialog.getDialogPane().setMaxWidth(Double.MAX_VALUE);
        dialog.getDialogPane().setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        dialog.setResizable(true);
        dialog.showAndWait();
    }

    static void write(Path file, String code) throws IOException {
        AtomicFiles.write(file, code.getBytes(StandardCharsets.UTF_8));
    }
}
