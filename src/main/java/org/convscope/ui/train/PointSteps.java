package org.convscope.ui.train;

import org.convscope.imaging.ScatterPlot;

/**
 * Keyboard moves between the points of a 2-D scatter plot (the Embeddings tab): an arrow key goes to the nearest
 * point in that direction. A point counts as "in the direction" d (a unit vector, data y pointing up as drawn) when it
 * lies in the 90-degree cone around d: for v = p - from, {@code along = v.d > 0} and {@code across = |v x d| <= along}.
 * Among those the one with the smallest {@code along + 2 * across} wins (a point straight ahead beats a nearer one off
 * to the side, as in a grid), ties going to the lower index. Points at the very same place as {@code from} are never
 * a step (Page Up / Page Down reach them, going by index).
 */
final class PointSteps {

    private PointSteps() {
    }

    /**
     * The point an arrow key moves to.
     *
     * @param points the points, {@code [i] = {x, y}} in data coordinates
     * @param from the current point's index
     * @param dx the direction's x: -1 (left), 0 or 1 (right)
     * @param dy the direction's y in data coordinates: 1 (up on the screen), 0 or -1 (down)
     * @return the index of the point to move to, or {@code from} when there is none in that direction
     */
    static int step(double[][] points, int from, int dx, int dy) {
        double len = Math.hypot(dx, dy);
        if (from < 0 || from >= points.length || len == 0) {
            return from;
        }
        double ux = dx / len;
        double uy = dy / len;
        int best = from;
        double bestScore = Double.POSITIVE_INFINITY;
        for (int i = 0; i < points.length; i++) {
            double vx = points[i][0] - points[from][0];
            double vy = points[i][1] - points[from][1];
            double along = vx * ux + vy * uy;
            double across = Math.abs(vx * uy - vy * ux);
            if (i == from || along <= 0 || across > along) {
                continue;
            }
            double score = along + 2 * across;
            if (score < bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }

    /**
     * The point to start from when the plot gets the keyboard and no point is chosen yet: the one nearest the centre of
     * the points' bounding box (the middle of the plot as drawn), or -1 when there are none.
     */
    static int start(double[][] points) {
        if (points.length == 0) {
            return -1;
        }
        double[] b = ScatterPlot.bounds(points);
        double cx = (b[0] + b[2]) / 2;
        double cy = (b[1] + b[3]) / 2;
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int i = 0; i < points.length; i++) {
            double d = Math.hypot(points[i][0] - cx, points[i][1] - cy);
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }
}
