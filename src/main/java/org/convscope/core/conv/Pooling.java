package org.convscope.core.conv;

import static org.convscope.core.text.CoreText.tr;

/** Max, average and mixed pooling of a matrix, with a step trace (see {@link PoolSettings}). */
public final class Pooling {

    private Pooling() {
    }

    /**
     * Pools one matrix.
     *
     * @param matrix the input {@code [row][col]}, at least 1x1, rows of equal length
     * @param settings window, strides, padding, mode
     * @return the trace with the output and every step
     * @throws IllegalArgumentException if the window does not fit (message has the formula)
     */
    public static PoolTrace run(double[][] matrix, PoolSettings settings) {
        if (matrix.length == 0 || matrix[0].length == 0) {
            throw new IllegalArgumentException(tr("error.matrix.empty"));
        }
        for (double[] row : matrix) {
            if (row.length != matrix[0].length) {
                throw new IllegalArgumentException(tr("error.matrix.ragged"));
            }
        }
        return new PoolTrace(matrix, settings);
    }
}
