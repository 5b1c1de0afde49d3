package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link OpenFileEvents} without a Mac: the handler is registered only on macOS and only where the desktop supports
 * open-file events (elsewhere the desktop, and so AWT, is never asked for); the event's files go, in order, to the
 * opener, each on the JavaFX thread (here a queue run by hand).
 */
class OpenFileEventsTest {

    /** A desktop that records whether it was asked and what handler it got. */
    static final class FakeDesktop implements OpenFileEvents.OpenFileDesktop {
        final boolean supported;
        Consumer<List<File>> handler;

        FakeDesktop(boolean supported) {
            this.supported = supported;
        }

        @Override
        public boolean supported() {
            return supported;
        }

        @Override
        public void onOpenFiles(Consumer<List<File>> handler) {
            this.handler = handler;
        }
    }

    @Test
    void onLinuxAndWindowsTheDesktopIsNeverAskedFor() {
        for (String os : List.of("Linux", "Windows 11", "")) {
            boolean[] asked = {false};
            boolean installed = OpenFileEvents.install(os, () -> {
                asked[0] = true;
                return new FakeDesktop(true);
            }, p -> { }, Runnable::run);
            assertFalse(installed, os);
            assertFalse(asked[0], os + ": no AWT desktop (no AWT toolkit) outside macOS");
        }
    }

    @Test
    void onMacOnlyAnOpenFileDesktopGetsTheHandler() {
        FakeDesktop without = new FakeDesktop(false);
        assertFalse(OpenFileEvents.install("Mac OS X", () -> without, p -> { }, Runnable::run));
        assertEquals(null, without.handler);
        assertFalse(OpenFileEvents.install("Mac OS X", () -> null, p -> { }, Runnable::run), "no desktop at all");
        FakeDesktop with = new FakeDesktop(true);
        assertTrue(OpenFileEvents.install("Mac OS X", () -> with, p -> { }, Runnable::run));
        assertTrue(with.handler != null);
    }

    @Test
    void anEventsFilesAreOpenedInOrderOnTheFxThread() {
        FakeDesktop mac = new FakeDesktop(true);
        List<Path> opened = new ArrayList<>();
        List<Runnable> fxQueue = new ArrayList<>();
        assertTrue(OpenFileEvents.install("Mac OS X", () -> mac, opened::add, fxQueue::add));

        File lesson = new File("/Users/t/Edges.convscope-lesson");
        File model = new File("/Users/t/cifar.convscope.zip");
        mac.handler.accept(Arrays.asList(lesson, null, model)); // on AWT's thread: nothing opens there
        assertEquals(List.of(), opened);
        assertEquals(2, fxQueue.size(), "one FX task per file, the null skipped");
        fxQueue.forEach(Runnable::run);
        assertEquals(List.of(lesson.toPath(), model.toPath()), opened);

        mac.handler.accept(null);
        assertEquals(2, fxQueue.size(), "an event without files opens nothing");
    }
}
