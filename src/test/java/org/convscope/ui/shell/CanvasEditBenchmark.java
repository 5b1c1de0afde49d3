package org.convscope.ui.shell;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.UUID;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * How long one property edit takes on the Build screen with VGG16 (22 layers): re-infer every shape,
 * rebuild the canvas, apply CSS and lay the scene out. Target: under 16 ms (one frame at 60 Hz).
 *
 * <p>Run with {@code mvn test -Pbench -Dtest=CanvasEditBenchmark}; prints numbers, asserts nothing.
 */
@Tag("benchmark")
@ExtendWith(ApplicationExtension.class)
class CanvasEditBenchmark {

    private Stage stage;
    private ModelSession session;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        session = new ModelSession();
        MainWindow window = new MainWindow(stage, session, new CurrentThreadTaskExecutor(),
                Preferences.userRoot().node("convscope-bench-" + UUID.randomUUID()),
                Files.createTempDirectory("convscope-bench"));
        stage.setScene(window.createScene(1400, 900));
        stage.show();
    }

    @Test
    void editFiltersOnVgg16(FxRobot robot) {
        robot.interact(() -> session.usePreset("vgg16"));
        robot.clickOn("#block-1");
        TextField filters = robot.lookup("#prop-filters").queryAs(TextField.class);
        int warmup = 50;
        int runs = 200;
        double[] ms = new double[runs];
        double[] inferMs = new double[runs];
        double[] listenersMs = new double[runs];
        robot.interact(() -> {
            for (int i = 0; i < warmup + runs; i++) {
                long t0 = System.nanoTime();
                filters.setText(Integer.toString(i % 2 == 0 ? 96 : 64)); // edit -> analysis -> canvas rebuild
                long tl = System.nanoTime();
                stage.getScene().getRoot().applyCss();
                stage.getScene().getRoot().layout();
                long t1 = System.nanoTime();
                ModelAnalyzer.analyze(session.getModel());
                long t2 = System.nanoTime();
                if (i >= warmup) {
                    ms[i - warmup] = (t1 - t0) / 1e6;
                    inferMs[i - warmup] = (t2 - t1) / 1e6;
                    listenersMs[i - warmup] = (tl - t0) / 1e6;
                }
            }
        });
        report("edit + re-infer + rebuild + CSS + layout (VGG16)", ms);
        report("  of which edit listeners (history, analysis, canvas/table/property updates)", listenersMs);
        report("shape inference alone (VGG16)", inferMs);
    }

    private static void report(String what, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        double mean = Arrays.stream(s).average().orElse(0);
        System.out.printf("BENCH %s: mean %.2f ms, median %.2f ms, p95 %.2f ms, max %.2f ms over %d edits%n",
                what, mean, s[s.length / 2], s[(int) (s.length * 0.95)], s[s.length - 1], s.length);
    }
}
