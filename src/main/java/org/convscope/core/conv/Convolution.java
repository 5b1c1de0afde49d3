package org.convscope.core.conv;

/**
 * Slides a kernel over an input, as a Conv2D layer does for one filter.
 *
 * <p>{@code out[r][c] = act(bias + sum_{i,j,k} in[r*s_h - p_top + i][c*s_w - p_left + j][k] * w[i][j][k])},
 * cells outside the input counting as 0 (zero padding). Multiple filters are multiple calls.
 */
public final class Convolution {

    private Convolution() {
    }

    /**
     * Computes the convolution.
     *
     * @param input input {@code (H, W, C)}
     * @param kernel kernel {@code (kh, kw, C)}: one matrix per input channel
     * @param settings stride, padding, bias, activation, flip
     * @return the trace with the output and every step
     * @throws IllegalArgumentException if the channels differ or the kernel does not fit (message has the formula)
     */
    public static ConvTrace run(Volume input, Volume kernel, ConvSettings settings) {
        return new ConvTrace(input, kernel, settings);
    }
}
