package org.convscope.ui.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.convscope.engine.Engine;
import org.convscope.io.ModelJson;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.ModelSession;
import org.convscope.ui.common.TaskExecutor;

/**
 * File &gt; Open, Open Recent, Save, Save As and Import: every way a model comes in from a file or goes out to one.
 * Opening a file of any kind goes through {@link #openFile}, the one place that chooses how to read it.
 */
final class FileActions {

    /** Extension filter for model files. */
    static final FileChooser.ExtensionFilter MODEL_FILES =
            new FileChooser.ExtensionFilter("ConvScope models (*.convscope.json, *.json)", "*.convscope.json", "*.json");
    static final FileChooser.ExtensionFilter MODELS_AND_TRAINED = new FileChooser.ExtensionFilter(
            "Models, trained models and lessons (*.convscope.json, *.json, *.convscope.zip, Keras *.h5 *.keras, *.onnx,"
            + " *.convscope-lesson)", "*.convscope.json", "*.json", "*.zip", "*.h5", "*.hdf5", "*.keras", "*.onnx",
            "*.convscope-lesson");
    static final FileChooser.ExtensionFilter KERAS_FILES =
            new FileChooser.ExtensionFilter("Keras models with weights (*.h5, *.keras)", "*.h5", "*.hdf5", "*.keras");
    static final FileChooser.ExtensionFilter TRAINED_FILES =
            new FileChooser.ExtensionFilter("Trained models (*.convscope.zip)", "*.zip");

    private final Stage stage;
    private final ModelSession session;
    private final TaskExecutor executor;
    private final ShellViewModel vm;
    private final Supplier<Engine> engine;
    private final RecentFiles recent;
    private final Predicate<String> confirmDiscard;
    private final Runnable afterSave;
    private final Menu recentMenu = new Menu("Open Recent");
    private java.util.function.Consumer<Path> openLesson = p -> { };
    private Runnable modelOpened = () -> { };

    /**
     * @param confirmDiscard asks about unsaved work before the named action; false cancels it
     * @param afterSave runs after the model was saved (the autosave copy is then dropped)
     */
    FileActions(Stage stage, ModelSession session, TaskExecutor executor, ShellViewModel vm, Supplier<Engine> engine,
                RecentFiles recent, Predicate<String> confirmDiscard, Runnable afterSave) {
        this.stage = stage;
        this.session = session;
        this.executor = executor;
        this.vm = vm;
        this.engine = engine;
        this.recent = recent;
        this.confirmDiscard = confirmDiscard;
        this.afterSave = afterSave;
        rebuildRecentMenu();
    }

    /**
     * Sets how a lesson file is opened (the caller has asked about unsaved work) and what happens when a model (not a
     * lesson) was opened: the lesson, if one was open, ends.
     */
    void setLessons(java.util.function.Consumer<Path> open, Runnable ended) {
        this.openLesson = open;
        this.modelOpened = ended;
    }

    /** The File &gt; Open Recent menu, kept up to date. */
    Menu recentMenu() {
        return recentMenu;
    }

    /**
     * Opens a model file of any kind in the background (the caller has asked about unsaved work); what the file is
     * comes from its content ({@link org.convscope.app.ModelFiles#detect}), so a misnamed file still opens and a file
     * ConvScope cannot use is named for what it is, with what to do.
     */
    void openFile(Path file) {
        var kind = org.convscope.app.ModelFiles.detect(file);
        switch (kind) {
            case CONVSCOPE_LESSON -> {
                recent.add(file);
                rebuildRecentMenu();
                openLesson.accept(file);
            }
            case CONVSCOPE_TRAINED -> openTrained(file);
            case KERAS_H5, KERAS_V3 -> openKerasH5(file);
            case KERAS_JSON -> importKeras(file);
            case ONNX -> openWithWeights(file);
            case CONVSCOPE_JSON -> {
                vm.showStatus("Opening " + file.getFileName() + "...");
                executor.submit(BackgroundJob.of("Open model", (token, progress) -> ModelJson.read(file))
                        .onSuccess(model -> {
                            session.opened(model, file);
                            opened(file, "Opened " + file);
                        })
                        .onFailure(e -> failed("open", file, e)));
            }
            default -> {
                vm.showStatus("Could not open " + file.getFileName());
                Dialogs.error(stage, "Cannot open " + file.getFileName(), org.convscope.app.ModelFiles.cannotOpen(file, kind));
            }
        }
    }

    /**
     * Opens a model file written by another tool with its weights (ONNX) through {@link org.convscope.app.ModelFiles}:
     * the supported part with its weights; a dialog lists what was left out.
     */
    void openWithWeights(Path file) {
        vm.showStatus("Importing " + file.getFileName() + " with its weights...");
        executor.submit(BackgroundJob.of("Import model", (token, progress) -> {
            var read = org.convscope.app.ModelFiles.open(file, engine);
            read.requireWeights("open");
            return read;
        }).onSuccess(m -> {
                    session.openWithWeights(m.weights().orElseThrow(), org.convscope.app.WeightsVersion.imported(file));
                    opened(file, "Imported " + file.getFileName() + " (" + m.origin() + ", "
                            + String.format(java.util.Locale.ROOT, "%,d", m.weights().orElseThrow().parameterCount()) + " weights)"
                            + (m.notes().isEmpty() ? ". Feature maps, Filters and Predict use its weights."
                            : "; only part of it: Feature maps and Filters use it."));
                    if (!m.notes().isEmpty()) {
                        Dialogs.info(stage, "Part of " + file.getFileName() + " is shown", String.join("\n\n", m.notes())
                                + "\n\nThe layers shown run with the file's weights: Feature maps and Filters show"
                                + " them. Predict, Why?, Evaluate, Embeddings and Train need the whole model and are"
                                + " refused.");
                    }
                })
                .onFailure(e -> failed("import", file, e)));
    }

    /** Opens a saved trained model ({@code *.convscope.zip}): its architecture and its weights. */
    void openTrained(Path file) {
        vm.showStatus("Loading the trained model " + file.getFileName() + "...");
        executor.submit(BackgroundJob.of("Open trained model", (token, progress) -> engine.get().load(file))
                .onSuccess(model -> {
                    session.openWithWeights(model, org.convscope.app.WeightsVersion.opened(file));
                    opened(file, "Opened the trained model " + file + "; Feature maps and Filters show its weights");
                })
                .onFailure(e -> failed("open", file, e)));
    }

    /**
     * Opens a Keras {@code .h5} model file in the background: the supported part of its model with its trained
     * weights. When some layers are not supported, a dialog lists them. Nothing in the file is run.
     */
    void openKerasH5(Path file) {
        vm.showStatus("Importing the Keras model " + file.getFileName() + " with its weights...");
        executor.submit(BackgroundJob.of("Import Keras model",
                        (token, progress) -> org.convscope.app.ModelFiles.open(file, engine))
                .onSuccess(imported -> {
                    if (imported.weights().isEmpty()) { // a graph model: shown, never run as a chain
                        session.openUnsaved(imported.spec(), null);
                        opened(file, "Opened " + file.getFileName() + " (" + imported.origin() + ") to view: it cannot"
                                + " be run yet.");
                        Dialogs.info(stage, file.getFileName() + " can be viewed but not yet run",
                                String.join("\n\n", imported.notes()));
                        return;
                    }
                    session.openWithWeights(imported.weights().get(), org.convscope.app.WeightsVersion.imported(file));
                    opened(file, "Imported " + file.getFileName() + " (" + imported.origin() + ", "
                            + String.format(java.util.Locale.ROOT, "%,d", imported.weights().get().parameterCount())
                            + " weights)" + (imported.notes().isEmpty() ? ". Feature maps, Filters and Predict use its weights."
                            : "; only its first " + imported.spec().layers().size() + " layers: Feature maps and Filters"
                            + " use them."));
                    if (!imported.notes().isEmpty()) {
                        Dialogs.info(stage, "Part of " + file.getFileName() + " is shown",
                                String.join("\n\n", imported.notes())
                                        + "\n\nThe layers shown run with the file's weights: Feature maps and Filters"
                                        + " show them. Predict, Why?, Evaluate, Embeddings and Train need the whole"
                                        + " model and are refused. Editing the layers on the canvas starts from fresh"
                                        + " weights.");
                    }
                })
                .onFailure(e -> failed("import", file, e)));
    }

    /** Imports a Keras architecture ({@code model.to_json()}, or an {@code .h5} file) as a new, unsaved model. */
    void importKeras(Path file) {
        if (org.convscope.io.KerasH5.hasH5Name(file) || org.convscope.io.KerasH5.isHdf5(file)
                || org.convscope.io.KerasV3.isKerasV3(file)) {
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

    private void opened(Path file, String status) {
        modelOpened.run();
        recent.add(file);
        rebuildRecentMenu();
        vm.showStatus(status);
        vm.screenProperty().set("build");
    }

    private void failed(String verb, Path file, Throwable e) {
        vm.showStatus("Could not " + verb + " " + file.getFileName());
        Dialogs.error(stage, "Cannot " + verb + " " + file.getFileName(), Dialogs.describe(e));
    }

    /** File &gt; Open: asks about unsaved work, then for a file. */
    void openWithChooser() {
        if (!confirmDiscard.test("open another model")) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open model");
        chooser.getExtensionFilters().addAll(MODELS_AND_TRAINED, MODEL_FILES, TRAINED_FILES, KERAS_FILES,
                LessonActions.LESSON_FILES);
        session.getFile().map(Path::getParent).filter(p -> p.toFile().isDirectory())
                .ifPresent(p -> chooser.setInitialDirectory(p.toFile()));
        var chosen = chooser.showOpenDialog(stage);
        if (chosen != null) {
            openFile(chosen.toPath());
        }
    }

    /** File &gt; Import Keras Model: asks about unsaved work, then for a file. */
    void importKerasWithChooser() {
        if (!confirmDiscard.test("import another model")) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import a Keras model (.h5 with weights, or model.to_json())");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Keras models (*.h5, *.keras, *.json)",
                "*.h5", "*.hdf5", "*.keras", "*.json"), KERAS_FILES, new FileChooser.ExtensionFilter("Keras model JSON (*.json)", "*.json"));
        var chosen = chooser.showOpenDialog(stage);
        if (chosen != null) {
            importKeras(chosen.toPath());
        }
    }

    /** File &gt; Save: to the model's file, or asks for one; true if saved. */
    boolean save() {
        return session.getFile().map(this::saveTo).orElseGet(this::saveAs);
    }

    /** File &gt; Save As; true if saved. */
    boolean saveAs() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save model as");
        chooser.getExtensionFilters().add(MODEL_FILES);
        chooser.setInitialFileName(safeName(session) + ".convscope.json");
        var chosen = chooser.showSaveDialog(stage);
        return chosen != null && saveTo(chosen.toPath());
    }

    /** Saves the model to {@code file}; on failure the previous file is untouched and a dialog explains. */
    boolean saveTo(Path file) {
        try {
            session.saveTo(file);
            afterSave.run();
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

    /** The model's name made safe for a file name. */
    static String safeName(ModelSession session) {
        return session.getModel().name().replaceAll("[^A-Za-z0-9._-]+", "-");
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
                } else if (confirmDiscard.test("open another model")) {
                    openFile(p);
                }
            });
            recentMenu.getItems().add(item);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }
}
