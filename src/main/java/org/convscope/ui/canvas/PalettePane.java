package org.convscope.ui.canvas;

import static org.convscope.ui.common.I18n.tr;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.convscope.core.edit.LayerSpecs;

/** The layer palette: drag an entry onto the canvas, or double-click (or press Enter) to add it. */
final class PalettePane extends VBox {

    PalettePane(BuildViewModel vm) {
        super(6);
        setId("layer-palette");
        getStyleClass().add("palette");
        setPadding(new Insets(8));
        Label heading = new Label(tr("canvas.palette.heading"));
        heading.getStyleClass().add("palette-heading");
        getChildren().add(heading);
        for (String type : LayerSpecs.PALETTE) {
            Region icon = new Region();
            icon.getStyleClass().addAll("palette-icon", "type-" + type.toLowerCase());
            Label name = new Label(type);
            name.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            HBox entry = new HBox(8, icon, name);
            entry.setId("palette-" + type);
            entry.getStyleClass().add("palette-entry");
            entry.setFocusTraversable(true);
            Tooltip tip = new Tooltip(LayerSpecs.explain(type) + "\n" + tr("canvas.palette.dragTip"));
            tip.setShowDelay(Duration.millis(300));
            tip.setWrapText(true);
            tip.setMaxWidth(420);
            Tooltip.install(entry, tip);
            entry.setOnDragDetected(e -> {
                var db = entry.startDragAndDrop(TransferMode.COPY);
                ClipboardContent c = new ClipboardContent();
                c.putString(CanvasPane.NEW_PREFIX + type);
                db.setContent(c);
                e.consume();
            });
            entry.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                    vm.add(type);
                }
            });
            entry.setOnKeyPressed(e -> {
                if (e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.SPACE) {
                    vm.add(type);
                    e.consume();
                }
            });
            getChildren().add(entry);
        }
        Label help = new Label(tr("canvas.palette.help"));
        help.getStyleClass().add("palette-help");
        help.setWrapText(true);
        help.setPrefWidth(0); // wraps to the entries' width instead of widening the palette
        help.setMaxWidth(Double.MAX_VALUE);
        getChildren().add(help);
    }
}
