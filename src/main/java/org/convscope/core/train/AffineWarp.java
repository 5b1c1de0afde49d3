package org.convscope.core.train;

/**
 * Warps a channels-last image with one affine map by inverse mapping: every output pixel {@code (r, c)} reads the
 * input at {@code (y, x) = M (r, c, 1)}, sampled bilinearly (Keras' {@code order=1}, scipy's
 * {@code ndimage.affine_transform}). Where that point falls outside the image, the {@link Fill} decides.
 *
 * <p>Coordinates are (row, column) pixel indices, rows first, as in Keras and scipy. {@code M} is a 2x3 matrix
 * stored row by row: {@code y = m[0] r + m[1] c + m[2]}, {@code x = m[3] r + m[4] c + m[5]}.
 *
 * <p>Points within 1e-6 of a whole pixel are snapped to it, so that flips, whole-pixel shifts and 90-degree
 * turns copy values exactly instead of mixing in neighbours through rounding error.
 */
public final class AffineWarp {

    /** How points outside the image are filled (Keras' {@code fill_mode}, scipy's modes of the same name). */
    public enum Fill {
        /** The nearest edge pixel: {@code aaaa|abcd|dddd}. Keras' default. */
        NEAREST,
        /** Zero (Keras' {@code cval=0}): a point outside {@code [0, n-1]} in either axis is 0, no blending. */
        CONSTANT,
        /** Mirrored about the edge, edge pixel repeated: {@code dcba|abcd|dcba}. */
        REFLECT
    }

    private static final double SNAP = 1e-6;

    private AffineWarp() {
    }

    /**
     * Warps {@code src} into {@code dst} (which must not overlap it).
     *
     * @param src input values, {@code h * w * c} channels-last from {@code srcOffset}
     * @param srcOffset where the input starts
     * @param dst output, same layout, from {@code dstOffset}
     * @param dstOffset where the output starts
     * @param h height
     * @param w width
     * @param c channels
     * @param m the 2x3 output-to-input matrix, row by row
     * @param fill what outside points read
     */
    public static void warp(float[] src, int srcOffset, float[] dst, int dstOffset, int h, int w, int c, double[] m,
            Fill fill) {
        for (int r = 0; r < h; r++) {
            double yRow = m[0] * r + m[2];
            double xRow = m[3] * r + m[5];
            for (int col = 0; col < w; col++) {
                double y = yRow + m[1] * col;
                double x = xRow + m[4] * col;
                int out = dstOffset + (r * w + col) * c;
                if (fill == Fill.CONSTANT && (y < -SNAP || y > h - 1 + SNAP || x < -SNAP || x > w - 1 + SNAP)) {
                    for (int ch = 0; ch < c; ch++) {
                        dst[out + ch] = 0f;
                    }
                    continue;
                }
                int y0 = (int) Math.floor(y);
                double fy = y - y0;
                if (fy < SNAP) {
                    fy = 0;
                } else if (fy > 1 - SNAP) {
                    y0++;
                    fy = 0;
                }
                int x0 = (int) Math.floor(x);
                double fx = x - x0;
                if (fx < SNAP) {
                    fx = 0;
                } else if (fx > 1 - SNAP) {
                    x0++;
                    fx = 0;
                }
                int r0 = index(y0, h, fill);
                int r1 = fy == 0 ? r0 : index(y0 + 1, h, fill);
                int c0 = index(x0, w, fill);
                int c1 = fx == 0 ? c0 : index(x0 + 1, w, fill);
                int p00 = srcOffset + (r0 * w + c0) * c;
                if (fy == 0 && fx == 0) {
                    System.arraycopy(src, p00, dst, out, c);
                    continue;
                }
                int p01 = srcOffset + (r0 * w + c1) * c;
                int p10 = srcOffset + (r1 * w + c0) * c;
                int p11 = srcOffset + (r1 * w + c1) * c;
                double gx = 1 - fx;
                double gy = 1 - fy;
                for (int ch = 0; ch < c; ch++) {
                    double top = gx * src[p00 + ch] + fx * src[p01 + ch];
                    double bottom = gx * src[p10 + ch] + fx * src[p11 + ch];
                    dst[out + ch] = (float) (gy * top + fy * bottom);
                }
            }
        }
    }

    /** Maps a tap index outside {@code [0, n)} into it; CONSTANT only reaches here inside, so it clamps. */
    private static int index(int i, int n, Fill fill) {
        if (i >= 0 && i < n) {
            return i;
        }
        if (fill == Fill.REFLECT) {
            int p = Math.floorMod(i, 2 * n);
            return p < n ? p : 2 * n - 1 - p;
        }
        return i < 0 ? 0 : n - 1;
    }

    /** Returns {@code a * b} for 3x3 matrices stored row by row. */
    static double[] times(double[] a, double[] b) {
        double[] p = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                p[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
            }
        }
        return p;
    }
}
