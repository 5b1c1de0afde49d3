package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.controlsfx.control.GridView;
import org.convscope.ui.common.FxTaskExecutor;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Sends a bundled photo through the default model with the real engine and reads the grid. */
@ExtendWith(ApplicationExtension.class)
class FeatureMapsUiTest {

    private ModelSession session;
    private FxTaskExecutor executor;

    @Start
    void start(Stage stage) throws Exception {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        session = new ModelSession();
        executor = new FxTaskExecutor(2);
        MainWindow window = new MainWindow(stage, session, executor,
                Preferences.userRoot().node("convscope-test-" + UUID.randomUUID()), Files.createTempDirectory("cs"));
        stage.setScene(window.createScene(1400, 900));
        stage.show();
    }

    @AfterEach
    void stop() {
        executor.shutdown();
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    private static void waitForStatus(FxRobot robot, String part) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> text(robot, "#maps-status").contains(part)
                || !text(robot, "#maps-error").isEmpty());
        assertEquals("", text(robot, "#maps-error"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void mapsOfEachLayerFiltersAndTheNumbersBehindATile(FxRobot robot) throws Exception {
        robot.clickOn("#nav-featuremaps");
        waitForStatus(robot, "Maps 1-32 of 32 for chelsea.png");
        GridView<?> grid = robot.lookup("#maps-grid").queryAs(GridView.class);
        assertEquals(32, grid.getItems().size(), "conv2d has 32 filters, so 32 maps");

        ChoiceBox<Object> layer = robot.lookup("#maps-layer").queryAs(ChoiceBox.class);
        robot.interact(() -> layer.setValue(layer.getItems().get(2))); // conv2d_1: 13 x 13 x 64
        waitForStatus(robot, "Maps 1-64 of 64");
        assertEquals(64, grid.getItems().size());

        robot.clickOn("#show-filters");
        waitForStatus(robot, "Filters 1-64 of 64");
        assertEquals(64, robot.lookup(".filter-row").queryAll().size(), "the selected conv2d_1 keeps its 64 filters");

        // The first layer's filters have 3 input channels: a row is R, G, B and an RGB composite.
        robot.interact(() -> layer.setValue(layer.getItems().get(0)));
        waitForStatus(robot, "Filters 1-32 of 32");
        assertEquals(32, robot.lookup(".filter-row").queryAll().size());
        robot.clickOn("#filter-2");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#stepper-sum").tryQuery().isPresent()
                && text(robot, "#stepper-sum").contains("channel 3:"));
        assertTrue(text(robot, "#stepper-position").startsWith("Cell (0, 0), step 1 of"), text(robot, "#stepper-position"));
        robot.clickOn("#nav-featuremaps");

        // Paging and a tile's numbers: conv2d_1 of seed003-bigger has 512 maps, 8 pages of 64.
        robot.interact(() -> session.usePreset("seed003-bigger"));
        robot.clickOn("#show-maps");
        waitForStatus(robot, "Maps 1-8 of 8");
        robot.interact(() -> layer.setValue(layer.getItems().get(2)));
        waitForStatus(robot, "Maps 1-64 of 512");
        robot.clickOn("#maps-next");
        waitForStatus(robot, "Maps 65-128 of 512");
        assertEquals(64, grid.getItems().size());
        // a map on this page whose cell (0, 0) is above 0, so that bias and ReLU both show in the check below
        org.convscope.imaging.FeatureTile chosen = null;
        for (Object o : grid.getItems()) {
            org.convscope.imaging.FeatureTile t = (org.convscope.imaging.FeatureTile) o;
            if (t.values()[0][0] > 1e-3) {
                chosen = t;
                break;
            }
        }
        assertTrue(chosen != null, "some map of page 2 is positive at (0, 0)");
        int number = chosen.channel() + 1;
        javafx.scene.Node tile = robot.lookup("#tile-" + chosen.channel()).query();
        robot.interact(tile::requestFocus);
        robot.type(javafx.scene.input.KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(text(robot, "#maps-detail-title").startsWith("Map " + number + ": min "), text(robot, "#maps-detail-title"));
        javafx.scene.control.Button madeBy = robot.lookup("#maps-detail-filter").queryAs(javafx.scene.control.Button.class);
        assertTrue(madeBy.isVisible());
        assertTrue(madeBy.getText().startsWith("Made by filter " + number + " (3x3x8)"), madeBy.getText());
        double mapValue = chosen.values()[0][0];
        robot.clickOn(madeBy);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text(robot, "#stepper-sum").contains("channel 8:"));
        // the stepper slides the filter over conv2d's 8 maps with the layer's bias and ReLU: it ends on the map's value
        String sum = text(robot, "#stepper-sum");
        assertTrue(sum.contains("ReLU: max(0, "), sum);
        double stepped = Double.parseDouble(sum.substring(sum.lastIndexOf("= ") + 2).trim());
        assertEquals(mapValue, stepped, 1e-3, sum);
        robot.clickOn("#nav-featuremaps");

        robot.interact(() -> session.usePreset("vgg16"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(text(robot, "#maps-error").contains("138,357,544 parameters"), text(robot, "#maps-error"));
    }
}
