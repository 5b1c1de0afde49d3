package org.convscope.ui.shell;

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
    static final Map<String, String> GUIDES = Map.of(
            "build", "Build a CNN layer by layer. Drag a layer from the palette onto the canvas (or double-click it "
                    + "to add it after the selected block) and edit it in the properties pane: every edge shows the "
                    + "tensor shape, the summary below shows Keras' model.summary() with totals. A layer that cannot "
                    + "be built turns red, says why with the formula, and offers fixes that are checked to work.",
            "stepper", "Watch a convolution or pooling one output cell at a time. Pick an input (a seed matrix, a "
                    + "photo or your own image), a kernel, stride and padding, then step with the arrows or Space, or "
                    + "play. The products, the sum and the output-size formula follow every step. Q starts a quiz.",
            "featuremaps", "Send an image through the model on the Build screen and see what every layer makes of "
                    + "it: each feature map as a tile (click one for its numbers), or each Conv2D filter. The weights "
                    + "are the trained ones after a run or after opening a *.convscope.zip; untrained (seed 42) "
                    + "otherwise. Q asks which filter made a map.",
            "train", "Train the model on the Build screen on CIFAR-10 (the bundled sample or the full set) and watch "
                    + "loss and accuracy live. When the run ends, Test results shows the confusion matrix; Predict and "
                    + "Why? explain single images. Save the trained model to keep it: quitting or replacing the model "
                    + "asks first.",
            "learn", "Follow one training step of a small CNN from the loss back to a single kernel weight and its "
                    + "update. Set up the input, the conv layer, pooling and the Dense layer on the left, then go "
                    + "stage by stage (Page Down) and cell by cell (arrows): every gradient is written out with its "
                    + "numbers. Show a too-large step to see the loss go up; Q starts a quiz.");

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
        ColumnConstraints wide = new ColumnConstraints();
        wide.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(new ColumnConstraints(), wide);
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
            keys.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            Label action = new Label(s.action());
            action.setWrapText(true);
            grid.add(keys, 0, row);
            grid.add(action, 1, row++);
        }
        show("Keyboard shortcuts", grid);
    }

    /** Help &gt; Guide: what the given screen is for and how to start. */
    void showGuide(String screenId, String screenTitle) {
        Label text = new Label(GUIDES.getOrDefault(screenId, ""));
        text.setId("guide-text");
        text.setWrapText(true);
        text.setPrefWidth(560);
        show("Guide: " + screenTitle, text);
    }

    private void show(String title, javafx.scene.Node content) {
        Dialog<Void> dialog = new Dialog<>();
        dialog.initOwner(stage);
        dialog.setTitle(title);
        dialog.setHeaderText(title);
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportWidth(680);
        scroll.setPrefViewportHeight(Math.min(520, stage.getHeight() * 0.6));
        dialog.getDialogPane().setContent(scroll);
        dialog.getDialogPane().setMaxWidth(Double.MAX_VALUE); // the theme caps dialogs at 600 px
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        dialog.setResizable(true);
        dialog.show();
    }

    /** Help &gt; Open Log Folder: creates the folder if needed and opens it, or says where it is. */
    void openLogFolder() {
        try {
            Files.createDirectories(logFolder);
        } catch (IOException e) {
            Dialogs.error(stage, "Cannot create the log folder", Dialogs.describe(e));
            return;
        }
        if (showDocument != null) {
            showDocument.accept(logFolder.toUri().toString());
        } else {
            Dialogs.info(stage, "Log folder", "ConvScope writes its log to " + logFolder.resolve("convscope.log"));
        }
    }

    /** Help &gt; About. */
    void showAbout(String engineStatus) {
        Alert about = new Alert(Alert.AlertType.INFORMATION);
        about.initOwner(stage);
        about.setTitle("About ConvScope");
        about.setHeaderText(AppInfo.NAME + " " + AppInfo.version());
        about.setContentText("See how a convolutional neural network works.\n\n"
                + "Java " + System.getProperty("java.version") + ", JavaFX " + System.getProperty("javafx.runtime.version")
                + "\n" + engineStatus + "\nLog folder: " + logFolder);
        about.showAndWait();
    }
}
