package org.convscope.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import atlantafx.base.theme.PrimerLight;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.convscope.core.train.Evaluation;
import org.convscope.engine.dl4j.Dl4jEngine;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.convscope.ui.common.FigureExport;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The confusion matrix (Train &gt; Test results) saves as PNG from its context menu: at 2x the picture is twice the
 * matrix's size, and the line under the matrix says where it went.
 */
@ExtendWith(ApplicationExtension.class)
class ConfusionPngUiTest {

    @TempDir
    Path dir;

    private TrainResultsPane pane;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        ModelSession session = new ModelSession();
        TrainViewModel vm = new TrainViewModel(session, Dl4jEngine::new, new CurrentThreadTaskExecutor(), Runnable::run);
        pane = new TrainResultsPane(vm, () -> stage);
        stage.setScene(new Scene((javafx.scene.Parent) pane.view(), 1100, 800));
        stage.show();
    }

    @AfterEach
    void dialogBack() {
        FigureExport.chooseFilesWith(null);
    }

    @Test
    void theMatrixSavedAt2xIsTwiceItsSize(FxRobot robot) throws Exception {
        Evaluation e = new Evaluation(List.of("cat", "dog", "ship"));
        int[][] counts = {{5, 1, 0}, {2, 4, 0}, {0, 0, 6}};
        for (int t = 0; t < 3; t++) {
            for (int p = 0; p < 3; p++) {
                for (int k = 0; k < counts[t][p]; k++) {
                    e.add(t, p);
                }
            }
        }
        robot.interact(() -> pane.matrix().show(e));
        WaitForAsyncUtils.waitForFxEvents();
        Path png = dir.resolve("cm.png");
        FigureExport.chooseFilesWith((view, name) -> Optional.of(png));
        requestMenu(robot, pane.matrix());
        robot.clickOn("Save as PNG (2x)...");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> Files.exists(png));
        BufferedImage img = ImageIO.read(png.toFile());
        var b = pane.matrix().getBoundsInParent();
        assertEquals(2 * b.getWidth(), img.getWidth(), 2.0);
        assertEquals(2 * b.getHeight(), img.getHeight(), 2.0);
        assertEquals("Saved " + png, robot.lookup("#confusion-export-status").queryAs(Label.class).getText());
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
