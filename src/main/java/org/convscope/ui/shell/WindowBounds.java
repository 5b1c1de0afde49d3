package org.convscope.ui.shell;

import javafx.geometry.Rectangle2D;

/**
 * Where the main window goes: its preferred size where the screen has room, else the screen's visible area, centred,
 * with room for the title bar, so that on a 1280x720 projector no part of it (the menu bar least of all) lies off the
 * screen.
 */
final class WindowBounds {

    /** Room left for the window manager's title bar and frame above and around the scene. */
    static final double FRAME_HEIGHT = 40;
    static final double FRAME_WIDTH = 8;

    private WindowBounds() {
    }

    /**
     * Returns the scene's size and the window's top-left corner.
     *
     * @param visual the screen's visible area (without task bars)
     * @param width the preferred scene width
     * @param height the preferred scene height
     * @return x and y of the window, width and height of its scene
     */
    static Rectangle2D fit(Rectangle2D visual, double width, double height) {
        double w = Math.min(width, visual.getWidth() - FRAME_WIDTH);
        double h = Math.min(height, visual.getHeight() - FRAME_HEIGHT);
        double x = visual.getMinX() + Math.max(0, (visual.getWidth() - FRAME_WIDTH - w) / 2);
        double y = visual.getMinY() + Math.max(0, (visual.getHeight() - FRAME_HEIGHT - h) / 2);
        return new Rectangle2D(Math.floor(x), Math.floor(y), Math.floor(w), Math.floor(h));
    }
}
