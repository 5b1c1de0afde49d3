package org.convscope.core.analysis;

import static org.convscope.core.text.CoreText.tr;

/**
 * Why a layer cannot be built, in words a learner can act on.
 *
 * @param layerIndex 1-based position of the layer in the model, 0 for the input
 * @param layerName the layer's name, e.g. {@code conv2d_1}
 * @param layerType the Keras class name, e.g. {@code Conv2D}
 * @param message what is wrong
 * @param formula the formula with the numbers filled in, or empty
 * @param suggestion a fix the user can apply, or empty
 */
public record LayerProblem(int layerIndex, String layerName, String layerType, String message,
                           String formula, String suggestion) {

    /** Returns one message with everything in it, e.g. for the CLI's stderr. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(layerIndex == 0 ? tr("problem.input") : tr("problem.layer", layerIndex, layerName, layerType));
        sb.append(": ").append(message);
        if (!formula.isEmpty()) {
            sb.append("\n  ").append(tr("problem.formula")).append(": ").append(formula);
        }
        if (!suggestion.isEmpty()) {
            sb.append("\n  ").append(tr("problem.fix")).append(": ").append(suggestion);
        }
        return sb.toString();
    }
}
