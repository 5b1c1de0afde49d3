package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.util.UUID;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Steps through the seed convolution on the real screen and reads what a learner reads. */
@ExtendWith(ApplicationExtension.class)
class StepperUiTest {

    @Start
    void start(Stage stage) throws Exception {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        MainWindow window = new MainWindow(stage, new ModelSession(), new CurrentThreadTaskExecutor(),
                Preferences.userRoot().node("convscope-test-" + UUID.randomUUID()), Files.createTempDirectory("cs"));
        stage.setScene(window.createScene(1400, 900));
        stage.show();
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    @Test
    void stepsShowEveryProductTheSumAndThePosition(FxRobot robot) {
        robot.clickOn("#nav-stepper");
        assertEquals("7*1 + 2*0 + 3*(-1) + 4*1 + 5*0 + 3*(-1) + 3*1 + 3*0 + 2*(-1) = 6", text(robot, "#stepper-sum"));
        assertEquals("Cell (0, 0), step 1 of 9", text(robot, "#stepper-position"));
        robot.clickOn("#step-next");
        robot.type(KeyCode.RIGHT);
        assertEquals("Cell (0, 2), step 3 of 9", text(robot, "#stepper-position"));
        assertTrue(text(robot, "#stepper-sum").endsWith("= -8"), text(robot, "#stepper-sum"));
        robot.clickOn("#step-back");
        assertEquals("Cell (0, 1), step 2 of 9", text(robot, "#stepper-position"));

        // Editing the kernel's top-left weight recomputes the current cell: 2*1 -> 2*10 adds 18.
        TextField w = robot.lookup("#kernel-0-0").queryAs(TextField.class);
        robot.interact(() -> w.setText("10"));
        assertTrue(text(robot, "#stepper-sum").startsWith("2*10 + "), text(robot, "#stepper-sum"));
        assertTrue(text(robot, "#stepper-sum").endsWith("= 9"), text(robot, "#stepper-sum")); // -9 + 18

        robot.clickOn("#step-end");
        assertEquals("Cell (2, 2), step 9 of 9", text(robot, "#stepper-position"));
        robot.clickOn("#mode-pooling");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(text(robot, "#stepper-formula").contains("floor((5 - 2)/2) + 1 = 2"), text(robot, "#stepper-formula"));
        // The cursor stays at the last cell: (1, 1) of the 2x2 output, window rows 2-3, columns 2-3.
        assertEquals("Cell (1, 1), step 4 of 4", text(robot, "#stepper-position"));
        assertEquals("max(2, 8, 7, 2) = 8", text(robot, "#stepper-sum"));

        // presenter mode draws the matrices' cells (and the numbers in them) 1.5 times larger, and back
        org.convscope.ui.common.MatrixView input = robot.lookup("#matrix-input").queryAs(org.convscope.ui.common.MatrixView.class);
        double normal = input.getCellSize();
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.P).release(KeyCode.P, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1.5 * normal, input.getCellSize(), 1e-9);
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.P).release(KeyCode.P, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(normal, input.getCellSize(), 1e-9);
    }
}
