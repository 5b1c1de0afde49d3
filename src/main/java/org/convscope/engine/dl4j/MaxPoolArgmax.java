package org.convscope.engine.dl4j;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * Max pooling that remembers where each maximum came from, for training passes: the forward pass writes the pooled
 * tensor and, per output cell, the index of the winning cell in its window ({@code 0 .. kh*kw-1}, one byte); the
 * backward pass routes each output gradient to that cell and writes zeros to the rest, without looking at the
 * input again ({@code maxpool2d_bp} recomputes the whole forward pass to find the maxima).
 *
 * <p>With {@code relu} the previous convolution's ReLU is fused in: the output is {@code relu(max(window))} (equal to
 * {@code max(relu(window))}, ReLU being monotonic) and the gradient passes only where that maximum is positive
 * (the argmax is then kept as {@value #NOWHERE}, so the backward pass needs neither the input nor the output, which
 * a following layer may have overwritten).
 *
 * <p>Only for non-overlapping windows without padding ({@code stride >= pool}, valid padding) on contiguous NHWC
 * {@code [n, H, W, C]} arrays, so that every input cell belongs to at most one window; cells in no window (the
 * last rows and columns when {@code H} is not a multiple of the stride) get a zero gradient. Ties go to the first
 * cell in row-major order, as in {@code maxpool2d_bp}. Images are processed in parallel.
 */
final class MaxPoolArgmax {
    private final int kh;
    private final int kw;
    private final int sh;
    private final int sw;
    /** The argmax of a window whose gradient goes nowhere: its maximum was cut off by the fused ReLU. */
    private static final int NOWHERE = 255;
    private final boolean relu;
    private byte[] argmax;

    MaxPoolArgmax(int kh, int kw, int sh, int sw, boolean relu) {
        this.kh = kh;
        this.kw = kw;
        this.sh = sh;
        this.sw = sw;
        this.relu = relu;
    }

    /** Whether a pooling of these sizes can run here: non-overlapping windows of fewer than 256 cells. */
    static boolean fits(int kh, int kw, int sh, int sw) {
        return sh >= kh && sw >= kw && kh * kw < NOWHERE;
    }

    /**
     * Pools {@code in [n, H, W, C]} into {@code out [n, oh, ow, C]}, {@code oh = (H - kh) / sh + 1}, and keeps the
     * argmax for {@link #backward}.
     */
    void forward(INDArray in, INDArray out) {
        int[] g = geometry(in, out);
        int cells = (int) out.length();
        if (argmax == null || argmax.length != cells) {
            argmax = new byte[cells];
        }
        FloatBuffer x = floats(in);
        FloatBuffer y = floats(out);
        IntStream.range(0, g[0]).forEach(img -> forwardImage(x, y, img, g));
    }

    private void forwardImage(FloatBuffer x, FloatBuffer y, int img, int[] g) {
        int h = g[1];
        int w = g[2];
        int c = g[3];
        int oh = g[4];
        int ow = g[5];
        byte[] arg = argmax;
        int o = img * oh * ow * c;
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                int base = ((img * h + oy * sh) * w + ox * sw) * c;
                for (int ch = 0; ch < c; ch++, o++) {
                    float best = x.get(base + ch);
                    int at = 0;
                    for (int ky = 0, j = 0; ky < kh; ky++) {
                        int row = base + ky * w * c + ch;
                        for (int kx = 0; kx < kw; kx++, j++) {
                            float v = x.get(row + kx * c);
                            at = v > best ? j : at; // branch-free: random data mispredicts an if
                            best = Math.max(best, v);
                        }
                    }
                    if (relu && !(best > 0f)) {
                        best = 0f;
                        at = NOWHERE;
                    }
                    y.put(o, best);
                    arg[o] = (byte) at;
                }
            }
        }
    }

    /**
     * Writes dL/d(input) into {@code g [n, H, W, C]} from {@code eps [n, oh, ow, C]} and the argmax of the last forward
     * pass.
     */
    void backward(INDArray eps, INDArray g) {
        int[] geo = geometry(g, eps);
        boolean covered = geo[4] * sh == geo[1] && geo[5] * sw == geo[2] && sh == kh && sw == kw;
        if (!covered) {
            g.assign(0);
        }
        FloatBuffer e = floats(eps);
        FloatBuffer dx = floats(g);
        IntStream.range(0, geo[0]).forEach(img -> backwardImage(e, dx, img, geo));
    }

    private void backwardImage(FloatBuffer e, FloatBuffer dx, int img, int[] g) {
        int h = g[1];
        int w = g[2];
        int c = g[3];
        int oh = g[4];
        int ow = g[5];
        byte[] arg = argmax;
        int o = img * oh * ow * c;
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                int base = ((img * h + oy * sh) * w + ox * sw) * c;
                for (int ch = 0; ch < c; ch++, o++) {
                    float d = e.get(o);
                    int at = arg[o] & 0xff;
                    for (int ky = 0, j = 0; ky < kh; ky++) {
                        int row = base + ky * w * c + ch;
                        for (int kx = 0; kx < kw; kx++, j++) {
                            dx.put(row + kx * c, j == at ? d : 0f);
                        }
                    }
                }
            }
        }
    }

    /** {@code n, H, W, C, oh, ow} of a full-size and a pooled array. */
    private static int[] geometry(INDArray full, INDArray pooled) {
        return new int[] {(int) full.size(0), (int) full.size(1), (int) full.size(2), (int) full.size(3),
            (int) pooled.size(1), (int) pooled.size(2)};
    }

    /** The array's floats in row-major order, read and written in place; the array must be contiguous. */
    private static FloatBuffer floats(INDArray a) {
        if (a.ordering() != 'c' || !Shape.hasDefaultStridesForShape(a)) {
            throw new IllegalArgumentException("expected a contiguous row-major array");
        }
        return a.data().asNioFloat().position((int) a.offset()).slice();
    }
}
