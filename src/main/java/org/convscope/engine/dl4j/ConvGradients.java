package org.convscope.engine.dl4j;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A Conv2D layer's gradients computed without {@code conv2d_bp}, for {@link ConvStep} (channels-last data
 * {@code x [n, H, W, C]}, {@code dz [n, oh, ow, out]}, weights {@code W [out, in, kh, kw]}):
 * <ul>
 *   <li>{@link #weights}: {@code [dW | db] = dz^T [x-patches | 1]}, one GEMM over an im2col of the whole batch. Each
 *       patch row is laid out channels-last ({@code (ky, kx, c)}), so a kernel row of it is one contiguous run of
 *       the input ({@code kw * C} floats) copied straight into the native matrix; the product is reordered to OIHW
 *       in Java (a few thousand floats).</li>
 *   <li>{@link #input}: for stride 1, {@code dL/dx} is the full correlation of {@code dz} with the flipped kernel:
 *       one forward {@code conv2d} of {@code dz} with weights {@code W'[c, o, kh-1-y, kw-1-x] = W[o, c, y, x]} and
 *       padding {@code k - 1 - pad}, oneDNN's fastest primitive.</li>
 * </ul>
 * Which of this and {@code conv2d_bp} is faster depends on the layer and the machine (measured on 2 cores, batch
 * 64: faster for the TF CIFAR CNN's 15x15x32 to 64 layer, slower for its 6x6x64 to 64 one), so {@link Choice}
 * times both on the first batches and keeps the faster.
 */
final class ConvGradients {
    private final int kh;
    private final int kw;
    private final int sh;
    private final int sw;
    private final NativeOps.Buffer columns = new NativeOps.Buffer();
    private final NativeOps.Buffer product = new NativeOps.Buffer();
    private final NativeOps.Buffer flipped = new NativeOps.Buffer();
    private float[] inHeap;
    private float[] productHeap;
    private float[] wHeap;
    private float[] flippedHeap;
    private float[] dw;
    private float[] db;
    private float[] zeros = new float[0];

    ConvGradients(int kh, int kw, int sh, int sw) {
        this.kh = kh;
        this.kw = kw;
        this.sh = sh;
        this.sw = sw;
    }

    /**
     * Writes dW into {@code gw} and db into {@code gb} (null: no bias); both contiguous row-major views.
     *
     * @param x the layer's input {@code [n, H, W, C]}
     * @param dz dL/d(pre-activation) {@code [n, oh, ow, out]}
     * @param padTop rows of zeros above the input
     * @param padLeft columns of zeros left of it
     */
    void weights(INDArray x, INDArray dz, int padTop, int padLeft, INDArray gw, INDArray gb) {
        int n = (int) x.size(0);
        int ci = (int) x.size(3);
        int oh = (int) dz.size(1);
        int ow = (int) dz.size(2);
        int co = (int) dz.size(3);
        int k = kh * kw * ci;
        int rows = n * oh * ow;
        inHeap = Nd4jArrays.floatsInto(x, inHeap);
        if (zeros.length < kw * ci) {
            zeros = new float[kw * ci];
        }
        INDArray col = columns.get(rows, k + 1);
        int[] g = {(int) x.size(1), (int) x.size(2), ci, oh, ow, padTop, padLeft};
        IntStream.range(0, n).parallel().forEach(img -> patches(col.data().asNioFloat(), img, g));
        INDArray both = product.get(co, k + 1);
        INDArray dzRows = dz.reshape('c', rows, co);
        Nd4j.gemm(dzRows, col, both, true, false, 1.0, 0.0);
        productHeap = Nd4jArrays.floatsInto(both, productHeap);
        if (dw == null || dw.length != co * k) {
            dw = new float[co * k];
            db = new float[co];
        }
        for (int o = 0; o < co; o++) {
            int src = o * (k + 1);
            for (int y = 0; y < kh; y++) {
                for (int xx = 0; xx < kw; xx++) {
                    for (int c = 0; c < ci; c++) {
                        dw[((o * ci + c) * kh + y) * kw + xx] = productHeap[src + (y * kw + xx) * ci + c];
                    }
                }
            }
            db[o] = productHeap[src + k];
        }
        Nd4jArrays.put(dw, gw);
        if (gb != null) {
            Nd4jArrays.put(db, gb);
        }
    }

    /** One image's patch rows of {@code col}; {@code g} = in height, width, channels, out height, width, pads. */
    private void patches(FloatBuffer col, int img, int[] g) {
        int ih = g[0];
        int iw = g[1];
        int c = g[2];
        int k = kh * kw * c;
        int r = img * g[3] * g[4] * (k + 1);
        for (int oy = 0; oy < g[3]; oy++) {
            for (int ox = 0; ox < g[4]; ox++, r += k + 1) {
                int x0 = ox * sw - g[6];
                int first = Math.max(0, -x0); // kernel columns left of the image
                int last = Math.min(kw, iw - x0); // kernel columns up to the image's right edge
                for (int y = 0; y < kh; y++) {
                    int iy = oy * sh + y - g[5];
                    int at = r + y * kw * c;
                    if (iy < 0 || iy >= ih || last <= first) {
                        col.put(at, zeros, 0, kw * c);
                        continue;
                    }
                    if (first > 0) {
                        col.put(at, zeros, 0, first * c);
                    }
                    col.put(at + first * c, inHeap, ((img * ih + iy) * iw + x0 + first) * c, (last - first) * c);
                    if (last < kw) {
                        col.put(at + last * c, zeros, 0, (kw - last) * c);
                    }
                }
                col.put(r + k, 1f);
            }
        }
    }

    /**
     * Whether {@link #input} applies: stride 1, and the flipped kernel's symmetric padding {@code k - 1 - pad}
     * gives back the input's size (valid padding, or same padding with an odd kernel).
     */
    boolean inputApplies(long inH, long inW, long outH, long outW, int padTop, int padLeft) {
        int ph = kh - 1 - padTop;
        int pw = kw - 1 - padLeft;
        return sh == 1 && sw == 1 && ph >= 0 && pw >= 0 && inH == outH + 2L * ph - kh + 1
                && inW == outW + 2L * pw - kw + 1;
    }

    /** Writes dL/dx into {@code gin [n, H, W, C]}; only where {@link #inputApplies}. */
    void input(INDArray dz, INDArray w, INDArray gin, int padTop, int padLeft) {
        int co = (int) w.size(0);
        int ci = (int) w.size(1);
        wHeap = Nd4jArrays.floatsInto(w, wHeap);
        if (flippedHeap == null || flippedHeap.length != wHeap.length) {
            flippedHeap = new float[wHeap.length];
        }
        for (int o = 0; o < co; o++) {
            for (int c = 0; c < ci; c++) {
                for (int y = 0; y < kh; y++) {
                    for (int xx = 0; xx < kw; xx++) {
                        flippedHeap[((c * co + o) * kh + kh - 1 - y) * kw + kw - 1 - xx] = wHeap[((o * ci + c) * kh + y) * kw + xx];
                    }
                }
            }
        }
        INDArray wf = flipped.get(ci, co, kh, kw);
        wf.data().asNioFloat().put(0, flippedHeap);
        // kH, kW, sH, sW, pH, pW, dH, dW, explicit padding, NHWC data, weights [out, in, kh, kw]
        NativeOps.exec("conv2d", new INDArray[] {dz, wf}, new INDArray[] {gin},
                kh, kw, 1, 1, kh - 1 - padTop, kw - 1 - padLeft, 1, 1, 0, 1, 1);
    }

    /**
     * Times two ways of doing the same job on the first calls at a batch size, alternating, and then keeps the
     * faster by the median of {@link #TRIALS} timed calls each (the first call of each is not timed: it allocates).
     * Each batch size's choice is remembered: an epoch's short last batch (2,000 images in batches of 64 end with 16)
     * does not make the next epoch's full batches measure again (which took the slower way on 6 of each epoch's 32
     * batches). A choice is measured again after {@link #FIRST_REMEASURE} uses, then every {@link #REMEASURE}: the
     * first round runs while the Java way is still interpreted and the machine's load moves (ResNet-20's 32x32x16
     * layers kept {@code conv2d_bp} at 22-27 ms where the other way takes 11-14).
     */
    static final class Choice {
        static final int TRIALS = 5;
        static final int FIRST_REMEASURE = 30;
        static final int REMEASURE = 300;
        static final String PROPERTY = "convscope.convGradients";
        private final long[][] nanos = new long[2][TRIALS];
        /** Per batch size: {way (1 = second), uses since chosen, rounds measured}. */
        private final java.util.Map<Long, int[]> decided = new java.util.HashMap<>();
        private long batch = -1;
        private int calls;
        private Boolean second;
        private Boolean forced;

        /** Whether this call, on a batch of {@code n}, should take the second way. */
        boolean second(long n) {
            if (forced != null) {
                return forced;
            }
            if (n != batch) {
                batch = n;
                calls = 0;
                int[] d = decided.get(n);
                second = d == null ? null : d[0] == 1;
            }
            if (second != null) {
                int[] d = decided.get(n);
                if (++d[1] > (d[2] == 1 ? FIRST_REMEASURE : REMEASURE)) {
                    second = null; // measure again; the rounds count goes on
                    calls = 0;
                }
            }
            return second != null ? second : calls % 2 == 1;
        }

        /** Records the time of the call {@link #second} just chose. */
        void took(long ns) {
            if (forced != null || second != null) {
                return;
            }
            int round = calls / 2 - 1; // round 0 is the untimed warm-up
            if (round >= 0) {
                nanos[calls % 2][round] = ns;
            }
            calls++;
            if (calls == 2 * (TRIALS + 1)) {
                java.util.Arrays.sort(nanos[0]);
                java.util.Arrays.sort(nanos[1]);
                second = nanos[1][TRIALS / 2] < nanos[0][TRIALS / 2];
                int[] d = decided.computeIfAbsent(batch, b -> new int[3]);
                d[0] = second ? 1 : 0;
                d[1] = 0;
                d[2]++;
            }
        }

        /**
         * The way the system property {@value #PROPERTY} fixes for every layer ({@code split}: {@link ConvGradients},
         * {@code conv2d_bp}), or null (unset or {@code measure}: each layer measures); for comparing the ways in
         * whole training runs ({@code CONVSCOPE_JAVA_OPTS="-Dconvscope.convGradients=split ..."}).
         */
        static Boolean fromProperty() {
            String way = System.getProperty(PROPERTY, "measure");
            return way.equals("split") ? Boolean.TRUE : way.equals("conv2d_bp") ? Boolean.FALSE : null;
        }

        /** Fixes the choice (tests); null measures again. */
        void force(Boolean secondWay) {
            forced = secondWay;
            batch = -1;
            decided.clear();
        }

        /** The way taken: forced, or measured at the last batch size; null while first measuring it. */
        Boolean chosen() {
            if (forced != null || second != null) {
                return forced != null ? forced : second;
            }
            int[] d = decided.get(batch);
            return d == null ? null : d[0] == 1;
        }
    }
}
