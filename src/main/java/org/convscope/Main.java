package org.convscope;

import java.util.Arrays;
import java.util.Locale;
import org.convscope.cli.ConvScopeCli;

/**
 * Entry point of the app and the command line.
 *
 * <p>A plain class, not a JavaFX {@code Application}, so that the JavaFX runtime can sit on the class
 * path. With no arguments (or {@code gui}) it opens the window when a display is available, and so it does with one
 * file ConvScope opens (a lesson or a model: how the installers' file associations on Windows and macOS pass a
 * double-clicked file); any other arguments run the command line, e.g. {@code convscope summary --preset tf-cifar-cnn}.
 */
public final class Main {

    private Main() {
    }

    /**
     * Starts the GUI or runs a command.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        // One folder for everything the app writes: ND4J's and JavaFX's native libraries unpack there too
        // (not ~/.javacpp and ~/.openjfx).
        org.convscope.app.AppFolders.current().useForNativeLibraries();
        boolean gui = args.length == 0 || args[0].equals("gui") || isFileToOpen(args);
        if (gui) {
            String[] rest = args.length == 0 || isFileToOpen(args) ? args : Arrays.copyOfRange(args, 1, args.length);
            if (!displayAvailable()) {
                System.err.println("No display found (DISPLAY is not set), so the ConvScope window cannot open.");
                System.err.println("The command line works without one:");
                System.err.println();
                System.exit(ConvScopeCli.run(new String[] {"--help"}) == 0 && args.length == 0 ? 0 : 1);
            }
            org.convscope.ui.shell.ConvScopeApp.launchApp(rest);
            return;
        }
        System.exit(ConvScopeCli.run(args));
    }

    /** True for one argument naming a file ConvScope opens (its content says: a lesson, a model file). */
    static boolean isFileToOpen(String[] args) {
        if (args.length != 1 || args[0].startsWith("-") || !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(args[0]))) {
            return false;
        }
        return org.convscope.app.ModelFiles.detect(java.nio.file.Path.of(args[0])).openable();
    }

    private static boolean displayAvailable() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win") || os.contains("mac")) {
            return true;
        }
        return notBlank(System.getenv("DISPLAY")) || notBlank(System.getenv("WAYLAND_DISPLAY"))
                || "Monocle".equals(System.getProperty("glass.platform"));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
