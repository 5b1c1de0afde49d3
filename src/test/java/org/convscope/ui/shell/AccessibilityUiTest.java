package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.application.Application;
import javafx.scene.AccessibleRole;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuButton;
import javafx.scene.effect.DropShadow;
import javafx.scene.input.KeyCode;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.controlsfx.control.GridView;
import org.convscope.imaging.FeatureTile;
import org.convscope.ui.common.Css;
import org.convscope.ui.common.FxTaskExecutor;
import org.convscope.ui.common.MatrixView;
import org.convscope.ui.common.ModelSession;
import org.convscope.ui.common.Spoken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What a screen reader hears on each screen, read from the scene graph with the values the screens show: the stepper's
 * matrix cells, worked sum, step buttons and quiz, the feature-map and filter tiles, the Learn screen's matrices; every
 * button on every screen has a name; the focus ring shows; View &gt; High Contrast adds its stylesheet and is remembered.
 */
@ExtendWith(ApplicationExtension.class)
class AccessibilityUiTest {

    private static final String SUM = "7*1 + 2*0 + 3*(-1) + 4*1 + 5*0 + 3*(-1) + 3*1 + 3*0 + 2*(-1) = 6";
    private FxTaskExecutor executor;
    private Preferences prefs;
    private Stage stage;
    private Path home;

    @Start
    void start(Stage stage) throws Exception {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        this.stage = stage;
        executor = new FxTaskExecutor(2);
        prefs = Preferences.userRoot().node("convscope-test-" + UUID.randomUUID());
        home = Files.createTempDirectory("cs");
        MainWindow window = new MainWindow(stage, new ModelSession(), executor, prefs, home);
        stage.setScene(window.createScene(1400, 900));
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        executor.shutdown();
        try {
            prefs.removeNode();
        } catch (java.util.prefs.BackingStoreException e) {
            // another build holds the preferences' file lock; the node is a throwaway one
        }
    }

    private static void key(FxRobot robot, KeyCode... codes) {
        for (KeyCode c : codes) {
            robot.type(c);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    @Test
    void stepperCellsSumStepButtonsAndQuizSpeak(FxRobot robot) {
        robot.clickOn("#nav-stepper");
        // the seed image: rows 7 2 3 3 8 / 4 5 3 8 4 / 3 3 2 8 4 / ...
        MatrixView input = robot.lookup("#matrix-input").queryAs(MatrixView.class);
        assertEquals("input row 2, column 3: 3", input.cellText(1, 2));
        assertEquals("input row 2, column 4: 8", input.cellText(1, 3));
        assertEquals(AccessibleRole.TEXT, input.getAccessibleRole());
        assertTrue(input.isFocusTraversable());
        robot.interact(input::requestFocus);
        assertEquals("input row 1, column 1: 7", input.getAccessibleText());
        key(robot, KeyCode.DOWN, KeyCode.RIGHT, KeyCode.RIGHT);
        assertEquals("input row 2, column 3: 3", input.getAccessibleText(), "the arrows move the cell read out");
        assertTrue(input.getAccessibleHelp().startsWith("A 5 by 5 matrix."), input.getAccessibleHelp());
        assertEquals("Cell (0, 0), step 1 of 9", text(robot, "#stepper-position"), "arrows in the matrix do not step");
        key(robot, KeyCode.ENTER); // as a click: the output cells that use input (1, 2) are outlined; nothing else moves
        assertEquals("Cell (0, 0), step 1 of 9", text(robot, "#stepper-position"));

        MatrixView kernel = robot.lookup("#matrix-kernel").queryAs(MatrixView.class);
        assertEquals("kernel row 1, column 3: -1", kernel.cellText(0, 2)); // the vertical-edge kernel 1 0 -1
        MatrixView output = robot.lookup("#matrix-output").queryAs(MatrixView.class);
        assertEquals("output row 1, column 1: 6", output.cellText(0, 0));
        assertEquals("output row 1, column 2: not computed yet", output.cellText(0, 1));

        Label sum = robot.lookup("#stepper-sum").queryAs(Label.class);
        assertEquals(SUM, sum.getText());
        assertEquals("Worked sum: " + SUM, sum.getAccessibleText());
        String[][] steps = {
            {"#step-restart", "First cell: go back to the first output cell (Home)"},
            {"#step-back", "Previous cell (Left)"},
            {"#step-play", "Play: compute one cell after another (P)"},
            {"#step-next", "Next cell (Right or Space)"},
            {"#step-end", "Last cell: compute every cell (End)"}};
        for (String[] s : steps) {
            Node b = robot.lookup(s[0]).query();
            assertEquals(AccessibleRole.BUTTON, b.getAccessibleRole(), s[0]);
            assertEquals(s[1], b.getAccessibleText(), s[0]);
        }
        robot.clickOn("#step-next");
        assertEquals("output row 1, column 2: -9", output.cellText(0, 1), "a computed cell reads its value");

        robot.clickOn("#step-restart");
        robot.clickOn("#quiz-toggle");
        WaitForAsyncUtils.waitForFxEvents();
        Label prompt = robot.lookup("#quiz-prompt").queryAs(Label.class);
        assertEquals("Question: " + prompt.getText(), prompt.getAccessibleText());
        robot.write("5 x 5 x 1");
        key(robot, KeyCode.ENTER);
        Label verdict = robot.lookup("#quiz-verdict").queryAs(Label.class);
        assertEquals("Wrong. \u2718 Not quite: you said 5 x 5 x 1, the answer is 3 x 3 x 1", verdict.getAccessibleText());
        key(robot, KeyCode.ENTER); // next: output cell (0, 0), hidden
        assertEquals("output row 1, column 1: question, to be answered", output.cellText(0, 0),
                "the cell asked about does not give its value away");
        assertEquals(null, verdict.getAccessibleText());
        robot.write("6");
        key(robot, KeyCode.ENTER);
        assertEquals("Right. \u2714 Right: 6", verdict.getAccessibleText());
        key(robot, KeyCode.ESCAPE);
    }

    @Test
    @SuppressWarnings("unchecked")
    void featureMapAndFilterTilesSayWhichAndTheirRange(FxRobot robot) throws Exception {
        robot.clickOn("#nav-featuremaps");
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> text(robot, "#maps-status").contains("Maps 1-32 of 32")
                || !text(robot, "#maps-error").isEmpty());
        GridView<FeatureTile> grid = robot.lookup("#maps-grid").queryAs(GridView.class);
        // maps start in gray, brightness only: readable with any colour vision (viridis is one choice away)
        assertEquals(org.convscope.imaging.ColorMaps.GRAY, robot.lookup("#maps-colours").queryAs(
                javafx.scene.control.ChoiceBox.class).getValue());
        int i = 1; // a map that is not flat (ReLU leaves some all 0)
        while (grid.getItems().get(i).min() == grid.getItems().get(i).max()) {
            i++;
        }
        FeatureTile t = grid.getItems().get(i);
        Node tile = robot.lookup("#tile-" + i).query();
        assertEquals("map " + (i + 1) + " of 32, min " + Spoken.number(t.min()) + ", max " + Spoken.number(t.max()),
                tile.getAccessibleText());
        assertTrue(!Spoken.number(t.min()).equals(Spoken.number(t.max())), tile.getAccessibleText());
        assertEquals(AccessibleRole.BUTTON, tile.getAccessibleRole());
        assertEquals("Previous page of maps", robot.lookup("#maps-prev").query().getAccessibleText());

        // the filter quiz: the question, each choice by number and filter, and after choosing 1 right or wrong in words
        key(robot, KeyCode.Q);
        Label prompt = robot.lookup("#filter-quiz-prompt").queryAs(Label.class);
        assertEquals("Question: " + prompt.getText(), prompt.getAccessibleText());
        Node card = robot.lookup("#filter-quiz-card-1").query();
        String filterName = text(robot, "#filter-quiz-name-1"); // "Filter 7"
        assertEquals("Choice 1: f" + filterName.substring(1), card.getAccessibleText());
        assertEquals(AccessibleRole.BUTTON, card.getAccessibleRole());
        key(robot, KeyCode.DIGIT1);
        Label verdict = robot.lookup("#filter-quiz-verdict").queryAs(Label.class);
        boolean right = verdict.getStyleClass().contains("quiz-right");
        assertEquals((right ? "Right. " : "Wrong. ") + verdict.getText(), verdict.getAccessibleText());
        assertEquals("Choice 1: f" + filterName.substring(1) + ". " + (right ? "Right. " : "Wrong. ")
                + text(robot, "#filter-quiz-mark-1"), card.getAccessibleText());
        key(robot, KeyCode.ESCAPE);

        robot.clickOn("#show-filters");
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> text(robot, "#maps-status").contains("Filters 1-32 of 32"));
        String filter = robot.lookup("#filter-2").query().getAccessibleText();
        Matcher m = Pattern.compile("filter 3 of 32, min (-?[0-9.]+), max (-?[0-9.]+)").matcher(filter);
        assertTrue(m.matches(), filter);
        assertTrue(Double.parseDouble(m.group(1)) < 0 && Double.parseDouble(m.group(2)) > 0,
                "a first-layer filter's weights have both signs: " + filter);
        assertEquals(List.of(), unnamedButtons(robot), "buttons on Feature maps without a name");
        Node row = robot.lookup("#filter-2").query();
        assertEquals(AccessibleRole.BUTTON, row.getAccessibleRole());
        robot.interact(row::requestFocus);
        key(robot, KeyCode.ENTER); // the keyboard path to the stepper with this filter, as a click
        assertTrue(robot.lookup("#nav-stepper").queryAs(javafx.scene.control.ToggleButton.class).isSelected());
    }

    @Test
    void everyButtonOnEveryScreenHasAName(FxRobot robot) {
        for (String screen : List.of("build", "stepper", "train", "learn")) {
            robot.clickOn("#nav-" + screen);
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(List.of(), unnamedButtons(robot), "buttons on " + screen + " without a name");
        }
        assertEquals("First step of the stage (Home)", robot.lookup("#learn-first").query().getAccessibleText(),
                "the Learn screen's arrow buttons say what they do");
        // the Learn screen's matrices read out their cells under the panel's title
        MatrixView learn = robot.lookup("#learn-matrix-0").queryAs(MatrixView.class);
        assertNotNull(learn);
        String title = ((Label) ((javafx.scene.layout.VBox) learn.getParent()).getChildren().get(0)).getText();
        assertFalse(title.isBlank());
        assertTrue(learn.cellText(0, 0).startsWith(title + " row 1, column 1: "), learn.cellText(0, 0));
    }

    /**
     * Buttons, toggle buttons, menu buttons (and check boxes) in the window with neither text, nor accessible text,
     * nor a label that names them ({@link Label#setLabelFor}, what a screen reader reads for a property's box).
     */
    private List<String> unnamedButtons(FxRobot robot) {
        List<String> unnamed = new ArrayList<>();
        int[] seen = {0};
        robot.interact(() -> {
            java.util.Set<Node> labelled = new java.util.HashSet<>();
            for (Node n : stage.getScene().getRoot().lookupAll(".label")) {
                if (n instanceof Label l && l.getLabelFor() != null && !l.getText().isBlank()) {
                    labelled.add(l.getLabelFor());
                }
            }
            for (Node n : stage.getScene().getRoot().lookupAll("*")) {
                if ((n instanceof ButtonBase || n instanceof MenuButton) && n.isVisible()) {
                    seen[0]++;
                    String text = ((Labeled) n).getText();
                    String spoken = n.getAccessibleText();
                    if ((text == null || text.isBlank()) && (spoken == null || spoken.isBlank()) && !labelled.contains(n)) {
                        unnamed.add(n.getId() + " " + n.getClass().getSimpleName() + " in " + n.getParent());
                    }
                }
            }
        });
        assertTrue(seen[0] >= 5, "the screen's buttons were found, " + seen[0]);
        return unnamed;
    }

    @Test
    void focusRingAndHighContrastStylesheetRemembered(FxRobot robot) throws Exception {
        Node nav = robot.lookup("#nav-stepper").query();
        robot.interact(nav::requestFocus);
        WaitForAsyncUtils.waitForFxEvents();
        DropShadow ring = (DropShadow) nav.getEffect();
        assertEquals(Color.web("#0969da"), ring.getColor(), "the theme's accent colour");
        assertEquals(1.0, ring.getSpread());
        // the dark theme and presenter mode keep it, in the dark theme's accent colour
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.D).release(KeyCode.D, KeyCode.SHIFT, KeyCode.CONTROL);
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.P).release(KeyCode.P, KeyCode.SHIFT, KeyCode.CONTROL);
        robot.interact(nav::requestFocus);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Color.web("#1f6feb"), ((DropShadow) nav.getEffect()).getColor());
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.D).release(KeyCode.D, KeyCode.SHIFT, KeyCode.CONTROL);
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.P).release(KeyCode.P, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();

        Scene scene = stage.getScene();
        assertFalse(scene.getStylesheets().contains(Css.HIGH_CONTRAST));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.H).release(KeyCode.H, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(Css.STYLESHEET, Css.HIGH_CONTRAST), scene.getStylesheets(), "added after the app's");
        assertTrue(prefs.getBoolean(MainWindow.HIGH_CONTRAST_KEY, false), "remembered");
        robot.interact(nav::requestFocus);
        WaitForAsyncUtils.waitForFxEvents();
        ring = (DropShadow) nav.getEffect();
        assertEquals(Color.YELLOW, ring.getColor(), "a yellow ring in high contrast");
        assertEquals(5.0, ring.getRadius());
        Label status = robot.lookup("#status-message").queryAs(Label.class);
        assertEquals(Color.WHITE, status.getTextFill(), "white text");

        // a new window (the next start) opens in high contrast
        robot.interact(() -> {
            MainWindow next = new MainWindow(new Stage(), new ModelSession(), executor, prefs, home);
            assertTrue(next.createScene(800, 600).getStylesheets().contains(Css.HIGH_CONTRAST));
        });

        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.H).release(KeyCode.H, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(Css.STYLESHEET), scene.getStylesheets());
        assertFalse(prefs.getBoolean(MainWindow.HIGH_CONTRAST_KEY, true), "remembered off");
        robot.interact(() -> {
            MainWindow next = new MainWindow(new Stage(), new ModelSession(), executor, prefs, home);
            assertFalse(next.createScene(800, 600).getStylesheets().contains(Css.HIGH_CONTRAST));
        });
        robot.interact(nav::requestFocus);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Color.web("#0969da"), ((DropShadow) nav.getEffect()).getColor());
    }
}
