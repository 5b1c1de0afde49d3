package org.convscope.core.analysis;

/**
 * The output length of a sliding window along one axis, with the formula that produced it.
 *
 * @param length output length; below 1 when the window does not fit
 * @param formula the formula with the numbers filled in, e.g. {@code floor((32 + 2*0 - 3)/1) + 1 = 30}
 */
public record AxisResult(long length, String formula) {
}
