package org.convscope.ui.shell;

import static org.convscope.ui.common.I18n.tr;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.convscope.app.TrainedWeights;
import org.convscope.engine.Engine;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.ModelSession;

/**
 * Nothing the user made is lost without a question: before the model is replaced or the app quits, trained weights
 * that are not saved and changes to the model are each offered for saving (Save / Don't save / Cancel). Also keeps
 * the autosaved recovery copy of the model and offers it back after a crash.
 */
final class UnsavedWork {

    private final Stage stage;
    private final ModelSession session;
    private final ShellViewModel vm;
    private final Supplier<Engine> engine;
    private final Autosave autosave;
    private final BooleanSupplier saveModel;
    private final javafx.animation.Timeline autosaveTimer;
    /** Asks where to save trained weights; null when the user cancels (tests give a fixed file). */
    private Function<TrainedWeights, Path> chooseWeightsFile = this::chooseWeightsFile;

    /**
     * @param saveModel File &gt; Save: saves the model (asking for a file if it has none); true if saved
     */
    UnsavedWork(Stage stage, ModelSession session, ShellViewModel vm, Supplier<Engine> engine, Path home,
                BooleanSupplier saveModel) {
        this.stage = stage;
        this.session = session;
        this.vm = vm;
        this.engine = engine;
        this.autosave = new Autosave(home);
        this.saveModel = saveModel;
        this.autosaveTimer = new javafx.animation.Timeline(new javafx.animation.KeyFrame(
                javafx.util.Duration.seconds(30), e -> flushAutosave()));
        session.modelProperty().addListener((o, a, b) -> trackAutosave());
        session.dirtyProperty().addListener((o, a, b) -> trackAutosave());
        trackAutosave();
        autosaveTimer.setCycleCount(javafx.animation.Animation.INDEFINITE);
        autosaveTimer.play();
    }

    /** Replaces the file chooser for trained weights (tests). */
    void setWeightsFileChooser(Function<TrainedWeights, Path> chooser) {
        this.chooseWeightsFile = chooser;
    }

    /**
     * Asks about unsaved trained weights, then about unsaved changes to the model, before {@code action}.
     *
     * @param action what is about to happen, e.g. {@code quit}
     * @return true if the action may go on (everything was saved or the user chose not to)
     */
    boolean confirmDiscard(String action) {
        if (session.unsavedWeightsProperty().get()) {
            ButtonType b = askAboutWeights(action);
            if (b == Dialogs.SAVE) {
                if (!saveWeights()) {
                    return false;
                }
            } else if (b != Dialogs.DONT_SAVE) {
                return false;
            }
        }
        if (!session.dirtyProperty().get()) {
            return true;
        }
        switch (Dialogs.askSave(stage, session.getModel().name(), action)) {
            case SAVE:
                return saveModel.getAsBoolean();
            case DISCARD:
                return true;
            default:
                return false;
        }
    }

    private ButtonType askAboutWeights(String action) {
        TrainedWeights t = session.session().trained().orElseThrow();
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", Dialogs.SAVE, Dialogs.DONT_SAVE, ButtonType.CANCEL);
        Dialogs.saveButtonsInCurrentLanguage(alert.getDialogPane());
        Dialogs.own(alert, stage);
        alert.setTitle("ConvScope");
        alert.getDialogPane().setId("ask-save-weights");
        alert.setHeaderText(tr("ask.saveWeights", action));
        alert.setContentText(tr("ask.saveWeights.details", t.model().spec().name(), t.version().label()));
        return alert.showAndWait().orElse(ButtonType.CANCEL);
    }

    /**
     * Saves the trained weights to a {@code *.convscope.zip} the user chooses (the engine writes it atomically).
     *
     * @return true if they were saved
     */
    boolean saveWeights() {
        TrainedWeights t = session.session().trained().orElse(null);
        if (t == null) {
            return true;
        }
        Path file = chooseWeightsFile.apply(t);
        if (file == null) {
            return false;
        }
        try {
            engine.get().save(t.model(), file);
        } catch (IOException | RuntimeException e) {
            Dialogs.error(stage, tr("error.cannotSave", file.getFileName()),
                    Dialogs.describe(e) + "\n\n" + tr("error.existingUnchanged"));
            return false;
        }
        if (session.session().trained().orElse(null) == t) {
            session.weightsSaved();
        }
        vm.showStatus(tr("status.savedTrained", file));
        return true;
    }

    private Path chooseWeightsFile(TrainedWeights t) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(tr("chooser.saveTrained"));
        chooser.getExtensionFilters().add(FileActions.TRAINED_FILES);
        chooser.setInitialFileName(t.model().spec().name().replaceAll("[^A-Za-z0-9._-]+", "-") + ".convscope.zip");
        var chosen = chooser.showSaveDialog(stage);
        if (chosen == null) {
            return null;
        }
        String name = chosen.getName();
        return name.toLowerCase(java.util.Locale.ROOT).endsWith(".zip") ? chosen.toPath()
                : chosen.toPath().resolveSibling(name + ".convscope.zip");
    }

    /** Tells the autosave what to keep: the model, its file and whether it is unsaved. */
    void trackAutosave() {
        autosave.update(session.getModel(), session.getFile().orElse(null), session.dirtyProperty().get());
    }

    /** Writes the recovery copy now if there are unsaved changes. */
    void flushAutosave() {
        try {
            autosave.flush();
        } catch (IOException e) {
            vm.showStatus(tr("status.autosaveFailed", Dialogs.describe(e)));
        }
    }

    /** Returns a shutdown action that saves a recovery copy; safe to run off the FX thread. */
    Runnable autosaveOnExit() {
        return () -> {
            try {
                autosave.flush();
            } catch (IOException e) {
                // the JVM is going down; nothing left to tell
            }
        };
    }

    /** Stops autosaving and removes the recovery copy (the user has answered for everything unsaved). */
    void closeCleanly() {
        autosaveTimer.stop();
        autosave.update(session.getModel(), null, false);
        try {
            autosave.clear();
        } catch (IOException e) {
            // a stale recovery copy is offered again next time; harmless
        }
    }

    /** Offers to restore the model a previous run left unsaved (after a crash). */
    void offerRecovery() {
        autosave.find().ifPresent(r -> {
            Alert ask = new Alert(Alert.AlertType.CONFIRMATION, "", ButtonType.YES, ButtonType.NO);
            Dialogs.own(ask, stage);
            ask.setTitle("ConvScope");
            ask.setHeaderText(tr("recovery.header", r.model().name()));
            String at = java.time.format.DateTimeFormatter.ofPattern("HH:mm, d MMM", org.convscope.ui.common.I18n.locale())
                    .format(r.savedAt().atZone(java.time.ZoneId.systemDefault()));
            ask.setContentText(r.originalFile() == null ? tr("recovery.question", at)
                    : tr("recovery.questionFrom", at, r.originalFile().getFileName()));
            boolean restore = ask.showAndWait().filter(b -> b == ButtonType.YES).isPresent();
            if (restore) {
                session.openUnsaved(r.model(), r.originalFile());
                vm.showStatus(tr("status.restored"));
                trackAutosave();
            } else {
                try {
                    autosave.clear();
                } catch (IOException e) {
                    vm.showStatus(tr("status.recoveryNotRemoved", Dialogs.describe(e)));
                }
            }
        });
    }
}
