package org.convscope.core.conv;

/**
 * Everything that happens for one output cell of a convolution, for display and checking by hand.
 *
 * <p>Arrays are indexed {@code [channel][row][col]} over the {@code kh x kw} window; cells in the zero
 * padding have input 0.
 *
 * @param index position in row-major order of output cells
 * @param outRow output row
 * @param outCol output column
 * @param top input row of the window's top edge (negative inside the padding)
 * @param left input column of the window's left edge
 * @param inputs the window's input values
 * @param weights the kernel values used (already flipped for true convolution)
 * @param products {@code inputs * weights}, element by element
 * @param channelSums sum of products per channel
 * @param sum sum over all channels
 * @param bias the bias
 * @param output {@code sum + bias}, then ReLU if enabled
 * @param expression the arithmetic written out, e.g. {@code 7*1 + 4*1 + ... = 6}
 */
public record ConvStep(int index, int outRow, int outCol, int top, int left, double[][][] inputs,
                       double[][][] weights, double[][][] products, double[] channelSums, double sum, double bias,
                       double output, String expression) {
}
