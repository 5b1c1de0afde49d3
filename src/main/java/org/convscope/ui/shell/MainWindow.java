package org.convscope.ui.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.convscope.AppInfo;
import org.convscope.io.ModelJson;
import org.convscope.ui.canvas.BuildScreen;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.ui.common.Css;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.ModelSession;
import org.convscope.ui.common.Screen;
import org.convscope.ui.common.TaskExecutor;

/**
 * The main window: menu bar, navigation between screens, the current screen, and a status bar with
 * the engine's start-up state.
 */
public final class MainWindow {

    /** The engine, created on first use (loading ND4J takes a moment; the warm-up usually did it already). */
    private static final java.util.function.Supplier<org.convscope.engine.Engine> ENGINE =
            org.convscope.app.Engines.shared();

    /** Extension filter for model files. */
    static final FileChooser.ExtensionFilter MODEL_FILES =
            new FileChooser.ExtensionFilter("ConvScope models (*.convscope.json, *.json)", "*.convscope.json", "*.json");
    static final FileChooser.ExtensionFilter MODELS_AND_TRAINED = new FileChooser.ExtensionFilter(
            "Models and trained models (*.convscope.json, *.json, *.convscope.zip, Keras *.h5)", "*.convscope.json", "*.json",
            "*.zip", "*.h5", "*.hdf5");
    static final FileChooser.ExtensionFilter KERAS_FILES =
            new FileChooser.ExtensionFilter("Keras models with weights (*.h5)", "*.h5", "*.hdf5");
    static final FileChooser.ExtensionFilter TRAINED_FILES =
            new FileChooser.ExtensionFilter("Trained models (*.convscope.zip)", "*.zip");

    private final Stage stage;
    private final ModelSession session;
    private final TaskExecutor executor;
    private final ShellViewModel vm = new ShellViewModel();
    private final RecentFiles recent;
    private final Map<String, Screen> screens = new LinkedHashMap<>();
    private final BorderPane root = new BorderPane();
    private final Menu recentMenu = new Menu("Open Recent");
    private final Autosave autosave;
    private final BuildScreen build;
    private final javafx.animation.Timeline autosaveTimer;

    /**
     * Builds the window's scene on {@code stage} (does not show it).
     *
     * @param stage the stage to fill
     * @param session the shared model session
     * @param executor where background work runs
     * @param prefs where recent files are remembered
     * @param home the app's folder in the user's home (autosave lives in {@code home/autosave})
     */
    public MainWindow(Stage stage, ModelSession session, TaskExecutor executor, Preferences prefs, Path home) {
        this.stage = stage;
        this.session = session;
        this.executor = executor;
        this.recent = new RecentFiles(prefs);
        this.autosave = new Autosave(home);
        this.build = new BuildScreen(session, this::openWithChooser, this::confirmDiscard);
        this.autosaveTimer = new javafx.animation.Timeline(new javafx.animation.KeyFrame(
                javafx.util.Duration.seconds(30), e -> flushAutosave()));
        addScreen(build);
        var stepper = new org.convscope.ui.stepper.StepperScreen(executor, session, ENGINE);
        addScreen(stepper);
        var maps = new org.convscope.ui.featuremaps.FeatureMapsScreen(session, ENGINE, executor);
        maps.setOnOpenFilter((filter, label, settings, layerInput, inputName) -> {
            stepper.openFilter(filter, label, settings, layerInput, inputName);
            vm.screenProperty().set("stepper");
        });
        addScreen(maps);
        addScreen(new org.convscope.ui.train.TrainScreen(session, ENGINE, executor));
        createView();
        init();
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
     * Opens a model file in the background; errors are shown in a dialog.
     *
     * @param file the model file
     */
    public void openFile(Path file) {
        var kind = org.convscope.app.ModelFiles.detect(file); // by content: a few bytes
        switch (kind) {
            case CONVSCOPE_TRAINED -> openTrained(file);
            case KERAS_H5 -> openKerasH5(file);
            case KERAS_JSON -> importKeras(file);
            case CONVSCOPE_JSON -> openModelJson(file);
            default -> {
                vm.showStatus("Could not open " + file.getFileName());
                Dialogs.error(stage, "Cannot open " + file.getFileName(), org.convscope.app.ModelFiles.cannotOpen(file, kind));
            }
        }
    }

    private void openModelJson(Path file) {
        vm.showStatus("Opening " + file.getFileName() + "...");
        executor.submit(BackgroundJob.of("Open model", (token, progress) ->
                        org.convscope.app.ModelFiles.open(file, ENGINE).spec())
                .onSuccess(model -> {
                    session.opened(model, file);
                    recent.add(file);
                    rebuildRecentMenu();
                    vm.showStatus("Opened " + file);
                    vm.screenProperty().set("build");
                })
                .onFailure(e -> {
                    vm.showStatus("Could not open " + file.getFileName());
                    Dialogs.error(stage, "Cannot open " + file.getFileName(), Dialogs.describe(e));
                }));
    }

    /**
     * Opens a saved trained model ({@code *.convscope.zip}) in the background: its architecture goes on the Build
     * screen and its weights to the Feature maps and Filters views.
     *
     * @param file the archive
     */
    public void openTrained(Path file) {
        vm.showStatus("Loading the trained model " + file.getFileName() + "...");
        executor.submit(BackgroundJob.of("Open trained model", (token, progress) -> ENGINE.get().load(file))
                .onSuccess(model -> {
                    session.openWithWeights(model, org.convscope.app.WeightsVersion.opened(file));
                    recent.add(file);
                    rebuildRecentMenu();
                    vm.showStatus("Opened the trained model " + file + "; Feature maps and Filters show its weights");
                    vm.screenProperty().set("build");
                })
                .onFailure(e -> {
                    vm.showStatus("Could not open " + file.getFileName());
                    Dialogs.error(stage, "Cannot open " + file.getFileName(), Dialogs.describe(e));
                }));
    }

    /**
     * Opens a Keras {@code .h5} model file in the background: the supported part of its model goes on the Build screen
     * and its trained weights to Feature maps, Filters and Predict. When some layers are not supported, a dialog lists
     * them (the model is shown up to the first of them). Nothing in the file is run.
     *
     * @param file the Keras model file
     */
    public void openKerasH5(Path file) {
        vm.showStatus("Importing the Keras model " + file.getFileName() + " with its weights...");
        executor.submit(BackgroundJob.of("Import Keras model", (token, progress) -> ENGINE.get().importKeras(file))
                .onSuccess(imported -> {
                    session.openWithWeights(imported.model(), org.convscope.app.WeightsVersion.imported(file));
                    recent.add(file);
                    rebuildRecentMenu();
                    var structure = imported.structure();
                    vm.showStatus("Imported " + file.getFileName() + " (Keras " + imported.kerasVersion() + ", "
                            + String.format(java.util.Locale.ROOT, "%,d", imported.model().parameterCount()) + " weights)"
                            + (structure.complete() ? "" : "; only its first " + structure.spec().layers().size()
                            + " layers are shown") + ". Feature maps, Filters and Predict use its weights.");
                    vm.screenProperty().set("build");
                    if (!structure.complete()) {
                        Dialogs.info(stage, "Part of " + file.getFileName() + " is shown",
                                String.join("\n\n", structure.describeOmissions())
                                        + "\n\nThe layers shown run with the file's weights. Editing them on the canvas"
                                        + " starts from fresh weights.");
                    }
                })
                .onFailure(e -> {
                    vm.showStatus("Could not import " + file.getFileName());
                    Dialogs.error(stage, "Cannot import " + file.getFileName(), Dialogs.describe(e));
                }));
    }

    /**
     * Loads a bundled preset, or explains in the status bar that there is none by that id.
     *
     * @param id the preset id
     */
    public void usePreset(String id) {
        if (org.convscope.io.Presets.find(id).isEmpty()) {
            vm.showStatus("No preset \"" + id + "\"; presets: " + String.join(", ", org.convscope.io.Presets.ids()));
        } else if (confirmDiscard("load the preset")) {
            session.usePreset(id);
        }
    }

    private String safeName() {
        return session.getModel().name().replaceAll("[^A-Za-z0-9._-]+", "-");
    }

    private void importKerasWithChooser() {
        if (!confirmDiscard("import another model")) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import a Keras model (.h5 with weights, or model.to_json())");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Keras models (*.h5, *.json)", "*.h5",
                "*.hdf5", "*.json"), KERAS_FILES, new FileChooser.ExtensionFilter("Keras model JSON (*.json)", "*.json"));
        var chosen = chooser.showOpenDialog(stage);
        if (chosen != null) {
            importKeras(chosen.toPath());
        }
    }

    /**
     * Imports a Keras Sequential architecture ({@code model.to_json()}) as a new, unsaved model.
     *
     * @param file the JSON file
     */
    public void importKeras(Path file) {
        if (org.convscope.io.KerasH5.hasH5Name(file) || org.convscope.io.KerasH5.isHdf5(file)) {
            openKerasH5(file);
            return;
        }
        executor.submit(BackgroundJob.of("Import Keras model", (token, progress) -> {
            long size = java.nio.file.Files.size(file);
            if (size > ModelJson.MAX_FILE_BYTES) {
                throw new IOException("the file is " + size / 1024 + " KiB; a Keras architecture file is a few KiB. "
                        + "Weights (.h5) cannot be imported here.");
            }
            return org.convscope.io.KerasJson.importJson(java.nio.file.Files.readString(file));
        }).onSuccess(model -> {
            session.openUnsaved(model, null);
            vm.showStatus("Imported " + file.getFileName() + " (not saved yet)");
            vm.screenProperty().set("build");
        }).onFailure(e -> Dialogs.error(stage, "Cannot import " + file.getFileName(), Dialogs.describe(e))));
    }

    private void addScreen(Screen screen) {
        screens.put(screen.id(), screen);
    }

    private void createView() {
        root.setTop(new VBox(createMenuBar(), createNavigation()));
        StackPane content = new StackPane();
        content.setId("screen-content");
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
        });
        content.getChildren().setAll(screens.get(vm.screenProperty().get()).view());
        vm.presenterModeProperty().addListener((o, a, on) -> {
            if (on) {
                root.getStyleClass().add(Css.PRESENTER);
            } else {
                root.getStyleClass().remove(Css.PRESENTER);
            }
        });
        vm.darkThemeProperty().addListener((o, a, dark) -> Application.setUserAgentStylesheet(
                dark ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet()));
        stage.titleProperty().bind(Bindings.createStringBinding(this::windowTitle,
                session.modelProperty(), session.fileProperty(), session.dirtyProperty()));
        stage.setOnCloseRequest(e -> {
            if (!confirmDiscard("quit")) {
                e.consume();
            } else {
                closeCleanly();
            }
        });
        rebuildRecentMenu();
        session.modelProperty().addListener((o, a, b) -> trackAutosave());
        session.dirtyProperty().addListener((o, a, b) -> trackAutosave());
        trackAutosave();
        autosaveTimer.setCycleCount(javafx.animation.Animation.INDEFINITE);
        autosaveTimer.play();
    }

    private void trackAutosave() {
        autosave.update(session.getModel(), session.getFile().orElse(null), session.dirtyProperty().get());
    }

    /** Writes the recovery copy now if there are unsaved changes (also called at JVM shutdown). */
    void flushAutosave() {
        try {
            autosave.flush();
        } catch (IOException e) {
            vm.showStatus("Autosave failed: " + Dialogs.describe(e));
        }
    }

    /** Returns a shutdown action that saves a recovery copy; safe to run off the FX thread. */
    public Runnable autosaveOnExit() {
        return () -> {
            try {
                autosave.flush();
            } catch (IOException e) {
                // the JVM is going down; nothing left to tell
            }
        };
    }

    private void closeCleanly() {
        autosaveTimer.stop();
        autosave.update(session.getModel(), null, false);
        try {
            autosave.clear();
        } catch (IOException e) {
            // a stale recovery copy is offered again next time; harmless
        }
    }

    /**
     * Offers to restore the model a previous run left unsaved (after a crash); call once the window shows.
     */
    public void offerRecovery() {
        autosave.find().ifPresent(r -> {
            Alert ask = new Alert(Alert.AlertType.CONFIRMATION, "", javafx.scene.control.ButtonType.YES,
                    javafx.scene.control.ButtonType.NO);
            ask.initOwner(stage);
            ask.setTitle("ConvScope");
            ask.setHeaderText("ConvScope closed without saving \"" + r.model().name() + "\".");
            ask.setContentText("Restore the copy autosaved at "
                    + java.time.format.DateTimeFormatter.ofPattern("HH:mm, d MMM").format(
                            r.savedAt().atZone(java.time.ZoneId.systemDefault()))
                    + (r.originalFile() == null ? "" : " (from " + r.originalFile().getFileName() + ")") + "?");
            boolean restore = ask.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.YES).isPresent();
            if (restore) {
                session.openUnsaved(r.model(), r.originalFile());
                vm.showStatus("Restored the unsaved model; save it to keep it.");
                trackAutosave();
            } else {
                try {
                    autosave.clear();
                } catch (IOException e) {
                    vm.showStatus("Could not remove the recovery copy: " + Dialogs.describe(e));
                }
            }
        });
    }

    private String windowTitle() {
        String file = session.getFile().map(p -> p.getFileName().toString()).orElse(session.getModel().name());
        return (session.dirtyProperty().get() ? "*" : "") + file + " - " + AppInfo.NAME;
    }

    private MenuBar createMenuBar() {
        MenuItem newItem = item("New", "Shortcut+N", "menu-new", () -> {
            if (confirmDiscard("start a new model")) {
                session.newModel();
                vm.showStatus("New model from the default preset");
            }
        });
        MenuItem open = item("Open...", "Shortcut+O", "menu-open", this::openWithChooser);
        MenuItem save = item("Save", "Shortcut+S", "menu-save", () -> save());
        MenuItem saveAs = item("Save As...", "Shortcut+Shift+S", "menu-save-as", () -> saveAs());
        MenuItem quit = item("Quit", "Shortcut+Q", "menu-quit", () -> {
            if (confirmDiscard("quit")) {
                closeCleanly();
                Platform.exit();
            }
        });
        Menu fromPreset = new Menu("New from Preset");
        for (String id : org.convscope.io.Presets.ids()) {
            fromPreset.getItems().add(item(org.convscope.io.Presets.find(id).orElseThrow().name(), null,
                    "menu-preset-" + id, () -> {
                        if (confirmDiscard("load the preset")) {
                            session.usePreset(id);
                            vm.screenProperty().set("build");
                        }
                    }));
        }
        MenuItem importKeras = item("Import Keras Model (.h5, JSON)...", null, "menu-import-keras", this::importKerasWithChooser);
        Menu export = new Menu("Export", null,
                item("Keras Python Code...", "Shortcut+E", "menu-export-keras", () -> CodeExportDialog.show(stage,
                        "Keras Python code", org.convscope.io.KerasCode.python(session.getModel()),
                        safeName() + ".py", new FileChooser.ExtensionFilter("Python (*.py)", "*.py"))),
                item("DL4J Java Code...", null, "menu-export-dl4j", () -> CodeExportDialog.show(stage,
                        "DL4J Java configuration", org.convscope.io.Dl4jCode.java(session.getModel()),
                        org.convscope.io.Dl4jCode.CLASS_NAME + ".java", new FileChooser.ExtensionFilter("Java (*.java)", "*.java"))),
                item("Keras JSON (model.to_json())...", null, "menu-export-keras-json", () -> CodeExportDialog.show(stage,
                        "Keras model JSON", org.convscope.io.KerasJson.export(session.getModel()),
                        safeName() + ".keras.json", new FileChooser.ExtensionFilter("JSON (*.json)", "*.json"))));
        Menu file = new Menu("File", null, newItem, fromPreset, open, recentMenu, new SeparatorMenuItem(), save, saveAs,
                new SeparatorMenuItem(), importKeras, export, new SeparatorMenuItem(), quit);

        MenuItem undo = item("Undo", "Shortcut+Z", "menu-undo", session::undo);
        undo.textProperty().bind(Bindings.createStringBinding(() -> session.undoTextProperty().get().isEmpty()
                ? "Undo" : "Undo " + session.undoTextProperty().get(), session.undoTextProperty()));
        undo.disableProperty().bind(session.undoTextProperty().isEmpty());
        MenuItem redo = item("Redo", "Shortcut+Shift+Z", "menu-redo", session::redo);
        redo.textProperty().bind(Bindings.createStringBinding(() -> session.redoTextProperty().get().isEmpty()
                ? "Redo" : "Redo " + session.redoTextProperty().get(), session.redoTextProperty()));
        redo.disableProperty().bind(session.redoTextProperty().isEmpty());
        MenuItem redoY = item("Redo", "Shortcut+Y", "menu-redo-y", session::redo);
        redoY.setVisible(false);
        MenuItem duplicate = item("Duplicate Layer", "Shortcut+D", "menu-duplicate", build::duplicateSelected);
        MenuItem delete = item("Delete Layer", null, "menu-delete", build::deleteSelected);
        Menu edit = new Menu("Edit", null, undo, redo, redoY, new SeparatorMenuItem(), duplicate, delete);

        CheckMenuItem presenter = new CheckMenuItem("Presenter mode (large type)");
        presenter.setId("menu-presenter");
        presenter.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+P"));
        presenter.selectedProperty().bindBidirectional(vm.presenterModeProperty());
        CheckMenuItem dark = new CheckMenuItem("Dark theme");
        dark.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+D"));
        dark.selectedProperty().bindBidirectional(vm.darkThemeProperty());
        Menu view = new Menu("View", null, presenter, dark, new SeparatorMenuItem());
        int n = 1;
        for (Screen s : screens.values()) {
            String id = s.id();
            view.getItems().add(item("Go to " + s.title(), "Shortcut+" + n++, "menu-go-" + id,
                    () -> vm.screenProperty().set(id)));
        }

        MenuItem about = item("About ConvScope", null, "menu-about", this::showAbout);
        Menu help = new Menu("Help", null, about);
        MenuBar bar = new MenuBar(file, edit, view, help);
        bar.setId("menu-bar");
        return bar;
    }

    private static MenuItem item(String text, String accelerator, String id, Runnable action) {
        MenuItem item = new MenuItem(text);
        item.setMnemonicParsing(false); // texts carry layer and file names with underscores
        item.setId(id);
        if (accelerator != null) {
            item.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        item.setOnAction(e -> action.run());
        return item;
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
        model.textProperty().bind(Bindings.createStringBinding(() -> session.getModel().name()
                + (session.dirtyProperty().get() ? " *" : ""), session.modelProperty(), session.dirtyProperty()));
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

    private void openWithChooser() {
        if (!confirmDiscard("open another model")) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open model");
        chooser.getExtensionFilters().addAll(MODELS_AND_TRAINED, MODEL_FILES, TRAINED_FILES, KERAS_FILES);
        session.getFile().map(Path::getParent).filter(p -> p.toFile().isDirectory())
                .ifPresent(p -> chooser.setInitialDirectory(p.toFile()));
        var chosen = chooser.showOpenDialog(stage);
        if (chosen != null) {
            openFile(chosen.toPath());
        }
    }

    private boolean save() {
        return session.getFile().map(this::saveTo).orElseGet(this::saveAs);
    }

    private boolean saveAs() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save model as");
        chooser.getExtensionFilters().add(MODEL_FILES);
        chooser.setInitialFileName(session.getModel().name().replaceAll("[^A-Za-z0-9._-]+", "-") + ".convscope.json");
        var chosen = chooser.showSaveDialog(stage);
        return chosen != null && saveTo(chosen.toPath());
    }

    /**
     * Saves the model to {@code file}; on failure the previous file is untouched and a dialog explains.
     *
     * @param file the target
     * @return true if saved
     */
    boolean saveTo(Path file) {
        try {
            session.saveTo(file);
            trackAutosave();
            flushAutosave();
            recent.add(file);
            rebuildRecentMenu();
            vm.showStatus("Saved " + file);
            return true;
        } catch (IOException e) {
            Dialogs.error(stage, "Cannot save " + file.getFileName(),
                    Dialogs.describe(e) + "\n\nThe previous version of the file, if any, is unchanged.");
            return false;
        }
    }

    private void rebuildRecentMenu() {
        recentMenu.getItems().clear();
        for (Path p : recent.list()) {
            MenuItem item = new MenuItem(p.getFileName() + "  (" + p.getParent() + ")");
            item.setMnemonicParsing(false);
            item.setOnAction(e -> {
                if (!p.toFile().isFile()) {
                    recent.remove(p);
                    rebuildRecentMenu();
                    Dialogs.error(stage, "File not found", p + " no longer exists; it was removed from the list.");
                } else if (confirmDiscard("open another model")) {
                    openFile(p);
                }
            });
            recentMenu.getItems().add(item);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    /** Asks about unsaved changes before {@code action}; returns true if the action may go on. */
    private boolean confirmDiscard(String action) {
        if (!session.dirtyProperty().get()) {
            return true;
        }
        switch (Dialogs.askSave(stage, session.getModel().name(), action)) {
            case SAVE:
                return save();
            case DISCARD:
                return true;
            default:
                return false;
        }
    }

    private void showAbout() {
        Alert about = new Alert(Alert.AlertType.INFORMATION);
        about.initOwner(stage);
        about.setTitle("About ConvScope");
        about.setHeaderText(AppInfo.NAME + " " + AppInfo.version());
        about.setContentText("See how a convolutional neural network works.\n\n"
                + "Java " + System.getProperty("java.version") + ", JavaFX " + System.getProperty("javafx.runtime.version")
                + "\n" + vm.engineStatusProperty().get());
        about.showAndWait();
    }

    /** Creates the scene with the theme and the app stylesheet. */
    Scene createScene(double width, double height) {
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(Css.STYLESHEET);
        return scene;
    }

    ShellViewModel viewModel() {
        return vm;
    }
}
