package org.convscope.embed;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.convscope.core.task.CancelToken;

/**
 * Principal component analysis: projects {@code n} points of dimension {@code d} onto the {@code k} directions of
 * largest variance.
 *
 * <p>With {@code X} the centred data ({@code n x d}, each column's mean subtracted), the components are the
 * eigenvectors {@code v_j} of the covariance {@code C = X^T X / (n - 1)} for its largest eigenvalues
 * {@code lambda_j} (the variance along {@code v_j}), and point {@code i}'s coordinate {@code j} is
 * {@code X_i . v_j}. When {@code d > n} the same projections come from the smaller Gram matrix
 * {@code G = X X^T / (n - 1)}: its eigenvectors {@code u_j} with the same non-zero eigenvalues give
 * {@code X v_j = sqrt((n - 1) lambda_j) u_j}. The symmetric eigen-decomposition is Commons Math's
 * {@link EigenDecomposition}. Each component's sign is fixed so that its largest entry (in absolute value) is positive, as
 * scikit-learn does, which makes the result reproducible.
 */
public final class Pca {

    private Pca() {
    }

    /**
     * The projection.
     *
     * @param points {@code [n][k]}: the coordinates of each point on the first {@code k} components
     * @param variances {@code [k]}: the variance along each component ({@code lambda_j}), largest first
     * @param totalVariance the sum of the variances along all {@code d} axes (the covariance's trace)
     */
    public record Result(double[][] points, double[] variances, double totalVariance) {

        /** Returns the share of the total variance along component {@code j} (0-based), in {@code [0, 1]}. */
        public double explained(int j) {
            return totalVariance > 0 ? variances[j] / totalVariance : 0;
        }
    }

    /**
     * Projects points onto their first {@code k} principal components.
     *
     * @param x {@code [n][d]}, every row the same length; at least 2 points
     * @param k components to keep, {@code 1 .. min(n - 1, d)} (fewer are kept when the data has fewer non-zero ones:
     *     the rest are 0)
     * @param cancel checked between rows while the covariance is summed
     * @return the projection
     * @throws IllegalArgumentException if the data or {@code k} do not fit as described
     * @throws CancelToken.CancelledException if cancelled
     */
    public static Result project(double[][] x, int k, CancelToken cancel) {
        checkShape(x, k);
        int n = x.length;
        int d = x[0].length;
        double[][] c = centred(x);
        boolean dual = d > n;
        int m = dual ? n : d;
        double[][] s = dual ? gram(c, cancel) : covariance(c, cancel);
        double total = 0;
        for (int a = 0; a < m; a++) {
            total += s[a][a]; // trace(X^T X) = trace(X X^T)
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(s, false));
        double[] values = eig.getRealEigenvalues();
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer j) -> -values[j]));
        double[][] points = new double[n][k];
        double[] variances = new double[k];
        for (int j = 0; j < k; j++) {
            int e = order[j];
            double lambda = Math.max(0, values[e]);
            variances[j] = lambda;
            double[] proj = coordinates(c, eig.getEigenvector(e).toArray(), lambda, dual);
            for (int i = 0; i < n; i++) {
                points[i][j] = proj[i];
            }
        }
        return new Result(points, variances, total);
    }

    private static void checkShape(double[][] x, int k) {
        int n = x.length;
        if (n < 2) {
            throw new IllegalArgumentException("PCA needs at least 2 points, got " + n);
        }
        int d = x[0].length;
        for (double[] row : x) {
            if (row.length != d) {
                throw new IllegalArgumentException("all points need the same number of values (" + d + "), one has "
                        + row.length);
            }
        }
        if (k < 1 || k > Math.min(n - 1, d)) {
            throw new IllegalArgumentException("PCA of " + n + " points in " + d + " dimensions can keep 1 to "
                    + Math.min(n - 1, d) + " components, not " + k);
        }
    }

    /** Returns the covariance {@code X^T X / (n - 1)} ({@code d x d}) of centred points {@code X}. */
    private static double[][] covariance(double[][] c, CancelToken cancel) {
        int n = c.length;
        int d = c[0].length;
        double[][] s = new double[d][d];
        for (int i = 0; i < n; i++) {
            cancel.throwIfCancelled();
            double[] row = c[i];
            for (int a = 0; a < d; a++) {
                double va = row[a];
                if (va == 0) {
                    continue;
                }
                double[] sa = s[a];
                for (int b = a; b < d; b++) {
                    sa[b] += va * row[b];
                }
            }
        }
        return symmetricDividedBy(s, n - 1);
    }

    /** Returns the Gram matrix {@code X X^T / (n - 1)} ({@code n x n}) of centred points {@code X}. */
    private static double[][] gram(double[][] c, CancelToken cancel) {
        int n = c.length;
        int d = c[0].length;
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            cancel.throwIfCancelled();
            for (int j = i; j < n; j++) {
                double dot = 0;
                for (int a = 0; a < d; a++) {
                    dot += c[i][a] * c[j][a];
                }
                s[i][j] = dot;
            }
        }
        return symmetricDividedBy(s, n - 1);
    }

    /** Divides the upper triangle of {@code s} by {@code divisor} and mirrors it into the lower one, in place. */
    private static double[][] symmetricDividedBy(double[][] s, int divisor) {
        for (int a = 0; a < s.length; a++) {
            for (int b = a; b < s.length; b++) {
                s[a][b] /= divisor;
                s[b][a] = s[a][b];
            }
        }
        return s;
    }

    /**
     * Returns every point's coordinate on one component, its sign fixed so that the component's largest entry is
     * positive.
     *
     * @param u the eigenvector: the component itself, or with {@code dual} an eigenvector of the Gram matrix
     * @param lambda its eigenvalue, at least 0
     */
    private static double[] coordinates(double[][] c, double[] u, double lambda, boolean dual) {
        int n = c.length;
        int d = c[0].length;
        double[] v = u; // the component, a unit vector in the input space
        double[] proj = new double[n];
        if (!dual) {
            for (int i = 0; i < n; i++) {
                double dot = 0;
                for (int a = 0; a < d; a++) {
                    dot += c[i][a] * v[a];
                }
                proj[i] = dot;
            }
        } else {
            double scale = Math.sqrt((n - 1) * lambda);
            v = new double[d]; // X^T u / scale
            for (int i = 0; i < n; i++) {
                proj[i] = scale * u[i];
                for (int a = 0; a < d; a++) {
                    v[a] += c[i][a] * u[i];
                }
            }
        }
        int largest = 0;
        for (int a = 1; a < v.length; a++) {
            if (Math.abs(v[a]) > Math.abs(v[largest])) {
                largest = a;
            }
        }
        double sign = v[largest] < 0 ? -1 : 1;
        for (int i = 0; i < n; i++) {
            proj[i] = sign * proj[i];
        }
        return proj;
    }

    /** Returns a copy of the points with each column's mean subtracted. */
    static double[][] centred(double[][] x) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        for (double[] row : x) {
            for (int a = 0; a < d; a++) {
                mean[a] += row[a];
            }
        }
        for (int a = 0; a < d; a++) {
            mean[a] /= n;
        }
        double[][] c = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                c[i][a] = x[i][a] - mean[a];
            }
        }
        return c;
    }
}
