package org.convscope.core.backprop;

/**
 * One kernel weight's gradient, {@code dK_f[i][j] = sum over output cells (r, c) of dY[r][c] * X[r*s + i][c*s + j]}
 * (X zero-padded), with every product, as the forward stepper shows one output cell.
 *
 * <p>The {@code (H', W')} arrays line up with the conv output: {@code inputs[r][c]} is the input cell that weight
 * {@code (i, j)} touched when the window sat on output cell {@code (r, c)}.
 *
 * @param filter kernel index {@code f}
 * @param row {@code i}
 * @param col {@code j}
 * @param inputs {@code X[r*s + i][c*s + j]} per output cell (0 inside the padding)
 * @param dY the conv output's gradient {@code dZ_f}
 * @param products {@code dY * inputs}, cell by cell
 * @param sum {@code dK_f[i][j]}
 * @param expression the arithmetic written out, e.g. {@code dK1[0][1] = 0.12*3 + 0*1 + ... = 0.36}
 */
public record KernelGradStep(int filter, int row, int col, double[][] inputs, double[][] dY, double[][] products,
                             double sum, String expression) {
}
