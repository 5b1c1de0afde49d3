package org.convscope.ui.learn;

import org.convscope.core.backprop.BackwardPass;
import org.convscope.core.backprop.Forward;
import org.convscope.core.backprop.ForwardPass;
import org.convscope.core.backprop.Optimizer;
import org.convscope.core.backprop.TinyCnn;
import org.convscope.core.backprop.Update;

/**
 * One training step of the Learn screen's network, every number from {@code core.backprop}: the forward pass,
 * the backward pass, the optimizer's update and the forward pass with the new weights.
 *
 * @param net the network before the step
 * @param input {@code X (H, W)}
 * @param forward the forward pass with the loss
 * @param backward every gradient, stage by stage
 * @param update the optimizer step (SGD or Adam)
 * @param after the forward pass with the updated weights
 * @param lr the learning rate, for the worked lines
 * @param adam true for Adam, false for SGD
 */
record LearnRun(TinyCnn net, double[][] input, ForwardPass forward, BackwardPass backward, Update update,
                ForwardPass after, double lr, boolean adam) {

    /**
     * Runs one training step.
     *
     * @param net the network
     * @param input {@code X (H, W)}
     * @param label the true class
     * @param optimizer the optimizer, which takes one step (Adam keeps its moments for the next)
     * @param lr its learning rate
     * @param adam whether it is Adam
     * @throws IllegalArgumentException when the network does not fit the input (with the formula)
     */
    static LearnRun of(TinyCnn net, double[][] input, int label, Optimizer optimizer, double lr, boolean adam) {
        ForwardPass fp = Forward.run(net, input, label);
        BackwardPass bp = BackwardPass.of(fp);
        Update u = optimizer.step(net, bp.gradients());
        ForwardPass after = Forward.run(u.after(), input, label);
        return new LearnRun(net, input, fp, bp, u, after, lr, adam);
    }

    /** The conv output's height {@code H'}. */
    int convHeight() {
        return forward.z()[0].length;
    }

    /** The conv output's width {@code W'}. */
    int convWidth() {
        return forward.z()[0][0].length;
    }

    /** The pooled map's height. */
    int poolHeight() {
        return forward.pools()[0].geometry().outHeight();
    }

    /** The pooled map's width. */
    int poolWidth() {
        return forward.pools()[0].geometry().outWidth();
    }

    /** The Dense layer's input length {@code n}. */
    int flatLength() {
        return forward.flat().length;
    }

    /** The number of classes. */
    int classes() {
        return net.classes();
    }

    /** The kernel's height. */
    int kernelHeight() {
        return net.kernels()[0].length;
    }

    /** The kernel's width. */
    int kernelWidth() {
        return net.kernels()[0][0].length;
    }

    /** The number of steps of a stage. */
    int steps(LearnStage stage) {
        int n = flatLength();
        int c = classes();
        return switch (stage) {
            case FORWARD, LOSS -> c;
            case DENSE -> n * c + c + n;
            case UNFLATTEN -> n;
            case POOL -> poolHeight() * poolWidth();
            case RELU -> convHeight() * convWidth();
            case CONV_WEIGHTS -> kernelHeight() * kernelWidth();
            case CONV_BIAS, FORWARD_AGAIN -> 1;
            case CONV_INPUT -> backward.conv().fullConvolution(0).steps();
            case UPDATE -> kernelHeight() * kernelWidth() + 1 + n * c + c;
        };
    }
}
