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
import org.convscope.core.model.ModelSpec;
import org.convscope.io.ModelJson;
import org.convscope.io.Presets;

/**
 * The model the user is working on, shared by every screen: the model, its file, and whether it has
 * unsaved changes.
 *
 * <p>Changed only through its commands, on the FX thread.
 */
public final class ModelSession {

    private final ReadOnlyObjectWrapper<ModelSpec> model = new ReadOnlyObjectWrapper<>(this, "model");
    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>(this, "file");
    private final ReadOnlyStringWrapper presetId = new ReadOnlyStringWrapper(this, "presetId");
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty");

    /** Starts with the default preset. */
    public ModelSession() {
        usePreset(Presets.DEFAULT_ID);
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

    /** The preset the model came from, or null when it came from a file. */
    public ReadOnlyStringProperty presetIdProperty() {
        return presetId.getReadOnlyProperty();
    }

    /** True when the model has changes not yet saved to its file. */
    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    // Commands

    /**
     * Replaces the model with a bundled preset.
     *
     * @param id the preset id
     * @throws IllegalArgumentException if there is no such preset
     */
    public void usePreset(String id) {
        ModelSpec spec = Presets.find(id).orElseThrow(() -> new IllegalArgumentException("no preset " + id));
        presetId.set(id);
        file.set(null);
        dirty.set(false);
        model.set(spec);
    }

    /** Starts a new, unsaved model from the default preset. */
    public void newModel() {
        usePreset(Presets.DEFAULT_ID);
        model.set(model.get().withName("untitled"));
        presetId.set(null);
    }

    /**
     * Takes a model read from a file.
     *
     * @param spec the model
     * @param from the file it was read from
     */
    public void opened(ModelSpec spec, Path from) {
        presetId.set(null);
        file.set(from);
        dirty.set(false);
        model.set(spec);
    }

    /**
     * Replaces the model after an edit; marks the session dirty.
     *
     * @param spec the edited model
     */
    public void edit(ModelSpec spec) {
        model.set(spec);
        dirty.set(true);
    }

    /**
     * Saves the model atomically to {@code target} and makes it the session's file.
     *
     * @param target where to save
     * @throws IOException if it cannot be written (the old file, if any, is unchanged)
     */
    public void saveTo(Path target) throws IOException {
        ModelJson.write(model.get(), target);
        file.set(target);
        presetId.set(null);
        dirty.set(false);
    }

    /** Returns the session's file, if it has one. */
    public Optional<Path> getFile() {
        return Optional.ofNullable(file.get());
    }
}
