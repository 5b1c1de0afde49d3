package org.convscope.core.edit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import org.convscope.core.model.ModelSpec;

/**
 * The current model with unlimited undo and redo of {@link ModelEdit}s.
 *
 * <p>Each model state gets an id; the history remembers the id that was last saved, so "unsaved
 * changes" is exact even after undoing back to the saved state. An edit that changes nothing is not
 * recorded. Consecutive edits with the same {@link ModelEdit#mergeKey()} become one undo step.
 */
public final class EditHistory {

    private record Step(String description, String mergeKey, ModelSpec before, long beforeId,
                        ModelSpec after, long afterId) {
    }

    private final Deque<Step> undo = new ArrayDeque<>();
    private final Deque<Step> redo = new ArrayDeque<>();
    private ModelSpec current;
    private long currentId;
    private long nextId = 1;
    private long savedId;
    private boolean lastWasEdit;

    /**
     * Starts a history at a saved (clean) model.
     *
     * @param initial the model
     */
    public EditHistory(ModelSpec initial) {
        reset(initial, true);
    }

    /** Returns the current model. */
    public ModelSpec current() {
        return current;
    }

    /**
     * Applies an edit and records it.
     *
     * @param edit the edit
     * @return the model after the edit
     * @throws IllegalArgumentException if the edit does not apply; nothing changes then
     */
    public ModelSpec apply(ModelEdit edit) {
        ModelSpec after = Objects.requireNonNull(edit.apply(current));
        if (after.equals(current)) {
            return current;
        }
        long afterId = nextId++;
        Step top = undo.peek();
        if (lastWasEdit && top != null && edit.mergeKey() != null && edit.mergeKey().equals(top.mergeKey())
                && top.afterId() != savedId) {
            undo.pop();
            undo.push(new Step(edit.description(), top.mergeKey(), top.before(), top.beforeId(), after, afterId));
        } else {
            undo.push(new Step(edit.description(), edit.mergeKey(), current, currentId, after, afterId));
        }
        redo.clear();
        current = after;
        currentId = afterId;
        lastWasEdit = true;
        return current;
    }

    /** Returns true if there is an edit to undo. */
    public boolean canUndo() {
        return !undo.isEmpty();
    }

    /** Returns true if there is an undone edit to redo. */
    public boolean canRedo() {
        return !redo.isEmpty();
    }

    /** Returns the description of the edit {@link #undo()} would revert. */
    public Optional<String> undoDescription() {
        return Optional.ofNullable(undo.peek()).map(Step::description);
    }

    /** Returns the description of the edit {@link #redo()} would apply again. */
    public Optional<String> redoDescription() {
        return Optional.ofNullable(redo.peek()).map(Step::description);
    }

    /**
     * Reverts the last edit.
     *
     * @return the model before it
     * @throws IllegalStateException if there is nothing to undo
     */
    public ModelSpec undo() {
        if (undo.isEmpty()) {
            throw new IllegalStateException("nothing to undo");
        }
        Step s = undo.pop();
        redo.push(s);
        current = s.before();
        currentId = s.beforeId();
        lastWasEdit = false;
        return current;
    }

    /**
     * Applies the last undone edit again.
     *
     * @return the model after it
     * @throws IllegalStateException if there is nothing to redo
     */
    public ModelSpec redo() {
        if (redo.isEmpty()) {
            throw new IllegalStateException("nothing to redo");
        }
        Step s = redo.pop();
        undo.push(s);
        current = s.after();
        currentId = s.afterId();
        lastWasEdit = false;
        return current;
    }

    /** Records that the current model was saved. */
    public void markSaved() {
        savedId = currentId;
        lastWasEdit = false;
    }

    /** Returns true if the current model differs from the last saved one. */
    public boolean isDirty() {
        return currentId != savedId;
    }

    /**
     * Starts over with a new model and an empty history (a file was opened).
     *
     * @param model the model
     * @param saved whether it counts as saved (opened from a file) or not (recovered)
     */
    public void reset(ModelSpec model, boolean saved) {
        undo.clear();
        redo.clear();
        current = Objects.requireNonNull(model);
        currentId = nextId++;
        savedId = saved ? currentId : -1;
        lastWasEdit = false;
    }

    /** Returns the number of steps that can be undone. */
    public int undoDepth() {
        return undo.size();
    }
}
