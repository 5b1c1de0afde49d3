package org.convscope.ui.learn;

import static org.convscope.ui.common.I18n.tr;

/**
 * The stages of one training step as the Learn screen walks through them: the forward pass, the loss, the
 * backward pass layer by layer from the loss to the input, the update, and the forward pass with the new weights.
 * Their names and explanations are the bundle's {@code learn.stage.NAME.title} and {@code .explanation}.
 */
enum LearnStage {
    FORWARD, LOSS, DENSE, UNFLATTEN, POOL, RELU, CONV_WEIGHTS, CONV_BIAS, CONV_INPUT, UPDATE, FORWARD_AGAIN;

    /** The stage's name, e.g. {@code Pooling backward}. */
    String title() {
        return tr("learn.stage." + name() + ".title");
    }

    /** What happens in the stage and why, in two sentences. */
    String explanation() {
        return tr("learn.stage." + name() + ".explanation");
    }
}
