package org.convscope.core.explain;

import org.convscope.core.conv.Volume;

/**
 * Occlusion sensitivity (Zeiler and Fergus, 2014): slide a grey patch over the image and see how much the
 * probability of a class drops when each region is hidden. Regions whose hiding costs the most are the ones the
 * model relied on.
 *
 * <p>For an image {@code (H, W, C)}, a {@code p x p} patch moved by {@code s} gives
 * {@code ceil((H - p) / s) + 1} positions down and likewise across (the last position is moved in to touch the
 * border, so every pixel is covered). The drop of a position is {@code base - prob(class | occluded copy)}; a pixel's
 * value in {@link #pixelMap} is the mean drop over the positions whose patch covers it.
 *
 * @param height image height
 * @param width image width
 * @param patch patch side, 1 to min(H, W)
 * @param stride step between positions, at least 1
 */
public record Occlusion(int height, int width, int patch, int stride) {

    /** Checks the geometry. */
    public Occlusion {
        if (patch < 1 || patch > Math.min(height, width)) {
            throw new IllegalArgumentException("the patch must be 1 to " + Math.min(height, width) + " pixels, got " + patch);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("the stride must be at least 1, got " + stride);
        }
    }

    /** Returns the number of patch positions down. */
    public int rows() {
        return positions(height);
    }

    /** Returns the number of patch positions across. */
    public int columns() {
        return positions(width);
    }

    private int positions(int n) {
        return (n - patch + stride - 1) / stride + 1;
    }

    /** Returns the top (or left) edge of position {@code i}: {@code i * s}, the last one moved to touch the border. */
    public int start(int i, int n) {
        return Math.min(i * stride, n - patch);
    }

    /** Returns the number of occluded copies, {@code rows * columns}. */
    public int count() {
        return rows() * columns();
    }

    /**
     * Returns the image with the patch of position {@code k} (row-major) filled with {@code fill}.
     *
     * @param image the image {@code (H, W, C)}
     * @param k 0 to {@link #count()} - 1
     * @param fill the grey value (e.g. 0.5 for images scaled to 0-1)
     */
    public Volume occluded(Volume image, int k, double fill) {
        int top = start(k / columns(), height);
        int left = start(k % columns(), width);
        int c = image.channels();
        double[] v = image.values().clone();
        for (int r = top; r < top + patch; r++) {
            for (int col = left; col < left + patch; col++) {
                for (int ch = 0; ch < c; ch++) {
                    v[(r * width + col) * c + ch] = fill;
                }
            }
        }
        return new Volume(height, width, c, v);
    }

    /**
     * Spreads the drops of the positions over the pixels: each pixel gets the mean drop of the patches covering it.
     *
     * @param base the class probability of the whole image
     * @param occluded the class probability of each copy, row-major, {@link #count()} values
     * @return {@code [H][W]} drops (positive: hiding there lowered the probability)
     */
    public double[][] pixelMap(double base, double[] occluded) {
        if (occluded.length != count()) {
            throw new IllegalArgumentException("expected " + count() + " probabilities, got " + occluded.length);
        }
        double[][] sum = new double[height][width];
        int[][] n = new int[height][width];
        for (int k = 0; k < occluded.length; k++) {
            int top = start(k / columns(), height);
            int left = start(k % columns(), width);
            double drop = base - occluded[k];
            for (int r = top; r < top + patch; r++) {
                for (int col = left; col < left + patch; col++) {
                    sum[r][col] += drop;
                    n[r][col]++;
                }
            }
        }
        for (int r = 0; r < height; r++) {
            for (int col = 0; col < width; col++) {
                sum[r][col] /= n[r][col];
            }
        }
        return sum;
    }
}
