package org.convscope.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.util.List;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Button;
import javafx.scene.control.TabPane;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.convscope.app.WeightsVersion;
import org.convscope.data.CifarImages;
import org.convscope.embed.Embedder;
import org.convscope.ui.common.Css;
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
 * The Embeddings plot from the keyboard: the arrows move a marked point (to the nearest point that way), the plot reads
 * it out (class, true and predicted, index), shows its image and marks it in black and yellow; Enter selects it as a
 * click does (the gallery lists it), Esc clears. The points are {@link PointStepsTest#POINTS}.
 */
@ExtendWith(ApplicationExtension.class)
class EmbeddingsKeysUiTest {

    private FxTaskExecutor executor;
    private EmbeddingsPane pane;
    private Button other;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        executor = new FxTaskExecutor(1);
        pane = new EmbeddingsPane(new ModelSession(), () -> {
            throw new AssertionError("nothing is computed");
        }, executor, token -> {
            throw new AssertionError("nothing is read");
        });
        other = new Button("elsewhere");
        VBox root = new VBox(other, new TabPane(pane.tab()));
        Scene scene = new Scene(root, 1000, 760);
        scene.getStylesheets().add(Css.STYLESHEET);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stop() {
        executor.shutdown();
    }

    private static EmbeddingsViewModel.Plot plot() {
        double[][] points = PointStepsTest.POINTS;
        int n = points.length;
        int[] labels = {0, 1, 2, 3, 4, 1, 0};
        int[] predicted = {0, 1, 2, 3, 4, 2, 0};
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) labels[i];
        }
        CifarImages images = new CifarImages(new byte[n * CifarImages.IMAGE_BYTES], bytes,
                CifarImages.STANDARD_CLASS_NAMES);
        Embedder.Embedding e = new Embedder.Embedding(Embedder.Method.PCA, points, labels, predicted, 64, 0.5, 0.5,
                new double[] {0.4, 0.2}, 1, 1);
        return new EmbeddingsViewModel.Plot(e, images, CifarImages.STANDARD_CLASS_NAMES, WeightsVersion.trained(1, 1));
    }

    private Node plotArea(FxRobot robot) {
        return robot.lookup("#embed-canvas").query().getParent();
    }

    private void press(FxRobot robot, KeyCode key) {
        robot.type(key);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The colour drawn at canvas pixel (x, y). */
    private static Color pixel(FxRobot robot, Canvas canvas, double x, double y) {
        WritableImage[] shot = new WritableImage[1];
        robot.interact(() -> shot[0] = canvas.snapshot(null, null));
        return shot[0].getPixelReader().getColor((int) Math.round(x), (int) Math.round(y));
    }

    @Test
    void arrowsMoveAMarkedPointThatIsReadOutAndEnterSelectsIt(FxRobot robot) {
        Node area = plotArea(robot);
        Canvas canvas = robot.lookup("#embed-canvas").queryAs(Canvas.class);
        assertEquals("No plot yet: press Compute.", area.getAccessibleText());
        robot.interact(() -> pane.viewModel().show(plot()));
        robot.interact(area::requestFocus);
        assertTrue(area.isFocused());
        assertTrue(area.getAccessibleText().startsWith("The plot of the test images. The arrow keys"), area.getAccessibleText());

        press(robot, KeyCode.RIGHT); // the first key picks the point nearest the middle
        assertEquals(0, pane.cursor().pointProperty().get());
        assertEquals("Test image 1 of 7: true class airplane, predicted airplane, right (\u2714)", area.getAccessibleText());
        press(robot, KeyCode.RIGHT);
        press(robot, KeyCode.RIGHT);
        assertEquals(5, pane.cursor().pointProperty().get());
        assertEquals("Test image 6 of 7: true class automobile, predicted bird, wrong (\u2718)", area.getAccessibleText());
        assertTrue(area.isFocused(), "the arrows moved the point, not the keyboard focus");
        assertTrue(robot.lookup("#embed-hover").query().isVisible(), "the point's image shows");
        assertEquals(5, pane.hovered());

        // the mark: a yellow square on black, 13 px (radius 5 + 8) around the point, gone when the focus leaves
        double[] at = pane.onCanvas(5);
        Color mark = pixel(robot, canvas, at[0] - 13, at[1]);
        assertTrue(mark.getRed() > 0.9 && mark.getGreen() > 0.9 && mark.getBlue() < 0.2, "yellow mark, got " + mark);
        Color outside = pixel(robot, canvas, at[0] - 13 - 2, at[1]); // the black stroke is 5 px wide, the yellow 2
        assertTrue(outside.getBrightness() < 0.2, "its black edge, got " + outside);

        press(robot, KeyCode.LEFT);
        press(robot, KeyCode.UP);
        assertEquals(3, pane.cursor().pointProperty().get(), "(2,0.5) left to (1,0), up to (0,1)");
        press(robot, KeyCode.PAGE_DOWN);
        assertEquals(4, pane.cursor().pointProperty().get());
        press(robot, KeyCode.END);
        assertEquals(6, pane.cursor().pointProperty().get());
        press(robot, KeyCode.HOME);
        press(robot, KeyCode.PAGE_UP);
        assertEquals(0, pane.cursor().pointProperty().get(), "Page Up stops at the first image");
        press(robot, KeyCode.DOWN);
        assertEquals(4, pane.cursor().pointProperty().get());

        press(robot, KeyCode.ENTER);
        assertEquals(List.of(4), List.copyOf(pane.viewModel().selection()), "Enter selects it, as a click");
        assertEquals(1, robot.lookup("#embed-gallery").queryAs(FlowPane.class).getChildren().size());
        press(robot, KeyCode.ESCAPE);
        assertTrue(pane.viewModel().selection().isEmpty(), "Esc clears");

        robot.interact(other::requestFocus);
        assertFalse(area.isFocused());
        at = pane.onCanvas(4);
        assertEquals(Color.WHITE, pixel(robot, canvas, at[0] - 13, at[1]), "no mark without the keyboard");
        assertFalse(robot.lookup("#embed-hover").query().isVisible());
    }

    @Test
    void withoutAPlotTheArrowsAreLeftAlone(FxRobot robot) {
        Node area = plotArea(robot);
        robot.interact(area::requestFocus);
        press(robot, KeyCode.ENTER);
        assertEquals(-1, pane.cursor().pointProperty().get());
        assertTrue(pane.viewModel().selection().isEmpty());
    }
}
