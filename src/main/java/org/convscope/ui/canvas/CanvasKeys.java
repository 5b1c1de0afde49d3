package org.convscope.ui.canvas;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * The canvas's keys (arrows, Home, End select; Delete, Ctrl+D; Ctrl+B a Conv2D branch; Space marks a block; Ctrl+J
 * joins it with the selected one with Add, Ctrl+Shift+J with Concatenate; Enter edits) and scrolling a block into
 * view.
 */
final class CanvasKeys {

    private CanvasKeys() {
    }

    /** Handles a key pressed on the canvas; consumes the keys it uses. */
    static void keyPressed(KeyEvent e, BuildViewModel vm, Runnable editRequest) {
        KeyCode k = e.getCode();
        if (k == KeyCode.UP || k == KeyCode.LEFT) {
            vm.selectPrevious();
        } else if (k == KeyCode.DOWN || k == KeyCode.RIGHT) {
            vm.selectNext();
        } else if (k == KeyCode.HOME) {
            vm.select(0);
        } else if (k == KeyCode.END) {
            vm.select(vm.model().layers().size());
        } else if (k == KeyCode.DELETE || k == KeyCode.BACK_SPACE) {
            vm.deleteSelected();
        } else if (k == KeyCode.D && e.isShortcutDown()) {
            vm.duplicateSelected();
        } else if (k == KeyCode.B && e.isShortcutDown()) {
            vm.addBranch("Conv2D");
        } else if (k == KeyCode.SPACE) {
            vm.toggleMark(vm.selectedProperty().get());
        } else if (k == KeyCode.J && e.isShortcutDown()) {
            vm.join(e.isShiftDown());
        } else if (k == KeyCode.ENTER) {
            editRequest.run();
        } else {
            return;
        }
        e.consume();
    }

    /** Scrolls {@code pane} so that {@code node} shows, along the axes asked for. */
    static void ensureVisible(ScrollPane pane, Node node, boolean vertically, boolean horizontally) {
        Bounds content = pane.getContent().getLayoutBounds();
        Bounds b = node.getBoundsInParent();
        if (vertically) {
            double h = content.getHeight() - pane.getViewportBounds().getHeight();
            if (h > 0) {
                double top = pane.getVvalue() * h;
                if (b.getMinY() < top || b.getMaxY() > top + pane.getViewportBounds().getHeight()) {
                    pane.setVvalue(Math.max(0, Math.min(1, (b.getMinY() - 40) / h)));
                }
            }
        }
        if (horizontally) {
            double w = content.getWidth() - pane.getViewportBounds().getWidth();
            if (w > 0) {
                double left = pane.getHvalue() * w;
                if (b.getMinX() < left || b.getMaxX() > left + pane.getViewportBounds().getWidth()) {
                    pane.setHvalue(Math.max(0, Math.min(1, (b.getMinX() - 40) / w)));
                }
            }
        }
    }
}
