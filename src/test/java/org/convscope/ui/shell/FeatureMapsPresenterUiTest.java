package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import org.controlsfx.control.GridView;
import org.convscope.ui.common.FxTaskExecutor;
import org.convscope.ui.common.MatrixView;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Feature maps screen on a 1280x720 projector in presenter mode: the layer choice, the page controls, Export and
 * the tile grid lie inside the window, and the tiles and the numbers panel are drawn larger, since images and a
 * canvas do not follow the CSS font size (issue 16, symptom 1).
 */
@ExtendWith(ApplicationExtension.class)
class FeatureMapsPresenterUiTest {

    private ModelSession session;
    private FxTaskExecutor executor;
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        session = new ModelSession();
        executor = new FxTaskExecutor(2);
        window = new MainWindow(stage, session, executor,
                Preferences.userRoot().node("convscope-test-" + UUID.randomUUID()), Files.createTempDirectory("cs"));
        stage.setScene(window.createScene(1280, 720));
        window.viewModel().presenterModeProperty().set(true);
        stage.show();
    }

    @AfterEach
    void stop() {
        executor.shutdown();
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    /** Asserts that {@code id} is shown, with a size, entirely inside the scene. */
    private static Bounds assertInside(FxRobot robot, String id) {
        Node n = robot.lookup(id).query();
        Scene scene = n.getScene();
        Bounds b = n.localToScene(n.getBoundsInLocal());
        assertTrue(n.isVisible() && b.getWidth() > 0 && b.getHeight() > 0, id + " is shown: " + b);
        assertTrue(b.getMinX() >= 0 && b.getMinY() >= 0 && b.getMaxX() <= scene.getWidth() + 0.5
                && b.getMaxY() <= scene.getHeight() + 0.5, id + " lies inside the 1280x720 window: " + b);
        boolean wraps = n instanceof javafx.scene.control.Labeled l && l.isWrapText();
        if (n instanceof javafx.scene.control.Control c && !(n instanceof Label || n instanceof GridView || wraps)) {
            assertTrue(c.getWidth() >= c.prefWidth(-1) - 0.5, id + " is not cut short (to \"S...\"): " + c.getWidth()
                    + " < " + c.prefWidth(-1));
        }
        return b;
    }

    private static double tileImageWidth(FxRobot robot) {
        return robot.lookup("#tile-0").queryAs(javafx.scene.Parent.class).lookup(".image-view") instanceof ImageView v
                ? v.getBoundsInParent().getWidth() : -1;
    }

    @Test
    void keyControlsFitAndTilesAndNumbersScaleUp(FxRobot robot) throws Exception {
        robot.clickOn("#nav-featuremaps");
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> text(robot, "#maps-status").startsWith("Maps 1-32 of 32")
                || !text(robot, "#maps-error").isEmpty());
        assertEquals("", text(robot, "#maps-error"));
        WaitForAsyncUtils.waitForFxEvents();

        for (String id : new String[] {"#show-maps", "#show-filters", "#maps-image", "#maps-layer", "#maps-prev",
                "#maps-next", "#maps-export", "#maps-quiz", "#maps-status", "#maps-grid", "#maps-detail-title"}) {
            assertInside(robot, id);
        }
        GridView<?> grid = robot.lookup("#maps-grid").queryAs(GridView.class);
        Bounds gridBounds = assertInside(robot, "#maps-grid");
        assertTrue(gridBounds.getHeight() >= grid.getCellHeight(), "at least one row of tiles: " + gridBounds);
        assertInside(robot, "#tile-0");

        // tiles: 88 px at normal scale, 1.5 times that on a projector
        assertEquals(132, tileImageWidth(robot), 0.5, "a presenter-mode tile is 132 px wide");
        assertEquals(136, grid.getCellWidth(), 0.5);

        // the numbers panel: cells of 30 px drawn at 45, beside the grid and inside the window
        robot.clickOn("#tile-0");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(text(robot, "#maps-detail-title").startsWith("Map 1: min "), text(robot, "#maps-detail-title"));
        assertTrue(text(robot, "#maps-detail-title").contains("untrained weights (seed 42)"));
        javafx.scene.control.Button madeBy = robot.lookup("#maps-detail-filter").queryAs(javafx.scene.control.Button.class);
        assertInside(robot, "#maps-detail-filter");
        javafx.scene.text.Text madeByText = (javafx.scene.text.Text) madeBy.lookup(".text");
        assertTrue(madeByText.getText().endsWith("step through it"), "wrapped, not cut short: " + madeByText.getText());
        MatrixView numbers = robot.lookup("#maps-detail").queryAs(MatrixView.class);
        assertEquals(45, numbers.getCellSize(), 1e-9);
        Bounds numbersBounds = assertInside(robot, "#maps-detail");
        assertTrue(numbersBounds.getWidth() >= 4 * 45, "the numbers panel shows several columns: " + numbersBounds);
        assertTrue(numbersBounds.getMinX() >= gridBounds.getMaxX() - 0.5, "beside the grid, not over it");

        robot.interact(() -> window.viewModel().presenterModeProperty().set(false));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(88, tileImageWidth(robot), 0.5, "back to normal scale");
        assertEquals(30, numbers.getCellSize(), 1e-9);
    }
}
