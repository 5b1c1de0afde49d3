package org.convscope.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.convscope.core.task.CancelToken;
import org.junit.jupiter.api.Test;

/**
 * {@link Pca} (Commons Math's eigen-decomposition) against a hand-worked case and against a direct eigen-decomposition
 * of the covariance matrix with the cyclic Jacobi method written here: projections equal up to each component's sign.
 */
class PcaTest {

    @Test
    void pointsOnALineProjectOntoIt() {
        // (1, 2), (2, 4), (3, 6): mean (2, 4), all variance along (1, 2) / sqrt 5; projections -sqrt 5, 0, sqrt 5;
        // variance (5 + 0 + 5) / (3 - 1) = 5, all of the total (1 + 4 = 5)
        Pca.Result r = Pca.project(new double[][] {{1, 2}, {2, 4}, {3, 6}}, 1, CancelToken.NEVER);
        double s5 = Math.sqrt(5);
        assertEquals(-s5, r.points()[0][0], 1e-12);
        assertEquals(0, r.points()[1][0], 1e-12);
        assertEquals(s5, r.points()[2][0], 1e-12, "the component is +(1, 2) / sqrt 5: its largest entry is positive");
        assertEquals(5, r.variances()[0], 1e-12);
        assertEquals(5, r.totalVariance(), 1e-12);
        assertEquals(1, r.explained(0), 1e-12);
    }

    @Test
    void matchesAJacobiEigenDecompositionOfTheCovariance() {
        Random rnd = new Random(7);
        int n = 300;
        int d = 12;
        double[][] x = correlated(rnd, n, d);
        compare(x, 4);
    }

    @Test
    void moreDimensionsThanPointsUsesTheGramMatrixWithTheSameResult() {
        Random rnd = new Random(11);
        double[][] x = correlated(rnd, 20, 45); // d > n: the dual path
        compare(x, 3);
    }

    private static void compare(double[][] x, int k) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        for (double[] row : x) {
            for (int a = 0; a < d; a++) {
                mean[a] += row[a] / n;
            }
        }
        double[][] cov = new double[d][d];
        for (double[] row : x) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    cov[a][b] += (row[a] - mean[a]) * (row[b] - mean[b]) / (n - 1);
                }
            }
        }
        double trace = 0;
        for (int a = 0; a < d; a++) {
            trace += cov[a][a];
        }
        double[][] vectors = new double[d][d];
        double[] values = jacobi(cov, vectors);
        Integer[] order = new Integer[d];
        for (int j = 0; j < d; j++) {
            order[j] = j;
        }
        java.util.Arrays.sort(order, (p, q) -> Double.compare(values[q], values[p]));

        Pca.Result r = Pca.project(x, k, CancelToken.NEVER);
        assertEquals(trace, r.totalVariance(), 1e-9 * trace);
        for (int j = 0; j < k; j++) {
            int e = order[j];
            assertEquals(values[e], r.variances()[j], 1e-9 * values[order[0]], "variance of component " + j);
            double[] expected = new double[n];
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < d; a++) {
                    expected[i] += (x[i][a] - mean[a]) * vectors[a][e];
                }
            }
            double sign = Math.signum(dot(expected, column(r.points(), j)));
            int largest = 0;
            for (int a = 1; a < d; a++) {
                if (Math.abs(vectors[a][e]) > Math.abs(vectors[largest][e])) {
                    largest = a;
                }
            }
            assertTrue(sign * vectors[largest][e] > 0, "the component's largest entry is positive");
            double scale = Math.sqrt(values[e]);
            for (int i = 0; i < n; i++) {
                assertEquals(sign * expected[i], r.points()[i][j], 1e-7 * scale, "point " + i + ", component " + j);
            }
            double var = dot(column(r.points(), j), column(r.points(), j)) / (n - 1);
            assertEquals(values[e], var, 1e-9 * values[order[0]], "the projections' variance is the eigenvalue");
        }
        assertTrue(r.explained(0) > r.explained(1));
    }

    /**
     * Cyclic Jacobi eigen-decomposition of a symmetric matrix: rotations that zero each off-diagonal entry in turn,
     * until they are all below 1e-14 of the matrix's size.
     *
     * @param s the symmetric matrix (not changed)
     * @param v receives the eigenvectors as columns
     * @return the eigenvalues, in the order of the columns
     */
    static double[] jacobi(double[][] s, double[][] v) {
        int d = s.length;
        double[][] a = new double[d][];
        for (int i = 0; i < d; i++) {
            a[i] = s[i].clone();
            java.util.Arrays.fill(v[i], 0);
            v[i][i] = 1;
        }
        double norm = 0;
        for (double[] row : a) {
            for (double t : row) {
                norm += t * t;
            }
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < d; p++) {
                for (int q = p + 1; q < d; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off < 1e-28 * norm) {
                break;
            }
            for (int p = 0; p < d; p++) {
                for (int q = p + 1; q < d; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double sn = t * c;
                    for (int k = 0; k < d; k++) { // A = A J (columns p, q)
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - sn * akq;
                        a[k][q] = sn * akp + c * akq;
                    }
                    for (int k = 0; k < d; k++) { // A = J^T A (rows p, q)
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - sn * aqk;
                        a[q][k] = sn * apk + c * aqk;
                    }
                    for (int k = 0; k < d; k++) { // V = V J
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - sn * vkq;
                        v[k][q] = sn * vkp + c * vkq;
                    }
                }
            }
        }
        double[] values = new double[d];
        for (int i = 0; i < d; i++) {
            values[i] = a[i][i];
        }
        return values;
    }

    @Test
    void jacobiItselfRecoversAKnownDecomposition() {
        // [[2, 1], [1, 2]] has eigenvalues 3 (along (1, 1)) and 1 (along (1, -1))
        double[][] v = new double[2][2];
        double[] values = jacobi(new double[][] {{2, 1}, {1, 2}}, v);
        int big = values[0] > values[1] ? 0 : 1;
        assertEquals(3, values[big], 1e-12);
        assertEquals(1, values[1 - big], 1e-12);
        assertEquals(Math.abs(v[0][big]), Math.abs(v[1][big]), 1e-12);
        assertEquals(-v[0][1 - big], v[1][1 - big], 1e-12);
    }

    @Test
    void refusesBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Pca.project(new double[][] {{1, 2}}, 1, CancelToken.NEVER));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Pca.project(new double[][] {{1, 2}, {3, 4}, {5, 7}}, 3, CancelToken.NEVER));
        assertEquals("PCA of 3 points in 2 dimensions can keep 1 to 2 components, not 3", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pca.project(new double[][] {{1, 2}, {3}}, 1, CancelToken.NEVER));
        assertThrows(CancelToken.CancelledException.class,
                () -> Pca.project(new double[][] {{1, 2}, {3, 4}, {5, 7}}, 1, () -> true));
    }

    /** Gaussian data with a few strong directions (decreasing variances) mixed by a random rotation-like matrix. */
    private static double[][] correlated(Random rnd, int n, int d) {
        double[][] mix = new double[d][d];
        for (double[] row : mix) {
            for (int b = 0; b < d; b++) {
                row[b] = rnd.nextGaussian();
            }
        }
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            double[] z = new double[d];
            for (int a = 0; a < d; a++) {
                z[a] = rnd.nextGaussian() * (10.0 / (a + 1));
            }
            for (int a = 0; a < d; a++) {
                double s = 3 + a; // a non-zero mean
                for (int b = 0; b < d; b++) {
                    s += mix[a][b] * z[b];
                }
                x[i][a] = s;
            }
        }
        return x;
    }

    private static double[] column(double[][] m, int j) {
        double[] c = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i][j];
        }
        return c;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
