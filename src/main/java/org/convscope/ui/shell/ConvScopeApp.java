package org.convscope.ui.shell;

import static org.convscope.ui.common.I18n.tr;

import atlantafx.base.theme.PrimerLight;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.stage.Stage;
import org.convscope.app.AppFolders;
import org.convscope.app.Engines;
import org.convscope.imaging.OpenCvRuntime;
import org.convscope.ui.common.FxTaskExecutor;
import org.convscope.ui.common.ModelSession;

/**
 * The JavaFX application: opens the main window at once, then starts ND4J and OpenCV in the
 * background.
 */
public final class ConvScopeApp extends Application {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConvScopeApp.class);

    private FxTaskExecutor executor;

    /** Launches the app from a plain {@code main}; returns when the last window closes. */
    public static void launchApp(String[] args) {
        Application.launch(ConvScopeApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        executor = new FxTaskExecutor(2);
        Preferences prefs = Preferences.userNodeForPackage(ConvScopeApp.class);
        org.convscope.ui.common.I18n.setLocale(org.convscope.ui.common.I18n.startLocale(getParameters().getRaw(), prefs));
        MainWindow window = new MainWindow(stage, new ModelSession(), executor, prefs, home());
        Runtime.getRuntime().addShutdownHook(new Thread(window.autosaveOnExit(), "convscope-autosave"));
        window.placeOn(javafx.stage.Screen.getPrimary().getVisualBounds(), getParameters().getRaw().contains("--presenter"));
        window.setShowDocument(getHostServices()::showDocument);
        for (int size : new int[] {32, 64, 128, 256}) {
            var icon = ConvScopeApp.class.getResourceAsStream("/icons/convscope-" + size + ".png");
            if (icon != null) {
                stage.getIcons().add(new javafx.scene.image.Image(icon));
            }
        }
        stage.setMinWidth(800);
        stage.setMinHeight(560);
        stage.show();
        try {
            AppFolders.current().createLogs();
        } catch (java.io.IOException e) {
            LOG.warn("cannot create the logs folder: {}", e.getMessage());
        }
        CrashReporter crashes = new CrashReporter(home(), message -> javafx.application.Platform.runLater(
                () -> org.convscope.ui.common.Dialogs.error(stage, tr("crash.header"), message)));
        Thread.setDefaultUncaughtExceptionHandler(crashes);
        this.crashes = crashes;
        double seconds = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
        window.viewModel().showStatus(tr("status.windowOpened", String.format(java.util.Locale.ROOT, "%.1f", seconds)));
        LOG.info("Window opened {} ms after JVM start", Math.round(seconds * 1000));
        window.warmUp(steps());
        javafx.application.Platform.runLater(window::offerRecovery);
        applyArguments(window, getParameters().getRaw());
        OpenFileEvents.install(window::openFromDesktop); // macOS: double-clicked files come as events
        if (getParameters().getRaw().contains("--self-test")) {
            selfTest(window, crashes);
        }
    }

    private CrashReporter crashes;

    /**
     * {@code convscope gui --self-test}: opens every screen in turn (each builds what it shows: the canvas, the
     * stepper's trace, a network and its feature maps, the training form), then exits with 0, or 1 if anything
     * failed on the way. Installers run it to check an installed app on a headless display.
     */
    private static void selfTest(MainWindow window, CrashReporter crashes) {
        java.util.List<String> screens = java.util.List.of("build", "stepper", "featuremaps", "train", "learn", "build");
        javafx.animation.Timeline t = new javafx.animation.Timeline();
        for (int i = 0; i < screens.size(); i++) {
            String id = screens.get(i);
            t.getKeyFrames().add(new javafx.animation.KeyFrame(javafx.util.Duration.seconds(1 + 3 * i),
                    e -> window.viewModel().screenProperty().set(id)));
        }
        t.getKeyFrames().add(new javafx.animation.KeyFrame(javafx.util.Duration.seconds(1 + 3 * screens.size()), e -> {
            int failures = crashes.count();
            LOG.info("self-test: opened {} screens; {} uncaught exceptions", screens.size(), failures);
            javafx.application.Platform.exit();
            System.exit(failures == 0 ? 0 : 1);
        }));
        t.play();
    }

    /**
     * Applies start-up arguments: {@code --presenter}, {@code --high-contrast} (for this run only),
     * {@code --language de|es|en} (read before the window is built),
     * {@code --preset ID}, {@code --lesson FILE}, {@code --learn-stage N} (the Learn screen at stage N;
     * {@code --learn-source NAME} and {@code --learn-adam} set it up), or a model file (or lesson) to open.
     *
     * @param window the main window
     * @param args the arguments after {@code gui}
     */
    private static void applyArguments(MainWindow window, java.util.List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--self-test")) {
                continue; // handled after start-up
            } else if (a.equals("--language") && i + 1 < args.size()) {
                i++; // chosen before the window was built
            } else if (a.equals("--presenter")) {
                window.viewModel().presenterModeProperty().set(true);
            } else if (a.equals("--high-contrast")) {
                window.highContrastForThisRun();
            } else if (a.equals("--lesson") && i + 1 < args.size()) {
                window.openLesson(java.nio.file.Path.of(args.get(++i)));
            } else if (a.equals("--learn-stage") && i + 1 < args.size() && args.get(i + 1).matches("\\d{1,2}")) {
                window.openLearnStage(Integer.parseInt(args.get(++i)));
            } else if (a.equals("--learn-source") && i + 1 < args.size()) {
                window.learnSetUp(args.get(++i), false);
            } else if (a.equals("--learn-adam")) {
                window.learnSetUp(null, true);
            } else if (a.equals("--preset") && i + 1 < args.size()) {
                window.usePreset(args.get(++i));
            } else if (!a.startsWith("-")) {
                window.openFile(java.nio.file.Path.of(a));
            } else {
                window.viewModel().showStatus(tr("status.unknownOption", a));
            }
        }
    }

    /** The app's folder: {@code $CONVSCOPE_HOME}, else {@code ~/.convscope} (see {@link AppFolders}). */
    static java.nio.file.Path home() {
        return AppFolders.current().home();
    }

    /** The native runtimes loaded after the window opens. */
    static List<WarmUpStep> steps() {
        return List.of(new WarmUpStep("ND4J", Engines::warmUp), new WarmUpStep("OpenCV", OpenCvRuntime::load));
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdown();
        }
    }
}
