package org.convscope.core.edit;

/**
 * A one-click repair for a layer that cannot be built.
 *
 * @param label button text, e.g. {@code Use padding "same"}
 * @param edit the edit that applies it
 */
public record Fix(String label, ModelEdit edit) {
}
