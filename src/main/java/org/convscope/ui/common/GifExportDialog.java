package org.convscope.ui.common;

import static org.convscope.ui.common.I18n.tr;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.convscope.app.Animations;

/**
 * The small dialog every "Export as GIF" opens: frame time, scale 1x/2x/3x, the file (typed or chosen), then Export
 * with a progress bar and Cancel while frames are drawn; for filters, also the input channel whose weights are drawn. The GIF is written by {@link Animations#writeGif} (the use
 * case {@code convscope animate} calls too) in the background and atomically, so a cancelled or failed export leaves
 * an existing file as it was. A file that exists already is replaced only after asking (Cancel is the default), also
 * when its name was typed rather than chosen. Closing the dialog cancels a running export.
 */
public final class GifExportDialog {


    private final Dialog<Void> dialog = new Dialog<>();
    private final Spinner<Integer> frameMs = new Spinner<>(Animations.MIN_FRAME_MS, 5000, Animations.DEFAULT_FRAME_MS, 50);
    private final ToggleGroup scale = new ToggleGroup();
    private final TextField file = new TextField();
    private final ProgressBar progress = new ProgressBar(0);
    private final Label message = new Label();
    private final Button export = new Button(tr("gif.export"));
    private final Button cancel = new Button(tr("gif.cancel"));
    private final TaskExecutor executor;
    private final Supplier<Animations.Animation> frames;
    /** The input channel of filters to draw, when the export offers a choice; null otherwise. */
    private final javafx.scene.control.ChoiceBox<String> channel;
    private final Consumer<String> status;
    private TaskExecutor.JobHandle running;

    private GifExportDialog(Window owner, TaskExecutor executor, String what, String fileName,
            java.util.function.IntFunction<Animations.Animation> framesOfChannel, java.util.List<String> channels,
            int frameCount, Consumer<String> status) {
        this.executor = executor;
        this.status = status;
        this.channel = channels.size() > 1 ? new javafx.scene.control.ChoiceBox<>() : null;
        this.frames = () -> framesOfChannel.apply(channel == null ? 0 : channel.getSelectionModel().getSelectedIndex());
        Dialogs.own(dialog, owner);
        dialog.setTitle(tr("gif.title"));
        dialog.setHeaderText(what);
        dialog.getDialogPane().setId("gif-export-dialog");
        if (owner != null && owner.getScene() != null
                && owner.getScene().getRoot().getStyleClass().contains(Css.PRESENTER)) {
            dialog.getDialogPane().setStyle(owner.getScene().getRoot().getStyle()); // the presenter type size
        }
        frameMs.setId("gif-frame-ms");
        frameMs.setEditable(true);
        frameMs.setPrefWidth(110);
        HBox scales = scaleButtons();
        file.setId("gif-file");
        file.setPrefColumnCount(20);
        file.setText(Path.of(System.getProperty("user.home"), fileName).toString());
        Button choose = new Button(tr("gif.choose"));
        choose.setId("gif-choose");
        choose.setOnAction(e -> choose(fileName));
        HBox fileRow = new HBox(6, file, choose);
        HBox.setHgrow(file, Priority.ALWAYS);
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        Label[] labels = {new Label(tr("gif.frameTime")), new Label(tr("gif.scale")), new Label(tr("gif.file"))};
        for (javafx.scene.control.Labeled l : new javafx.scene.control.Labeled[] {labels[0], labels[1], labels[2], choose}) {
            l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // never "F..." at presenter size
        }
        grid.addRow(0, labels[0], frameMs);
        grid.addRow(1, labels[1], scales);
        grid.addRow(2, labels[2], fileRow);
        if (channel != null) {
            channel.setId("gif-channel");
            channel.getItems().setAll(channels);
            channel.getSelectionModel().select(0);
            Label channelLabel = new Label(tr("gif.channel"));
            channelLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            channelLabel.setLabelFor(channel);
            grid.addRow(3, channelLabel, channel);
        }
        GridPane.setHgrow(fileRow, Priority.ALWAYS);
        Label count = new Label();
        count.setId("gif-frame-count");
        count.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> tr("gif.frames", frameCount,
                String.format(Locale.ROOT, "%.1f", frameCount * (frameMs.getValue() == null ? 0 : frameMs.getValue()) / 1000.0)),
                frameMs.valueProperty()));
        progress.setId("gif-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.setVisible(false);
        message.setId("gif-message");
        message.setWrapText(true);
        export.setId("gif-export");
        export.setDefaultButton(true);
        export.setOnAction(e -> start());
        cancel.setId("gif-cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> cancelOrClose());
        HBox buttons = new HBox(8, export, cancel);
        VBox content = new VBox(10, grid, count, progress, message, buttons);
        content.setPadding(new Insets(8, 12, 8, 12));
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        dialog.getDialogPane().lookupButton(ButtonType.CLOSE).setVisible(false); // Cancel closes; this lets Esc/X close
        dialog.getDialogPane().lookupButton(ButtonType.CLOSE).setManaged(false);
        dialog.setOnCloseRequest(e -> {
            if (running != null && !running.isDone()) {
                running.cancel();
            }
        });
        // the theme caps dialogs at 600 px: this one is as wide as its fields at the window's type size
        dialog.getDialogPane().setMaxWidth(Double.MAX_VALUE);
        dialog.getDialogPane().setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        dialog.setResizable(true);
    }

    /** The 1x/2x/3x toggles; one of them is always chosen. */
    private HBox scaleButtons() {
        HBox scales = new HBox(4);
        for (int s = 1; s <= 3; s++) {
            ToggleButton b = new ToggleButton(s + "x");
            b.setId("gif-scale-" + s);
            b.setUserData(s);
            b.setToggleGroup(scale);
            b.setSelected(s == 1);
            scales.getChildren().add(b);
        }
        scale.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                scale.selectToggle(a); // one scale is always chosen
            }
        });
        return scales;
    }

    /**
     * Opens the dialog (it does not wait to be closed).
     *
     * @param owner the window it belongs to
     * @param executor runs the export in the background
     * @param what the header, e.g. {@code The convolution sweep (9 steps)}
     * @param fileName the suggested file name, e.g. {@code convolution.gif}
     * @param frames the frames (drawn only when exporting)
     * @param status receives the line for the status bar when the GIF was written
     * @return the dialog, showing
     */
    public static Dialog<Void> show(Window owner, TaskExecutor executor, String what, String fileName, Animations.Animation frames,
            Consumer<String> status) {
        GifExportDialog d = new GifExportDialog(owner, executor, what, fileName, c -> frames, java.util.List.of(),
                frames.frameCount(), status);
        d.dialog.show();
        return d.dialog;
    }

    /**
     * Opens the dialog for filters, with a choice of the input channel whose weights are drawn (offered when there
     * is more than one); the frames are made for the chosen channel when exporting.
     *
     * @param framesOfChannel the frames of a 0-based input channel
     * @param channels the number of input channels of the filters
     * @param frameCount the number of frames (the same for every channel)
     * @return the dialog, showing
     */
    public static Dialog<Void> showWithChannels(Window owner, TaskExecutor executor, String what, String fileName,
            java.util.function.IntFunction<Animations.Animation> framesOfChannel, int channels, int frameCount,
            Consumer<String> status) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int c = 0; c < channels; c++) {
            names.add(channels == 3 ? tr(new String[] {"gif.channel.red", "gif.channel.green", "gif.channel.blue"}[c])
                    : Integer.toString(c + 1));
        }
        GifExportDialog d = new GifExportDialog(owner, executor, what, fileName, framesOfChannel, names, frameCount, status);
        d.dialog.show();
        return d.dialog;
    }

    private void choose(String fileName) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(tr("gif.title"));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(tr("gif.filter"), "*.gif", "*.GIF"));
        chooser.setInitialFileName(fileName);
        var chosen = chooser.showSaveDialog(dialog.getDialogPane().getScene().getWindow());
        if (chosen != null) {
            file.setText(chosen.toPath().toString());
        }
    }

    private void start() {
        String name = file.getText() == null ? "" : file.getText().strip();
        if (name.isEmpty()) {
            message.setText(tr("gif.noFile"));
            return;
        }
        Path target = Path.of(name.toLowerCase(Locale.ROOT).endsWith(".gif") ? name : name + ".gif");
        file.setText(target.toString());
        if (java.nio.file.Files.exists(target) && !Dialogs.confirmReplaceFile(dialog.getDialogPane().getScene().getWindow(),
                target)) {
            message.setText(tr("gif.notReplaced", target.getFileName()));
            return; // a typed name never overwrites without asking (Choose... asks in the system's dialog)
        }
        Animations.Settings settings;
        try {
            var factory = frameMs.getValueFactory(); // commits a typed value (clamped to 20..5000)
            factory.setValue(factory.getConverter().fromString(frameMs.getEditor().getText().strip()));
            settings = new Animations.Settings(frameMs.getValue(), (Integer) scale.getSelectedToggle().getUserData());
        } catch (IllegalArgumentException e) { // a NumberFormatException too
            message.setText(tr("gif.frameTimeNumber"));
            return;
        }
        busy(true);
        message.setText(tr("gif.starting"));
        running = executor.submit(BackgroundJob.of("Export GIF", (token, sink) ->
                Animations.writeGif(frames.get(), settings, target, token, sink))
                .onProgress((done, total, m) -> {
                    if (running == null || running.isDone()) {
                        return; // a late report from a cancelled export must not hide "Cancelled"
                    }
                    progress.setProgress(total > 0 ? done / (double) total : -1);
                    message.setText(m);
                })
                .onSuccess(bytes -> {
                    busy(false);
                    String line = tr("gif.wrote", target, String.format(Locale.ROOT, "%,d", bytes));
                    message.setText(line);
                    status.accept(line);
                    dialog.close();
                })
                .onFailure(e -> {
                    busy(false);
                    message.setText(tr("gif.failed", Dialogs.describe(e)));
                })
                .onCancelled(() -> {
                    busy(false);
                    message.setText(tr("gif.cancelled"));
                }));
    }

    private void cancelOrClose() {
        if (running != null && !running.isDone()) {
            running.cancel();
        } else {
            dialog.close();
        }
    }

    private void busy(boolean on) {
        export.setDisable(on);
        progress.setVisible(on);
        progress.setProgress(on ? 0 : progress.getProgress());
    }
}
