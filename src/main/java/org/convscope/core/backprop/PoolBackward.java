package org.convscope.core.backprop;

import org.convscope.core.conv.PoolSettings;
import org.convscope.core.conv.PoolStep;
import org.convscope.core.conv.PoolTrace;

/**
 * Unflatten and the backward pass through pooling.
 *
 * <p>Unflatten: {@code dx (n)} is cut back into the pooled maps' shape, {@code dP_f[r][c] = dx[f*ph*pw + r*pw + c]}.
 * Max pooling: each window's gradient {@code g = dP_f[r][c]} goes only to the cell that won the window in the
 * forward pass (the winners are recorded); the other cells get 0. Average pooling: every cell of a {@code q x q}
 * window gets {@code g / q^2}. Cells in no window (the rows and columns a valid pooling drops) get 0.
 * Result: {@code dA_f}, the conv maps' shape {@code (H', W')}.
 */
public final class PoolBackward {

    private final PoolTrace[] pools;
    private final double[][][] dP;
    private final double[][][] dA;
    private final int[][][][] winners;

    PoolBackward(ForwardPass fp, double[] dx) {
        this.pools = fp.pools();
        int f = pools.length;
        int ph = pools[0].geometry().outHeight();
        int pw = pools[0].geometry().outWidth();
        int h = fp.a()[0].length;
        int w = fp.a()[0][0].length;
        this.dP = new double[f][ph][pw];
        this.dA = new double[f][h][w];
        this.winners = new int[f][ph][pw][];
        int q = pools[0].settings().pool().h();
        boolean max = pools[0].settings().mode() == PoolSettings.Mode.MAX;
        for (int k = 0; k < f; k++) {
            for (int r = 0; r < ph; r++) {
                for (int c = 0; c < pw; c++) {
                    double g = dx[(k * ph + r) * pw + c];
                    dP[k][r][c] = g;
                    PoolStep s = pools[k].step(r * pw + c);
                    if (max) {
                        int y = s.top() + s.maxRow();
                        int x = s.left() + s.maxCol();
                        winners[k][r][c] = new int[] {y, x};
                        dA[k][y][x] += g;
                    } else {
                        spread(dA[k], s.top(), s.left(), q, g / (q * q));
                    }
                }
            }
        }
    }

    private static void spread(double[][] into, int top, int left, int q, double share) {
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < q; j++) {
                into[top + i][left + j] += share;
            }
        }
    }

    /** Returns {@code dP}, the unflattened gradient {@code [f][r][c]} (a copy). */
    public double[][][] dP() {
        return Mat.copy(dP);
    }

    /** Returns {@code dA}, the gradient at the pooling's input {@code [f][r][c]} (a copy). */
    public double[][][] dA() {
        return Mat.copy(dA);
    }

    /** Returns whether this is max pooling (winners recorded) rather than average pooling. */
    public boolean max() {
        return pools[0].settings().mode() == PoolSettings.Mode.MAX;
    }

    /**
     * Returns the winner of one window of map {@code f}: its {@code {row, col}} in the conv map.
     *
     * @throws IllegalStateException for average pooling, which has no winners
     */
    public int[] winner(int f, int r, int c) {
        if (!max()) {
            throw new IllegalStateException("average pooling has no winners");
        }
        return winners[f][r][c].clone();
    }

    /** Returns the unflatten line of one cell: {@code dP1[0][1] = dx[1] = 0.12}. */
    public String unflattenLine(int f, int r, int c) {
        int pw = dP[0][0].length;
        int i = (f * dP[0].length + r) * pw + c;
        return "dP" + (f + 1) + "[" + r + "][" + c + "] = dx[" + i + "] = " + Mat.f(dP[f][r][c]);
    }

    /**
     * Returns the worked line of one window, e.g. {@code max(1, 3, 2, 0) won by A1[0][1] = 3: it gets g = 0.12,
     * the other 3 cells get 0} or {@code each of the 4 cells gets g / 2^2 = 0.12 / 4 = 0.03}.
     */
    public String windowLine(int f, int r, int c) {
        PoolStep s = pools[f].step(r * dP[0][0].length + c);
        double g = dP[f][r][c];
        String head = "dP" + (f + 1) + "[" + r + "][" + c + "] = g = " + Mat.f(g) + "; ";
        if (max()) {
            int[] win = winners[f][r][c];
            return head + org.convscope.core.text.CoreText.tr("backprop.maxWinner", s.expression(), "A" + (f + 1) + "["
                    + win[0] + "][" + win[1] + "]", Mat.f(g), s.counted() - 1);
        }
        int q = s.values().length;
        return head + org.convscope.core.text.CoreText.tr("backprop.averageShare", q * q, "g / " + q + "^2 = " + Mat.f(g)
                + " / " + q * q + " = " + Mat.f(g / (q * q)));
    }
}
