package org.convscope.io;

/**
 * A convolution kernel between the two layouts ConvScope meets: Keras' {@code (kh, kw, I, O)} ("HWIO", the
 * layout of ConvScope's weights and of {@code .h5} files) and {@code (O, I, kh, kw)} ("OIHW": ONNX, PyTorch, DL4J).
 * Element {@code (f, ch, r, c)} is at {@code ((f * I + ch) * kh + r) * kw + c} in OIHW and at
 * {@code ((r * kw + c) * I + ch) * O + f} in HWIO.
 *
 * <p>Both loops keep the input channel outermost: for one channel the {@code kh * kw} HWIO rows stay in cache while
 * {@code f} walks along them. With {@code f} outermost every access jumped across the whole kernel, which cost about
 * 30 ns a weight on a 3x3x512x512 kernel (a ResNet-50-sized ONNX file spent most of its opening there).
 */
public final class KernelLayout {

    private KernelLayout() {
    }

    /** {@code (O, I, kh, kw)} as {@code (kh, kw, I, O)}. */
    public static float[] oihwToHwio(float[] oihw, int o, int in, int kh, int kw) {
        float[] hwio = new float[oihw.length];
        int taps = kh * kw;
        for (int ch = 0; ch < in; ch++) {
            for (int f = 0; f < o; f++) {
                int from = (f * in + ch) * taps;
                for (int t = 0; t < taps; t++) {
                    hwio[(t * in + ch) * o + f] = oihw[from + t];
                }
            }
        }
        return hwio;
    }

    /** {@code (kh, kw, I, O)} as {@code (O, I, kh, kw)}. */
    public static float[] hwioToOihw(float[] hwio, int kh, int kw, int in, int o) {
        float[] oihw = new float[hwio.length];
        int taps = kh * kw;
        for (int ch = 0; ch < in; ch++) {
            for (int f = 0; f < o; f++) {
                int to = (f * in + ch) * taps;
                for (int t = 0; t < taps; t++) {
                    oihw[to + t] = hwio[(t * in + ch) * o + f];
                }
            }
        }
        return oihw;
    }
}
