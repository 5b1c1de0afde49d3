package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.util.UUID;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.convscope.ui.common.FxTaskExecutor;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Train screen in presenter mode on a 1280x720 projector: the Train, Pause and Stop buttons and the chart
 * buttons lie inside the window with their full text, each chart is at least 250 px high with its full title (loss
 * and accuracy in view, the rate chart may wrap below them), and before training the charts show one epoch rather
 * than an empty 0-110 range.
 */
@ExtendWith(ApplicationExtension.class)
class TrainPresenterUiTest {

    private FxTaskExecutor executor;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        executor = new FxTaskExecutor(2);
        MainWindow window = new MainWindow(stage, new ModelSession(), executor,
                Preferences.userRoot().node("convscope-test-" + UUID.randomUUID()), Files.createTempDirectory("cs"));
        stage.setScene(window.createScene(1280, 720));
        stage.show();
    }

    @AfterEach
    void stop() {
        executor.shutdown();
    }

    /** The node's bounds in the scene. */
    private static Bounds inScene(Node n) {
        return n.localToScene(n.getBoundsInLocal());
    }

    private void assertInsideWindow(Node n, String what) {
        Bounds b = inScene(n);
        double w = stage.getScene().getWidth();
        double h = stage.getScene().getHeight();
        assertTrue(n.isVisible() && b.getMinX() >= 0 && b.getMinY() >= 0 && b.getMaxX() <= w + 0.5 && b.getMaxY() <= h + 0.5,
                what + " at " + b + " leaves the " + w + "x" + h + " window (settings column "
                        + inScene(stage.getScene().lookup("#train-settings")) + ")");
    }

    /** Asserts a label or button shows its whole text (JavaFX would show "Sav..." when it is too narrow). */
    private static void assertFullText(Labeled l) {
        Text shown = (Text) l.lookup(".text");
        assertEquals(l.getText(), shown.getText(), "the text of " + l.getId() + " is cut");
    }

    @Test
    void presenterModeAt1280x720KeepsTheControlsAndFullChartsInTheWindow(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.P).release(KeyCode.P, KeyCode.SHIFT, KeyCode.CONTROL);
        robot.clickOn("#nav-train");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(stage.getScene().getRoot().getStyleClass().contains("presenter"));
        for (String id : new String[] {"#train-start", "#train-pause", "#train-stop", "#train-export-charts",
            "#train-save-history"}) {
            Labeled b = robot.lookup(id).queryAs(Labeled.class);
            assertInsideWindow(b, id);
            assertFullText(b);
        }
        assertEquals("\u2016 Pause", robot.lookup("#train-pause").queryAs(Labeled.class).getText(),
                "a glyph every font has");
        for (String id : new String[] {"#train-loss-chart", "#train-accuracy-chart", "#train-rate-chart"}) {
            LineChart<?, ?> chart = robot.lookup(id).queryAs(LineChart.class);
            assertTrue(chart.getHeight() >= 250, id + " is " + chart.getHeight() + " px high");
            if (!id.equals("#train-rate-chart")) {
                assertInsideWindow(chart, id); // the rate chart may wrap below them (the Curves tab scrolls)
            }
            Labeled title = (Labeled) chart.lookup(".chart-title");
            assertFullText(title);
            NumberAxis x = (NumberAxis) chart.getXAxis();
            assertEquals(1, x.getUpperBound(), 1e-9, id + ": before training the x axis shows one epoch, not 0-110");
        }
    }
}
