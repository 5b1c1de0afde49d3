package org.convscope.core.explain;

import org.convscope.core.conv.Volume;

/**
 * Grad-CAM (Selvaraju et al., 2017): which regions of a convolutional layer's maps pushed a class's score up.
 *
 * <p>Given a layer's output {@code A} of shape {@code (h, w, K)} and the gradient {@code G = dy^c / dA} of the class's
 * score {@code y^c} (its logit, before softmax) with respect to it:
 * <pre>
 *   alpha_k   = (1 / (h w)) * sum_ij G[i][j][k]           how much map k matters for the class (global-average gradient)
 *   cam[i][j] = ReLU( sum_k alpha_k * A[i][j][k] )       where the important maps are active
 * </pre>
 * The coarse {@code h x w} map is then enlarged to the image's size with bilinear interpolation
 * ({@link #upsample}) to lie over the image. Everything here is arithmetic a teacher can check by hand; the engine
 * supplies {@code A} and {@code G}.
 *
 * @param alpha {@code [K]} channel weights
 * @param coarse {@code [h][w]} map at the layer's resolution, at least 0
 * @param map {@code [H][W]} the coarse map enlarged to the image
 */
public record GradCam(double[] alpha, double[][] coarse, double[][] map) {

    /**
     * Computes Grad-CAM from a layer's output and the class score's gradient.
     *
     * @param activation {@code A}, shape {@code (h, w, K)}
     * @param gradient {@code dy^c/dA}, the same shape
     * @param height image height {@code H} to enlarge to
     * @param width image width {@code W}
     * @return the weights, the coarse map and the enlarged map
     */
    public static GradCam of(Volume activation, Volume gradient, int height, int width) {
        double[] alpha = channelWeights(gradient);
        double[][] coarse = combine(activation, alpha);
        return new GradCam(alpha, coarse, upsample(coarse, height, width));
    }

    /**
     * Returns {@code alpha_k}, the mean of channel {@code k}'s gradient over all positions.
     *
     * @param gradient {@code (h, w, K)}
     * @return {@code [K]}
     */
    public static double[] channelWeights(Volume gradient) {
        int k = gradient.channels();
        double[] alpha = new double[k];
        double[] v = gradient.values();
        for (int i = 0; i < v.length; i++) {
            alpha[i % k] += v[i];
        }
        int cells = gradient.height() * gradient.width();
        for (int ch = 0; ch < k; ch++) {
            alpha[ch] /= cells;
        }
        return alpha;
    }

    /**
     * Returns {@code ReLU(sum_k alpha_k A[i][j][k])} for every position.
     *
     * @param activation {@code (h, w, K)}
     * @param alpha {@code [K]}
     * @return {@code [h][w]}, at least 0
     */
    public static double[][] combine(Volume activation, double[] alpha) {
        if (alpha.length != activation.channels()) {
            throw new IllegalArgumentException(alpha.length + " weights for " + activation.channels() + " channels");
        }
        double[][] out = new double[activation.height()][activation.width()];
        for (int r = 0; r < activation.height(); r++) {
            for (int c = 0; c < activation.width(); c++) {
                double s = 0;
                for (int k = 0; k < alpha.length; k++) {
                    s += alpha[k] * activation.get(r, c, k);
                }
                out[r][c] = Math.max(0, s);
            }
        }
        return out;
    }

    /**
     * Enlarges a map with bilinear interpolation, pixel centres aligned as OpenCV's {@code INTER_LINEAR} and
     * PyTorch's {@code align_corners=False} do: output pixel {@code y} reads source row
     * {@code (y + 0.5) * h / H - 0.5}, clamped to the edge rows; the same across.
     *
     * @param m {@code [h][w]}
     * @param height {@code H}
     * @param width {@code W}
     * @return {@code [H][W]}
     */
    public static double[][] upsample(double[][] m, int height, int width) {
        int h = m.length;
        int w = m[0].length;
        double[][] out = new double[height][width];
        for (int y = 0; y < height; y++) {
            double sy = Math.max(0, Math.min(h - 1, (y + 0.5) * h / height - 0.5));
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(h - 1, y0 + 1);
            double fy = sy - y0;
            for (int x = 0; x < width; x++) {
                double sx = Math.max(0, Math.min(w - 1, (x + 0.5) * w / width - 0.5));
                int x0 = (int) Math.floor(sx);
                int x1 = Math.min(w - 1, x0 + 1);
                double fx = sx - x0;
                double top = m[y0][x0] * (1 - fx) + m[y0][x1] * fx;
                double bottom = m[y1][x0] * (1 - fx) + m[y1][x1] * fx;
                out[y][x] = top * (1 - fy) + bottom * fy;
            }
        }
        return out;
    }

    /** Returns the largest value of the enlarged map (0 when the class found nothing to point at). */
    public double max() {
        double max = 0;
        for (double[] row : map) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        return max;
    }
}
