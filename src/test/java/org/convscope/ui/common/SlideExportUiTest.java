package org.convscope.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.convscope.app.Animations;
import org.convscope.core.conv.ConvSettings;
import org.convscope.core.conv.Convolution;
import org.convscope.core.conv.KernelPresets;
import org.convscope.core.conv.Volume;
import org.convscope.io.ChartSvg;
import org.convscope.imaging.FrameSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Figures for slides from the UI: the GIF dialog writes what {@code convscope animate} writes at the chosen scale and
 * frame time, and a cancelled export leaves the old file; a view saved as PNG at 2x is twice its size; a chart's SVG
 * holds its series' numbers.
 */
@ExtendWith(ApplicationExtension.class)
class SlideExportUiTest {

    private static final double[][] SEED = {
        {3, 0, 1, 2, 7}, {1, 5, 8, 9, 3}, {2, 7, 2, 5, 1}, {0, 1, 3, 1, 7}, {4, 2, 1, 6, 2}};

    @TempDir
    Path dir;

    private FxTaskExecutor executor;
    private Stage stage;
    private final StackPane root = new StackPane();

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        this.stage = stage;
        executor = new FxTaskExecutor(2);
        stage.setScene(new Scene(root, 900, 600));
        stage.show();
    }

    @AfterEach
    void stop() {
        executor.shutdown();
    }

    private static Animations.Animation seedSweep() {
        return Animations.convolution(Convolution.run(Volume.of(SEED),
                Volume.of(KernelPresets.get("vertical-edge").orElseThrow()), ConvSettings.DEFAULT));
    }

    private static int[] framesAndWidth(Path gif) throws Exception {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in, false);
            return new int[] {reader.getNumImages(true), reader.getWidth(0), reader.getHeight(0)};
        } finally {
            reader.dispose();
        }
    }

    /** Opens the dialog with the file filled in; returns its pane (lookups stay inside this dialog). */
    private javafx.scene.control.DialogPane open(FxRobot robot, Animations.Animation frames, Path target) {
        var dialog = new java.util.concurrent.atomic.AtomicReference<javafx.scene.control.Dialog<Void>>();
        robot.interact(() -> dialog.set(GifExportDialog.show(stage, executor, "The convolution sweep: 9 steps", "conv.gif",
                frames, line -> { })));
        javafx.scene.control.DialogPane pane = dialog.get().getDialogPane();
        robot.interact(() -> ((TextField) pane.lookup("#gif-file")).setText(target.toString()));
        return pane;
    }

    @Test
    void theDialogWritesTheSweepAtTheChosenScale(FxRobot robot) throws Exception {
        Path gif = dir.resolve("conv.gif");
        var pane = open(robot, seedSweep(), gif);
        assertEquals("9 frames, a loop of 4.5 s at this frame time.", ((Label) pane.lookup("#gif-frame-count")).getText());
        var window = pane.getScene().getWindow();
        robot.clickOn(pane.lookup("#gif-scale-2"));
        robot.clickOn(pane.lookup("#gif-export"));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> Files.exists(gif));
        WaitForAsyncUtils.waitForFxEvents();
        int[] g = framesAndWidth(gif);
        BufferedImage one = seedSweep().source().frame(0, 1);
        assertEquals(9, g[0]);
        assertEquals(2 * one.getWidth(), g[1]);
        assertEquals(2 * one.getHeight(), g[2]);
        assertFalse(window.isShowing(), "the dialog closes when the GIF is written");
    }

    /** The replace question of {@link Dialogs#confirmReplaceFile}, once it shows. */
    private static javafx.scene.control.DialogPane replaceQuestion(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#replace-file-dialog").tryQuery().isPresent());
        return robot.lookup("#replace-file-dialog").queryAs(javafx.scene.control.DialogPane.class);
    }

    @Test
    void aTypedNameOfAnExistingFileIsReplacedOnlyAfterAsking(FxRobot robot) throws Exception {
        Path gif = dir.resolve("old.gif");
        Files.writeString(gif, "the old file");
        var pane = open(robot, seedSweep(), gif);
        robot.clickOn(pane.lookup("#gif-export"));
        var ask = replaceQuestion(robot);
        assertEquals("old.gif already exists. Replace it?", ask.getHeaderText());
        javafx.scene.control.Button cancel = (javafx.scene.control.Button) ask.lookupButton(javafx.scene.control.ButtonType.CANCEL);
        javafx.scene.control.Button replace = (javafx.scene.control.Button) ask.lookupButton(Dialogs.REPLACE);
        assertTrue(cancel.isDefaultButton(), "Enter keeps the file");
        assertFalse(replace.isDefaultButton());
        robot.type(javafx.scene.input.KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#replace-file-dialog").tryQuery().isEmpty(), "Enter closed the question");
        assertEquals("Not exported: old.gif was kept. Give another name, or export again and choose Replace.",
                ((Label) pane.lookup("#gif-message")).getText());
        Thread.sleep(300); // nothing was started in the background either
        assertEquals("the old file", Files.readString(gif));
        assertTrue(pane.getScene().getWindow().isShowing(), "the dialog stays open for another name");

        var window = pane.getScene().getWindow();
        robot.clickOn(pane.lookup("#gif-export"));
        robot.clickOn(replaceQuestion(robot).lookupButton(Dialogs.REPLACE));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !window.isShowing());
        assertEquals(9, framesAndWidth(gif)[0], "the GIF replaced the old file after Replace");
    }

    @Test
    void cancellingLeavesTheOldFileAsItWas(FxRobot robot) throws Exception {
        Path gif = dir.resolve("old.gif");
        Files.writeString(gif, "the old file");
        CountDownLatch release = new CountDownLatch(1);
        FrameSource sweep = seedSweep().source();
        FrameSource slow = new FrameSource() {
            @Override
            public int frames() {
                return 9;
            }

            @Override
            public BufferedImage frame(int index, int scale) {
                if (index >= 2) {
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return sweep.frame(index, scale);
            }
        };
        var pane = open(robot, new Animations.Animation(slow), gif);
        robot.clickOn(pane.lookup("#gif-export"));
        robot.clickOn(replaceQuestion(robot).lookupButton(Dialogs.REPLACE)); // asked first: the file exists
        Label message = (Label) pane.lookup("#gif-message");
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> message.getText().equals("frame 2 of 9"));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("message: " + message.getText(), e);
        }
        robot.clickOn(pane.lookup("#gif-cancel"));
        release.countDown();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> message.getText()
                .equals("Cancelled: nothing was written (an existing file is unchanged)."));
        Thread.sleep(300); // the worker's last check: it must not write after all
        assertEquals("the old file", Files.readString(gif));
        assertEquals(1, Files.list(dir).count(), "no temporary file is left");
        var window = pane.getScene().getWindow();
        robot.clickOn(pane.lookup("#gif-cancel")); // now it closes
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(window.isShowing());
    }

    @Test
    void aViewAt2xIsTwiceItsSizeAndAChartsSvgHoldsItsSeries(FxRobot robot) throws Exception {
        NumberAxis x = new NumberAxis();
        x.setLabel("epoch");
        NumberAxis y = new NumberAxis();
        y.setLabel("loss");
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setTitle("Training loss");
        chart.setAnimated(false);
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName("per epoch");
        s.getData().addAll(List.of(new XYChart.Data<>(1, 2.0), new XYChart.Data<>(2, 1.0), new XYChart.Data<>(3, 0.5)));
        chart.getData().add(s);
        chart.setPrefSize(400, 300);
        robot.interact(() -> root.getChildren().setAll(chart));
        WaitForAsyncUtils.waitForFxEvents();

        Path png = dir.resolve("chart.png");
        robot.interact(() -> {
            try {
                FigureExport.writePng(chart, 2, png);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(2 * (int) Math.ceil(chart.getWidth()), img.getWidth(), 2.0);
        assertEquals(2 * (int) Math.ceil(chart.getHeight()), img.getHeight(), 2.0);

        List<ChartSvg.Series> series = FigureExport.series(chart);
        assertEquals(1, series.size());
        assertEquals("per epoch", series.get(0).name());
        assertEquals(List.of(1.0, 2.0, 3.0), java.util.Arrays.stream(series.get(0).x()).boxed().toList());
        assertEquals(List.of(2.0, 1.0, 0.5), java.util.Arrays.stream(series.get(0).y()).boxed().toList());
        Path svg = dir.resolve("chart.svg");
        FigureExport.writeSvg(chart, svg);
        String text = Files.readString(svg);
        // epochs 1..3 over 400 px from x=70; losses 0..2 over 280 px from y=330 up
        assertTrue(text.contains("points=\"70.000,50.000 270.000,190.000 470.000,260.000\""), text);
        assertTrue(text.contains(">Training loss<") && text.contains(">epoch<") && text.contains(">loss<"), text);
        assertFalse(text.contains("NaN"));
        Platform.runLater(() -> { });
    }
}
