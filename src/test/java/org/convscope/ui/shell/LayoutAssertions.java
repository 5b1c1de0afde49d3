package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;

/** Checks the presenter-mode UI tests share: a control lies inside the window; no text is shortened to "S...". */
final class LayoutAssertions {

    private LayoutAssertions() {
    }

    /**
     * Asserts that the node is shown and lies wholly inside the scene.
     *
     * @param scene the window's scene
     * @param n the node
     * @param what the node's name (and where), for the message
     */
    static void assertInside(Scene scene, Node n, String what) {
        assertTrue(n.isVisible(), what + " is visible");
        Bounds b = n.localToScene(n.getBoundsInLocal());
        double w = scene.getWidth();
        double h = scene.getHeight();
        assertTrue(b.getWidth() > 0 && b.getHeight() > 0, what + " has a size: " + b);
        assertTrue(b.getMinX() >= 0 && b.getMinY() >= 0 && b.getMaxX() <= w + 0.5 && b.getMaxY() <= h + 0.5,
                what + " at " + b + " lies inside the " + w + "x" + h + " window");
    }

    /** Asserts that no button or label under the node shows a shortened text ("S..."). */
    static void assertNothingCut(Node under) {
        List<String> cut = new ArrayList<>();
        collect(under, cut);
        assertTrue(cut.isEmpty(), "cut texts: " + cut);
    }

    private static void collect(Node n, List<String> cut) {
        if (!n.isVisible()) {
            return;
        }
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty()) {
            Node text = l.lookup(".text");
            if (text instanceof Text t && !t.getText().equals(l.getText()) && !l.isWrapText()) {
                cut.add(l.getText() + " -> " + t.getText());
            }
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                collect(c, cut);
            }
        }
    }
}
