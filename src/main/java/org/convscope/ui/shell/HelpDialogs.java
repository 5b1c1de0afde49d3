package org.convscope.ui.shell;

import static org.convscope.ui.common.I18n.tr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.stage.Stage;
import org.convscope.AppInfo;
import org.convscope.ui.common.Dialogs;

/** The Help menu's windows: keyboard shortcuts, a short guide to each screen, the log folder, About. */
final class HelpDialogs {

    /** What each screen is for and how to start, by screen id, a few sentences each. */
    static Map<String, String> guides() {
        return Map.of("build", tr("guide.build"), "stepper", tr("guide.stepper"),
                "featuremaps", tr("guide.featuremaps"), "train", tr("guide.train"), "learn", tr("guide.learn"));
    }

    private final Stage stage;
    private final Path logFolder;
    private Consumer<String> showDocument;

    /**
     * @param stage the main window
     * @param home the app's folder; its {@code logs} folder is created now, as the README says
     */
    HelpDialogs(Stage stage, Path home) {
        this.stage = stage;
        this.logFolder = home.resolve("logs");
        try {
            Files.createDirectories(logFolder);
        } catch (IOException e) {
            // shown when the user asks for the folder
        }
    }

    /** Lets Help &gt; Open Log Folder open the folder in the desktop's file manager (the app's host services). */
    void setShowDocument(Consumer<String> showDocument) {
        this.showDocument = showDocument;
    }

    /** The folder the crash log is written to. */
    Path logFolder() {
        return logFolder;
    }

    /** Help &gt; Keyboard Shortcuts: the one table, grouped by where the keys work. */
    void showShortcuts() {
        GridPane grid = new GridPane();
        grid.setId("shortcuts-table");
        grid.setHgap(16);
        grid.setVgap(4);
        ColumnConstraints keysColumn = new ColumnConstraints();
        keysColumn.setPercentWidth(38); // keys wrap at their commas in presenter type rather than squeeze the actions
        ColumnConstraints wide = new ColumnConstraints();
        wide.setPercentWidth(62);
        wide.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(keysColumn, wide);
        String where = null;
        int row = 0;
        for (Shortcuts.Shortcut s : Shortcuts.all()) {
            if (!s.where().equals(where)) {
                where = s.where();
                Label heading = new Label(where);
                heading.getStyleClass().add("subtitle");
                grid.add(heading, 0, row++, 2, 1);
            }
            Label keys = new Label(s.keys());
            keys.getStyleClass().add("mono");
            keys.setWrapText(true);
            Label action = new Label(s.action());
            action.setWrapText(true);
            grid.add(keys, 0, row);
            grid.add(action, 1, row++);
        }
        show(tr("help.shortcuts.title"), grid);
    }

    /** Help &gt; Guide: what the given screen is for and how to start. */
    void showGuide(String screenId, String screenTitle) {
        Label text = new Label(guides().getOrDefault(screenId, ""));
        text.setId("guide-text");
        text.setWrapText(true);
        text.setPrefWidth(560);
        show(tr("help.guide.title", screenTitle), text);
    }

    private void show(String title, javafx.scene.Node content) {
        Dialog<Void> dialog = new Dialog<>();
        Dialogs.own(dialog, stage);
        dialog.setTitle(title);
        dialog.setHeaderText(title);
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        boolean presenter = stage.getScene() != null
                && stage.getScene().getRoot().getStyleClass().contains(org.convscope.ui.common.Css.PRESENTER);
        scroll.setPrefViewportWidth(presenter ? Math.max(680, stage.getWidth() * 0.8) : 680); // presenter type needs room
        scroll.setPrefViewportHeight(Math.min(520, stage.getHeight() * 0.6));
        dialog.getDialogPane().setContent(scroll);
        dialog.getDialogPane().setStyle("-fx-max-width: 100000px;"); // the theme caps dialogs at 600 px
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        dialog.setResizable(true);
        dialog.show();
    }

    /** Help &gt; Open Log Folder: creates the folder if needed and opens it, or says where it is. */
    void openLogFolder() {
        try {
            Files.createDirectories(logFolder);
        } catch (IOException e) {
            Dialogs.error(stage, tr("help.logFolder.cannotCreate"), Dialogs.describe(e));
            return;
        }
        if (showDocument != null) {
            showDocument.accept(logFolder.toUri().toString());
        } else {
            Dialogs.info(stage, tr("help.logFolder"), tr("help.logFolder.where", logFolder.resolve("convscope.log")));
        }
    }

    /** Help &gt; About. */
    void showAbout(String engineStatus) {
        Alert about = new Alert(Alert.AlertType.INFORMATION);
        Dialogs.own(about, stage);
        about.setTitle(tr("menu.help.about"));
        about.setHeaderText(AppInfo.NAME + " " + AppInfo.version());
        about.setContentText(tr("help.about.text", System.getProperty("java.version"),
                System.getProperty("javafx.runtime.version"), engineStatus, logFolder));
        about.showAndWait();
    }
}
