package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.event.Event;
import javafx.scene.image.Image;
import javafx.scene.input.DataFormat;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.stage.Stage;
import javafx.util.Pair;
import org.convscope.app.BundledLessons;
import org.convscope.app.Engines;
import org.convscope.io.lesson.Lesson;
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
 * Ways a lesson opens besides File &gt; Open: a lesson file dropped on the window (a drag from the file manager, sent
 * here as the drag-over and drop events the window gets, with a dragboard holding the file), and the bundled
 * CIFAR-10 lesson from Help &gt; Lessons, which opens on the first layer's filters at epoch 1 of its run.
 */
@ExtendWith(ApplicationExtension.class)
class LessonOpeningUiTest {

    private MainWindow window;
    private Preferences prefs;

    @Start
    void start(Stage stage) throws Exception {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        prefs = Preferences.userRoot().node("convscope-test-" + UUID.randomUUID());
        window = new MainWindow(stage, new ModelSession(), new CurrentThreadTaskExecutor(), prefs,
                Files.createTempDirectory("convscope-home"), Engines.shared());
        stage.setScene(window.createScene(1280, 800));
        stage.show();
    }

    @AfterEach
    void cleanUp() throws BackingStoreException {
        prefs.removeNode();
    }

    /** A dragboard holding files, as the system's drag and drop gives one (JavaFX makes it on a clipboard peer). */
    private static Dragboard dragboardWith(List<java.io.File> files) {
        Map<DataFormat, Object> content = new HashMap<>();
        content.put(DataFormat.FILES, files);
        com.sun.javafx.tk.TKClipboard peer = new com.sun.javafx.tk.TKClipboard() {
            @Override
            @SuppressWarnings("removal")
            public void setSecurityContext(java.security.AccessControlContext c) {
            }

            @Override
            public Set<DataFormat> getContentTypes() {
                return content.keySet();
            }

            @Override
            @SafeVarargs
            public final boolean putContent(Pair<DataFormat, Object>... items) {
                for (Pair<DataFormat, Object> p : items) {
                    content.put(p.getKey(), p.getValue());
                }
                return true;
            }

            @Override
            public Object getContent(DataFormat f) {
                return content.get(f);
            }

            @Override
            public boolean hasContent(DataFormat f) {
                return content.containsKey(f);
            }

            @Override
            public Set<TransferMode> getTransferModes() {
                return Set.of(TransferMode.COPY);
            }

            @Override
            public void setDragView(Image image) {
            }

            @Override
            public void setDragViewOffsetX(double x) {
            }

            @Override
            public void setDragViewOffsetY(double y) {
            }

            @Override
            public Image getDragView() {
                return null;
            }

            @Override
            public double getDragViewOffsetX() {
                return 0;
            }

            @Override
            public double getDragViewOffsetY() {
                return 0;
            }
        };
        Dragboard board = com.sun.javafx.scene.input.DragboardHelper.createDragboard(peer);
        com.sun.javafx.scene.input.DragboardHelper.setDataAccessRestriction(board, false);
        return board;
    }

    private DragEvent drag(javafx.event.EventType<DragEvent> type, Dragboard board) {
        return new DragEvent(type, board, 300, 300, 300, 300, TransferMode.COPY, null, null, null);
    }

    @Test
    void aLessonDroppedOnTheWindowOpens(FxRobot robot) throws Exception {
        Path file = BundledLessons.extract("max-pooling");
        Dragboard[] boards = new Dragboard[2];
        Path notes = Files.writeString(file.resolveSibling("notes.txt"), "hello");
        robot.interact(() -> { // a dragboard is made on the FX thread
            boards[0] = dragboardWith(List.of(file.toFile()));
            boards[1] = dragboardWith(List.of(notes.toFile()));
        });
        Dragboard board = boards[0];
        DragEvent over = drag(DragEvent.DRAG_OVER, board);
        robot.interact(() -> Event.fireEvent(window.root(), over));
        assertTrue(over.isConsumed() || over.isAccepted(), "the window takes a dragged lesson");
        assertEquals(TransferMode.COPY, over.getAcceptedTransferMode());

        DragEvent notALesson = drag(DragEvent.DRAG_OVER, boards[1]);
        robot.interact(() -> Event.fireEvent(window.root(), notALesson));
        assertEquals(null, notALesson.getAcceptedTransferMode(), "a text file is not taken");

        assertEquals("build", window.viewModel().screenProperty().get());
        robot.interact(() -> Event.fireEvent(window.root(), drag(DragEvent.DRAG_DROPPED, board)));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.lessonPanel().isVisible());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("stepper", window.viewModel().screenProperty().get());
        assertEquals("Max pooling", robot.lookup("#lesson-title").queryAs(javafx.scene.control.Labeled.class).getText());
        assertTrue(window.lessonPanel().notesText().contains("give 7, 8, 8 and 8"), window.lessonPanel().notesText());
    }

    @Test
    void theCifarLessonOpensOnTheFirstLayersFiltersAtEpochOne(FxRobot robot) throws Exception {
        robot.interact(() -> window.lessons().openBundled("cifar-first-layer"));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> window.lessonPanel().isVisible());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("featuremaps", window.viewModel().screenProperty().get());
        assertEquals("What the first layer learns on CIFAR-10",
                robot.lookup("#lesson-title").queryAs(javafx.scene.control.Labeled.class).getText());
        Lesson.Maps maps = window.lessons().capture(new SaveLessonDialog.Choice("t", "", false, List.of()))
                .featureMaps();
        assertEquals(new Lesson.Maps("horse.png", 1, true, "PER_MAP", "GRAY", 0, 1), maps,
                "layer 1's filters, at epoch 1 of the time machine");
    }
}
