package org.convscope.ui.common;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.convscope.core.edit.EditHistory;
import org.convscope.core.edit.ModelEdit;
import org.convscope.core.model.ModelSpec;
import org.convscope.io.ModelJson;
import org.convscope.io.Presets;

/**
 * The model the user is working on, shared by every screen: the model, its file, its undo history
 * and whether it has unsaved changes.
 *
 * <p>Changed only through its commands, on the FX thread. Every edit goes through
 * {@link #apply(ModelEdit)} so that it can be undone.
 */
public final class ModelSession {

    private final EditHistory history;
    private final ReadOnlyObjectWrapper<ModelSpec> model = new ReadOnlyObjectWrapper<>(this, "model");
    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>(this, "file");
    private final ReadOnlyStringWrapper presetId = new ReadOnlyStringWrapper(this, "presetId");
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty");
    private final ReadOnlyStringWrapper undoText = new ReadOnlyStringWrapper(this, "undoText");
    private final ReadOnlyStringWrapper redoText = new ReadOnlyStringWrapper(this, "redoText");
    private final ReadOnlyObjectWrapper<TrainedWeights> trained = new ReadOnlyObjectWrapper<>(this, "trained");

    /**
     * Weights trained on the Train screen or loaded from a saved trained model, for the model they were made for.
     *
     * @param model the network with its weights (the engine's; used by one screen at a time)
     * @param description where they came from, for status lines, e.g. {@code trained 10 epochs, val accuracy 0.71}
     */
    public record TrainedWeights(org.convscope.engine.CompiledModel model, String description,
                                 List<Checkpoint> checkpoints) {
        /** Weights without checkpoints. */
        public TrainedWeights(org.convscope.engine.CompiledModel model, String description) {
            this(model, description, List.of());
        }

        /** Copies the checkpoint list. */
        public TrainedWeights {
            checkpoints = List.copyOf(checkpoints);
        }
    }

    /**
     * The weights as they were at the end of one epoch of a training run (the "time machine").
     *
     * @param epoch the epoch, from 1
     * @param model a copy of the network then
     * @param description e.g. {@code epoch 3 of 10, validation accuracy 0.55}
     */
    public record Checkpoint(int epoch, org.convscope.engine.CompiledModel model, String description) {
    }

    /** Starts with the default preset. */
    public ModelSession() {
        history = new EditHistory(Presets.find(Presets.DEFAULT_ID).orElseThrow());
        presetId.set(Presets.DEFAULT_ID);
        sync();
    }

    // Properties

    /** The current model. */
    public ReadOnlyObjectProperty<ModelSpec> modelProperty() {
        return model.getReadOnlyProperty();
    }

    /** Returns the current model. */
    public ModelSpec getModel() {
        return model.get();
    }

    /** The file the model was opened from or saved to; null for a preset or a new model. */
    public ReadOnlyObjectProperty<Path> fileProperty() {
        return file.getReadOnlyProperty();
    }

    /** The preset the model came from, or null when it came from a file or was edited. */
    public ReadOnlyStringProperty presetIdProperty() {
        return presetId.getReadOnlyProperty();
    }

    /** True when the model has changes not yet saved. */
    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    /** What Undo would revert, e.g. {@code Set filters of conv2d to 64}; empty when nothing. */
    public ReadOnlyStringProperty undoTextProperty() {
        return undoText.getReadOnlyProperty();
    }

    /** What Redo would apply again; empty when nothing. */
    public ReadOnlyStringProperty redoTextProperty() {
        return redoText.getReadOnlyProperty();
    }

    /** The last trained (or loaded) weights; they apply while the session's model equals their model. */
    public ReadOnlyObjectProperty<TrainedWeights> trainedProperty() {
        return trained.getReadOnlyProperty();
    }

    /**
     * Returns the trained weights if they were made for exactly this model (an edit since then makes them not apply;
     * undoing the edit makes them apply again).
     *
     * @param spec a model, usually the current one
     * @return the weights, or empty
     */
    public Optional<TrainedWeights> trainedFor(ModelSpec spec) {
        TrainedWeights t = trained.get();
        return t != null && t.model().spec().equals(spec) ? Optional.of(t) : Optional.empty();
    }

    // Commands

    /**
     * Records weights trained for the current model (they replace earlier ones).
     *
     * @param model the trained network; its spec is the model it was trained for
     * @param description where they came from
     */
    public void setTrained(org.convscope.engine.CompiledModel model, String description) {
        setTrained(model, description, List.of());
    }

    /**
     * Records weights trained for the current model with the checkpoints of the run, oldest first.
     *
     * @param model the trained network
     * @param description where they came from
     * @param checkpoints the weights after each epoch (may be empty)
     */
    public void setTrained(org.convscope.engine.CompiledModel model, String description, List<Checkpoint> checkpoints) {
        trained.set(new TrainedWeights(model, description, checkpoints));
    }

    /**
     * Takes a saved trained model: its architecture becomes the session's model (with no file: saving writes a model
     * file) and its weights the trained weights.
     *
     * @param model the loaded network
     * @param from the archive it was loaded from
     */
    public void openTrained(org.convscope.engine.CompiledModel model, Path from) {
        history.reset(model.spec(), true);
        presetId.set(null);
        file.set(null);
        trained.set(new TrainedWeights(model, "weights from " + from.getFileName()));
        sync();
    }

    /**
     * Applies an edit to the model, recording it for undo.
     *
     * @param edit the edit
     * @return false if the edit did not apply (nothing changed)
     */
    public boolean apply(ModelEdit edit) {
        try {
            history.apply(edit);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (history.isDirty()) {
            presetId.set(null);
        }
        sync();
        return true;
    }

    /** Reverts the last edit, if any. */
    public void undo() {
        if (history.canUndo()) {
            history.undo();
            sync();
        }
    }

    /** Applies the last undone edit again, if any. */
    public void redo() {
        if (history.canRedo()) {
            history.redo();
            sync();
        }
    }

    /**
     * Starts over from a bundled preset (the caller has asked about unsaved changes).
     *
     * @param id the preset id
     * @throws IllegalArgumentException if there is no such preset
     */
    public void usePreset(String id) {
        ModelSpec spec = Presets.find(id).orElseThrow(() -> new IllegalArgumentException("no preset " + id));
        trained.set(null);
        history.reset(spec, true);
        presetId.set(id);
        file.set(null);
        sync();
    }

    /** Starts a new, unsaved model from the default preset. */
    public void newModel() {
        trained.set(null);
        history.reset(Presets.find(Presets.DEFAULT_ID).orElseThrow().withName("untitled"), true);
        presetId.set(null);
        file.set(null);
        sync();
    }

    /**
     * Takes a model read from a file.
     *
     * @param spec the model
     * @param from the file it was read from
     */
    public void opened(ModelSpec spec, Path from) {
        trained.set(null);
        history.reset(spec, true);
        presetId.set(null);
        file.set(from);
        sync();
    }

    /**
     * Takes a model that is not saved yet: restored from an autosave, or imported from Keras.
     *
     * @param spec the model
     * @param originalFile the file it belongs to, or null
     */
    public void openUnsaved(ModelSpec spec, Path originalFile) {
        trained.set(null);
        history.reset(spec, false);
        presetId.set(null);
        file.set(originalFile);
        sync();
    }

    /**
     * Saves the model atomically to {@code target} and makes it the session's file.
     *
     * @param target where to save
     * @throws IOException if it cannot be written (the old file, if any, is unchanged)
     */
    public void saveTo(Path target) throws IOException {
        ModelJson.write(model.get(), target);
        history.markSaved();
        file.set(target);
        presetId.set(null);
        sync();
    }

    /** Returns the session's file, if it has one. */
    public Optional<Path> getFile() {
        return Optional.ofNullable(file.get());
    }

    private void sync() {
        model.set(history.current());
        dirty.set(history.isDirty());
        undoText.set(history.undoDescription().orElse(""));
        redoText.set(history.redoDescription().orElse(""));
    }
}
