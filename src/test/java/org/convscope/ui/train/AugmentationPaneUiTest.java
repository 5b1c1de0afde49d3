package org.convscope.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TabPane;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.TilePane;
import javafx.stage.Stage;
import org.convscope.core.train.AffineWarp;
import org.convscope.core.train.Augmentation;
import org.convscope.engine.dl4j.Dl4jEngine;
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
 * The Augmentation tab of the Train screen: moving a slider redraws the copies and shows the value, Reseed draws
 * new ones, and the Train button hands exactly the pane's settings to training.
 */
@ExtendWith(ApplicationExtension.class)
class AugmentationPaneUiTest {

    private FxTaskExecutor executor;
    private TrainScreen screen;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        executor = new FxTaskExecutor(2);
        Dl4jEngine engine = new Dl4jEngine();
        screen = new TrainScreen(new ModelSession(), () -> engine, executor);
        stage.setScene(new Scene((javafx.scene.Parent) screen.view(), 1400, 900));
        stage.show();
    }

    @AfterEach
    void stop() {
        executor.shutdown();
    }

    /** The first pixel rows of every copy in the grid, as one string of ARGB values. */
    private static String gridPixels(FxRobot robot) {
        TilePane grid = robot.lookup("#aug-grid").queryAs(TilePane.class);
        StringBuilder b = new StringBuilder();
        for (var n : grid.getChildren()) {
            Image img = ((ImageView) n).getImage();
            for (int y = 0; y < img.getHeight(); y += 3) {
                for (int x = 0; x < img.getWidth(); x += 3) {
                    b.append(img.getPixelReader().getArgb(x, y)).append(',');
                }
            }
        }
        return b.toString();
    }

    private static int gridSize(FxRobot robot) {
        return robot.lookup("#aug-grid").queryAs(TilePane.class).getChildren().size();
    }

    @Test
    void slidersRedrawTheCopiesAndTrainingGetsTheSettings(FxRobot robot) throws Exception {
        TabPane tabs = robot.lookup(".tab-pane").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(tabs.getTabs().stream()
                .filter(t -> "train-augmentation-tab".equals(t.getId())).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> gridSize(robot) == AugmentationViewModel.COUNT);
        String before = gridPixels(robot);

        robot.clickOn("#aug-preset-keras");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !gridPixels(robot).equals(before));
        assertEquals("\u00b140\u00b0", robot.lookup("#aug-rotation-value").queryAs(Label.class).getText());
        String keras = gridPixels(robot);

        Slider rotation = robot.lookup("#aug-rotation").queryAs(Slider.class);
        robot.clickOn(rotation);
        robot.interact(() -> rotation.setValue(120.4));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !gridPixels(robot).equals(keras));
        assertEquals("\u00b1120\u00b0", robot.lookup("#aug-rotation-value").queryAs(Label.class).getText());
        String turned = gridPixels(robot);

        robot.clickOn("#aug-reseed");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !gridPixels(robot).equals(turned));

        robot.clickOn("#aug-flip-v");
        Slider brightness = robot.lookup("#aug-brightness").queryAs(Slider.class);
        robot.interact(() -> brightness.setValue(0.3));
        Augmentation expected = new Augmentation(120, 0.2, 0.2, true, true, 0.2, 0.2, 0.7, 1.3, AffineWarp.Fill.NEAREST);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(expected, screen.augmentation().viewModel().settingsProperty().get());

        CheckBox trainAugment = robot.lookup("#train-augment").queryAs(CheckBox.class);
        assertFalse(trainAugment.isSelected());
        robot.clickOn("#aug-enabled");
        assertTrue(trainAugment.isSelected(), "the Settings checkbox follows the pane");

        Spinner<Integer> epochs = robot.lookup("#train-epochs").queryAs(Spinner.class);
        robot.interact(() -> epochs.getValueFactory().setValue(1));
        robot.clickOn("#train-start");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(expected, screen.viewModel().startedWith().augmentation(), "the run was started with the pane's settings");
        robot.clickOn("#train-stop");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !screen.viewModel().runningProperty().get());

        robot.clickOn("#train-augment"); // unticked in Settings: training gets none
        assertFalse(robot.lookup("#aug-enabled").queryAs(CheckBox.class).isSelected());
    }

    @Test
    @SuppressWarnings("unchecked")
    void exportSettingsAreWhatTheSettingsColumnShows(FxRobot robot) {
        robot.interact(() -> {
            robot.lookup("#train-epochs").queryAs(Spinner.class).getValueFactory().setValue(4);
            robot.lookup("#train-lr").queryAs(javafx.scene.control.TextField.class).setText("0.02");
            robot.lookup("#train-seed").queryAs(javafx.scene.control.TextField.class).setText("11");
            var optimizer = robot.lookup("#train-optimizer").queryAs(javafx.scene.control.ChoiceBox.class);
            optimizer.setValue(org.convscope.core.train.TrainConfig.Optimizer.SGD_MOMENTUM);
            var schedule = robot.lookup("#train-schedule").queryAs(javafx.scene.control.ChoiceBox.class);
            schedule.setValue(schedule.getItems().stream().filter(o -> ((org.convscope.core.train.LearningRateSchedule) o)
                    .kind() == org.convscope.core.train.LearningRateSchedule.Kind.COSINE).findFirst().orElseThrow());
        });
        robot.clickOn("#train-augment");
        robot.clickOn("#train-normalise");
        WaitForAsyncUtils.waitForFxEvents();
        var settings = screen.exportSettings();
        var c = settings.config();
        assertEquals(4, c.epochs());
        assertEquals(0.02, c.learningRate());
        assertEquals(11, c.seed());
        assertEquals(org.convscope.core.train.TrainConfig.Optimizer.SGD_MOMENTUM, c.optimizer());
        assertEquals(org.convscope.core.train.LearningRateSchedule.Kind.COSINE, c.schedule().kind());
        assertEquals(screen.augmentation().viewModel().settingsProperty().get(), c.augmentation());
        assertFalse(c.augmentation().none());
        assertTrue(settings.data().normalise());

        robot.interact(() -> robot.lookup("#train-lr").queryAs(javafx.scene.control.TextField.class).setText("fast"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                screen::exportSettings);
        assertEquals("The learning rate must be a number above 0 and the seed a whole number.", e.getMessage());
    }
}
