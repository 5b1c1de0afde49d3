package org.convscope.ui.featuremaps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.convscope.app.TrainedWeights;
import org.convscope.app.WeightsVersion;
import org.convscope.engine.Engine;
import org.convscope.engine.dl4j.Dl4jEngine;
import org.convscope.ui.common.FxTaskExecutor;
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
 * The time machine as a GIF from the Feature maps screen: with a run of three checkpoints, "GIF through epochs..."
 * writes one frame per checkpoint of the shown layer's maps, as {@code convscope animate featuremaps} draws them.
 */
@ExtendWith(ApplicationExtension.class)
class MapsExportUiTest {

    private static final Engine ENGINE = new Dl4jEngine();

    @TempDir
    Path dir;

    private FxTaskExecutor executor;
    private ModelSession session;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        executor = new FxTaskExecutor(2);
        session = new ModelSession();
        session.usePreset("seed003-small");
        FeatureMapsScreen screen = new FeatureMapsScreen(session, () -> ENGINE, executor);
        stage.setScene(new Scene((javafx.scene.Parent) screen.view(), 1400, 900));
        stage.show();
    }

    @AfterEach
    void stop() {
        executor.shutdown();
    }

    @Test
    void theMapsThroughThreeEpochsMakeThreeFrames(FxRobot robot) throws Exception {
        robot.interact(() -> {
            var spec = session.getModel();
            List<TrainedWeights.Checkpoint> run = List.of(
                    new TrainedWeights.Checkpoint(1, ENGINE.compile(spec, 1), WeightsVersion.trained(1, 1), "epoch 1 of 3"),
                    new TrainedWeights.Checkpoint(2, ENGINE.compile(spec, 2), WeightsVersion.trained(1, 2), "epoch 2 of 3"),
                    new TrainedWeights.Checkpoint(3, ENGINE.compile(spec, 3), WeightsVersion.trained(1, 3), "epoch 3 of 3"));
            session.setTrained(new TrainedWeights(ENGINE.compile(spec, 3), WeightsVersion.trained(1, 3), "trained", run));
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#maps-export-gif").tryQuery()
                .map(n -> n.isVisible() && n.getScene() != null && !((Button) n).isDisabled()).orElse(false));
        robot.clickOn("#maps-export-gif");
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane pane = robot.lookup("#gif-export-dialog").queryAs(DialogPane.class);
        assertTrue(pane.getHeaderText().startsWith("Layer 1 feature maps for chelsea.png through 3 epochs"),
                pane.getHeaderText());
        Path gif = dir.resolve("maps.gif");
        robot.interact(() -> ((TextField) pane.lookup("#gif-file")).setText(gif.toString()));
        robot.clickOn(pane.lookup("#gif-export"));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> Files.exists(gif));
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in, false);
            assertEquals(3, reader.getNumImages(true));
        } finally {
            reader.dispose();
        }
    }

    /** The first frame of a GIF, as drawn (ImageIO reads it whole: the first frame covers the picture). */
    private static java.awt.image.BufferedImage firstFrame(Path gif) throws Exception {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in, false);
            return reader.read(0);
        } finally {
            reader.dispose();
        }
    }

    /**
     * Pixels of two pictures of the same size whose colours differ by more than the GIF palette moves a colour (its
     * greys are 6.4 apart, looked up at 6 bits a channel: at most 6 levels).
     */
    private static int differing(java.awt.image.BufferedImage a, java.awt.image.BufferedImage b) {
        assertEquals(List.of(a.getWidth(), a.getHeight()), List.of(b.getWidth(), b.getHeight()));
        int n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                int d = 0;
                for (int shift = 0; shift <= 16; shift += 8) {
                    d = Math.max(d, Math.abs((p >> shift & 0xFF) - (q >> shift & 0xFF)));
                }
                n += d > 6 ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void theFiltersOfTheChosenInputChannel(FxRobot robot) throws Exception {
        var run = new java.util.concurrent.atomic.AtomicReference<List<TrainedWeights.Checkpoint>>();
        robot.interact(() -> {
            var spec = session.getModel();
            run.set(List.of(
                    new TrainedWeights.Checkpoint(1, ENGINE.compile(spec, 1), WeightsVersion.trained(1, 1), "epoch 1 of 2"),
                    new TrainedWeights.Checkpoint(2, ENGINE.compile(spec, 2), WeightsVersion.trained(1, 2), "epoch 2 of 2")));
            session.setTrained(new TrainedWeights(ENGINE.compile(spec, 2), WeightsVersion.trained(1, 2), "trained", run.get()));
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#maps-export-gif").tryQuery()
                .map(n -> n.isVisible() && n.getScene() != null && !((Button) n).isDisabled()).orElse(false));
        robot.clickOn("#show-filters");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#maps-export-gif");
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane pane = robot.lookup("#gif-export-dialog").queryAs(DialogPane.class);
        assertEquals("Layer 1 filters through 2 epochs", pane.getHeaderText());
        @SuppressWarnings("unchecked")
        var channel = (javafx.scene.control.ChoiceBox<String>) pane.lookup("#gif-channel");
        assertEquals(List.of("1 (red)", "2 (green)", "3 (blue)"), channel.getItems());
        assertEquals("1 (red)", channel.getValue());
        Path gif = dir.resolve("blue.gif");
        robot.interact(() -> {
            channel.setValue("3 (blue)");
            ((TextField) pane.lookup("#gif-file")).setText(gif.toString());
        });
        robot.clickOn(pane.lookup("#gif-export"));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> Files.exists(gif));
        var written = firstFrame(gif);
        var blue = org.convscope.app.Animations.filters(run.get(), 2, 1, 2, org.convscope.imaging.ColorMaps.GRAY)
                .source().frame(0, 1);
        var red = org.convscope.app.Animations.filters(run.get(), 2, 1, 0, org.convscope.imaging.ColorMaps.GRAY)
                .source().frame(0, 1);
        assertEquals(0, differing(written, blue), "the GIF's first frame is the blue channel's filters at epoch 1");
        assertTrue(differing(written, red) > 100, "and not the red channel's");
    }
}
