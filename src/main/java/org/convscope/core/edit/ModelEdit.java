package org.convscope.core.edit;

import org.convscope.core.model.ModelSpec;

/**
 * One user edit of a model, as a pure function from the model before to the model after.
 *
 * <p>Because {@link ModelSpec} is immutable, undo restores the model before the edit exactly; see
 * {@link EditHistory}.
 */
public interface ModelEdit {

    /** Returns what the edit does, for the Undo menu: e.g. {@code Set filters of conv2d to 64}. */
    String description();

    /**
     * Returns the model after the edit.
     *
     * @param before the model before
     * @return the model after
     * @throws IllegalArgumentException if the edit does not apply to {@code before} (e.g. a layer index out of range)
     */
    ModelSpec apply(ModelSpec before);

    /**
     * Returns a key under which consecutive edits merge into one undo step (typing "128" into a
     * field is one edit, not three), or null for edits that never merge.
     */
    default String mergeKey() {
        return null;
    }
}
