package org.convscope.ui.shell;

import static org.convscope.ui.common.I18n.tr;

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
            new FileChooser.ExtensionFilter(tr("filter.models"), "*.convscope.json", "*.json");
    static final FileChooser.ExtensionFilter MODELS_AND_TRAINED = new FileChooser.ExtensionFilter(
            tr("filter.allModels"), "*.convscope.json", "*.json", "*.zip", "*.h5", "*.hdf5", "*.keras", "*.onnx",
            "*.convscope-lesson");
    static final FileChooser.ExtensionFilter KERAS_FILES =
            new FileChooser.ExtensionFilter(tr("filter.kerasWeights"), "*.h5", "*.hdf5", "*.keras");
    static final FileChooser.ExtensionFilter TRAINED_FILES =
            new FileChooser.ExtensionFilter(tr("filter.trained"), "*.zip");

    private final Stage stage;
    private final ModelSession session;
    private final TaskExecutor executor;
    private final ShellViewModel vm;
    private final Supplier<Engine> engine;
    private final RecentFiles recent;
    private final Predicate<String> confirmDiscard;
    private final Runnable afterSave;
    private final Menu recentMenu = new Menu(tr("menu.file.openRecent"));
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
                vm.showStatus(tr("status.opening", file.getFileName()));
                executor.submit(BackgroundJob.of("Open model", (token, progress) -> ModelJson.read(file))
                        .onSuccess(model -> {
                            session.opened(model, file);
                            opened(file, tr("status.opened", file));
                        })
                        .onFailure(e -> failed("open", file, e)));
            }
            default -> {
                vm.showStatus(tr("status.couldNotOpen", file.getFileName()));
                Dialogs.error(stage, tr("error.cannotOpen", file.getFileName()), org.convscope.app.ModelFiles.cannotOpen(file, kind));
            }
        }
    }

    /**
     * Opens a model file written by another tool with its weights (ONNX) through {@link org.convscope.app.ModelFiles}:
     * the supported part with its weights; a dialog lists what was left out.
     */
    void openWithWeights(Path file) {
        vm.showStatus(tr("status.importingWithWeights", file.getFileName()));
        executor.submit(BackgroundJob.of("Import model", (token, progress) -> {
            var read = org.convscope.app.ModelFiles.open(file, engine);
            read.requireWeights("open");
            return read;
        }).onSuccess(m -> {
                    session.openWithWeights(m.weights().orElseThrow(), org.convscope.app.WeightsVersion.imported(file));
                    String count = String.format(java.util.Locale.ROOT, "%,d", m.weights().orElseThrow().parameterCount());
                    opened(file, m.notes().isEmpty() ? tr("status.importedWhole", file.getFileName(), m.origin(), count)
                            : tr("status.importedPart", file.getFileName(), m.origin(), count));
                    if (!m.notes().isEmpty()) {
                        Dialogs.info(stage, tr("info.partShown", file.getFileName()), String.join("\n\n", m.notes())
                                + "\n\n" + tr("info.partShown.details"));
                    }
                })
                .onFailure(e -> failed("import", file, e)));
    }

    /** Opens a saved trained model ({@code *.convscope.zip}): its architecture and its weights. */
    void openTrained(Path file) {
        vm.showStatus(tr("status.loadingTrained", file.getFileName()));
        executor.submit(BackgroundJob.of("Open trained model", (token, progress) -> engine.get().load(file))
                .onSuccess(model -> {
                    session.openWithWeights(model, org.convscope.app.WeightsVersion.opened(file));
                    opened(file, tr("status.openedTrained", file));
                })
                .onFailure(e -> failed("open", file, e)));
    }

    /**
     * Opens a Keras {@code .h5} model file in the background: the supported part of its model with its trained
     * weights. When some layers are not supported, a dialog lists them. Nothing in the file is run.
     */
    void openKerasH5(Path file) {
        vm.showStatus(tr("status.importingKeras", file.getFileName()));
        executor.submit(BackgroundJob.of("Import Keras model",
                        (token, progress) -> org.convscope.app.ModelFiles.open(file, engine))
                .onSuccess(imported -> {
                    session.openWithWeights(imported.weights().get(), org.convscope.app.WeightsVersion.imported(file));
                    String count = String.format(java.util.Locale.ROOT, "%,d", imported.weights().get().parameterCount());
                    opened(file, imported.notes().isEmpty()
                            ? tr("status.importedWhole", file.getFileName(), imported.origin(), count)
                            : tr("status.importedFirstLayers", file.getFileName(), imported.origin(), count,
                            imported.spec().layers().size()));
                    if (!imported.notes().isEmpty()) {
                        Dialogs.info(stage, tr("info.partShown", file.getFileName()),
                                String.join("\n\n", imported.notes()) + "\n\n" + tr("info.partShown.detailsKeras"));
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
                throw new IOException(tr("error.kerasJsonTooLarge", size / 1024));
            }
            return org.convscope.io.KerasJson.importJson(java.nio.file.Files.readString(file));
        }).onSuccess(model -> {
            session.openUnsaved(model, null);
            vm.showStatus(tr("status.importedUnsaved", file.getFileName()));
            vm.screenProperty().set("build");
        }).onFailure(e -> Dialogs.error(stage, tr("error.cannotImport", file.getFileName()), Dialogs.describe(e))));
    }

    private void opened(Path file, String status) {
        modelOpened.run();
        recent.add(file);
        rebuildRecentMenu();
        vm.showStatus(status);
        vm.screenProperty().set("build");
    }

    private void failed(String verb, Path file, Throwable e) {
        boolean open = verb.equals("open");
        vm.showStatus(tr(open ? "status.couldNotOpen" : "status.couldNotImport", file.getFileName()));
        Dialogs.error(stage, tr(open ? "error.cannotOpen" : "error.cannotImport", file.getFileName()), Dialogs.describe(e));
    }

    /** File &gt; Open: asks about unsaved work, then for a file. */
    void openWithChooser() {
        if (!confirmDiscard.test(tr("action.openModel"))) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle(tr("chooser.openModel"));
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
        if (!confirmDiscard.test(tr("action.importModel"))) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle(tr("chooser.importKeras"));
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter(tr("filter.keras"),
                "*.h5", "*.hdf5", "*.keras", "*.json"), KERAS_FILES, new FileChooser.ExtensionFilter(tr("filter.kerasJson"), "*.json"));
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
        chooser.setTitle(tr("chooser.saveModelAs"));
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
            vm.showStatus(tr("status.saved", file));
            return true;
        } catch (IOException e) {
            Dialogs.error(stage, tr("error.cannotSave", file.getFileName()),
                    Dialogs.describe(e) + "\n\n" + tr("error.previousUnchanged"));
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
                    Dialogs.error(stage, tr("error.fileNotFound"), tr("error.fileNotFound.details", p));
                } else if (confirmDiscard.test(tr("action.openModel"))) {
                    openFile(p);
                }
            });
            recentMenu.getItems().add(item);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }
}
