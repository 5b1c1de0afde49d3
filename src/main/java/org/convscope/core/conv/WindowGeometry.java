package org.convscope.core.conv;

import static org.convscope.core.text.CoreText.tr;

import org.convscope.core.analysis.ShapeMath;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;

/**
 * Where a sliding window sits for each output cell: output size and the zero padding on each side.
 *
 * <p>{@code same} pads {@code total = max((ceil(n/s) - 1)*s + f - n, 0)} cells, {@code floor(total/2)}
 * before and the rest after, as TensorFlow does; explicit {@code p} pads {@code p} on every side.
 *
 * @param outHeight output rows
 * @param outWidth output columns
 * @param padTop zero rows added above
 * @param padLeft zero columns added on the left
 * @param padBottom zero rows added below
 * @param padRight zero columns added on the right
 * @param window window size
 * @param strides strides
 */
public record WindowGeometry(int outHeight, int outWidth, int padTop, int padLeft, int padBottom, int padRight,
                             Size2 window, Size2 strides) {

    /**
     * Computes the geometry.
     *
     * @param inHeight input rows
     * @param inWidth input columns
     * @param window window size (kernel or pool)
     * @param strides strides
     * @param padding padding
     * @return the geometry
     * @throws IllegalArgumentException with the formula if the window does not fit
     */
    public static WindowGeometry of(int inHeight, int inWidth, Size2 window, Size2 strides, Padding padding) {
        if (!window.positive() || !strides.positive()) {
            throw new IllegalArgumentException(tr("error.conv.windowStrides", window.text(), strides.text()));
        }
        var h = ShapeMath.outputLength(inHeight, window.h(), strides.h(), padding);
        var w = ShapeMath.outputLength(inWidth, window.w(), strides.w(), padding);
        if (h.length() < 1 || w.length() < 1) {
            throw new IllegalArgumentException(tr("error.conv.windowFit", window.text(), inHeight, inWidth, h.formula(),
                    w.formula()));
        }
        int top;
        int left;
        int bottom;
        int right;
        if (padding instanceof Padding.Same) {
            int th = (int) ShapeMath.samePaddingTotal(inHeight, window.h(), strides.h());
            int tw = (int) ShapeMath.samePaddingTotal(inWidth, window.w(), strides.w());
            top = th / 2;
            bottom = th - top;
            left = tw / 2;
            right = tw - left;
        } else if (padding instanceof Padding.Explicit e) {
            if (e.amount() < 0) {
                throw new IllegalArgumentException(tr("error.conv.padding", e.amount()));
            }
            top = left = bottom = right = e.amount();
        } else {
            top = left = bottom = right = 0;
        }
        return new WindowGeometry((int) h.length(), (int) w.length(), top, left, bottom, right, window, strides);
    }

    /** Returns the input row of the window's top edge for output row {@code r} (negative inside padding). */
    public int top(int r) {
        return r * strides.h() - padTop;
    }

    /** Returns the input column of the window's left edge for output column {@code c}. */
    public int left(int c) {
        return c * strides.w() - padLeft;
    }

    /** Returns the number of output cells. */
    public int cells() {
        return outHeight * outWidth;
    }
}
