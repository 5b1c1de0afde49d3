package org.convscope.ui.shell;

import static org.convscope.ui.common.I18n.tr;

import java.nio.file.Path;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
import org.convscope.ui.common.Dialogs;

/** The real dialogs of {@link ExportActions}: folder and file choosers, the replace question, errors, progress. */
final class ExportDialogs implements ExportActions.Ui {

    /** The button that replaces a folder (the default is Cancel, so Enter never deletes anything). */
    static final ButtonType REPLACE = new ButtonType(tr("export.replace"), ButtonBar.ButtonData.OK_DONE);

    private final Stage owner;

    ExportDialogs(Stage owner) {
        this.owner = owner;
    }

    @Override
    public Path chooseFolder(String suggestedName) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(tr("export.chooseFolder", suggestedName));
        var chosen = chooser.showDialog(owner);
        return chosen == null ? null : chosen.toPath();
    }

    @Override
    public Path chooseOnnxFile(String suggestedName) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(tr("export.onnxTitle"));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(tr("filter.onnx"), "*.onnx"));
        chooser.setInitialFileName(suggestedName);
        var chosen = chooser.showSaveDialog(owner);
        return chosen == null ? null : chosen.toPath();
    }

    @Override
    public boolean confirmReplace(Path dir, long entries) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", REPLACE, ButtonType.CANCEL);
        org.convscope.ui.common.Dialogs.relabel(alert.getDialogPane(), REPLACE, "export.replace");
        Dialogs.own(alert, owner);
        alert.setTitle("ConvScope");
        alert.setHeaderText(tr("export.replaceAsk", dir.getFileName()));
        Label text = new Label(tr(entries == 1 ? "export.replaceOne" : "export.replaceMany", dir,
                String.format(Locale.ROOT, "%,d", entries)));
        text.setWrapText(true);
        text.setMaxWidth(640);
        alert.getDialogPane().setContent(text);
        ((Button) alert.getDialogPane().lookupButton(REPLACE)).setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        return alert.showAndWait().filter(REPLACE::equals).isPresent();
    }

    @Override
    public void error(String header, String message) {
        Dialogs.error(owner, header, message);
    }

    @Override
    public ExportActions.Progress progress(String title, Runnable cancel) {
        Stage stage = new Stage(StageStyle.UTILITY);
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle("ConvScope");
        Label heading = new Label(title);
        heading.setWrapText(true);
        ProgressBar bar = new ProgressBar(-1);
        bar.setId("export-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        Label message = new Label(tr("export.preparing"));
        message.setWrapText(true);
        Button stop = new Button(tr("dialog.cancel"));
        stop.setId("export-cancel");
        stop.setCancelButton(true);
        stop.setOnAction(e -> {
            stop.setDisable(true);
            message.setText(tr("export.cancelling"));
            cancel.run();
        });
        HBox buttons = new HBox(stop);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox box = new VBox(10, heading, bar, message, buttons);
        box.setPadding(new Insets(16));
        box.setPrefWidth(480);
        stage.setScene(new Scene(box));
        Dialogs.styleLike(stage.getScene(), owner);
        stage.setOnCloseRequest(e -> cancel.run());
        stage.show();
        return new ExportActions.Progress() {
            @Override
            public void update(double fraction, String text) {
                bar.setProgress(fraction < 0 ? -1 : fraction);
                if (text != null && !text.isBlank()) {
                    message.setText(text);
                }
            }

            @Override
            public void close() {
                stage.close();
            }
        };
    }
}
