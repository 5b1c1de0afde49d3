package org.convscope.ui.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.convscope.ui.common.FigureExport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Learn screen's matrices save as PNG from their context menu, as the stepper's do: "Save as PNG (2x)..." writes
 * the matrix drawn at twice its size on screen, and says where.
 */
@ExtendWith(ApplicationExtension.class)
class LearnPngUiTest {

    @TempDir
    Path dir;

    private LearnScreen screen;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        screen = new LearnScreen(new CurrentThreadTaskExecutor());
        stage.setScene(new Scene((javafx.scene.Parent) screen.view(), 1200, 700));
        stage.show();
    }

    @AfterEach
    void dialogBack() {
        FigureExport.chooseFilesWith(null);
    }

    @Test
    void aMatrixSavedAt2xIsTwiceItsSize(FxRobot robot) throws Exception {
        Path png = dir.resolve("input.png");
        List<String> suggested = new java.util.ArrayList<>();
        FigureExport.chooseFilesWith((view, name) -> {
            suggested.add(name);
            return Optional.of(png);
        });
        WaitForAsyncUtils.waitForFxEvents();
        Node matrix = robot.lookup("#learn-matrix-0").query();
        assertTrue(matrix.getBoundsInLocal().getWidth() > 20, "the first matrix is drawn");
        requestMenu(robot, matrix);
        robot.clickOn("Save as PNG (2x)...");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> Files.exists(png));
        assertEquals(List.of("learn-matrix-0@2x.png"), suggested);
        BufferedImage img = ImageIO.read(png.toFile());
        var b = matrix.getBoundsInParent();
        // the snapshot covers the view's bounds; at 2x each side is twice as long (to a pixel of rounding)
        assertEquals(2 * b.getWidth(), img.getWidth(), 2.0);
        assertEquals(2 * b.getHeight(), img.getHeight(), 2.0);
        PanelsRow row = (PanelsRow) robot.lookup("#learn-matrices").query();
        assertEquals("Saved " + png, row.savedProperty().get());
    }

    /** Opens a view's context menu as a right click or the menu key does (Monocle's robot sends no menu request). */
    static void requestMenu(FxRobot robot, javafx.scene.Node view) {
        robot.interact(() -> {
            var b = view.localToScreen(view.getBoundsInLocal());
            view.fireEvent(new javafx.scene.input.ContextMenuEvent(javafx.scene.input.ContextMenuEvent.CONTEXT_MENU_REQUESTED,
                    b.getWidth() / 2, b.getHeight() / 2, b.getCenterX(), b.getCenterY(), false, null));
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
