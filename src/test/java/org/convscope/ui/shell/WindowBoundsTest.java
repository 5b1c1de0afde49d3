package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

/** The window opens inside the screen's visible area, whatever its size. */
class WindowBoundsTest {

    @Test
    void aLargeScreenGetsThePreferredSizeCentred() {
        // 1920x1050 visible: (1920 - 8 - 1280)/2 = 316; (1050 - 40 - 800)/2 = 105
        assertEquals(new Rectangle2D(316, 105, 1280, 800),
                WindowBounds.fit(new Rectangle2D(0, 0, 1920, 1050), 1280, 800));
    }

    @Test
    void a720pProjectorGetsItsWholeVisibleAreaWithTheMenuOnScreen() {
        // 1280x720 without task bars: the scene is 1272 x 680 and the window starts at the top-left corner,
        // so its title bar (40 px) and the menu bar below it are on the screen.
        Rectangle2D b = WindowBounds.fit(new Rectangle2D(0, 0, 1280, 720), 1280, 800);
        assertEquals(new Rectangle2D(0, 0, 1272, 680), b);
        // a 32 px panel at the top: the window starts below it
        assertEquals(new Rectangle2D(0, 32, 1272, 648), WindowBounds.fit(new Rectangle2D(0, 32, 1280, 688), 1280, 800));
    }

    @Test
    void presenterModeAtStartTakesTheWholeVisibleArea() {
        // 1600x1000: 1592 x 960 from the top-left corner (8 px frame, 40 px title bar)
        Rectangle2D screen = new Rectangle2D(0, 0, 1600, 1000);
        assertEquals(new Rectangle2D(0, 0, 1592, 960), WindowBounds.fit(screen, screen.getWidth(), screen.getHeight()));
    }

    @Test
    void presenterTypeFollowsTheWindowHeight() {
        // 720 / 33 = 21.8; 680 / 33 = 20.6; 1000 / 33 = 30.3, capped at 28; 500 / 33 = 15.2, raised to 20
        assertEquals(21.8, MainWindow.presenterFontSize(720), 1e-9);
        assertEquals(20.6, MainWindow.presenterFontSize(680), 1e-9);
        assertEquals(28, MainWindow.presenterFontSize(1000), 1e-9);
        assertEquals(20, MainWindow.presenterFontSize(500), 1e-9);
    }
}
