package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.chart.LineChart;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
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
 * Trains the default model two epochs on the Train screen at 1280x720 and opens the Learning health tab: one curve per
 * layer with weights on the gradient and update/weight charts (plus the 1e-3 guide), the ReLU chart, and the weight
 * histograms whose slider goes back to the starting weights. Writes what it sees, in presenter mode and in normal
 * mode, to {@code target/health-screens/} for a person to look at.
 */
@ExtendWith(ApplicationExtension.class)
class HealthTabUiTest {

    private FxTaskExecutor executor;
    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        executor = new FxTaskExecutor(2);
        this.stage = stage;
        window = new MainWindow(stage, new ModelSession(), executor,
                Preferences.userRoot().node("convscope-test-" + UUID.randomUUID()), Files.createTempDirectory("cs"));
        stage.setScene(window.createScene(1280, 720));
        stage.show();
    }

    @AfterEach
    void stop() {
        executor.shutdown();
    }

    @Test
    @SuppressWarnings("unchecked")
    void healthTabAfterTwoEpochs(FxRobot robot) throws Exception {
        robot.clickOn("#nav-train");
        TabPane tabs = robot.lookup("#train-tabs").queryAs(TabPane.class);
        Tab health = tabs.getTabs().stream().filter(t -> "train-health-tab".equals(t.getId())).findFirst().orElseThrow();
        robot.interact(() -> tabs.getSelectionModel().select(health));
        WaitForAsyncUtils.waitForFxEvents();
        Label summary = robot.lookup("#health-summary").queryAs(Label.class);
        assertTrue(summary.getText().startsWith("No run yet"), summary.getText());
        shot("health-empty.png");

        Spinner<Integer> epochs = robot.lookup("#train-epochs").queryAs(Spinner.class);
        ChoiceBox<Integer> batch = robot.lookup("#train-batch").queryAs(ChoiceBox.class);
        robot.interact(() -> {
            epochs.getValueFactory().setValue(2);
            batch.setValue(64);
        });
        Label status = robot.lookup("#train-status").queryAs(Label.class); // looked up once: the scene changes as it trains
        robot.clickOn("#train-start");
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> status.getText().startsWith("Finished"));
        robot.interact(() -> tabs.getSelectionModel().select(health));
        WaitForAsyncUtils.waitForFxEvents();
        LineChart<Number, Number> gradient = robot.lookup("#health-gradient-chart").queryAs(LineChart.class);
        LineChart<Number, Number> ratio = robot.lookup("#health-ratio-chart").queryAs(LineChart.class);
        // tf-cifar-cnn: three Conv2D and two Dense layers with weights
        assertEquals(5, gradient.getData().size());
        assertEquals(6, ratio.getData().size(), "five layers and the guide");
        assertEquals("healthy ~1e-3", ratio.getData().get(5).getName(), "the guide, last");
        // 32 batches of 64 per epoch: every 4th measured, 8 points per epoch and layer
        gradient.getData().forEach(s -> assertEquals(16, s.getData().size(), s.getName()));
        assertEquals("weights after epoch 2", robot.lookup("#health-epoch-label").queryAs(Label.class).getText());
        Slider slider = robot.lookup("#health-epoch-slider").queryAs(Slider.class);
        assertEquals(2, slider.getMax(), 0.0);
        robot.interact(() -> window.viewModel().presenterModeProperty().set(true));
        WaitForAsyncUtils.waitForFxEvents();
        shot("health-presenter.png");
        robot.interact(() -> window.viewModel().presenterModeProperty().set(false));
        robot.interact(() -> slider.setValue(0));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("weights before training", robot.lookup("#health-epoch-label").queryAs(Label.class).getText());
        shot("health-normal-epoch0.png");
    }

    private void shot(String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "health-screens"));
        WaitForAsyncUtils.waitForFxEvents();
        var image = WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get(10, TimeUnit.SECONDS);
        javax.imageio.ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", dir.resolve(name).toFile());
    }
}
