package org.convscope.ui.learn;

/**
 * The stages of one training step as the Learn screen walks through them: the forward pass, the loss, the
 * backward pass layer by layer from the loss to the input, the update, and the forward pass with the new weights.
 */
enum LearnStage {
    FORWARD("Forward pass", "The input goes through conv, ReLU, pooling, flatten and the Dense layer; softmax turns "
            + "the scores o into probabilities p. Each step: one class's score and probability."),
    LOSS("Loss and the gradient at the output", "Cross-entropy punishes a low probability for the true class. "
            + "Its gradient with respect to the scores is simply p - y (y is 1 for the true class, 0 elsewhere)."),
    DENSE("Dense layer backward", "Each weight W[i][k] multiplied x[i] into score k, so its gradient is "
            + "x[i] * delta[k]; the bias gets delta; each input x[i] gets back what it sent, weighted."),
    UNFLATTEN("Unflatten", "Flatten only reordered the numbers, so its backward pass puts the gradients back "
            + "into the pooled map's shape."),
    POOL("Pooling backward", "Max pooling passed on only each window's largest value: the gradient goes to that "
            + "winner, the other cells get 0. Average pooling used every cell equally: each gets g / q^2."),
    RELU("ReLU backward", "ReLU let positive values through and cut the rest to 0: the gradient passes where the "
            + "conv output was positive and stops where it was not (the mask)."),
    CONV_WEIGHTS("Conv kernel gradient dK", "Weight K[i][j] touched one input cell for every output cell, so its "
            + "gradient sums dY times those inputs. This is itself a convolution: the input X with dY as the kernel."),
    CONV_BIAS("Conv bias gradient", "The bias was added to every output cell, so its gradient is the sum of dY."),
    CONV_INPUT("Conv input gradient dX", "What a layer below would receive: every weight sends dY * K back to the "
            + "input cell it touched. As one operation: the \"full\" convolution of dY (zero-padded) with the "
            + "kernel turned by 180 degrees."),
    UPDATE("The update", "Each weight takes a small step against its gradient."),
    FORWARD_AGAIN("Forward again", "The same input through the network with the new weights: did the loss go down?");

    private final String title;
    private final String explanation;

    LearnStage(String title, String explanation) {
        this.title = title;
        this.explanation = explanation;
    }

    /** The stage's name, e.g. {@code Pooling backward}. */
    String title() {
        return title;
    }

    /** What happens in the stage and why, in two sentences. */
    String explanation() {
        return explanation;
    }
}
