package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.prefs.Preferences;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Dialog;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.stage.Stage;
import org.convscope.app.Animations;
import org.convscope.imaging.FrameSource;
import org.convscope.ui.common.Css;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.FxTaskExecutor;
import org.convscope.ui.common.GifExportDialog;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * View &gt; High Contrast reaches the dialogs and the Train screen's progress bars: a dialog opened in high contrast
 * and presenter mode (an information alert, the GIF export dialog, the export progress window) carries the main
 * window's stylesheets and type size, so its background is black as the window's; every dialog in the UI's sources
 * goes through {@link Dialogs#own}; the two Train progress bars have a track that is not the background's black.
 */
@ExtendWith(ApplicationExtension.class)
class HighContrastDialogsUiTest {

    private FxTaskExecutor executor;
    private Preferences prefs;
    private Stage stage;
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        this.stage = stage;
        executor = new FxTaskExecutor(2);
        prefs = Preferences.userRoot().node("convscope-test-" + UUID.randomUUID());
        window = new MainWindow(stage, new ModelSession(), executor, prefs, Files.createTempDirectory("cs"));
        stage.setScene(window.createScene(1280, 720));
        stage.show();
        window.highContrastForThisRun();
        window.viewModel().presenterModeProperty().set(true);
    }

    @AfterEach
    void stop() throws Exception {
        executor.shutdown();
        try {
            prefs.removeNode();
        } catch (java.util.prefs.BackingStoreException e) {
            // another build holds the preferences' file lock; the node is a throwaway one
        }
    }

    private static Paint background(Region r) {
        r.applyCss();
        assertTrue(r.getBackground() != null && !r.getBackground().getFills().isEmpty(), r + " has a background");
        return r.getBackground().getFills().get(0).getFill();
    }

    /** The scene of a dialog opened on the main window looks like the main window's. */
    private void assertLikeTheWindow(Scene dialog, String what) {
        Scene main = stage.getScene();
        assertEquals(List.of(Css.STYLESHEET, Css.HIGH_CONTRAST), main.getStylesheets(), "high contrast is on");
        assertEquals(main.getStylesheets(), dialog.getStylesheets(), what + ": the window's stylesheets, in order");
        assertTrue(dialog.getRoot().getStyleClass().contains(Css.PRESENTER), what + ": presenter type");
        assertEquals(main.getRoot().getStyle(), dialog.getRoot().getStyle(), what + ": the window's type size");
        assertTrue(main.getRoot().getStyle().contains("-fx-font-size"), "presenter mode sets a type size");
    }

    @Test
    void dialogsTakeTheWindowsHighContrastAndPresenterLook(FxRobot robot) {
        AtomicReference<Alert> info = new AtomicReference<>();
        robot.interact(() -> info.set(Dialogs.info(stage, "Header", "Some details")));
        WaitForAsyncUtils.waitForFxEvents();
        Scene infoScene = info.get().getDialogPane().getScene();
        assertLikeTheWindow(infoScene, "an information alert");
        robot.interact(() -> {
            assertEquals(Color.BLACK, background(info.get().getDialogPane()), "the alert's background is black");
            info.get().close();
        });

        AtomicReference<Dialog<Void>> gif = new AtomicReference<>();
        robot.interact(() -> gif.set(GifExportDialog.show(stage, executor, "The convolution sweep: 9 steps",
                "conv.gif", oneFrame(), line -> { })));
        WaitForAsyncUtils.waitForFxEvents();
        assertLikeTheWindow(gif.get().getDialogPane().getScene(), "the GIF export dialog");
        robot.interact(() -> {
            assertEquals(Color.BLACK, background(gif.get().getDialogPane()), "the GIF dialog's background is black");
            gif.get().close();
        });

        AtomicReference<org.convscope.ui.shell.ExportActions.Progress> progress = new AtomicReference<>();
        robot.interact(() -> progress.set(new ExportDialogs(stage).progress("Exporting", () -> { })));
        WaitForAsyncUtils.waitForFxEvents();
        Scene progressScene = robot.lookup("#export-progress").query().getScene();
        assertLikeTheWindow(progressScene, "the export progress window");
        robot.interact(() -> progress.get().close());
    }

    @Test
    void highContrastSwitchedWhileADialogIsOpenReachesIt(FxRobot robot) {
        AtomicReference<Alert> info = new AtomicReference<>();
        robot.interact(() -> info.set(Dialogs.info(stage, "Header", "Some details")));
        robot.interact(() -> window.viewModel().highContrastProperty().set(false));
        assertEquals(List.of(Css.STYLESHEET), info.get().getDialogPane().getScene().getStylesheets());
        robot.interact(() -> window.viewModel().highContrastProperty().set(true));
        assertEquals(List.of(Css.STYLESHEET, Css.HIGH_CONTRAST), info.get().getDialogPane().getScene().getStylesheets());
        robot.interact(() -> info.get().close());
    }

    @Test
    void theTrainProgressBarsShowTheirTrackBeforeARun(FxRobot robot) {
        robot.interact(() -> window.viewModel().screenProperty().set("train"));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            Paint page = background((Region) stage.getScene().getRoot());
            assertEquals(Color.BLACK, page, "high contrast's black page");
            for (String id : new String[] {"#train-progress", "#train-epoch-progress"}) {
                Node bar = stage.getScene().lookup(id);
                Region track = (Region) bar.lookup(".track");
                Paint fill = background(track);
                assertNotEquals(page, fill, id + "'s track is not the page's black");
                Color c = (Color) fill;
                assertTrue(c.getBrightness() >= 0.25, id + "'s track is a visible grey, brightness " + c.getBrightness());
                assertEquals(Color.WHITE, track.getBorder().getStrokes().get(0).getTopStroke(), id + " has a white edge");
            }
        });
    }

    /** Every Dialog, Alert or ChoiceDialog the UI creates is owned and styled through Dialogs.own. */
    @Test
    void everyDialogInTheSourcesGoesThroughOneHelper() throws IOException {
        Pattern created = Pattern.compile("new (Alert|Dialog<|ChoiceDialog<|TextInputDialog)");
        Pattern owned = Pattern.compile("Dialogs\\.own\\(|\\bown\\(");
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/org/convscope/ui"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code = Files.readString(f);
                int dialogs = count(created.matcher(code));
                int styled = count(owned.matcher(code)) - (f.endsWith("Dialogs.java") ? 1 : 0); // its declaration
                if (dialogs > styled) {
                    wrong.add(f + ": " + dialogs + " dialogs, " + styled + " Dialogs.own");
                }
                if (code.contains("initOwner(") && !f.endsWith("ui/common/Dialogs.java") && !code.contains("styleLike(")) {
                    wrong.add(f + ": initOwner without Dialogs.own / styleLike");
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    private static int count(Matcher m) {
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static Animations.Animation oneFrame() {
        return new Animations.Animation(new FrameSource() {
            @Override
            public int frames() {
                return 1;
            }

            @Override
            public java.awt.image.BufferedImage frame(int i, int scale) {
                return new java.awt.image.BufferedImage(4 * scale, 4 * scale, java.awt.image.BufferedImage.TYPE_INT_RGB);
            }
        });
    }
}
