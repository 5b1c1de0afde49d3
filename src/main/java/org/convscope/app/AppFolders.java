package org.convscope.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The one place that knows where ConvScope writes: {@code $CONVSCOPE_HOME}, else {@code ~/.convscope}, and the folders
 * in it (README, "Set up"). Everything that writes to the user's disk asks this class, so setting the variable moves all
 * of it: the autosave copy, the log, the unpacked datasets, caches and the native libraries.
 */
public final class AppFolders {

    /** The environment variable that moves the app's folder. */
    public static final String HOME_VARIABLE = "CONVSCOPE_HOME";

    /** A system property that moves it too, ahead of the variable (for tests and {@code -D} on the command line). */
    public static final String HOME_PROPERTY = "convscope.home";

    private final Path home;

    /**
     * Folders under a given home.
     *
     * @param home the app's folder, e.g. {@code ~/.convscope}
     */
    public AppFolders(Path home) {
        this.home = Objects.requireNonNull(home, "home");
    }

    /** The folders this process uses: {@code -Dconvscope.home}, else {@code $CONVSCOPE_HOME}, else {@code ~/.convscope}. */
    public static AppFolders current() {
        return resolve(System.getProperty(HOME_PROPERTY), System.getenv(HOME_VARIABLE), System.getProperty("user.home"));
    }

    /**
     * Picks the home folder from its three sources, the first one set and not blank winning.
     *
     * @param property the system property's value, or null
     * @param variable the environment variable's value, or null
     * @param userHome the user's home folder ({@code user.home})
     */
    static AppFolders resolve(String property, String variable, String userHome) {
        if (property != null && !property.isBlank()) {
            return new AppFolders(Path.of(property));
        }
        if (variable != null && !variable.isBlank()) {
            return new AppFolders(Path.of(variable));
        }
        return new AppFolders(Path.of(userHome, ".convscope"));
    }

    /** The app's folder itself. */
    public Path home() {
        return home;
    }

    /** Where unsaved work is copied every 30 s, to be offered back after a crash. */
    public Path autosave() {
        return home.resolve("autosave");
    }

    /** Where the log of unexpected errors goes ({@code convscope.log}). */
    public Path logs() {
        return home.resolve("logs");
    }

    /** The dataset cache: where a downloaded or given CIFAR-10 archive is unpacked, once. */
    public Path datasets() {
        return home.resolve("datasets");
    }

    /** Other caches. */
    public Path cache() {
        return home.resolve("cache");
    }

    /** Where ND4J's native libraries are unpacked on the first start. */
    public Path javacpp() {
        return home.resolve("javacpp");
    }

    /** Where JavaFX's native libraries are unpacked on the first start. */
    public Path javafx() {
        return home.resolve("javafx");
    }

    /**
     * Creates the logs folder (and the home above it) if it is missing, so that the folder the README names exists from
     * the first start, not only after the first error.
     *
     * @return the logs folder
     * @throws IOException if it cannot be created
     */
    public Path createLogs() throws IOException {
        return Files.createDirectories(logs());
    }

    /**
     * Points the native-library caches of ND4J (JavaCPP) and JavaFX into this home, unless they were set already; call
     * before either library loads.
     */
    public void useForNativeLibraries() {
        if (System.getProperty("org.bytedeco.javacpp.cachedir") == null) {
            System.setProperty("org.bytedeco.javacpp.cachedir", javacpp().toString());
        }
        if (System.getProperty("javafx.cachedir") == null) {
            System.setProperty("javafx.cachedir", javafx().toString());
        }
    }

    @Override
    public String toString() {
        return home.toString();
    }
}
