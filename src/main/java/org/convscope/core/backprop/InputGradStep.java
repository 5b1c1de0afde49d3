package org.convscope.core.backprop;

import java.util.List;

/**
 * One input cell's gradient: {@code dX[y][x] = sum of dY_f[r][c] * K_f[i][j]} over every kernel {@code f} and every
 * output cell {@code (r, c)} whose window put kernel weight {@code (i, j)} on input cell {@code (y, x)}
 * ({@code y = r*s - padTop + i}). Read the other way round this is the "full" convolution of {@code dY} with the
 * kernel turned by 180 degrees.
 *
 * @param row {@code y}
 * @param col {@code x}
 * @param terms every product in the sum
 * @param sum {@code dX[y][x]}
 * @param expression the arithmetic written out, e.g. {@code dX[1][1] = dY1[0][0]*K1[1][1] + ... = 0.5*1 + ... = 0.2}
 */
public record InputGradStep(int row, int col, List<Term> terms, double sum, String expression) {

    /**
     * One product of the sum.
     *
     * @param filter kernel index
     * @param outRow output row {@code r}
     * @param outCol output column {@code c}
     * @param kRow kernel row {@code i}
     * @param kCol kernel column {@code j}
     * @param dy {@code dY_f[r][c]}
     * @param weight {@code K_f[i][j]}
     */
    public record Term(int filter, int outRow, int outCol, int kRow, int kCol, double dy, double weight) {
    }
}
