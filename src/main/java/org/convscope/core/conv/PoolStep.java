package org.convscope.core.conv;

/**
 * One output cell of a pooling: its window, which cell won (for max) and the result.
 *
 * @param index position in row-major order of output cells
 * @param outRow output row
 * @param outCol output column
 * @param top input row of the window's top edge (negative inside the padding)
 * @param left input column of the window's left edge
 * @param values the window's values {@code [row][col]}; {@code NaN} marks ignored padding cells
 * @param maxRow row of the largest value within the window
 * @param maxCol column of the largest value within the window
 * @param max the largest value
 * @param mean the mean of the counted cells
 * @param counted how many cells the mean counts
 * @param output the result
 * @param expression the arithmetic written out, e.g. {@code max(1, 3, 2, 5) = 5}
 */
public record PoolStep(int index, int outRow, int outCol, int top, int left, double[][] values, int maxRow,
                       int maxCol, double max, double mean, int counted, double output, String expression) {
}
