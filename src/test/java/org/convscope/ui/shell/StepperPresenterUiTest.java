package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Convolution &amp; Pooling screen in presenter mode on a 720p projector (1280x720) and at 1600x1000: the
 * step buttons, the formula and the worked sum stay inside the window, toolbars wrap instead of cutting their
 * texts to "S...", and in the quiz the open question cannot be stepped past.
 */
@ExtendWith(ApplicationExtension.class)
class StepperPresenterUiTest {

    private static final List<String> KEY_CONTROLS = List.of("#step-restart", "#step-back", "#step-play", "#step-next",
            "#step-end", "#stepper-formula", "#stepper-sum", "#quiz-toggle", "#stepper-position");

    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        MainWindow window = new MainWindow(stage, new ModelSession(), new CurrentThreadTaskExecutor(),
                Preferences.userRoot().node("convscope-test-" + UUID.randomUUID()), Files.createTempDirectory("cs"));
        stage.setScene(window.createScene(1280, 720));
        stage.sizeToScene(); // the stage is shared between tests: one of them makes it 1600x1000
        stage.show();
    }

    private void presenterStepper(FxRobot robot) {
        robot.clickOn("#nav-stepper");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.P).release(KeyCode.P, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(stage.getScene().getRoot().getStyleClass().contains("presenter"));
    }

    /** Asserts that the node is shown and lies wholly inside the scene. */
    private void assertInside(FxRobot robot, String id) {
        LayoutAssertions.assertInside(stage.getScene(), robot.lookup(id).query(), id);
    }

    private static void assertNothingCut(Node under) {
        LayoutAssertions.assertNothingCut(under);
    }

    private void checkScreen(FxRobot robot) {
        for (String id : KEY_CONTROLS) {
            assertInside(robot, id);
        }
        assertNothingCut(robot.lookup("#stepper-toolbar").query());
        assertNothingCut(robot.lookup("#stepper-buttons").query());
        assertNothingCut(robot.lookup("#stepper-matrices").query());
        assertNothingCut(robot.lookup("#stepper-settings").query());
        // the sum is read whole: its last characters (the result) are on screen
        Label sum = robot.lookup("#stepper-sum").queryAs(Label.class);
        assertTrue(sum.getText().endsWith("= 6"), sum.getText());
    }

    @Test
    void presenterModeAt1280x720KeepsTheStepControlsFormulaAndSumInTheWindow(FxRobot robot) {
        presenterStepper(robot);
        assertEquals(1280, stage.getScene().getWidth(), 0.5);
        assertEquals(720, stage.getScene().getHeight(), 0.5);
        checkScreen(robot);

        // the longest sum of the screen's own samples: an RGB image with a 3x3 kernel, 27 products
        robot.interact(() -> robot.lookup("#stepper-source").queryAs(ComboBox.class).getSelectionModel()
                .select("Sample: chelsea.png"));
        robot.interact(() -> robot.lookup("#stepper-channels").queryAs(javafx.scene.control.ChoiceBox.class)
                .getSelectionModel().select(org.convscope.ui.stepper.StepperTestAccess.rgb()));
        WaitForAsyncUtils.waitForFxEvents();
        String sum = robot.lookup("#stepper-sum").queryAs(Label.class).getText();
        assertTrue(sum.length() > 160, "a long sum: " + sum);
        for (String id : KEY_CONTROLS) {
            assertInside(robot, id);
        }
        assertInside(robot, "#stepper-sum-scroll");

        // the quiz column takes the settings' place: the output's title is still whole, not "Out..."
        robot.type(KeyCode.Q);
        WaitForAsyncUtils.waitForFxEvents();
        assertNothingCut(robot.lookup("#stepper-matrices").query());
        for (String id : List.of("#step-next", "#step-end", "#step-play", "#quiz-answer", "#quiz-prompt")) {
            assertInside(robot, id);
        }
        WaitForAsyncUtils.waitForFxEvents(); // the quiz column scrolls the answer field into view
        Node answer = robot.lookup("#quiz-answer").query();
        javafx.scene.control.ScrollPane column = (javafx.scene.control.ScrollPane) robot.lookup(".quiz-column").query();
        try { // after a layout pass or two, which a busy machine may spread over more than one pulse
            WaitForAsyncUtils.waitFor(5, java.util.concurrent.TimeUnit.SECONDS, () -> {
                Bounds f = answer.localToScene(answer.getBoundsInLocal());
                Bounds c = column.localToScene(column.getLayoutBounds());
                return f.getMinY() >= c.getMinY() && f.getMaxY() <= c.getMaxY() + 0.5;
            });
        } catch (java.util.concurrent.TimeoutException notScrolled) {
            // the assertion below says where it is
        }
        Bounds field = answer.localToScene(answer.getBoundsInLocal());
        Bounds shown = column.localToScene(column.getLayoutBounds());
        assertTrue(field.getMinY() >= shown.getMinY() && field.getMaxY() <= shown.getMaxY() + 0.5,
                "what the learner types is in view: field " + field + ", column " + shown);
    }

    @Test
    void presenterModeAt1600x1000(FxRobot robot) {
        robot.interact(() -> {
            stage.setWidth(1600);
            stage.setHeight(1000);
        });
        presenterStepper(robot);
        assertTrue(stage.getScene().getWidth() >= 1590, "scene " + stage.getScene().getWidth());
        checkScreen(robot);
    }

    @Test
    void anOpenQuizQuestionCannotBeSteppedPast(FxRobot robot) {
        presenterStepper(robot);
        robot.clickOn("#mode-pooling");
        WaitForAsyncUtils.waitForFxEvents();
        for (String id : KEY_CONTROLS) {
            assertInside(robot, id);
        }
        assertNothingCut(robot.lookup("#stepper-toolbar").query());
        assertNothingCut(robot.lookup("#stepper-matrices").query());
        assertNothingCut(robot.lookup("#stepper-settings").query());
        robot.type(KeyCode.Q);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#step-next").queryAs(Button.class).isDisabled(), "Next waits for the answer");
        assertTrue(robot.lookup("#step-end").queryAs(Button.class).isDisabled(), "Last waits for the answer");
        assertTrue(robot.lookup("#step-play").queryAs(Button.class).isDisabled(), "Play waits for the answer");
        robot.write("2 x 2 x 1"); // 5x5, 2x2 window, stride 2
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#quiz-verdict").queryAs(Label.class).getText().startsWith("\u2714"));
        assertFalse(robot.lookup("#step-next").queryAs(Button.class).isDisabled(), "answered: stepping is free");
        robot.type(KeyCode.ENTER); // cell (0, 0) is asked
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("= ?", robot.lookup("#stepper-sum").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#step-next").queryAs(Button.class).isDisabled());
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        robot.type(KeyCode.RIGHT);
        assertEquals("Cell (0, 1), step 2 of 4", robot.lookup("#stepper-position").queryAs(Label.class).getText());
    }

    @Test
    void learnedWeightsAreReadableInTheKernelGrid(FxRobot robot) {
        presenterStepper(robot);
        Button use = robot.lookup("#learned-use").queryAs(Button.class);
        robot.interact(use::fire); // filter 1 of conv2d, untrained weights (seed 42): 3x3x3, over the seed matrix
        WaitForAsyncUtils.waitForFxEvents();
        String note = robot.lookup("#learned-note").queryAs(Label.class).getText();
        assertTrue(note.startsWith("Filter 1 of 32, 3x3x3"), note);
        assertEquals("Sample: chelsea.png", robot.lookup("#stepper-source").queryAs(ComboBox.class).getValue(),
                "the selector names the image the filter slides over");
        assertEquals("RGB", String.valueOf(robot.lookup("#stepper-channels").queryAs(javafx.scene.control.ChoiceBox.class)
                .getValue()), "Channels matches the filter's three input channels");
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                TextField f = robot.lookup("#kernel-" + r + "-" + c).queryAs(TextField.class);
                assertTrue(f.getText().matches("-?0\\.\\d{1,4}|-?0"), f.getText());
                Text t = new Text(f.getText());
                t.setFont(f.getFont());
                double room = f.getWidth() - f.getInsets().getLeft() - f.getInsets().getRight();
                assertTrue(t.getLayoutBounds().getWidth() <= room + 0.5,
                        f.getText() + " needs " + t.getLayoutBounds().getWidth() + " px, the cell has " + room);
                assertInside(robot, "#kernel-" + r + "-" + c);
            }
        }
    }
}
