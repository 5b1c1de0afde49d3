package org.convscope.core.conv;

import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;

/**
 * How a kernel is applied: stride, padding, bias, activation, and whether it is flipped.
 *
 * <p>CNNs compute cross-correlation ({@code flip = false}); true convolution turns the kernel by 180
 * degrees first ({@code flip = true}).
 *
 * @param strides step between windows (rows, columns)
 * @param padding border treatment
 * @param bias added to every output cell
 * @param relu apply {@code max(0, x)} after the bias
 * @param flip true convolution instead of cross-correlation
 */
public record ConvSettings(Size2 strides, Padding padding, double bias, boolean relu, boolean flip) {

    /** Stride 1, no padding, no bias, no activation, cross-correlation. */
    public static final ConvSettings DEFAULT = new ConvSettings(Size2.square(1), Padding.VALID, 0, false, false);

    /** Returns a copy with other strides. */
    public ConvSettings withStrides(Size2 s) {
        return new ConvSettings(s, padding, bias, relu, flip);
    }

    /** Returns a copy with another padding. */
    public ConvSettings withPadding(Padding p) {
        return new ConvSettings(strides, p, bias, relu, flip);
    }

    /** Returns a copy with another bias. */
    public ConvSettings withBias(double b) {
        return new ConvSettings(strides, padding, b, relu, flip);
    }

    /** Returns a copy with ReLU on or off. */
    public ConvSettings withRelu(boolean r) {
        return new ConvSettings(strides, padding, bias, r, flip);
    }

    /** Returns a copy with flipping on or off. */
    public ConvSettings withFlip(boolean f) {
        return new ConvSettings(strides, padding, bias, relu, f);
    }
}
