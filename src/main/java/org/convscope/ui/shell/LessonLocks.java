package org.convscope.ui.shell;

import static org.convscope.ui.common.I18n.tr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;

/**
 * The controls a lesson locks: shown but disabled, with the tooltip {@link #tooltip()}. A control whose disabled state
 * its screen binds (to what it applies to) is made inert instead (no mouse, no focus, dimmed like a disabled one).
 *
 * <p>JavaFX shows no tooltip over a disabled control, so the window's root shows it when the pointer rests on one.
 * Screens rebuild some controls (the stepper's settings column); the locks are applied again to the new ones on the
 * next mouse move or key press, before the event reaches them.
 */
final class LessonLocks {

    /** The tooltip of a locked control. */
    /** The tooltip of a locked control, in the language now in use. */
    static String tooltip() {
        return tr("lesson.locked");
    }
    /** The style class of a control locked while its screen binds its disabled state. */
    static final String INERT = "lesson-locked";

    private final Supplier<List<Node>> roots;
    private final Tooltip tip = new Tooltip(tooltip());
    private final Map<Node, Tooltip> locked = new LinkedHashMap<>();
    private List<String> ids = List.of();
    private Node tipFor;
    private long lastMoveCheck;

    /**
     * @param roots where the controls are looked up: the window and every screen (a screen not shown is not in the
     *              window's scene)
     */
    LessonLocks(Parent window, Supplier<List<Node>> roots) {
        this.roots = roots;
        window.addEventFilter(MouseEvent.MOUSE_MOVED, this::pointerMoved);
        window.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> reapply());
        window.addEventFilter(KeyEvent.KEY_PRESSED, e -> reapply());
    }

    /** Locks exactly these controls (by id), unlocking any others. */
    void lock(List<String> controlIds) {
        unlockAll();
        ids = List.copyOf(controlIds);
        reapply();
        javafx.application.Platform.runLater(this::reapply); // controls in scroll panes exist after the next layout
    }

    /** The ids locked now. */
    List<String> ids() {
        return ids;
    }

    /** Unlocks everything (the lesson has ended). */
    void unlockAll() {
        for (var e : locked.entrySet()) {
            Node n = e.getKey();
            if (!n.disableProperty().isBound()) {
                n.setDisable(false);
            }
            n.setMouseTransparent(false);
            n.getStyleClass().remove(INERT);
            if (n instanceof Control c) {
                c.setTooltip(e.getValue());
            } else {
                Tooltip.uninstall(n, tip);
            }
        }
        locked.clear();
        ids = List.of();
        tip.hide();
    }

    /** Locks the controls of the locked ids that are not locked yet (new ones a screen built since). */
    void reapply() {
        if (ids.isEmpty()) {
            return;
        }
        locked.keySet().removeIf(n -> n.getScene() == null && n.getParent() == null); // thrown away by a rebuild
        for (String id : ids) {
            for (Node root : roots.get()) {
                for (Node n : root.lookupAll("#" + id)) {
                    if (!locked.containsKey(n)) {
                        lockNode(n);
                    }
                }
            }
        }
    }

    private void lockNode(Node n) {
        Tooltip before = n instanceof Control c ? c.getTooltip() : null;
        locked.put(n, before);
        if (n.disableProperty().isBound()) {
            n.setMouseTransparent(true);
            n.getStyleClass().add(INERT);
        } else {
            n.setDisable(true);
        }
        if (n instanceof Control c) {
            c.setTooltip(new Tooltip(tooltip()));
        } else {
            Tooltip.install(n, tip);
        }
    }

    /** Shows the tooltip over a locked control, which JavaFX would not since the control is disabled. */
    private void pointerMoved(MouseEvent e) {
        long now = System.nanoTime();
        if (now - lastMoveCheck > 250_000_000L) { // the lookups walk every screen: a few times a second is enough
            lastMoveCheck = now;
            reapply();
        }
        Node over = null;
        for (Node n : new ArrayList<>(locked.keySet())) {
            if (n.getScene() != null && n.isVisible()) {
                Bounds b = n.localToScene(n.getBoundsInLocal());
                if (b.contains(e.getSceneX(), e.getSceneY())) {
                    over = n;
                    break;
                }
            }
        }
        if (over == null) {
            tip.hide();
            tipFor = null;
        } else if (over != tipFor || !tip.isShowing()) {
            tipFor = over;
            tip.show(over, e.getScreenX() + 12, e.getScreenY() + 18);
        }
    }
}
