package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.scene.control.Label;
import javafx.stage.Stage;
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
 * File > Open with a Keras .h5 file (the fixtures of src/test/resources/keras), and with an ONNX graph model, which
 * opens with its weights.
 */
@ExtendWith(ApplicationExtension.class)
class KerasOpenUiTest {

    private static final Path DIR = Path.of("src", "test", "resources", "keras");
    private MainWindow window;
    private ModelSession session;
    private Preferences prefs;

    @Start
    void start(Stage stage) throws Exception {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        prefs = Preferences.userRoot().node("convscope-test-" + UUID.randomUUID());
        session = new ModelSession();
        window = new MainWindow(stage, session, new CurrentThreadTaskExecutor(), prefs, Files.createTempDirectory("convscope-home"));
        stage.setScene(window.createScene(1400, 900));
        stage.show();
    }

    @AfterEach
    void cleanUp() throws BackingStoreException {
        prefs.removeNode();
    }

    @Test
    void wholeModelOpensOnTheCanvasWithItsWeights(FxRobot robot) {
        robot.interact(() -> window.openFile(DIR.resolve("mini_vgg_functional.h5")));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("mini_vgg", session.getModel().name());
        assertEquals(9, session.getModel().layers().size());
        var trained = session.trainedFor(session.getModel()).orElseThrow();
        assertEquals(2157, trained.model().parameterCount());
        assertTrue(trained.description().contains("mini_vgg_functional.h5"), trained.description());
        assertEquals("12 x 12 x 6", robot.lookup("#edge-1").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#info-dialog-text").tryQuery().isEmpty(), "nothing left out, no dialog");
    }

    @Test
    void partlySupportedModelListsWhatIsLeftOut(FxRobot robot) {
        robot.interact(() -> window.openFile(DIR.resolve("partial_mini.h5")));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, session.getModel().layers().size());
        assertTrue(session.trainedFor(session.getModel()).isPresent());
        String text = robot.lookup("#info-dialog-text").queryAs(Label.class).getText();
        assertTrue(text.contains("PReLU (1): prelu"), text);
        robot.clickOn("OK");
    }

    @Test
    void aGraphModelOpensWholeWithItsWeights(FxRobot robot) {
        robot.interact(() -> window.openFile(DIR.resolve("resnet_mini.h5")));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(20, session.getModel().layers().size());
        assertTrue(session.getModel().isGraph());
        assertEquals(5_362L, session.trainedFor(session.getModel()).orElseThrow().model().parameterCount());
        assertTrue(robot.lookup("#info-dialog-text").tryQuery().isEmpty(), "a whole model opens without a note");
    }

    @Test
    void aPyTorchOnnxGraphModelOpensWholeWithItsWeightsToo(FxRobot robot) {
        robot.interact(() -> window.openFile(Path.of("src", "test", "resources", "onnx", "resnet_mini.onnx")));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(21, session.getModel().layers().size());
        assertTrue(session.getModel().isGraph());
        // torch's 1,454 parameters and BatchNorm's 72 running statistics (make_graph_fixtures.py)
        assertEquals(1_526L, session.trainedFor(session.getModel()).orElseThrow().model().parameterCount());
        assertTrue(robot.lookup("#info-dialog-text").tryQuery().isEmpty(), "a whole model opens without a note");
    }
}
