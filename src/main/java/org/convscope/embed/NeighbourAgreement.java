package org.convscope.embed;

import org.convscope.core.task.CancelToken;

/**
 * How well points of a class sit together: the share of points whose nearest other point (Euclidean distance) has
 * the same class, the leave-one-out accuracy of a 1-nearest-neighbour classifier. 1 means every point's nearest
 * neighbour is of its class; chance is about {@code sum_c (share of class c)^2}, 0.1 for 10 balanced classes.
 */
public final class NeighbourAgreement {

    private NeighbourAgreement() {
    }

    /**
     * Computes the agreement, {@code O(n^2 d)}.
     *
     * @param points {@code [n][d]}, at least 2
     * @param labels {@code [n]}
     * @param cancel checked between points
     * @return the share in {@code [0, 1]}; ties go to the first point in order
     * @throws IllegalArgumentException if fewer than 2 points or the lengths differ
     */
    public static double of(double[][] points, int[] labels, CancelToken cancel) {
        int n = points.length;
        if (n < 2 || labels.length != n) {
            throw new IllegalArgumentException("need at least 2 points with one label each, got " + n + " points and "
                    + labels.length + " labels");
        }
        int agree = 0;
        for (int i = 0; i < n; i++) {
            cancel.throwIfCancelled();
            double best = Double.POSITIVE_INFINITY;
            int nearest = -1;
            double[] p = points[i];
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double[] q = points[j];
                double s = 0;
                for (int a = 0; a < p.length && s < best; a++) {
                    double t = p[a] - q[a];
                    s += t * t;
                }
                if (s < best) {
                    best = s;
                    nearest = j;
                }
            }
            if (labels[nearest] == labels[i]) {
                agree++;
            }
        }
        return (double) agree / n;
    }
}
