package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.convscope.ui.common.FigureExport;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The GIF export dialog on a 720p projector in presenter mode: opened from the stepper's Export GIF button, it fits
 * the 1280x720 screen with nothing cut; its picture is saved to {@code target/screens/gif-export-dialog.png} to look
 * at.
 */
@ExtendWith(ApplicationExtension.class)
class GifExportPresenterUiTest {

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

    @Test
    void theDialogFitsA720pScreenInPresenterMode(FxRobot robot) throws Exception {
        robot.clickOn("#nav-stepper");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.P).release(KeyCode.P, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(stage.getScene().getRoot().getStyleClass().contains("presenter"));
        LayoutAssertions.assertInside(stage.getScene(), robot.lookup("#stepper-export-gif").query(), "Export GIF...");
        robot.clickOn("#stepper-export-gif");
        WaitForAsyncUtils.waitForFxEvents();
        Node pane = robot.lookup("#gif-export-dialog").query();
        Window dialog = pane.getScene().getWindow();
        assertTrue(dialog.getWidth() <= 1280 && dialog.getHeight() <= 720,
                "the dialog is " + dialog.getWidth() + "x" + dialog.getHeight());
        for (String id : new String[] {"#gif-frame-ms", "#gif-scale-3", "#gif-file", "#gif-choose", "#gif-export",
            "#gif-cancel", "#gif-frame-count"}) {
            LayoutAssertions.assertInside(pane.getScene(), robot.lookup(id).query(), id);
        }
        LayoutAssertions.assertNothingCut(pane);
        assertEquals("9 frames, a loop of 4.5 s at this frame time.",
                robot.lookup("#gif-frame-count").queryAs(Label.class).getText());
        Path shots = Path.of("target", "screens");
        Files.createDirectories(shots);
        robot.interact(() -> {
            try {
                FigureExport.writePng(pane.getScene().getRoot(), 1, shots.resolve("gif-export-dialog.png"));
                FigureExport.writePng(stage.getScene().getRoot(), 1, shots.resolve("gif-export-stepper.png"));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        System.out.println("GIF export dialog at presenter 1280x720: " + dialog.getWidth() + "x" + dialog.getHeight());
        robot.clickOn("#gif-cancel");
    }
}
