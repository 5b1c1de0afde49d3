package org.convscope.ui.featuremaps;

import static org.convscope.ui.common.I18n.tr;

import javafx.beans.property.DoubleProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.VBox;
import org.controlsfx.control.GridCell;
import org.convscope.core.conv.Num;
import org.convscope.imaging.FeatureTile;

/** A tile: the map drawn crisp, with its number; hover for statistics, click (or Enter) for the numbers. */
final class TileCell extends GridCell<FeatureTile> {

    private final ImageView view = new ImageView();
    private final Label caption = new Label();
    private final VBox box = new VBox(2, view, caption);
    private final java.util.function.Consumer<FeatureTile> onClick;
    private final java.util.function.IntSupplier total;

    /**
     * @param onClick shows a tile's numbers
     * @param size the tile's side in pixels (larger in presenter mode)
     * @param total how many maps the layer has (read out with each tile: "map 13 of 32")
     */
    TileCell(java.util.function.Consumer<FeatureTile> onClick, DoubleProperty size, java.util.function.IntSupplier total) {
        this.onClick = onClick;
        this.total = total;
        setAccessibleRole(javafx.scene.AccessibleRole.BUTTON); // Enter or Space shows its numbers
        view.fitWidthProperty().bind(size);
        view.fitHeightProperty().bind(size);
        box.setAlignment(Pos.CENTER);
        view.setSmooth(false);
        view.setPreserveRatio(true);
        caption.getStyleClass().add("tile-caption");
        // A filter: the cell's behaviour consumes plain mouse events before handlers see them.
        addEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> {
            if (getItem() != null) {
                requestFocus();
                onClick.accept(getItem());
            }
        });
        // From the keyboard: Tab to a tile, Enter or Space shows its numbers.
        setFocusTraversable(true);
        addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (getItem() != null && (e.getCode() == javafx.scene.input.KeyCode.ENTER
                    || e.getCode() == javafx.scene.input.KeyCode.SPACE)) {
                onClick.accept(getItem());
                e.consume();
            }
        });
    }

    @Override
    protected void updateItem(FeatureTile t, boolean empty) {
        super.updateItem(t, empty);
        if (empty || t == null) {
            setGraphic(null);
            setTooltip(null);
            setId(null); // cells are reused: an empty one must not keep a tile's id
            setAccessibleText(null);
            return;
        }
        WritableImage img = new WritableImage(t.width(), t.height());
        img.getPixelWriter().setPixels(0, 0, t.width(), t.height(), PixelFormat.getIntArgbInstance(), t.argb(), 0, t.width());
        view.setImage(img);
        caption.setText("#" + (t.channel() + 1));
        setTooltip(new Tooltip(tr("maps.tileTip", t.channel() + 1, Num.format(t.min()), Num.format(t.max()),
                Num.format(t.mean()))));
        setGraphic(box);
        setAccessibleText(tr("a11y.tile.map", t.channel() + 1, Math.max(total.getAsInt(), t.channel() + 1),
                org.convscope.ui.common.Spoken.number(t.min()), org.convscope.ui.common.Spoken.number(t.max())));
        setId("tile-" + t.channel());
    }
}
