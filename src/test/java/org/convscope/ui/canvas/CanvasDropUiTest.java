package org.convscope.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.shape.Polyline;
import javafx.stage.Stage;
import org.convscope.core.edit.ModelEdits;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.ModelSpec;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * On the graph canvas, a palette layer dragged over a connection lights that connection, over a block shows a bar
 * after it, and the drop inserts exactly there (scene coordinates of the drawn nodes, as a drag event carries them).
 */
@ExtendWith(ApplicationExtension.class)
class CanvasDropUiTest {

    private ModelSession session;
    private CanvasPane canvas;

    @Start
    void start(Stage stage) {
        session = new ModelSession();
        session.apply(ModelEdits.replaceAll(BuildViewModelDropTest.residual(), "Load"));
        canvas = new CanvasPane(new BuildViewModel(session));
        stage.setScene(new Scene(canvas, 900, 1000));
        stage.show();
    }

    private static double[] centre(Node n) {
        Bounds b = n.localToScene(n.getLayoutBounds());
        return new double[] {b.getCenterX(), b.getCenterY()};
    }

    @Test
    void dropOnTheSkipsLabelInsertsOnTheSkipAndUndoRestores(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        ModelSpec start = session.getModel();
        double[] at = centre(robot.lookup("#edge-1-4").query()); // conv2d -> add, beside the main column
        robot.interact(() -> {
            GraphDrop d = canvas.previewDrop(at[0], at[1]);
            assertEquals(new GraphDrop(true, 1, 4, d.index()), d);
            Polyline lit = robot.lookup(".drop-target").queryAs(Polyline.class);
            assertNotNull(lit, "the connection is lit while dragging");
            assertFalse(robot.lookup("#drop-marker").query().isVisible(), "no block bar for a connection");
            canvas.dropNew("BatchNormalization", at[0], at[1]);
        });
        WaitForAsyncUtils.waitForFxEvents();
        ModelGraph g = ModelGraph.of(session.getModel());
        assertEquals(List.of("conv2d_2", "batch_normalization"), g.inputNamesOf(g.names().indexOf("add")));
        assertEquals(List.of("conv2d"), g.inputNamesOf(g.names().indexOf("batch_normalization")));
        assertTrue(robot.lookup(".drop-target").tryQuery().isEmpty(), "nothing lit after the drop");
        robot.interact(session::undo);
        assertEquals(start, session.getModel());
    }

    @Test
    void dropOnABlockInsertsAfterItAndShowsABarWhileDragging(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        Node block = robot.lookup("#block-2").query(); // conv2d_1, on the main path
        double[] at = centre(block);
        robot.interact(() -> {
            assertEquals(new GraphDrop(false, 2, -1, 2), canvas.previewDrop(at[0], at[1]));
            Node bar = robot.lookup("#drop-marker").query();
            assertTrue(bar.isVisible());
            Bounds b = block.localToScene(block.getLayoutBounds());
            Bounds m = bar.localToScene(bar.getLayoutBounds());
            assertTrue(m.getMinY() >= b.getMaxY() && m.getMinY() <= b.getMaxY() + 8, "the bar sits under the block");
            assertEquals(b.getMinX(), m.getMinX(), 0.5, "as wide as the block");
            canvas.dropNew("Activation", at[0], at[1]);
        });
        WaitForAsyncUtils.waitForFxEvents();
        ModelGraph g = ModelGraph.of(session.getModel());
        assertEquals(List.of("conv2d_1"), g.inputNamesOf(g.names().indexOf("activation")));
        assertEquals(List.of("activation"), g.inputNamesOf(g.names().indexOf("conv2d_2")));
    }
}
