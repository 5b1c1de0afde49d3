package org.convscope.ui.shell;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.UUID;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ChoiceBox;
import javafx.stage.Stage;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * One step of the convolution stepper on a 224x224 RGB image, as the play button does it: next cell,
 * redraw input, kernel, products and output views, CSS and layout. Target: under 16.7 ms (60 fps).
 *
 * <p>Run with {@code mvn test -Pbench -Dtest=StepperBenchmark}; prints numbers, asserts nothing.
 */
@Tag("benchmark")
@ExtendWith(ApplicationExtension.class)
class StepperBenchmark {

    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        MainWindow window = new MainWindow(stage, new ModelSession(), new CurrentThreadTaskExecutor(),
                Preferences.userRoot().node("convscope-bench-" + UUID.randomUUID()), Files.createTempDirectory("cs"));
        stage.setScene(window.createScene(1400, 900));
        stage.show();
    }

    @Test
    @SuppressWarnings("unchecked")
    void stepOn224(FxRobot robot) {
        robot.clickOn("#nav-stepper");
        ComboBox<String> source = robot.lookup("#stepper-source").queryAs(ComboBox.class);
        robot.interact(() -> source.setValue("Sample: astronaut.png"));
        ComboBox<Integer> size = robot.lookup("#stepper-size").queryAs(ComboBox.class);
        robot.interact(() -> size.setValue(224));
        ChoiceBox<Object> channels = robot.lookup("#stepper-channels").queryAs(ChoiceBox.class);
        robot.interact(() -> channels.setValue(channels.getItems().get(channels.getItems().size() - 1))); // RGB
        int warmup = 60;
        int runs = 300;
        double[] ms = new double[runs];
        var next = robot.lookup("#step-next").queryButton();
        robot.interact(() -> {
            for (int i = 0; i < warmup + runs; i++) {
                long t0 = System.nanoTime();
                next.fire();
                stage.getScene().getRoot().applyCss();
                stage.getScene().getRoot().layout();
                if (i >= warmup) {
                    ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
                }
            }
        });
        Arrays.sort(ms);
        System.out.printf("BENCH stepper step on 224x224x3 (next + redraw 4 matrix views + CSS + layout): median %.2f ms, "
                + "p95 %.2f ms, max %.2f ms over %d steps%n", ms[runs / 2], ms[(int) (runs * 0.95)], ms[runs - 1], runs);
    }
}
