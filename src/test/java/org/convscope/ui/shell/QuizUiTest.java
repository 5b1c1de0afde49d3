package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.controlsfx.control.GridView;
import org.convscope.imaging.FeatureTile;
import org.convscope.ui.common.FxTaskExecutor;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Quiz mode from the keyboard: predicting the seed convolution in the stepper, and choosing a filter by key. */
@ExtendWith(ApplicationExtension.class)
class QuizUiTest {

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

    private static void enter(FxRobot robot, String typed) {
        robot.write(typed);
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void stepperQuizShapeThenWrongThenRightCell(FxRobot robot) {
        robot.clickOn("#nav-stepper");
        robot.type(KeyCode.Q); // the seed's 5x5 image and vertical-edge kernel
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#quiz-answer").query().isFocused(), "typing goes straight to the answer");
        assertTrue(robot.lookup("#kernel-preset").tryQuery().isEmpty(), "the quiz takes the settings' place");
        assertTrue(text(robot, "#quiz-prompt").contains("Output shape (rows x columns x channels) of a 5 x 5 x 1 input with one 3x3x1 filter, stride 1, valid padding?"),
                text(robot, "#quiz-prompt"));
        assertEquals("Output rows: ?    columns: ?", text(robot, "#stepper-formula"), "the shape is the question");
        assertEquals("Score: 0 of 0 right", text(robot, "#quiz-score"));

        enter(robot, "5 x 5 x 1"); // forgets that a 3x3 window fits only 3 times in 5
        assertEquals("\u2718 Not quite: you said 5 x 5 x 1, the answer is 3 x 3 x 1", text(robot, "#quiz-verdict"));
        assertTrue(text(robot, "#quiz-working").contains("rows: floor((5 + 2*0 - 3)/1) + 1 = 3"), text(robot, "#quiz-working"));
        assertEquals("Score: 0 of 1 right", text(robot, "#quiz-score"));
        assertTrue(text(robot, "#stepper-formula").contains("floor((5 - 3)/1) + 1 = 3"), "revealed");

        robot.type(KeyCode.ENTER); // next: cell (0, 0), hidden
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(text(robot, "#quiz-prompt").startsWith("What is output cell (0, 0)?"), text(robot, "#quiz-prompt"));
        assertFalse(robot.lookup("#quiz-working").query().isVisible(), "the arithmetic is hidden until the reveal");
        assertEquals("= ?", text(robot, "#stepper-sum"));
        enter(robot, "seven"); // a slip: neither counted nor revealed
        assertTrue(text(robot, "#quiz-verdict").contains("is not a number"), text(robot, "#quiz-verdict"));
        assertEquals("Score: 0 of 1 right", text(robot, "#quiz-score"));
        robot.eraseText(5);
        enter(robot, "5");
        assertEquals("\u2718 Not quite: you said 5, the answer is 6", text(robot, "#quiz-verdict"));
        assertEquals("7*1 + 2*0 + 3*(-1) + 4*1 + 5*0 + 3*(-1) + 3*1 + 3*0 + 2*(-1) = 6", text(robot, "#quiz-working"));
        assertTrue(robot.lookup("#quiz-working").query().isVisible());
        assertEquals("7*1 + 2*0 + 3*(-1) + 4*1 + 5*0 + 3*(-1) + 3*1 + 3*0 + 2*(-1) = 6", text(robot, "#stepper-sum"));
        assertEquals("Score: 0 of 2 right", text(robot, "#quiz-score"));

        robot.type(KeyCode.ENTER); // cell (0, 1): [[2,3,3],[5,3,8],[3,2,8]] -> (2+5+3) - (3+8+8) = -9
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Cell (0, 1), step 2 of 9", text(robot, "#stepper-position"));
        assertEquals("", text(robot, "#quiz-verdict"));
        assertEquals("= ?", text(robot, "#stepper-sum"));
        enter(robot, "-9");
        assertEquals("\u2714 Right: -9", text(robot, "#quiz-verdict"));
        assertTrue(robot.lookup("#quiz-verdict").query().getStyleClass().contains("quiz-right"));
        assertEquals("Score: 1 of 3 right", text(robot, "#quiz-score"));

        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#quiz-bar").tryQuery().isEmpty());
        robot.type(KeyCode.RIGHT);
        assertEquals("Cell (0, 2), step 3 of 9", text(robot, "#stepper-position"), "the arrow keys step again");
        assertTrue(text(robot, "#stepper-sum").endsWith("= -8"), "out of the quiz nothing is hidden");
    }

    @Test
    @SuppressWarnings("unchecked")
    void filterQuizChosenByKey(FxRobot robot) throws Exception {
        robot.clickOn("#nav-featuremaps");
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> text(robot, "#maps-status").contains("Maps 1-32 of 32")
                || !text(robot, "#maps-error").isEmpty());
        assertEquals("", text(robot, "#maps-error"));
        GridView<FeatureTile> grid = robot.lookup("#maps-grid").queryAs(GridView.class);
        robot.type(KeyCode.Q);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(text(robot, "#filter-quiz-prompt").contains("Which of these four filters made it?"),
                text(robot, "#filter-quiz-prompt"));

        // Find the answer independently: the grid tile whose numbers are the asked map's, and the card naming its filter.
        int right = rightKey(robot, grid);
        int wrong = right % 4 + 1;
        String wrongName = text(robot, "#filter-quiz-name-" + wrong);
        String rightName = text(robot, "#filter-quiz-name-" + right);
        assertFalse(robot.lookup("#filter-quiz-own-" + wrong).query().isVisible(), "own maps stay hidden until the reveal");
        robot.type(KeyCode.valueOf("DIGIT" + wrong));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("\u2718 Not quite: you said " + wrongName.toLowerCase() + ", the answer is " + rightName.toLowerCase(),
                text(robot, "#filter-quiz-verdict"));
        assertTrue(text(robot, "#filter-quiz-why").contains("is one filter's response"), text(robot, "#filter-quiz-why"));
        assertEquals("\u2714 made this map", text(robot, "#filter-quiz-mark-" + right));
        assertEquals("\u2718 your choice", text(robot, "#filter-quiz-mark-" + wrong), "not by colour alone");
        assertTrue(robot.lookup("#filter-quiz-own-" + wrong).query().isVisible());
        assertEquals("Score: 0 of 1 right", text(robot, "#filter-quiz-score"));

        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT2).release(KeyCode.CONTROL); // Ctrl+2 still switches screens
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#screen-stepper").tryQuery().isPresent(), "Ctrl+2 goes to the stepper");
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT3).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Score: 0 of 1 right", text(robot, "#filter-quiz-score"), "Ctrl+2 chose nothing");
        robot.type(KeyCode.ENTER); // another map
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", text(robot, "#filter-quiz-verdict"));
        right = rightKey(robot, grid);
        robot.type(KeyCode.valueOf("DIGIT" + right));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(text(robot, "#filter-quiz-verdict").startsWith("\u2714 Right: filter "), text(robot, "#filter-quiz-verdict"));
        assertEquals("Score: 1 of 2 right", text(robot, "#filter-quiz-score"));

        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#maps-grid").tryQuery().isPresent(), "Escape goes back to the grid");
    }

    /** The key (1-4) of the card whose filter made the asked map, found from the grid's own tiles. */
    private static int rightKey(FxRobot robot, GridView<FeatureTile> grid) {
        double[][] asked = (double[][]) robot.lookup("#filter-quiz-map").query().getUserData();
        int channel = -1;
        for (FeatureTile t : grid.getItems()) {
            if (java.util.Arrays.deepEquals(t.values(), asked)) {
                channel = t.channel();
            }
        }
        assertTrue(channel >= 0, "the asked map is one of the layer's maps");
        for (int k = 1; k <= 4; k++) {
            Node card = robot.lookup("#filter-quiz-card-" + k).query();
            if (text(robot, "#filter-quiz-name-" + k).equals("Filter " + (channel + 1))) {
                assertEquals(channel, card.getUserData());
                return k;
            }
        }
        throw new AssertionError("no card names filter " + (channel + 1));
    }
}
