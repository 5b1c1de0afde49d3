package org.convscope.io;

import org.convscope.core.model.Padding;
import org.convscope.core.model.TensorShape;

/**
 * The arithmetic of ONNX import: channels-first weights in Keras' channels-last layouts, and ONNX padding as
 * ConvScope's {@link Padding}.
 */
final class OnnxLayers {

    private OnnxLayers() {
    }

    /** A conv kernel {@code (O, I, kh, kw)} (ONNX, PyTorch) as Keras' {@code (kh, kw, I, O)}. */
    static float[] oihwToHwio(float[] oihw, int o, int in, int kh, int kw) {
        return KernelLayout.oihwToHwio(oihw, o, in, kh, kw);
    }

    /**
     * A depthwise kernel {@code (C*dm, 1, kh, kw)} (ONNX's Conv with {@code group = C}; output channel {@code c*dm + m}
     * convolves input channel {@code c}) as Keras' {@code depthwise_kernel (kh, kw, C, dm)}.
     */
    static float[] depthwiseToHwcm(float[] onnx, int channels, int dm, int kh, int kw) {
        float[] hwcm = new float[onnx.length];
        for (int c = 0; c < channels; c++) {
            for (int m = 0; m < dm; m++) {
                for (int r = 0; r < kh; r++) {
                    for (int x = 0; x < kw; x++) {
                        hwcm[((r * kw + x) * channels + c) * dm + m] = onnx[((c * dm + m) * kh + r) * kw + x];
                    }
                }
            }
        }
        return hwcm;
    }

    /** A matrix {@code (rows, cols)} transposed: Gemm's {@code transB=1} weights {@code (units, in)} as {@code (in, units)}. */
    static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[r * cols + c];
            }
        }
        return t;
    }

    /**
     * Reorders the rows of a Dense kernel {@code (H*W*C, units)} that follows a flatten: ONNX (PyTorch) flattens
     * {@code (C, H, W)}, so its row {@code c*H*W + h*W + w} is ConvScope's (Keras') row {@code (h*W + w)*C + c}.
     */
    static float[] chwRowsToHwc(float[] kernel, TensorShape.Spatial from, int units) {
        int h = from.height();
        int w = from.width();
        int ch = from.channels();
        float[] out = new float[kernel.length];
        for (int c = 0; c < ch; c++) {
            for (int r = 0; r < h; r++) {
                for (int x = 0; x < w; x++) {
                    int onnxRow = (c * h + r) * w + x;
                    int kerasRow = (r * w + x) * ch + c;
                    System.arraycopy(kernel, onnxRow * units, out, kerasRow * units, units);
                }
            }
        }
        return out;
    }

    /**
     * ONNX pads {@code (top, left, bottom, right)} as ConvScope padding: none, the same on every side, or what
     * Keras' {@code same} pads (the odd cell below and right, as ONNX's {@code SAME_UPPER}).
     *
     * @param allowSame whether Keras' {@code same} may be used (convolutions; pooling pads only explicitly)
     * @return the padding, or null when ConvScope has none like it
     */
    static Padding padding(long[] pads, TensorShape.Spatial in, int kh, int kw, int sh, int sw, boolean allowSame) {
        if (pads[0] == 0 && pads[1] == 0 && pads[2] == 0 && pads[3] == 0) {
            return Padding.VALID;
        }
        if (pads[0] == pads[1] && pads[0] == pads[2] && pads[0] == pads[3] && pads[0] <= 1024) {
            return Padding.of((int) pads[0]);
        }
        if (!allowSame) {
            return null;
        }
        long[] same = samePads(in, kh, kw, sh, sw);
        for (int k = 0; k < 4; k++) {
            if (same[k] != pads[k]) {
                return null;
            }
        }
        return Padding.SAME;
    }

    /** The pads of Keras' {@code same} (and ONNX's {@code SAME_UPPER}): {@code (top, left, bottom, right)}. */
    static long[] samePads(TensorShape.Spatial in, int kh, int kw, int sh, int sw) {
        long th = samePadTotal(in.height(), kh, sh);
        long tw = samePadTotal(in.width(), kw, sw);
        return new long[] {th / 2, tw / 2, th - th / 2, tw - tw / 2};
    }

    private static long samePadTotal(int n, int k, int s) {
        long out = (n + s - 1) / s;
        return Math.max((out - 1) * s + k - n, 0);
    }

    /** Output length of a pooling axis with {@code ceil_mode} 0 (floor) or 1 (ceil). */
    static long pooledLength(long n, long pads, int k, int s, boolean ceil) {
        long span = n + pads - k;
        return (ceil ? Math.floorDiv(span + s - 1, s) : Math.floorDiv(span, s)) + 1;
    }

    /** ONNX dims {@code (1, C, H, W)} or {@code (1, N)} of a ConvScope shape. */
    static long[] onnxDims(TensorShape shape) {
        if (shape instanceof TensorShape.Spatial s) {
            return new long[] {1, s.channels(), s.height(), s.width()};
        }
        return new long[] {1, shape.elements()};
    }

    /** The values {@code v[i]} for the rows a flattened {@code (C, H, W)} vector has, in ConvScope's order. */
    static float[] chwToHwc(float[] v, TensorShape.Spatial from) {
        return chwRowsToHwc(v, from, 1);
    }
}
