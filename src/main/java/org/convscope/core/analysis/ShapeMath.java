package org.convscope.core.analysis;

import org.convscope.core.model.Padding;

/**
 * Output sizes of convolution and pooling windows, with Keras semantics.
 *
 * <p>Along an axis of length {@code n}, window {@code f}, stride {@code s}:
 * valid {@code out = floor((n - f)/s) + 1}; same {@code out = ceil(n/s)};
 * explicit padding {@code p} {@code out = floor((n + 2p - f)/s) + 1}.
 * See <a href="https://keras.io/api/layers/convolution_layers/convolution2d/">Keras Conv2D</a>.
 */
public final class ShapeMath {

    private ShapeMath() {
    }

    /**
     * Returns the output length along one axis and the formula with the numbers filled in.
     *
     * @param n input length in cells, at least 1
     * @param f window (kernel or pool) length, at least 1
     * @param s stride, at least 1
     * @param padding how the border is treated
     * @return the length (below 1 if the window does not fit) and its formula
     */
    public static AxisResult outputLength(long n, int f, int s, Padding padding) {
        if (padding instanceof Padding.Same) {
            long out = ceilDiv(n, s);
            return new AxisResult(out, "ceil(" + n + "/" + s + ") = " + out);
        }
        int p = padding instanceof Padding.Explicit e ? e.amount() : 0;
        long span = n + 2L * p - f;
        long out = Math.floorDiv(span, s) + 1;
        String text = padding instanceof Padding.Explicit
                ? "floor((" + n + " + 2*" + p + " - " + f + ")/" + s + ") + 1 = " + out
                : "floor((" + n + " - " + f + ")/" + s + ") + 1 = " + out;
        return new AxisResult(out, text);
    }

    /**
     * Returns the total zero padding Keras adds along one axis for {@code same}.
     *
     * <p>{@code pad = max((ceil(n/s) - 1)*s + f - n, 0)}; TensorFlow puts {@code floor(pad/2)} before and
     * the rest after.
     *
     * @param n input length
     * @param f window length
     * @param s stride
     * @return total padding cells along the axis
     */
    public static long samePaddingTotal(long n, int f, int s) {
        return Math.max((ceilDiv(n, s) - 1) * s + f - n, 0);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
