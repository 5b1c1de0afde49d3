package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.scene.control.DialogPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.convscope.app.TrainedWeights;
import org.convscope.app.WeightsVersion;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.conv.Volume;
import org.convscope.engine.Activations;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
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
 * Trained weights are never lost without a question: New, a preset, opening another model and quitting ask to save
 * them; Save writes the engine's archive and marks them saved; the title shows "*" while they are unsaved.
 */
@ExtendWith(ApplicationExtension.class)
class UnsavedWeightsUiTest {

    /** A network that only knows its model: the window never computes with it here. */
    private record Net(ModelSpec spec) implements CompiledModel {
        @Override
        public long parameterCount() {
            return 0;
        }

        @Override
        public Volume[] filters(int layerIndex) {
            return new Volume[0];
        }

        @Override
        public double[] biases(int layerIndex) {
            return new double[0];
        }
    }

    /** Saves a network as its model's name, so the test can tell which weights were written. */
    private static final class SavingEngine implements Engine {
        @Override
        public CompiledModel compile(ModelSpec spec, long seed) {
            return new Net(spec);
        }

        @Override
        public Activations forward(CompiledModel model, Volume image) {
            throw new UnsupportedOperationException("not in this test");
        }

        @Override
        public void save(CompiledModel model, Path file) throws java.io.IOException {
            Files.writeString(file, "weights of " + model.spec().name());
        }
    }

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
        SavingEngine engine = new SavingEngine();
        window = new MainWindow(stage, session, new CurrentThreadTaskExecutor(), prefs,
                Files.createTempDirectory("convscope-home"), () -> engine);
        stage.setScene(window.createScene(1280, 720));
        stage.show();
    }

    @AfterEach
    void cleanUp() throws BackingStoreException {
        prefs.removeNode();
    }

    private TrainedWeights train(FxRobot robot) {
        TrainedWeights t = new TrainedWeights(new Net(session.getModel()), WeightsVersion.trained(1, 2),
                "trained 2 epochs");
        robot.interact(() -> session.setTrained(t));
        return t;
    }

    private DialogPane weightsQuestion(FxRobot robot) {
        return robot.lookup("#ask-save-weights").queryAs(DialogPane.class);
    }

    /** Waits until the question shows, then presses one of its buttons as a user would. */
    private void answer(FxRobot robot, javafx.scene.control.ButtonType type) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#ask-save-weights")
                .match(org.testfx.util.NodeQueryUtils.isVisible()).tryQuery().isPresent());
        javafx.scene.Node button = weightsQuestion(robot).lookupButton(type);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> button.getScene().getWindow().isShowing()
                && button.getLayoutBounds().getWidth() > 0);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(button);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void newAndPresetAskAboutTrainedWeightsAndCancelKeepsThem(FxRobot robot) throws Exception {
        assertFalse(stage.getTitle().startsWith("*"), stage.getTitle());
        TrainedWeights t = train(robot);
        assertTrue(stage.getTitle().startsWith("*"), "unsaved weights show in the title: " + stage.getTitle());

        robot.clickOn("#nav-build");
        robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#ask-save-weights").tryQuery().isPresent());
        DialogPane ask = weightsQuestion(robot);
        assertEquals("Save the trained model before you start a new model?", ask.getHeaderText());
        assertTrue(ask.getContentText().contains("run 1, after epoch 2"), ask.getContentText());
        answer(robot, javafx.scene.control.ButtonType.CANCEL);
        assertSame(t, session.trainedProperty().get(), "Cancel keeps the weights");
        assertEquals("tf-cifar-cnn", session.presetIdProperty().get());

        // The Build screen's preset picker asks the same (the question waits for an answer: do not wait for it here).
        WaitForAsyncUtils.asyncFx(() -> window.usePreset("lenet5"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#ask-save-weights").tryQuery().isPresent());
        assertEquals("Save the trained model before you load the preset?", weightsQuestion(robot).getHeaderText());
        answer(robot, org.convscope.ui.common.Dialogs.DONT_SAVE);
        assertEquals("lenet5", session.presetIdProperty().get());
        assertNull(session.trainedProperty().get(), "Don't Save lets them go, as asked");
        assertFalse(stage.getTitle().startsWith("*"), stage.getTitle());
    }

    @Test
    void closingTheWindowAsksAndSaveWritesTheArchiveThenQuits(FxRobot robot, @TempDir Path dir) throws Exception {
        train(robot);
        WaitForAsyncUtils.asyncFx(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#ask-save-weights").tryQuery().isPresent());
        assertEquals("Save the trained model before you quit?", weightsQuestion(robot).getHeaderText());
        answer(robot, javafx.scene.control.ButtonType.CANCEL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(stage.isShowing(), "Cancel keeps the window open");
        assertTrue(session.unsavedWeightsProperty().get());

        Path target = dir.resolve("cifar.convscope.zip");
        robot.interact(() -> window.setWeightsFileChooser(w -> target));
        var answer = WaitForAsyncUtils.asyncFx(() -> window.confirmDiscard("quit"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#ask-save-weights").tryQuery().isPresent());
        answer(robot, org.convscope.ui.common.Dialogs.SAVE);
        assertTrue(answer.get(10, TimeUnit.SECONDS), "saved, so quitting may go on");
        assertArrayEquals("weights of TensorFlow CIFAR-10 CNN".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(target));
        assertFalse(session.unsavedWeightsProperty().get(), "weightsSaved() was called");
        assertFalse(stage.getTitle().startsWith("*"), stage.getTitle());
    }

    @Test
    void aFailedSaveCancelsTheActionAndKeepsTheWeightsUnsaved(FxRobot robot, @TempDir Path dir) throws Exception {
        train(robot);
        Path impossible = dir.resolve("no-such-folder").resolve("x.convscope.zip");
        robot.interact(() -> window.setWeightsFileChooser(w -> impossible));
        var answer = WaitForAsyncUtils.asyncFx(() -> window.confirmDiscard("open another model"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#ask-save-weights").tryQuery().isPresent());
        answer(robot, org.convscope.ui.common.Dialogs.SAVE);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".dialog-pane").queryAll().stream()
                .anyMatch(d -> String.valueOf(((DialogPane) d).getHeaderText()).startsWith("Cannot save")));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup(".dialog-pane").queryAll().stream().map(d -> (DialogPane) d)
                .filter(d -> String.valueOf(d.getHeaderText()).startsWith("Cannot save")).findFirst().orElseThrow()
                .lookupButton(javafx.scene.control.ButtonType.OK));
        assertFalse(answer.get(10, TimeUnit.SECONDS), "not saved, so the other model is not opened");
        assertTrue(session.unsavedWeightsProperty().get());
        assertTrue(stage.getTitle().startsWith("*"), stage.getTitle());
    }
}
