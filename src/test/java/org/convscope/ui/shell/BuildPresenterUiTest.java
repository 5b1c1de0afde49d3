package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.edit.LayerSpecs;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Build screen in presenter mode on a 1280x720 projector and a 1600x1000 screen: every control lies inside the
 * window, palette names are whole, and the summary shows at least five rows with whole shapes and counts.
 */
@ExtendWith(ApplicationExtension.class)
class BuildPresenterUiTest {

    private MainWindow window;
    private ModelSession session;
    private Preferences prefs;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        prefs = Preferences.userRoot().node("convscope-test-" + UUID.randomUUID());
        session = new ModelSession();
        window = new MainWindow(stage, session, new CurrentThreadTaskExecutor(), prefs,
                Files.createTempDirectory("convscope-home"));
        stage.setScene(window.createScene(1280, 720));
        stage.show();
        window.viewModel().presenterModeProperty().set(true);
    }

    @AfterEach
    void cleanUp() throws BackingStoreException {
        prefs.removeNode();
    }

    /** The text a Labeled shows: its whole text, or a shortened one ending in "..." when it does not fit. */
    private static String shown(Labeled l) {
        Node text = l.lookup(".text");
        return text instanceof Text t ? t.getText() : "";
    }

    private void assertInsideWindow(Node node, String what) {
        Bounds b = node.localToScene(node.getLayoutBounds());
        double w = stage.getScene().getWidth();
        double h = stage.getScene().getHeight();
        assertTrue(node.isVisible() && b.getMinX() >= -0.5 && b.getMinY() >= -0.5 && b.getMaxX() <= w + 0.5
                && b.getMaxY() <= h + 0.5, what + " at " + b + " is not inside the " + w + "x" + h + " window");
    }

    private void checkBuildScreen(FxRobot robot, int width, int height) {
        robot.interact(() -> {
            stage.setWidth(width);
            stage.setHeight(height);
        });
        WaitForAsyncUtils.waitForFxEvents();
        try { // the window system may take more than one pulse to apply a new size on a busy machine
            WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                    () -> Math.abs(stage.getScene().getWidth() - width) <= 1);
        } catch (java.util.concurrent.TimeoutException notResized) {
            // the assertion below says what size it has
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(width, stage.getScene().getWidth(), 1);
        for (String id : List.of("#menu-bar", "#nav-build", "#nav-stepper", "#nav-featuremaps", "#nav-train",
                "#preset-picker", "#open-model", "#layout-vertical", "#layout-horizontal", "#summary-table",
                "#summary-totals", "#status-message", "#block-1")) {
            assertInsideWindow(robot.lookup(id).query(), id + " at " + width + "x" + height);
        }
        checkPalette(robot);
        checkSummary(robot, width + "x" + height);
    }

    private void checkPalette(FxRobot robot) {
        Node palette = robot.lookup("#layer-palette").query();
        Node scroll = palette;
        while (!(scroll instanceof ScrollPane)) {
            scroll = scroll.getParent();
        }
        Bounds viewport = scroll.localToScene(scroll.getLayoutBounds());
        for (String type : LayerSpecs.PALETTE) {
            Label name = robot.lookup("#palette-" + type + " .label").queryAs(Label.class);
            assertEquals(type, shown(name), "palette name cut");
            Bounds b = name.localToScene(name.getLayoutBounds());
            assertTrue(b.getMaxX() <= viewport.getMaxX() - 8, type + " ends at " + b.getMaxX() + ", the palette at "
                    + viewport.getMaxX());
        }
    }

    @SuppressWarnings("unchecked")
    private void checkSummary(FxRobot robot, String size) {
        TableView<?> table = robot.lookup("#summary-table").queryAs(TableView.class);
        Node flow = table.lookup(".clipped-container");
        Bounds rows = flow.localToScene(flow.getLayoutBounds());
        List<TableRow<?>> whole = new ArrayList<>();
        for (Node n : table.lookupAll(".table-row-cell")) {
            TableRow<?> row = (TableRow<?>) n;
            Bounds b = row.localToScene(row.getLayoutBounds());
            if (row.isVisible() && row.getItem() != null && b.getMinY() >= rows.getMinY() - 0.5
                    && b.getMaxY() <= rows.getMaxY() + 0.5) {
                whole.add(row);
            }
        }
        assertTrue(whole.size() >= 5, "only " + whole.size() + " whole summary rows at " + size);
        for (TableRow<?> row : whole) {
            for (Node n : row.lookupAll(".table-cell")) {
                TableCell<?, ?> cell = (TableCell<?, ?>) n;
                boolean how = cell.getTableColumn() == table.getColumns().get(table.getColumns().size() - 1);
                if (!how && cell.getText() != null && cell.getTableColumn().isVisible()) { // "How": rest in a tooltip
                    boolean isWhole = cell.getText().equals(shown(cell));
                    boolean cutWithTooltip = shown(cell).endsWith("...") && cell.getTooltip() != null
                            && cell.getTooltip().getText().equals(cell.getText())
                            && List.of("Connected to", "Layer (type)").contains(cell.getTableColumn().getText());
                    assertTrue(isWhole || cutWithTooltip, "summary cell cut at " + size + ": " + shown(cell));
                }
            }
        }
        Bounds tableBounds = table.localToScene(table.getLayoutBounds());
        for (Node header : table.lookupAll(".column-header")) {
            Bounds h = header.localToScene(header.getLayoutBounds());
            assertTrue(!header.isVisible() || h.getWidth() == 0 || h.getMaxX() <= tableBounds.getMaxX() + 0.5,
                    "a summary column ends at " + h.getMaxX() + ", past the table's " + tableBounds.getMaxX() + " at "
                            + size);
        }
        Label totals = robot.lookup("#summary-totals").queryAs(Label.class);
        assertEquals(totals.getText(), shown(totals), "totals cut at " + size);
    }

    @Test
    void buildFitsA720pProjectorInPresenterMode(FxRobot robot) {
        checkBuildScreen(robot, 1280, 720);
        Label description = robot.lookup("#model-description").queryAs(Label.class);
        assertTrue(shown(description).endsWith("..."), "this long description is cut at 1280 px: " + shown(description));
        assertEquals(session.getModel().description(), description.getTooltip().getText(), "the tooltip has it all");
        Label title = robot.lookup("#model-title").queryAs(Label.class);
        assertTrue(title.getFont().getSize() >= 16 * 1.2 * 1.25, "presenter type is still large: "
                + title.getFont().getSize());
        assertEquals("TensorFlow CIFAR-10 CNN", session.getModel().name());
        assertEquals(session.getModel().name(), shown(title), "the model's name wraps beside the buttons, not cut");
        assertInsideWindow(title, "the model's name");
        assertEquals(session.getModel().name(), title.getAccessibleText(), "a screen reader reads the whole name");
    }

    @Test
    void buildFitsA1600x1000ScreenInPresenterModeWithVgg16(FxRobot robot) {
        robot.interact(() -> session.usePreset("vgg16")); // the longest shapes: (None, 224, 224, 64)
        checkBuildScreen(robot, 1600, 1000);
        robot.interact(() -> session.usePreset("vgg16"));
        checkBuildScreen(robot, 1280, 720);
    }

    @Test
    void anImpossibleLayerStillListsEveryLayerInTheSummary(FxRobot robot) {
        robot.interact(() -> session.apply(org.convscope.core.edit.ModelEdits.replace(0, new LayerSpec.Conv2D(null, 32,
                new org.convscope.core.model.Size2(40, 3), org.convscope.core.model.Size2.square(1),
                org.convscope.core.model.Padding.VALID, org.convscope.core.model.Activation.RELU, true), "t", null)));
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> table = robot.lookup("#summary-table").queryAs(TableView.class);
        assertEquals(8, table.getItems().size());
        checkSummary(robot, "1280x720");
        List<String> shapes = new ArrayList<>();
        for (int r = 0; r < table.getItems().size(); r++) {
            shapes.add(String.valueOf(table.getColumns().get(2).getCellData(r)));
        }
        assertEquals(List.of("?", "?", "?", "?", "?", "?", "?", "?"), shapes);
    }

    /**
     * resnet20's summary at 1280x720 in presenter mode: "Connected to" and "How" lie inside the table, and every cell
     * shows its whole text or ends in "..." with the whole text in its tooltip.
     */
    @Test
    void aGraphsSummaryFitsA720pProjector(FxRobot robot) {
        robot.interact(() -> session.usePreset("resnet20"));
        WaitForAsyncUtils.waitForFxEvents();
        // folded at first (see aGraphsCanvasGetsTheHeight...); unfolded, the table fits as a chain's does
        robot.clickOn("#summary-fold");
        WaitForAsyncUtils.waitForFxEvents();
        checkBuildScreen(robot, 1280, 720);
    }

    /**
     * In presenter mode at 1280x720 a graph model's summary table starts folded (the totals stay), so that the canvas
     * shows the input and the first layers (before: 170 px, the input block alone); the fold button unfolds it and
     * the user's choice stays for the next model.
     */
    @Test
    void aGraphsCanvasGetsTheHeightAt720pInPresenterMode(FxRobot robot) {
        checkBuildScreen(robot, 1280, 720);
        javafx.scene.control.ScrollPane canvas = robot.lookup("#layer-canvas").queryAs(
                javafx.scene.control.ScrollPane.class);
        double chainHeight = canvas.getHeight();
        assertTrue(robot.lookup("#summary-table").query().isVisible(), "a chain keeps its table");
        robot.interact(() -> session.usePreset("resnet20"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(!robot.lookup("#summary-table").query().isVisible(), "a graph's table is folded");
        assertInsideWindow(robot.lookup("#summary-totals").query(), "the totals");
        assertInsideWindow(robot.lookup("#summary-fold").query(), "the fold button");
        Label totals = robot.lookup("#summary-totals").queryAs(Label.class);
        assertEquals(totals.getText(), shown(totals), "totals whole");
        double graphHeight = canvas.getHeight();
        assertTrue(graphHeight >= 380 && graphHeight >= chainHeight + 150, "canvas " + graphHeight + " px, with the"
                + " table " + chainHeight + " px");
        // the input, the first Conv2D and its BatchNormalization lie whole inside the canvas' viewport (the table
        // left room for the input block alone, cut)
        Bounds view = canvas.localToScene(canvas.getLayoutBounds());
        for (int i = 0; i <= 2; i++) {
            Bounds b = robot.lookup("#block-" + i).query().localToScene(
                    robot.lookup("#block-" + i).query().getLayoutBounds());
            assertTrue(b.getMinY() >= view.getMinY() && b.getMaxY() <= view.getMaxY(), "block " + i + " at " + b
                    + " is outside the canvas " + view);
        }
        robot.clickOn("#summary-fold");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#summary-table").query().isVisible(), "unfolded by the user");
        robot.interact(() -> session.usePreset("resnet20"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#summary-table").query().isVisible(), "the user's choice stays");
    }
}
