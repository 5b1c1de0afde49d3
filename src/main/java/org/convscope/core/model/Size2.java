package org.convscope.core.model;

/**
 * A pair of spatial sizes (height, width), as Keras writes {@code kernel_size=(3, 3)} or {@code strides=(2, 1)}.
 *
 * @param h size along the height (rows) axis
 * @param w size along the width (columns) axis
 */
public record Size2(int h, int w) {

    /** Returns a square pair {@code (n, n)}, as Keras reads a bare integer. */
    public static Size2 square(int n) {
        return new Size2(n, n);
    }

    /** Returns true when both sizes are at least 1. */
    public boolean positive() {
        return h >= 1 && w >= 1;
    }

    /** Returns {@code "3x3"} style text. */
    public String text() {
        return h + "x" + w;
    }
}
