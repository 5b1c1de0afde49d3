package org.convscope.ui.shell;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * macOS hands a file double-clicked in the Finder (or dropped on the Dock icon) to a running or starting app as an
 * Apple event, not as a command-line argument: {@link #install} registers {@code java.awt.Desktop}'s open-file handler,
 * which sends each file to the same code that opens a file named on the command line, on the JavaFX thread.
 *
 * <p>Only on macOS: elsewhere (Linux, Windows, where the installers pass the file as an argument and
 * {@code APP_OPEN_FILE} is not supported) nothing of AWT is touched, so no AWT toolkit starts beside JavaFX's. On macOS
 * the handler is set only where {@code Desktop.isDesktopSupported()} and the desktop supports
 * {@code Desktop.Action.APP_OPEN_FILE}.
 */
final class OpenFileEvents {

    /** The part of {@code java.awt.Desktop} the handler needs, so tests can stand in for it. */
    interface OpenFileDesktop {
        /** Whether the desktop delivers open-file events. */
        boolean supported();

        /** Registers the handler; it gets the files of each event. */
        void onOpenFiles(Consumer<List<File>> handler);
    }

    private OpenFileEvents() {
    }

    /**
     * Registers the handler on this JVM's desktop (see the class comment).
     *
     * @param open opens one file as the command line's file argument does; called on the JavaFX thread
     * @return whether a handler was registered
     */
    static boolean install(Consumer<Path> open) {
        return install(System.getProperty("os.name", ""), OpenFileEvents::awtDesktop, open,
                javafx.application.Platform::runLater);
    }

    /**
     * Registers the handler when {@code osName} is macOS and the desktop supports open-file events.
     *
     * @param osName the {@code os.name} property
     * @param desktop gives the desktop; asked only on macOS
     * @param open opens one file
     * @param fxThread runs a task on the JavaFX thread ({@code Platform::runLater})
     * @return whether a handler was registered
     */
    static boolean install(String osName, Supplier<OpenFileDesktop> desktop, Consumer<Path> open,
            Consumer<Runnable> fxThread) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("mac")) {
            return false;
        }
        OpenFileDesktop d = desktop.get();
        if (d == null || !d.supported()) {
            return false;
        }
        d.onOpenFiles(files -> deliver(files, open, fxThread));
        return true;
    }

    /**
     * The handler's work: each file of the event, in order, to {@code open} on the JavaFX thread (the event comes on
     * AWT's thread). Null entries are skipped.
     */
    static void deliver(List<File> files, Consumer<Path> open, Consumer<Runnable> fxThread) {
        if (files == null) {
            return;
        }
        for (File f : files) {
            if (f != null) {
                Path p = f.toPath();
                fxThread.accept(() -> open.accept(p));
            }
        }
    }

    /** java.awt.Desktop, when this JVM has one (isDesktopSupported starts AWT: called on macOS only). */
    private static OpenFileDesktop awtDesktop() {
        if (!java.awt.Desktop.isDesktopSupported()) {
            return null;
        }
        java.awt.Desktop desktop = java.awt.Desktop.getDesktop();
        return new OpenFileDesktop() {
            @Override
            public boolean supported() {
                return desktop.isSupported(java.awt.Desktop.Action.APP_OPEN_FILE);
            }

            @Override
            public void onOpenFiles(Consumer<List<File>> handler) {
                desktop.setOpenFileHandler(e -> handler.accept(e.getFiles()));
            }
        };
    }
}
