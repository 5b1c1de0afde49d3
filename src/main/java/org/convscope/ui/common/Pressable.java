package org.convscope.ui.common;

import javafx.scene.AccessibleRole;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;

/**
 * Makes a plain node (a row of images, a tile) act like a button for every user: a click, or Enter or Space once the
 * keyboard focus is on it (it takes the focus with Tab and shows the focus ring), and a screen reader announces it
 * as a button.
 */
public final class Pressable {

    private Pressable() {
    }

    /** Installs {@code action} on {@code node} for the mouse and the keyboard. */
    public static void install(Node node, Runnable action) {
        node.setFocusTraversable(true);
        node.setAccessibleRole(AccessibleRole.BUTTON);
        node.getStyleClass().add("pressable");
        node.setOnMouseClicked(e -> {
            node.requestFocus();
            action.run();
        });
        node.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.SPACE) {
                action.run();
                e.consume();
            }
        });
    }
}
