package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.ModelSpec;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Build canvas draws resnet20 as a graph (blocks apart, a shape on every edge) and edits it from the keyboard. */
@ExtendWith(ApplicationExtension.class)
class BuildGraphUiTest {

    private ModelSession session;
    private Preferences prefs;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        prefs = Preferences.userRoot().node("convscope-test-" + UUID.randomUUID());
        session = new ModelSession();
        MainWindow window = new MainWindow(stage, session, new CurrentThreadTaskExecutor(), prefs,
                Files.createTempDirectory("convscope-home"));
        stage.setScene(window.createScene(1400, 900));
        stage.show();
    }

    /** Loads the preset in the test, not in start: its first layout loads ELK, which may outlast TestFX's set-up. */
    private void resnet20(FxRobot robot) {
        robot.interact(() -> session.usePreset("resnet20"));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String text(org.convscope.core.model.TensorShape t) {
        return t instanceof org.convscope.core.model.TensorShape.Spatial s
                ? s.height() + " x " + s.width() + " x " + s.channels() : Long.toString(t.elements());
    }

    @AfterEach
    void cleanUp() throws BackingStoreException {
        prefs.removeNode();
    }

    private static Bounds scene(Node n) {
        return n.localToScene(n.getLayoutBounds());
    }

    @Test
    void resnet20IsDrawnAsAGraphWithAShapeOnEveryEdge(FxRobot robot) {
        resnet20(robot);
        ModelSpec m = session.getModel();
        assertTrue(m.isGraph());
        assertTrue(robot.lookup("#graph").tryQuery().isPresent(), "the graph pane, not the column");
        List<Bounds> blocks = new ArrayList<>();
        for (int i = 0; i <= m.layers().size(); i++) {
            blocks.add(scene(robot.lookup("#block-" + i).query()));
        }
        for (int a = 0; a < blocks.size(); a++) {
            for (int b = a + 1; b < blocks.size(); b++) {
                assertFalse(blocks.get(a).intersects(blocks.get(b)), "blocks " + a + " and " + b + " overlap");
            }
        }
        ModelAnalysis analysis = ModelAnalyzer.analyze(m);
        ModelGraph g = ModelGraph.of(m);
        int edges = 0;
        for (int i = 0; i < m.layers().size(); i++) {
            for (int from : g.inputsOf(i)) {
                Label label = robot.lookup("#edge-" + (from + 1) + "-" + (i + 1)).queryAs(Label.class);
                String expected = from < 0 ? "32 x 32 x 3"
                        : text(analysis.layers().stream().filter(l -> l.index() == from + 1).map(LayerInfo::output)
                                .findFirst().orElseThrow());
                assertEquals(expected, label.getText(), "edge " + (from + 1) + "->" + (i + 1));
                edges++;
            }
        }
        assertEquals(m.layers().size() + 9, edges, "one edge per layer and one skip per residual block");
        // the skip into the first Add runs beside the main column: right of the blocks it passes
        int add = m.layers().indexOf(m.layers().stream().filter(LayerSpec::join).findFirst().orElseThrow());
        int skipFrom = g.inputsOf(add).stream().mapToInt(Integer::intValue).min().orElseThrow() + 1;
        Label skip = robot.lookup("#edge-" + skipFrom + "-" + (add + 1)).queryAs(Label.class);
        Bounds between = blocks.get(add); // the last block before the Add on the main path
        assertTrue(scene(skip).getMinX() >= between.getMaxX() || scene(skip).getMaxX() <= between.getMinX(),
                "the skip's label lies beside the main column");
    }

    @Test
    void keyboardBranchAndDeleteJoinAreUndone(FxRobot robot) {
        resnet20(robot);
        ModelSpec start = session.getModel();
        robot.clickOn("#block-1");
        robot.press(KeyCode.CONTROL, KeyCode.B).release(KeyCode.B, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(start.layers().size() + 1, session.getModel().layers().size());
        Label problem = robot.lookup("#block-problem").queryAs(Label.class);
        assertTrue(problem.getText().contains("not used"), problem.getText());
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(start, session.getModel());

        int add = start.layers().indexOf(start.layers().stream().filter(LayerSpec::join).findFirst().orElseThrow());
        Node addBlock = robot.lookup("#block-" + (add + 1)).query(); // scrolled out of view: click it by an event
        robot.interact(() -> addBlock.fireEvent(new javafx.scene.input.MouseEvent(
                javafx.scene.input.MouseEvent.MOUSE_CLICKED, 0, 0, 0, 0, javafx.scene.input.MouseButton.PRIMARY, 1,
                false, false, false, false, true, false, false, true, false, true, null)));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(addBlock.getStyleClass().contains("selected"));
        robot.type(KeyCode.DELETE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(start.layers().size() - 1, session.getModel().layers().size());
        assertTrue(robot.lookup("#block-problem").tryQuery().isEmpty(), "still valid");
        assertNotEquals(start, session.getModel());
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(start, session.getModel());
    }
}
