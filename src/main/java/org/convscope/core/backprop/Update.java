package org.convscope.core.backprop;

import java.util.List;

/**
 * One optimizer step on every parameter, with the arithmetic of each weight on demand.
 *
 * <p>Tensors are indexed as {@link TinyCnn#parameters()}: {@code K1 .. KF, conv bias, W, b}, each flat in row-major
 * order. For SGD {@code m} and {@code v} are null.
 *
 * @param optimizer the optimizer's settings, e.g. {@code Adam(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-08)}
 * @param before the network before the step
 * @param after the network after it
 * @param names the tensors' names
 * @param lines computes one weight's worked line
 */
public record Update(String optimizer, TinyCnn before, TinyCnn after, List<String> names, LineSource lines) {

    /** Writes out one weight's update. */
    @FunctionalInterface
    public interface LineSource {
        /** Returns the line of weight {@code index} of tensor {@code tensor}. */
        String line(String name, int tensor, int index);
    }

    /**
     * Returns one weight's update with its numbers, e.g. {@code K1[1][1]: w_new = w - lr*g = 0.5 - 0.1*0.2 = 0.48}.
     *
     * @param tensor index into {@link #names()}
     * @param index position in the tensor, row-major
     * @return the worked line
     */
    public String line(int tensor, int index) {
        return lines.line(names.get(tensor), tensor, index);
    }
}
