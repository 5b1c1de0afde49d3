package org.convscope.app;

import static org.convscope.core.text.CoreText.tr;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.convscope.core.edit.EditHistory;
import org.convscope.core.edit.ModelEdit;
import org.convscope.core.model.ModelSpec;
import org.convscope.engine.CompiledModel;
import org.convscope.io.ModelJson;
import org.convscope.io.Presets;

/**
 * The one state both front ends work on: the model (with its file, preset and undo history), its weights with a
 * {@link WeightsVersion}, and whether anything the user made is unsaved.
 *
 * <p>Weights apply while the session's model equals the model they were trained for; otherwise the model has fresh
 * weights from {@link #UNTRAINED_SEED}, and every change of the model gives those a new version. A result computed
 * from the weights is tagged with {@link #tag} and shown only while {@link #isCurrent} says so: that is how no view
 * shows a result computed from other weights than the ones it names.
 *
 * <p>Not thread-safe: the UI changes it on its FX thread only. Listeners run after every change.
 */
public final class Session {

    /** The seed of the weights of a model that has not been trained. */
    public static final long UNTRAINED_SEED = 42;

    private final EditHistory history;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private String presetId;
    private Path file;
    private TrainedWeights trained;
    private boolean weightsUnsaved;
    private ModelSpec untrainedFor;
    private WeightsVersion untrainedVersion;
    private int runs;

    /** Starts with the default preset. */
    public Session() {
        history = new EditHistory(Presets.find(Presets.DEFAULT_ID).orElseThrow());
        presetId = Presets.DEFAULT_ID;
    }

    /** Calls {@code listener} after every change of the model, its file, its weights or what is unsaved. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    // What it holds

    /** The current model. */
    public ModelSpec model() {
        return history.current();
    }

    /** The file the model was opened from or saved to, if any. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The preset the model came from, or null when it came from a file or was edited. */
    public String presetId() {
        return presetId;
    }

    /** True when the model (its layers) has changes not yet saved. */
    public boolean isModelDirty() {
        return history.isDirty();
    }

    /** The undo history (read it; change the model through this session's commands). */
    public EditHistory history() {
        return history;
    }

    /** The last trained or loaded weights, whether or not they apply to the current model. */
    public Optional<TrainedWeights> trained() {
        return Optional.ofNullable(trained);
    }

    /** The trained weights if they were made for exactly {@code spec} (undoing an edit makes them apply again). */
    public Optional<TrainedWeights> trainedFor(ModelSpec spec) {
        return trained != null && trained.model().spec().equals(spec) ? Optional.of(trained) : Optional.empty();
    }

    /** Which weights the current model has now: its trained ones, or fresh ones from {@link #UNTRAINED_SEED}. */
    public WeightsVersion weights() {
        return trainedFor(model()).map(TrainedWeights::version).orElseGet(this::untrainedVersion);
    }

    /**
     * Says why a task that needs the whole model (predict, Grad-CAM, occlusion, evaluate, embeddings, training) cannot
     * use the current model: it is the model of a file shown only up to an unsupported layer, with that file's weights
     * ({@link WholeModel}). An edited model (a new head, say) is a model of its own and may be trained.
     *
     * @param task the task, e.g. {@code "Training"}
     * @return the reason; empty when the task may go on
     */
    public Optional<String> partialRefusal(String task) {
        return trainedFor(model()).flatMap(t -> WholeModel.refusal(t.model(), task));
    }

    /** True when weights trained in this session have not been saved (quitting or replacing them asks first). */
    public boolean hasUnsavedWeights() {
        return trained != null && weightsUnsaved;
    }

    /** Tags a result as computed from the current weights. */
    public <T> Versioned<T> tag(T value) {
        return new Versioned<>(value, weights());
    }

    /** True when {@code result} was computed from the current weights. */
    public boolean isCurrent(Versioned<?> result) {
        return result != null && result.isFrom(weights());
    }

    /** Numbers the next training run of this session (1, 2, ...), for weights versions. */
    public int nextRun() {
        return ++runs;
    }

    // Commands

    /** Records weights trained in this session for their model; they are unsaved until {@link #weightsSaved}. */
    public void setTrained(TrainedWeights weights) {
        trained = weights;
        weightsUnsaved = true;
        changed();
    }

    /** Says that the trained weights were saved (or that the user chose to discard them). */
    public void weightsSaved() {
        weightsUnsaved = false;
        changed();
    }

    /**
     * Takes a model with weights read from a file: its architecture becomes the model (with no model file: saving
     * writes one) and its weights the trained weights, saved already.
     *
     * @param model the loaded network
     * @param version {@link WeightsVersion#opened} or {@link WeightsVersion#imported}
     */
    public void openWithWeights(CompiledModel model, WeightsVersion version) {
        history.reset(model.spec(), true);
        presetId = null;
        file = null;
        trained = new TrainedWeights(model, version, version.label());
        weightsUnsaved = false;
        changed();
    }

    /**
     * Takes a model with weights (and perhaps the checkpoints of their run) from a lesson file: the weights' model
     * becomes the model, with no model file, and the weights are saved already.
     */
    public void openWithWeights(TrainedWeights weights) {
        history.reset(weights.model().spec(), true);
        presetId = null;
        file = null;
        trained = weights;
        weightsUnsaved = false;
        changed();
    }

    /**
     * Applies an edit, recording it for undo.
     *
     * @return false if it did not apply (nothing changed)
     */
    public boolean apply(ModelEdit edit) {
        try {
            history.apply(edit);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (history.isDirty()) {
            presetId = null;
        }
        changed();
        return true;
    }

    /** Reverts the last edit, if any. */
    public void undo() {
        if (history.canUndo()) {
            history.undo();
            changed();
        }
    }

    /** Applies the last undone edit again, if any. */
    public void redo() {
        if (history.canRedo()) {
            history.redo();
            changed();
        }
    }

    /** Starts over from a bundled preset (the caller has asked about unsaved work). */
    public void usePreset(String id) {
        ModelSpec spec = Presets.find(id).orElseThrow(() -> new IllegalArgumentException(tr("error.preset.unknown", id)));
        replace(spec, true, null);
        presetId = id;
        changed();
    }

    /** Starts a new, unsaved model from the default preset (the caller has asked about unsaved work). */
    public void newModel() {
        replace(Presets.find(Presets.DEFAULT_ID).orElseThrow().withName("untitled"), true, null);
        changed();
    }

    /** Takes a model read from a model file (no weights). */
    public void opened(ModelSpec spec, Path from) {
        replace(spec, true, from);
        changed();
    }

    /** Takes a model that is not saved yet (restored from an autosave, or imported), belonging to {@code originalFile}. */
    public void openUnsaved(ModelSpec spec, Path originalFile) {
        replace(spec, false, originalFile);
        changed();
    }

    /** Saves the model atomically to {@code target} and makes it the session's file; the old file is kept on failure. */
    public void saveTo(Path target) throws IOException {
        ModelJson.write(model(), target);
        history.markSaved();
        file = target;
        presetId = null;
        changed();
    }

    private void replace(ModelSpec spec, boolean saved, Path from) {
        trained = null;
        weightsUnsaved = false;
        history.reset(spec, saved);
        presetId = null;
        file = from;
    }

    private WeightsVersion untrainedVersion() {
        if (untrainedVersion == null || !model().equals(untrainedFor)) {
            untrainedFor = model();
            untrainedVersion = WeightsVersion.untrained(UNTRAINED_SEED);
        }
        return untrainedVersion;
    }

    private void changed() {
        for (Runnable l : listeners) {
            l.run();
        }
    }
}
