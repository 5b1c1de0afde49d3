package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import org.convscope.app.Engines;
import org.convscope.app.LessonFiles;
import org.convscope.io.lesson.Lesson;
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
 * A lesson saved from one window opens identically in a second, fresh window (its own session and screens, as on
 * another machine): every screen's settings compare equal field by field, the notes show, locked controls are
 * disabled with their tooltip; a refused file says why in a dialog.
 */
@ExtendWith(ApplicationExtension.class)
class LessonUiTest {

    private MainWindow window;
    private Stage stage;
    private final List<Preferences> more = new java.util.ArrayList<>();

    @Start
    void start(Stage stage) throws Exception {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        this.stage = stage;
        window = newWindow(stage);
        stage.setScene(window.createScene(1280, 800));
        stage.show();
    }

    private MainWindow newWindow(Stage stage) throws Exception {
        Preferences p = Preferences.userRoot().node("convscope-test-" + UUID.randomUUID());
        more.add(p);
        return new MainWindow(stage, new ModelSession(), new CurrentThreadTaskExecutor(), p,
                Files.createTempDirectory("convscope-home"), Engines.shared());
    }

    @AfterEach
    void cleanUp() throws BackingStoreException {
        for (Preferences p : more) {
            p.removeNode();
        }
    }

    /** Sets a control on a screen as a user would choose the value. */
    @SuppressWarnings("unchecked")
    private static void set(MainWindow w, String screen, String id, Object value) {
        w.viewModel().screenProperty().set(screen);
        w.root().applyCss(); // skins (scroll panes' contents) exist only after CSS
        w.root().layout();
        Node n = w.root().lookup("#" + id);
        if (n == null) {
            throw new AssertionError("no control #" + id + " on " + screen);
        }
        if (n instanceof ComboBox<?> c) {
            ((ComboBox<Object>) c).setValue(value);
        } else if (n instanceof ChoiceBox<?> c) {
            ChoiceBox<Object> box = (ChoiceBox<Object>) c;
            box.setValue(box.getItems().stream().filter(i -> String.valueOf(i).equals(String.valueOf(value))).findFirst()
                    .orElseThrow(() -> new AssertionError(value + " is not offered by #" + id + ": " + box.getItems())));
        } else if (n instanceof Spinner<?> s) {
            ((Spinner<Object>) s).getValueFactory().setValue(value);
        } else if (n instanceof CheckBox c) {
            if (c.isSelected() != (Boolean) value) {
                c.fire();
            }
        } else if (n instanceof TextInputControl t) {
            t.setText(String.valueOf(value));
        } else if (n instanceof javafx.scene.control.ButtonBase b) {
            b.fire();
        }
    }

    @Test
    void aLessonSavedInOneWindowOpensIdenticallyInAFreshOne(FxRobot robot, @TempDir Path dir) throws Exception {
        SaveLessonDialog.Choice choice = new SaveLessonDialog.Choice("Stride and padding",
                "1. Step through three cells.\n2. Ask for the output size first.", false, List.of("conv-stride", "nav-train"));
        Path file = dir.resolve("class.convscope-lesson");
        Lesson[] saved = new Lesson[1];
        robot.interact(() -> {
            set(window, "stepper", "stepper-source", "Sample: camera.png");
            set(window, "stepper", "stepper-size", 12);
            set(window, "stepper", "conv-stride", 2);
            set(window, "stepper", "conv-padding", "explicit");
            set(window, "stepper", "conv-padding-cells", 2);
            set(window, "stepper", "conv-bias", "0.5");
            set(window, "stepper", "conv-relu", true);
            set(window, "stepper", "step-next", null);
            set(window, "stepper", "step-next", null);
            set(window, "featuremaps", "maps-colours", "viridis");
            set(window, "featuremaps", "maps-normalisation", "whole layer together");
            set(window, "train", "train-epochs", 7);
            set(window, "train", "train-lr", "0.005");
            set(window, "train", "train-batch", 32);
            window.viewModel().presenterModeProperty().set(true);
            window.viewModel().screenProperty().set("stepper");
            saved[0] = window.lessons().capture(choice);
            window.lessons().saveTo(file, choice);
        });
        Lesson before = saved[0];
        assertEquals("Sample: camera.png", before.stepper().source(), "the settings really were changed");
        assertEquals(List.of(2, 2), before.stepper().strides());
        assertEquals("2", before.stepper().padding());
        assertEquals(2, before.stepper().position());
        assertEquals("VIRIDIS", before.featureMaps().colours());
        assertEquals("7", before.train().settings().get("train-epochs"));
        assertTrue(Files.size(file) > 0);

        MainWindow[] fresh = new MainWindow[1];
        robot.interact(() -> {
            try {
                Stage other = new Stage();
                fresh[0] = newWindow(other);
                other.setScene(fresh[0].createScene(1280, 800));
                other.show();
                fresh[0].openFile(file); // File > Open: a lesson is told by its content
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        MainWindow b = fresh[0];
        Lesson[] after = new Lesson[1];
        robot.interact(() -> after[0] = b.lessons().capture(choice));
        Lesson a = after[0];
        assertEquals(before.stepper(), a.stepper());
        assertEquals(before.featureMaps(), a.featureMaps());
        assertEquals(before.train(), a.train());
        assertEquals(before.screen(), a.screen());
        assertEquals(before.presenter(), a.presenter());
        assertEquals(before.quiz(), a.quiz());
        assertEquals(before, a);
        assertEquals(window.lessons().last().orElseThrow().locked(), b.locks().ids());

        assertTrue(b.lessonPanel().isVisible());
        assertEquals("Stride and padding", b.lessonPanel().title());
        assertEquals(choice.notes(), b.lessonPanel().notesText());
        Node stride = b.root().lookup("#conv-stride");
        assertTrue(stride.isDisabled(), "a locked control is disabled");
        assertEquals("locked by the lesson", ((Control) stride).getTooltip().getText());
        Node nav = b.root().lookup("#nav-train");
        assertTrue(nav.isDisabled());
        assertFalse(b.root().lookup("#conv-bias").isDisabled(), "the others stay free");

        robot.interact(() -> b.lessonPanel().hiddenProperty().set(true));
        assertFalse(b.lessonPanel().isVisible(), "the teacher can hide the notes");
        robot.interact(() -> b.lessons().end());
        assertFalse(stride.isDisabled(), "ending the lesson unlocks");
    }

    @Test
    void theLessonsOwnImagesShowOnTheirScreensAndAreSavedAgain(FxRobot robot, @TempDir Path dir) throws Exception {
        SaveLessonDialog.Choice choice = new SaveLessonDialog.Choice("Images", "", false, List.of());
        Lesson[] base = new Lesson[1];
        robot.interact(() -> base[0] = window.lessons().capture(choice));
        Lesson.Stepper s = base[0].stepper();
        Lesson.Stepper withImage = new Lesson.Stepper("Image: cat.png", "images/stepper-cat.png.png", 8, "RGB", false,
                s.interpolation(), s.mode(), s.kernelName(), s.kernel(), s.strides(), s.padding(), s.bias(), s.relu(),
                s.flip(), s.pool(), s.poolStrides(), s.poolPadding(), s.poolMode(), s.poolLambda(), 4, 0);
        Lesson.Maps maps = new Lesson.Maps("images/maps-horse.png", 1, false, "PER_MAP", "DIVERGING", 0, 0);
        Lesson lesson = new Lesson(1, "t", "Images", "", "featuremaps", false, false, List.of(), withImage, maps,
                base[0].train());
        byte[] cat = Files.readAllBytes(Path.of("resources/samples/chelsea.png"));
        byte[] horse = Files.readAllBytes(Path.of("resources/samples/horse.png"));
        Path file = dir.resolve("images.convscope-lesson");
        LessonFiles.save(file, new org.convscope.app.LessonState(lesson,
                org.convscope.io.Presets.find(org.convscope.io.Presets.DEFAULT_ID).orElseThrow(), java.util.Optional.empty(),
                List.of(), java.util.Map.of("images/stepper-cat.png.png", cat, "images/maps-horse.png", horse)), null);

        robot.interact(() -> window.openFile(file));
        WaitForAsyncUtils.waitForFxEvents();
        Lesson[] back = new Lesson[1];
        robot.interact(() -> back[0] = window.lessons().capture(choice));
        assertEquals(withImage, back[0].stepper());
        assertEquals(maps, back[0].featureMaps());
        assertEquals("featuremaps", back[0].screen());
        assertTrue(window.viewModel().statusProperty().get().contains("Opened the lesson \"Images\""),
                window.viewModel().statusProperty().get());
    }

    @Test
    void bundledLessonsOpenFromHelpWithTheNumbersTheirNotesName(FxRobot robot) throws Exception {
        String[][] expected = {{"edge-detection", "= 6"}, {"stride-and-padding", "= 114"}, {"max-pooling", "= 7"}};
        for (String[] e : expected) {
            robot.interact(() -> window.lessons().openBundled(e[0]));
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals("stepper", window.viewModel().screenProperty().get());
            assertTrue(window.lessonPanel().isVisible());
            assertTrue(window.lessonPanel().notesText().contains(e[1].substring(2)), e[0]);
            var quiz = robot.lookup("#quiz-toggle").queryAs(javafx.scene.control.ToggleButton.class);
            assertEquals(e[0].equals("stride-and-padding"), quiz.isSelected(), e[0] + ": the lesson's quiz");
            if (quiz.isSelected()) {
                robot.interact(quiz::fire); // the quiz hides the sum until it is answered
            }
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#stepper-sum").tryQuery().isPresent());
            String sum = robot.lookup("#stepper-sum").queryAs(Label.class).getText();
            assertTrue(sum.contains(e[1]), e[0] + ": " + sum);
        }
    }

    @Test
    void saveLessonAsksForTheTitleNotesRunAndLocks(FxRobot robot) throws Exception {
        var result = new java.util.concurrent.CompletableFuture<java.util.Optional<SaveLessonDialog.Choice>>();
        Platform.runLater(() -> result.complete(SaveLessonDialog.ask(stage, "Edges", "", List.of("conv-stride"), false)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#save-lesson").tryQuery().isPresent());
        assertTrue(robot.lookup("#lesson-save-run").queryAs(CheckBox.class).isDisabled(), "no run to include");
        assertTrue(robot.lookup("#lock-conv-stride").queryAs(CheckBox.class).isSelected());
        robot.interact(() -> {
            robot.lookup("#lesson-save-title").queryAs(TextInputControl.class).setText("Edges by hand");
            robot.lookup("#lesson-save-notes").queryAs(TextInputControl.class).setText("Ask first.");
            robot.lookup("#lock-kernel-preset").queryAs(CheckBox.class).setSelected(true);
        });
        pressOk(robot);
        assertEquals(new SaveLessonDialog.Choice("Edges by hand", "Ask first.", false, List.of("kernel-preset",
                "conv-stride")), result.get(10, TimeUnit.SECONDS).orElseThrow());
    }

    @Test
    void aLessonFromANewerVersionIsRefusedWithADialog(FxRobot robot, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("future.convscope-lesson");
        SaveLessonDialog.Choice choice = new SaveLessonDialog.Choice("t", "", false, List.of());
        robot.interact(() -> window.lessons().saveTo(file, choice));
        // rewrite lesson.json with a newer format version
        var entries = new java.util.LinkedHashMap<>(org.convscope.io.lesson.LessonArchive.read(file,
                org.convscope.io.lesson.LessonArchive.Limits.LESSON, n -> true));
        entries.put("lesson.json", new String(entries.get("lesson.json"), StandardCharsets.UTF_8)
                .replace("\"formatVersion\" : 1", "\"formatVersion\" : 2").getBytes(StandardCharsets.UTF_8));
        org.convscope.io.lesson.LessonArchive.write(file, entries);

        Platform.runLater(() -> window.lessons().open(file));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        DialogPane dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertEquals("Cannot open future.convscope-lesson", dialog.getHeaderText());
        String message = ((Label) dialog.getContent()).getText();
        assertTrue(message.startsWith("future.convscope-lesson was made by a newer ConvScope (" + LessonFiles.appVersion()
                + ", lesson format 2)"), message);
        pressOk(robot);
        assertFalse(window.lessonPanel().isVisible(), "nothing of the refused lesson shows");
    }

    /** Presses the OK button of the dialog on screen, once it is showing (dialogs open a moment after their call). */
    private static void pressOk(FxRobot robot) throws Exception {
        java.util.function.Predicate<javafx.scene.control.Button> showingOk = b -> "OK".equals(b.getText())
                && b.isVisible() && b.getScene() != null && b.getScene().getWindow() != null
                && b.getScene().getWindow().isShowing();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".button").match(showingOk).tryQuery()
                .isPresent());
        javafx.scene.control.Button ok = robot.lookup(".button").match(showingOk)
                .queryAs(javafx.scene.control.Button.class);
        robot.interact(ok::fire);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
