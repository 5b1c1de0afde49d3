package org.convscope.ui.shell;

import static org.convscope.ui.common.I18n.tr;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.convscope.AppInfo;
import org.convscope.app.TrainedWeights;
import org.convscope.engine.Engine;
import org.convscope.ui.canvas.BuildScreen;
import org.convscope.io.PresetTexts;
import org.convscope.ui.common.Css;
import org.convscope.ui.common.ModelSession;
import org.convscope.ui.common.Screen;
import org.convscope.ui.common.TaskExecutor;

/**
 * The main window: menu bar, navigation between screens, the current screen, and a status bar with the engine's
 * start-up state. Files are opened and saved by {@link FileActions}, unsaved work is asked about by
 * {@link UnsavedWork}, the menus are built by {@link ShellMenus} and Help's windows by {@link HelpDialogs}.
 */
public final class MainWindow {

    /** The engine, created on first use (loading ND4J takes a moment; the warm-up usually did it already). */
    private static final java.util.function.Supplier<org.convscope.engine.Engine> ENGINE =
            org.convscope.app.Engines.shared();

    /** The window's preferred size; smaller screens get their visible area. */
    static final double PREFERRED_WIDTH = 1280;
    static final double PREFERRED_HEIGHT = 800;

    private final Stage stage;
    private final ModelSession session;
    private final TaskExecutor executor;
    private final ShellViewModel vm = new ShellViewModel();
    private final Map<String, Screen> screens = new LinkedHashMap<>();
    private final BorderPane root = new BorderPane();
    private final UnsavedWork unsaved;
    private final FileActions files;
    private ExportActions exports;
    private final HelpDialogs help;
    private final BuildScreen build;
    private final LessonPanel lessonPanel = new LessonPanel();
    private final LessonLocks locks = new LessonLocks(root, () -> {
        List<Node> roots = new java.util.ArrayList<>(List.of(root));
        screens.values().forEach(s -> roots.add(s.view()));
        return roots;
    });
    private LessonActions lessons;
    private org.convscope.ui.learn.LearnScreen learn;
    /** The preference that remembers View &gt; High Contrast. */
    static final String HIGH_CONTRAST_KEY = "highContrast";
    private boolean rememberContrast = true;

    /**
     * Builds the window's scene on {@code stage} (does not show it).
     *
     * @param stage the stage to fill
     * @param session the shared model session
     * @param executor where background work runs
     * @param prefs where recent files are remembered
     * @param home the app's folder in the user's home (autosave lives in {@code home/autosave}, logs in
     *             {@code home/logs})
     */
    public MainWindow(Stage stage, ModelSession session, TaskExecutor executor, Preferences prefs, Path home) {
        this(stage, session, executor, prefs, home, ENGINE);
    }

    /** As above, with the engine that loads and saves trained models (tests give a fake one). */
    MainWindow(Stage stage, ModelSession session, TaskExecutor executor, Preferences prefs, Path home,
               Supplier<Engine> engine) {
        this.stage = stage;
        this.session = session;
        this.executor = executor;
        this.unsaved = new UnsavedWork(stage, session, vm, engine, home, () -> files().save());
        this.files = new FileActions(stage, session, executor, vm, engine, new RecentFiles(prefs),
                unsaved::confirmDiscard, () -> {
                    unsaved.trackAutosave();
                    unsaved.flushAutosave();
                });
        this.help = new HelpDialogs(stage, home);
        this.build = new BuildScreen(session, files::openWithChooser, unsaved::confirmDiscard);
        addScreens(engine);
        files.setLessons(f -> lessons.open(f), () -> lessons.end());
        createView(prefs);
        init();
        followHighContrast(prefs);
    }

    /**
     * View &gt; High Contrast: starts as the preferences remember it, adds or removes {@link Css#HIGH_CONTRAST} on
     * the scene (now or once there is one) and remembers each change.
     */
    private void followHighContrast(Preferences prefs) {
        vm.highContrastProperty().set(prefs.getBoolean(HIGH_CONTRAST_KEY, false));
        vm.highContrastProperty().addListener((o, a, on) -> {
            if (rememberContrast) {
                prefs.putBoolean(HIGH_CONTRAST_KEY, on);
            }
            applyHighContrast(root.getScene());
        });
        root.sceneProperty().addListener((o, a, scene) -> applyHighContrast(scene));
    }

    private void applyHighContrast(Scene scene) {
        if (scene == null) {
            return;
        }
        scene.getStylesheets().remove(Css.HIGH_CONTRAST);
        if (vm.highContrastProperty().get()) {
            scene.getStylesheets().add(Css.HIGH_CONTRAST);
        }
    }

    /** {@code gui --high-contrast}: high contrast for this run, without changing what the preferences remember. */
    void highContrastForThisRun() {
        rememberContrast = false;
        vm.highContrastProperty().set(true);
        rememberContrast = true;
    }

    private FileActions files() {
        return files;
    }

    private void addScreens(Supplier<Engine> engine) {
        addScreen(build);
        var stepper = new org.convscope.ui.stepper.StepperScreen(executor, session, engine);
        addScreen(stepper);
        var maps = new org.convscope.ui.featuremaps.FeatureMapsScreen(session, engine, executor);
        maps.setOnOpenFilter((filter, label, settings, layerInput, inputName) -> {
            stepper.openFilter(filter, label, settings, layerInput, inputName);
            vm.screenProperty().set("stepper");
        });
        addScreen(maps);
        var train = new org.convscope.ui.train.TrainScreen(session, engine, executor);
        maps.setOnEpochShown(epoch -> train.showTimeMachine(session.getWeights(), epoch));
        addScreen(train);
        lessons = new LessonActions(stage, session, executor, vm, engine, new LessonActions.Screens(stepper, maps, train),
                lessonPanel, locks, unsaved::confirmDiscard);
        exports = new ExportActions(session, executor, vm, engine, train::exportSettings, new ExportDialogs(stage));
        learn = new org.convscope.ui.learn.LearnScreen(executor, session, engine);
        addScreen(learn);
    }

    /**
     * Shows the Learn screen at one stage of the training step ({@code gui --learn-stage N}, for screenshots).
     *
     * @param number 1 .. the number of stages
     */
    void openLearnStage(int number) {
        learn.openStage(number);
        vm.screenProperty().set(learn.id());
    }

    /** Sets up the Learn screen ({@code gui --learn-source NAME}, {@code --learn-adam}, for screenshots). */
    void learnSetUp(String source, boolean adam) {
        learn.setUp(source, adam);
    }

    /** Returns the window's root node. */
    public Parent root() {
        return root;
    }

    /** Starts loading ND4J and OpenCV in the background; the status bar follows. */
    public void warmUp(List<WarmUpStep> steps) {
        vm.warmUp(executor, steps);
    }

    /**
     * Opens a model file of any kind (model JSON, trained {@code *.convscope.zip}, Keras {@code .h5}) in the
     * background; errors are shown in a dialog.
     *
     * @param file the model file
     */
    public void openFile(Path file) {
        files.openFile(file);
    }

    /**
     * Opens a lesson file ({@code convscope gui --lesson FILE}, File &gt; Open, a drop): its model, weights and every
     * screen's settings, the teacher's notes and locked controls. Asks about unsaved work first.
     *
     * @param file the lesson file
     */
    public void openLesson(Path file) {
        lessons.openAsking(file);
    }

    /**
     * Opens a file the desktop hands over while the app may already be running (macOS's open-file event,
     * {@link OpenFileEvents}): a lesson as {@code --lesson FILE} does, a model as a model file argument does, asking
     * about unsaved work first, as a dropped file.
     */
    public void openFromDesktop(Path file) {
        new FileDrop(files, lessons, unsaved::confirmDiscard).open(file);
    }

    /** The lesson actions (tests). */
    LessonActions lessons() {
        return lessons;
    }

    /** The notes panel (tests). */
    LessonPanel lessonPanel() {
        return lessonPanel;
    }

    /** The locked controls (tests). */
    LessonLocks locks() {
        return locks;
    }

    /**
     * Imports a Keras Sequential architecture ({@code model.to_json()}, or an {@code .h5} file) as a new model.
     *
     * @param file the file
     */
    public void importKeras(Path file) {
        files.importKeras(file);
    }

    /**
     * Loads a bundled preset, or explains in the status bar that there is none by that id.
     *
     * @param id the preset id
     */
    public void usePreset(String id) {
        if (org.convscope.io.Presets.find(id).isEmpty()) {
            vm.showStatus(tr("status.noPreset", id, String.join(", ", org.convscope.io.Presets.ids())));
        } else if (unsaved.confirmDiscard(tr("action.loadPreset"))) {
            session.usePreset(id);
        }
    }

    /** Lets Help &gt; Open Log Folder open the folder with the desktop (the application's host services). */
    public void setShowDocument(java.util.function.Consumer<String> showDocument) {
        help.setShowDocument(showDocument);
    }

    /** Saves the model to {@code file}; on failure the previous file is untouched and a dialog explains. */
    boolean saveTo(Path file) {
        return files.saveTo(file);
    }

    /** Replaces the file chooser that asks where to save trained weights (tests). */
    void setWeightsFileChooser(java.util.function.Function<TrainedWeights, Path> chooser) {
        unsaved.setWeightsFileChooser(chooser);
    }

    /** Asks about unsaved trained weights and model changes before {@code action}; true if it may go on. */
    boolean confirmDiscard(String action) {
        return unsaved.confirmDiscard(action);
    }

    /** File &gt; Quit: asks about unsaved work, then closes the app. */
    void quit() {
        if (unsaved.confirmDiscard(tr("action.quit"))) {
            unsaved.closeCleanly();
            Platform.exit();
        }
    }

    private void addScreen(Screen screen) {
        screens.put(screen.id(), screen);
    }

    private void createView(Preferences prefs) {
        var menus = new ShellMenus(stage, session, vm, files, exports, unsaved, help, this::quit);
        menus.setLessons(lessons, lessonPanel);
        menus.setLanguageMenu(() -> LanguageMenu.create(prefs, stage, vm));
        root.setRight(lessonPanel);
        new FileDrop(files, lessons, unsaved::confirmDiscard).install(root);
        root.setTop(new VBox(menus.create(screens.values(), build), createNavigation()));
        StackPane content = new StackPane();
        content.setId("screen-content");
        // A screen taller than the window must not push the status bar (or the menus) out of it: it gets what is
        // left and is clipped to it.
        content.setMinSize(0, 0);
        content.setAlignment(Pos.TOP_LEFT); // what does not fit is cut at the bottom, never the screen's toolbar
        javafx.scene.shape.Rectangle clip = new javafx.scene.shape.Rectangle();
        clip.widthProperty().bind(content.widthProperty());
        clip.heightProperty().bind(content.heightProperty());
        content.setClip(clip);
        root.setCenter(content);
        root.setBottom(createStatusBar());
        root.getStyleClass().add("main-window");
    }

    private void init() {
        StackPane content = (StackPane) root.getCenter();
        vm.screenProperty().addListener((o, a, id) -> {
            Node view = screens.get(id).view();
            content.getChildren().setAll(view);
            view.requestFocus(); // arrow keys go to the screen, not to the navigation
            Platform.runLater(locks::reapply); // the screen's controls exist once it is laid out
        });
        content.getChildren().setAll(screens.get(vm.screenProperty().get()).view());
        vm.presenterModeProperty().addListener((o, a, on) -> {
            if (on) {
                root.getStyleClass().add(Css.PRESENTER);
            } else {
                root.getStyleClass().remove(Css.PRESENTER);
            }
            scalePresenterType();
        });
        root.heightProperty().addListener((o, a, b) -> scalePresenterType());
        vm.darkThemeProperty().addListener((o, a, dark) -> Application.setUserAgentStylesheet(
                dark ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet()));
        stage.titleProperty().bind(Bindings.createStringBinding(this::windowTitle, session.modelProperty(),
                session.fileProperty(), session.dirtyProperty(), session.unsavedWeightsProperty()));
        stage.setOnCloseRequest(e -> {
            if (!unsaved.confirmDiscard(tr("action.quit"))) {
                e.consume();
            } else {
                unsaved.closeCleanly();
            }
        });
    }

    /**
     * Presenter mode's type follows the window's height: 28 px from about 930 px up (a 1600x1000 screen), down to
     * 20 px on a 1280x720 projector, where 28 px would leave room for only a few rows of any table.
     */
    private void scalePresenterType() {
        if (vm.presenterModeProperty().get() && root.getHeight() > 0) {
            root.setStyle(String.format(java.util.Locale.ROOT, "-fx-font-size: %.1fpx;", presenterFontSize(root.getHeight())));
        } else {
            root.setStyle("");
        }
    }

    /** The presenter-mode font size for a window {@code height} pixels high. */
    static double presenterFontSize(double height) {
        return Math.max(20, Math.min(28, Math.floor(height / 3.3) / 10));
    }

    /** True when something the user made would be lost on quitting: model changes or trained weights. */
    private boolean unsavedAnything() {
        return session.dirtyProperty().get() || session.unsavedWeightsProperty().get();
    }

    private String windowTitle() {
        String file = session.getFile().map(p -> p.getFileName().toString()).orElse(session.getModel().name());
        return (unsavedAnything() ? "*" : "") + file + " - " + AppInfo.NAME;
    }

    /** Writes the recovery copy now if there are unsaved changes (also called at JVM shutdown). */
    void flushAutosave() {
        unsaved.flushAutosave();
    }

    /** Returns a shutdown action that saves a recovery copy; safe to run off the FX thread. */
    public Runnable autosaveOnExit() {
        return unsaved.autosaveOnExit();
    }

    /**
     * Offers to restore the model a previous run left unsaved (after a crash); call once the window shows.
     */
    public void offerRecovery() {
        unsaved.offerRecovery();
    }

    private HBox createNavigation() {
        ToggleGroup group = new ToggleGroup();
        HBox nav = new HBox();
        nav.setAlignment(Pos.CENTER_LEFT);
        nav.getStyleClass().add(Css.NAV);
        for (Screen s : screens.values()) {
            ToggleButton b = new ToggleButton(s.title());
            b.setId("nav-" + s.id());
            b.setToggleGroup(group);
            b.setMinWidth(Region.USE_PREF_SIZE);
            b.setSelected(s.id().equals(vm.screenProperty().get()));
            b.setOnAction(e -> {
                vm.screenProperty().set(s.id());
                b.setSelected(true); // a toggle group would otherwise allow none selected
            });
            vm.screenProperty().addListener((o, a, id) -> b.setSelected(id.equals(s.id())));
            b.selectedProperty().addListener((o, a, on) -> {
                if (on) {
                    vm.screenProperty().set(s.id()); // keyboard arrows in the toggle group select too
                }
            });
            nav.getChildren().add(b);
        }
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label model = new Label();
        model.setId("model-title");
        model.getStyleClass().add(Css.SCREEN_TITLE);
        model.setMinWidth(0);
        model.setWrapText(true); // a long name takes two lines beside the presenter-size buttons instead of "..."
        model.setTextAlignment(javafx.scene.text.TextAlignment.RIGHT);
        model.textProperty().bind(Bindings.createStringBinding(() -> PresetTexts.name(session.getModel())
                + (unsavedAnything() ? " *" : ""), session.modelProperty(), session.dirtyProperty(),
                session.unsavedWeightsProperty()));
        Tooltip unsavedTip = new Tooltip();
        unsavedTip.textProperty().bind(Bindings.createStringBinding(() -> PresetTexts.name(session.getModel())
                + (session.unsavedWeightsProperty().get() ? " " + tr("title.weightsNotSaved") : "")
                + (session.dirtyProperty().get() ? " " + tr("title.changesNotSaved") : ""), session.modelProperty(),
                session.dirtyProperty(), session.unsavedWeightsProperty()));
        model.setTooltip(unsavedTip);
        model.accessibleTextProperty().bind(unsavedTip.textProperty());
        nav.getChildren().addAll(spacer, model);
        return nav;
    }

    private HBox createStatusBar() {
        Label status = new Label();
        status.setId("status-message");
        status.textProperty().bind(vm.statusProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(vm.engineBusyProperty());
        busy.managedProperty().bind(busy.visibleProperty());
        Label engine = new Label();
        engine.setId("engine-status");
        engine.textProperty().bind(vm.engineStatusProperty());
        HBox bar = new HBox(status, spacer, busy, engine);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add(Css.STATUS_BAR);
        return bar;
    }

    /** Creates the scene with the theme and the app stylesheet. */
    Scene createScene(double width, double height) {
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(Css.STYLESHEET);
        applyHighContrast(scene); // after the app stylesheet, so that it wins
        return scene;
    }

    /**
     * Puts the window's scene on the stage, sized and placed to lie inside {@code visualBounds} (the screen less its
     * task bars): 1280x800 where that fits, the whole visible area otherwise.
     *
     * @param visualBounds the screen's visible area
     * @param fill take the whole visible area (presenter mode at start-up: as much room for large type as there is)
     */
    public void placeOn(Rectangle2D visualBounds, boolean fill) {
        Rectangle2D b = fill ? WindowBounds.fit(visualBounds, visualBounds.getWidth(), visualBounds.getHeight())
                : WindowBounds.fit(visualBounds, PREFERRED_WIDTH, PREFERRED_HEIGHT);
        stage.setScene(createScene(b.getWidth(), b.getHeight()));
        stage.setX(b.getMinX());
        stage.setY(b.getMinY());
    }

    ShellViewModel viewModel() {
        return vm;
    }
}
