package org.convscope.ui.common;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.convscope.app.Session;
import org.convscope.app.TrainedWeights;
import org.convscope.app.Versioned;
import org.convscope.app.WeightsVersion;
import org.convscope.core.edit.ModelEdit;
import org.convscope.core.model.ModelSpec;

/**
 * The application's {@link Session} as JavaFX properties, shared by every screen: the model, its file, its undo
 * history, its weights with their version and whether anything is unsaved.
 *
 * <p>Changed only through its commands, on the FX thread; the properties follow every change of the session.
 */
public final class ModelSession {

    private final Session session;
    private final ReadOnlyObjectWrapper<ModelSpec> model = new ReadOnlyObjectWrapper<>(this, "model");
    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>(this, "file");
    private final ReadOnlyStringWrapper presetId = new ReadOnlyStringWrapper(this, "presetId");
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty");
    private final ReadOnlyStringWrapper undoText = new ReadOnlyStringWrapper(this, "undoText");
    private final ReadOnlyStringWrapper redoText = new ReadOnlyStringWrapper(this, "redoText");
    private final ReadOnlyObjectWrapper<TrainedWeights> trained = new ReadOnlyObjectWrapper<>(this, "trained");
    private final ReadOnlyObjectWrapper<WeightsVersion> weights = new ReadOnlyObjectWrapper<>(this, "weights");
    private final ReadOnlyBooleanWrapper unsavedWeights = new ReadOnlyBooleanWrapper(this, "unsavedWeights");

    /** Starts with the default preset. */
    public ModelSession() {
        this(new Session());
    }

    /** Shows {@code session} as properties. */
    public ModelSession(Session session) {
        this.session = session;
        session.addListener(this::sync);
        sync();
    }

    /** The session these properties show. */
    public Session session() {
        return session;
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

    /** Which weights the current model has; changes whenever the weights or the model change. */
    public ReadOnlyObjectProperty<WeightsVersion> weightsProperty() {
        return weights.getReadOnlyProperty();
    }

    /** Returns which weights the current model has. */
    public WeightsVersion getWeights() {
        return weights.get();
    }

    /** True while weights trained in this session are not saved (the title shows "*"; quitting asks). */
    public ReadOnlyBooleanProperty unsavedWeightsProperty() {
        return unsavedWeights.getReadOnlyProperty();
    }

    /** Returns the trained weights if they were made for exactly {@code spec}. */
    public Optional<TrainedWeights> trainedFor(ModelSpec spec) {
        return session.trainedFor(spec);
    }

    /** Tags a result as computed from the current weights. */
    public <T> Versioned<T> tag(T value) {
        return session.tag(value);
    }

    /** True when {@code result} was computed from the current weights. */
    public boolean isCurrent(Versioned<?> result) {
        return session.isCurrent(result);
    }

    /** Returns the session's file, if it has one. */
    public Optional<Path> getFile() {
        return session.file();
    }

    // Commands

    /** Records weights trained for their model (they replace earlier ones and are unsaved). */
    public void setTrained(TrainedWeights trainedWeights) {
        session.setTrained(trainedWeights);
    }

    /** Says that the trained weights were saved, or that the user chose to discard them. */
    public void weightsSaved() {
        session.weightsSaved();
    }

    /**
     * Takes a saved trained model: its architecture becomes the session's model (with no file: saving writes a model
     * file) and its weights the trained weights.
     *
     * @param network the loaded network
     * @param version {@link WeightsVersion#opened} or {@link WeightsVersion#imported}
     */
    public void openWithWeights(org.convscope.engine.CompiledModel network, WeightsVersion version) {
        session.openWithWeights(network, version);
    }

    /** Applies an edit to the model, recording it for undo; false if it did not apply. */
    public boolean apply(ModelEdit edit) {
        return session.apply(edit);
    }

    /** Reverts the last edit, if any. */
    public void undo() {
        session.undo();
    }

    /** Applies the last undone edit again, if any. */
    public void redo() {
        session.redo();
    }

    /** Starts over from a bundled preset (the caller has asked about unsaved work). */
    public void usePreset(String id) {
        session.usePreset(id);
    }

    /** Starts a new, unsaved model from the default preset. */
    public void newModel() {
        session.newModel();
    }

    /** Takes a model read from a file. */
    public void opened(ModelSpec spec, Path from) {
        session.opened(spec, from);
    }

    /** Takes a model that is not saved yet: restored from an autosave, or imported from Keras. */
    public void openUnsaved(ModelSpec spec, Path originalFile) {
        session.openUnsaved(spec, originalFile);
    }

    /** Saves the model atomically to {@code target} and makes it the session's file. */
    public void saveTo(Path target) throws IOException {
        session.saveTo(target);
    }

    private void sync() {
        model.set(session.model());
        file.set(session.file().orElse(null));
        presetId.set(session.presetId());
        dirty.set(session.isModelDirty());
        undoText.set(session.history().undoDescription().orElse(""));
        redoText.set(session.history().redoDescription().orElse(""));
        trained.set(session.trained().orElse(null));
        unsavedWeights.set(session.hasUnsavedWeights());
        weights.set(session.weights());
    }
}
