package org.convscope.ui.learn;

import java.util.Set;

/**
 * One matrix the Learn screen shows for a step, with what to highlight. Cells not computed yet are {@code NaN}
 * (drawn empty).
 *
 * @param title e.g. {@code dK (kernel gradient)}
 * @param values the numbers {@code [row][col]}
 * @param pad zero cells drawn around it: top, left, bottom, right
 * @param window a red rectangle {@code {row, col, h, w}} in padded coordinates, or null
 * @param marker a circled cell {@code {row, col}} in padded coordinates (a max pooling winner), or null
 * @param marks outlined cells, {@code row * cols + col} of the matrix
 * @param question the cell drawn as a yellow "?" (a quiz question), or null
 */
record LearnPanel(String title, double[][] values, int[] pad, int[] window, int[] marker, Set<Integer> marks,
                  int[] question) {

    private static final int[] NO_PAD = new int[4];

    /** A plain matrix. */
    static LearnPanel of(String title, double[][] values) {
        return new LearnPanel(title, values, NO_PAD, null, null, Set.of(), null);
    }

    /** A row vector {@code (1, n)}. */
    static LearnPanel row(String title, double[] values) {
        return of(title, new double[][] {values.clone()});
    }

    /** A column vector {@code (n, 1)}. */
    static LearnPanel column(String title, double[] values) {
        double[][] m = new double[values.length][1];
        for (int i = 0; i < values.length; i++) {
            m[i][0] = values[i];
        }
        return of(title, m);
    }

    /** The same panel with the cell {@code (row, col)} framed in red. */
    LearnPanel cell(int row, int col) {
        return window(new int[] {row + pad[0], col + pad[1], 1, 1});
    }

    LearnPanel window(int[] rect) {
        return new LearnPanel(title, values, pad, rect, marker, marks, question);
    }

    LearnPanel marker(int[] cell) {
        return new LearnPanel(title, values, pad, window, cell, marks, question);
    }

    LearnPanel marks(Set<Integer> cells) {
        return new LearnPanel(title, values, pad, window, marker, cells, question);
    }

    LearnPanel padded(int[] p) {
        return new LearnPanel(title, values, p, window, marker, marks, question);
    }

    /** The same panel with only the first {@code n} cells (row-major) shown, the rest not computed yet. */
    LearnPanel firstCells(int n) {
        double[][] v = new double[values.length][];
        for (int r = 0; r < values.length; r++) {
            v[r] = values[r].clone();
            for (int c = 0; c < v[r].length; c++) {
                if (r * v[r].length + c >= n) {
                    v[r][c] = Double.NaN;
                }
            }
        }
        return new LearnPanel(title, v, pad, window, marker, marks, question);
    }

    /** The same panel with every number hidden (the products, which would give a quiz answer away). */
    LearnPanel hidden() {
        return firstCells(0);
    }

    /** The same panel with cell {@code (row, col)} hidden as the quiz's "?". */
    LearnPanel ask(int row, int col) {
        double[][] v = new double[values.length][];
        for (int r = 0; r < values.length; r++) {
            v[r] = values[r].clone();
        }
        v[row][col] = Double.NaN;
        return new LearnPanel(title, v, pad, window, null, marks, new int[] {row, col});
    }
}
