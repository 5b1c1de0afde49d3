package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.scene.chart.LineChart;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
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
 * Trains the default model on the bundled sample through the Train screen: the loss chart gains points while
 * training runs, Pause holds it, Resume goes on, Stop ends it, and the test results show a confusion matrix whose
 * cells open their images.
 */
@ExtendWith(ApplicationExtension.class)
class TrainUiTest {

    private FxTaskExecutor executor;

    @Start
    void start(Stage stage) throws Exception {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        executor = new FxTaskExecutor(2);
        MainWindow window = new MainWindow(stage, new ModelSession(), executor,
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

    @SuppressWarnings("unchecked")
    private static int lossPoints(FxRobot robot) {
        LineChart<Number, Number> chart = robot.lookup(".chart").match(n -> n instanceof LineChart<?, ?> c
                && "Training loss".equals(c.getTitle())).queryAs(LineChart.class);
        return chart.getData().get(0).getData().size();
    }

    @Test
    @SuppressWarnings("unchecked")
    void trainPauseResumeStopAndTheConfusionMatrix(FxRobot robot) throws Exception {
        robot.clickOn("#nav-train");
        Spinner<Integer> epochs = robot.lookup("#train-epochs").queryAs(Spinner.class);
        ChoiceBox<Integer> batch = robot.lookup("#train-batch").queryAs(ChoiceBox.class);
        robot.interact(() -> {
            epochs.getValueFactory().setValue(30); // far more than the test waits for: Stop ends it
            batch.setValue(16);
        });
        robot.clickOn("#train-start");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> lossPoints(robot) >= 5);

        robot.clickOn("#train-pause");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text(robot, "#train-status").startsWith("Paused"));
        // the batch in flight when Pause was pressed may still land (slowly on a busy machine): wait until the
        // chart has not moved for 0.8 s; if pausing did not hold training, it never settles and this times out
        int[] last = {-1};
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
            Thread.sleep(800);
            WaitForAsyncUtils.waitForFxEvents();
            int now = lossPoints(robot);
            boolean settled = now == last[0];
            last[0] = now;
            return settled;
        });
        int held = lossPoints(robot);
        Thread.sleep(1000);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(held, lossPoints(robot), "no batch runs while paused");

        robot.clickOn("#train-pause"); // Resume
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> lossPoints(robot) > held);

        robot.clickOn("#train-stop");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> text(robot, "#train-status").startsWith("Stopped"));
        TabPane tabs = robot.lookup("#train-tabs").queryAs(TabPane.class);
        Tab results = tabs.getTabs().get(1);
        assertFalse(results.isDisable(), "the stopped model was evaluated");
        assertTrue(results.getText().matches("Test results \\(\\d+\\.\\d%\\)"), results.getText());
        robot.interact(() -> tabs.getSelectionModel().select(results));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(text(robot, "#train-gallery-title").startsWith("The first 25 test images"), text(robot, "#train-gallery-title"));
        assertEquals(25, robot.lookup("#train-gallery").queryParent().getChildrenUnmodifiable().size());

        // a cell from the keyboard: cat images predicted as dog
        Label cell = robot.lookup("#cm-3-5").queryAs(Label.class);
        long count = Long.parseLong(cell.getText());
        robot.interact(cell::requestFocus);
        robot.type(javafx.scene.input.KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(text(robot, "#train-gallery-title").startsWith("cat predicted as dog: " + count + " image"),
                text(robot, "#train-gallery-title"));
        assertEquals(Math.min(60, count), robot.lookup("#train-gallery").queryParent().getChildrenUnmodifiable().size());
        // the chosen cell is outlined (and only it), and its gallery's title has been scrolled into view
        assertTrue(cell.getStyleClass().contains("matrix-cell-selected"), cell.getStyleClass().toString());
        assertFalse(robot.lookup("#cm-3-3").queryAs(Label.class).getStyleClass().contains("matrix-cell-selected"));
        javafx.scene.Node scroll = robot.lookup("#train-results-scroll").query();
        javafx.geometry.Bounds view = scroll.localToScene(scroll.getBoundsInLocal());
        Label title = robot.lookup("#train-gallery-title").queryAs(Label.class);
        javafx.geometry.Bounds t = title.localToScene(title.getBoundsInLocal());
        assertTrue(t.getMinY() >= view.getMinY() - 1 && t.getMaxY() <= view.getMaxY() + 1, t + " outside " + view);
        // the corner header is read in full, not "true \ predic..."
        Label corner = robot.lookup("#confusion-corner").queryAs(Label.class);
        assertEquals("true \\ predicted", ((javafx.scene.text.Text) corner.lookup(".text")).getText());
    }
}
