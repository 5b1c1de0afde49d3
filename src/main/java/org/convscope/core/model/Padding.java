package org.convscope.core.model;

/**
 * How a convolution or pooling window treats the border of its input.
 *
 * <p>Keras semantics along one axis of length {@code n}, window {@code f}, stride {@code s}:
 * <ul>
 *   <li>{@code valid}: no padding, {@code out = floor((n - f) / s) + 1};</li>
 *   <li>{@code same}: pads so that {@code out = ceil(n / s)};</li>
 *   <li>explicit {@code p}: {@code p} zeros on each side, {@code out = floor((n + 2p - f) / s) + 1}.</li>
 * </ul>
 */
public sealed interface Padding {

    /** No padding. */
    record Valid() implements Padding {
        @Override public String keras() { return "valid"; }
    }

    /** Padding chosen so that {@code out = ceil(n / s)}. */
    record Same() implements Padding {
        @Override public String keras() { return "same"; }
    }

    /**
     * {@code amount} zero cells added on every side.
     *
     * @param amount cells per side, at least 0
     */
    record Explicit(int amount) implements Padding {
        @Override public String keras() { return Integer.toString(amount); }
    }

    Padding VALID = new Valid();
    Padding SAME = new Same();

    /** Returns the text used in model files: {@code "valid"}, {@code "same"} or the integer. */
    String keras();

    /** Returns explicit padding of {@code p} cells per side. */
    static Padding of(int p) {
        return new Explicit(p);
    }
}
