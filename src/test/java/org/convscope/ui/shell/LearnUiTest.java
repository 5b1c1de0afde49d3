package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
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

/**
 * The Learn screen opens with Ctrl+5, steps cell by cell and stage by stage, asks in quiz mode, and in presenter mode
 * on a 1280x720 projector keeps its controls, the worked line and the stage's heading inside the window at every stage.
 */
@ExtendWith(ApplicationExtension.class)
class LearnUiTest {

    private static final List<String> KEY_CONTROLS = List.of("#learn-prev-stage", "#learn-back", "#learn-next",
            "#learn-next-stage", "#learn-line-scroll", "#learn-position", "#learn-quiz-toggle", "#learn-stage",
            "#learn-formula", "#learn-matrix-0");

    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        MainWindow window = new MainWindow(stage, new ModelSession(), new CurrentThreadTaskExecutor(),
                Preferences.userRoot().node("convscope-test-" + UUID.randomUUID()), Files.createTempDirectory("cs"));
        stage.setScene(window.createScene(1280, 720));
        stage.sizeToScene();
        stage.show();
    }

    private String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Labeled.class).getText();
    }

    @Test
    void ctrl5OpensTheScreenWhichStepsByCellAndByStage(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT5).release(KeyCode.DIGIT5, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#screen-learn").query().isVisible());
        assertEquals("1. Forward pass", text(robot, "#learn-stage"));
        assertEquals("Stage 1 of 11: Forward pass, step 1 of 3", text(robot, "#learn-position"));
        robot.clickOn("#learn-next");
        assertEquals("Stage 1 of 11: Forward pass, step 2 of 3", text(robot, "#learn-position"));
        assertTrue(text(robot, "#learn-line").startsWith("o[1] = "), text(robot, "#learn-line"));
        robot.type(KeyCode.PAGE_DOWN);
        assertEquals("2. Loss and the gradient at the output", text(robot, "#learn-stage"));
        // the default set-up: class 1 has p = 0.2343, so the loss is -log(0.2343) = 1.4511
        assertEquals("loss = -log(p_true) = -log(p[1]) = -log(0.2343) = 1.4511", text(robot, "#learn-formula"));
        robot.type(KeyCode.RIGHT);
        assertTrue(text(robot, "#learn-line").startsWith("delta[1] = p[1] - y[1] = 0.2343 - 1 = -0.7657"),
                text(robot, "#learn-line"));
    }

    @Test
    void theQuizHidesTheGradientUntilItIsAnswered(FxRobot robot) {
        robot.clickOn("#nav-learn");
        robot.type(KeyCode.PAGE_DOWN); // the loss: delta[0] = p[0] - 0
        robot.type(KeyCode.Q);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("delta[0] = ?", text(robot, "#learn-line"));
        assertTrue(robot.lookup("#learn-next").queryAs(Button.class).isDisabled(), "Next waits for the answer");
        robot.write("0,5");
        robot.type(KeyCode.ENTER);
        assertTrue(text(robot, "#quiz-verdict").contains("Not quite"), text(robot, "#quiz-verdict"));
        assertTrue(text(robot, "#learn-line").startsWith("delta[0] = p[0] - y[0] = "), text(robot, "#learn-line"));
        robot.type(KeyCode.ENTER); // on to delta[1]
        assertEquals("delta[1] = ?", text(robot, "#learn-line"));
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(text(robot, "#learn-line").startsWith("delta[1] = p[1] - y[1]"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTrainingImageWithItsLabelAndTheModelsFirstConvLayer(FxRobot robot) {
        robot.clickOn("#nav-learn");
        javafx.scene.control.ChoiceBox<String> source = robot.lookup("#learn-source").queryAs(
                javafx.scene.control.ChoiceBox.class);
        robot.interact(() -> source.setValue("Training image: cat"));
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.ChoiceBox<Integer> label = robot.lookup("#learn-label").queryAs(
                javafx.scene.control.ChoiceBox.class);
        assertTrue(label.isDisabled(), "the class is the image's label");
        assertEquals("3 cat", label.getConverter().toString(label.getValue()));
        robot.type(KeyCode.PAGE_DOWN);
        assertTrue(text(robot, "#learn-formula").startsWith("loss = -log(p_true) = -log(p[3]) = "),
                text(robot, "#learn-formula"));

        javafx.scene.control.CheckBox fromModel = robot.lookup("#learn-from-model").queryAs(
                javafx.scene.control.CheckBox.class);
        assertTrue(fromModel.isVisible());
        robot.interact(fromModel::fire);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#learn-model-kernel").query().isVisible());
        // the default preset's first layer: conv2d with 32 kernels over R, G and B
        assertTrue(text(robot, "#learn-model-note").startsWith("conv2d (layer 1), kernel 1 of 32, 3x3 over 3 channels"),
                text(robot, "#learn-model-note"));
        assertTrue(text(robot, "#learn-model-note").contains("The other 31 kernels"), text(robot, "#learn-model-note"));
    }

    @Test
    void presenterModeAt1280x720KeepsEveryStageInTheWindow(FxRobot robot) {
        robot.clickOn("#nav-learn");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.P).release(KeyCode.P, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(720, stage.getScene().getHeight(), 0.5);
        for (int s = 1; s <= 11; s++) {
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(text(robot, "#learn-stage").startsWith(s + ". "), text(robot, "#learn-stage"));
            for (String id : KEY_CONTROLS) {
                assertInside(robot, id, "stage " + s);
            }
            assertNothingCut(robot.lookup("#learn-buttons").query());
            assertNothingCut(robot.lookup("#learn-matrices").query());
            robot.type(KeyCode.END);
            robot.type(KeyCode.PAGE_DOWN);
        }
        assertTrue(text(robot, "#learn-line").contains("(down by"), text(robot, "#learn-line"));
        robot.clickOn("#learn-overshoot-here");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(text(robot, "#learn-line").contains("is too large"), text(robot, "#learn-line"));
        assertInside(robot, "#learn-again", "the last stage");
    }

    /**
     * A projector at the back of a classroom: at every stage, first and last step, every matrix's numbers are drawn at
     * 18 px or more, and every matrix lies inside the window above the controls, its cells there or reachable by its
     * own scroll bar.
     */
    @Test
    void presenterModeAt1280x720DrawsEveryStagesNumbersAtLeast18pxAndCutsNoMatrix(FxRobot robot) {
        robot.clickOn("#nav-learn");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.P).release(KeyCode.P, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        List<String> smallest = new java.util.ArrayList<>();
        for (int s = 1; s <= 11; s++) {
            double least = Double.MAX_VALUE;
            for (int end = 0; end < 2; end++) {
                WaitForAsyncUtils.waitForFxEvents();
                least = Math.min(least, checkMatrices(robot, "stage " + s + (end == 0 ? ", first step" : ", last step")));
                robot.type(KeyCode.END);
            }
            smallest.add(s + ": " + Math.round(least * 10) / 10.0 + " px");
            robot.type(KeyCode.PAGE_DOWN);
        }
        System.out.println("Learn, presenter 1280x720, smallest number font per stage: " + smallest);
    }

    /** Checks the matrices shown now and returns the smallest font of their numbers. */
    private double checkMatrices(FxRobot robot, String where) {
        Node row = robot.lookup("#learn-matrices").query();
        double controlsTop = robot.lookup("#learn-line-scroll").query().localToScene(0, 0).getY();
        double least = Double.MAX_VALUE;
        int seen = 0;
        for (org.convscope.ui.common.MatrixView v : robot.from(row).lookup(".matrix-view")
                .queryAllAs(org.convscope.ui.common.MatrixView.class)) {
            if (!v.isVisible() || v.getParent() == null || v.getScene() == null) {
                continue;
            }
            seen++;
            String what = v.getId() + ", " + where;
            least = Math.min(least, v.getNumberFontSize());
            assertTrue(v.getNumberFontSize() >= 18, what + ": numbers at " + v.getNumberFontSize() + " px");
            LayoutAssertions.assertInside(stage.getScene(), v, what);
            javafx.geometry.Bounds b = v.localToScene(v.getBoundsInLocal());
            assertTrue(b.getMaxY() <= controlsTop + 0.5, what + " at " + b + " ends above the controls at " + controlsTop);
            for (Node n : v.getChildrenUnmodifiable()) {
                if (n instanceof javafx.scene.control.ScrollBar bar && bar.getMax() > 0.5) {
                    assertTrue(bar.isVisible() && bar.getVisibleAmount() > 0,
                            what + ": cells beyond the view are reachable by its " + bar.getOrientation() + " bar");
                }
            }
        }
        assertTrue(seen >= 2, where + ": matrices shown, " + seen);
        return least;
    }

    private void assertInside(FxRobot robot, String id, String where) {
        LayoutAssertions.assertInside(stage.getScene(), robot.lookup(id).query(), id + ", " + where);
    }

    private static void assertNothingCut(Node under) {
        LayoutAssertions.assertNothingCut(under);
    }
}
