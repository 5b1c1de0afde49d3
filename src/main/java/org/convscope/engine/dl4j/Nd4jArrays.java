package org.convscope.engine.dl4j;

import java.util.ArrayList;
import java.util.List;
import org.convscope.core.conv.Volume;
import org.convscope.core.train.LabelledImages;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conversions between our {@code (H, W, C)} {@link Volume}s or {@link LabelledImages} batches and ND4J arrays:
 * channels-first {@code [n, C, H, W]} for DL4J's layers, channels-last {@code [n, H, W, C]} for
 * {@link NativeOpsNetwork}, and flat {@code float[]} read-outs. No ND4J type leaves this package.
 */
final class Nd4jArrays {

    private Nd4jArrays() {
    }

    /** Returns an {@code (H, W, C)} volume as a float {@code [1, C, H, W]} array. */
    static INDArray toNchw(Volume v) {
        int h = v.height();
        int w = v.width();
        int c = v.channels();
        float[] data = new float[h * w * c];
        for (int r = 0; r < h; r++) {
            for (int col = 0; col < w; col++) {
                for (int ch = 0; ch < c; ch++) {
                    data[(ch * h + r) * w + col] = (float) v.get(r, col, ch);
                }
            }
        }
        return Nd4j.create(data, new long[] {1, c, h, w}, 'c');
    }

    /** Returns an {@code (H, W, C)} volume as a float {@code [1, H, W, C]} array: the volume's own storage order. */
    static INDArray toNhwc(Volume v) {
        float[] data = new float[v.values().length];
        for (int k = 0; k < data.length; k++) {
            data[k] = (float) v.values()[k];
        }
        return Nd4j.create(data, new long[] {1, v.height(), v.width(), v.channels()}, 'c');
    }

    /** Returns the first example of a {@code [n, C, H, W]} array as an {@code (H, W, C)} volume. */
    static Volume fromNchw(INDArray a) {
        if (a.rank() != 4) {
            throw new IllegalArgumentException("expected [n, C, H, W], got " + java.util.Arrays.toString(a.shape()));
        }
        int c = (int) a.size(1);
        int h = (int) a.size(2);
        int w = (int) a.size(3);
        float[] data = floats(a);
        double[] v = new double[h * w * c];
        for (int ch = 0; ch < c; ch++) {
            for (int r = 0; r < h; r++) {
                for (int col = 0; col < w; col++) {
                    v[(r * w + col) * c + ch] = data[(ch * h + r) * w + col];
                }
            }
        }
        return new Volume(h, w, c, v);
    }

    /** Floats a thread reuses on their way to doubles in {@link #nhwcVolumes} (at most {@link #SCRATCH_MAX}). */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);
    private static final int SCRATCH_MAX = 1 << 20;

    /**
     * Turns native-ops outputs ({@code [1, h, w, c]} or {@code [1, n]}) into volumes, one per model layer. Each
     * output's floats come out in one bulk copy into an array this thread reuses, then become the volume's doubles:
     * only the doubles are new. A fresh float array per layer was a third of a single-image pass's 600 KB of new
     * memory, and while the heap still grows each new page costs a page fault (about 2 ms of a 3-4 ms pass during
     * {@code bench forward}'s first few hundred passes on a busy machine; 0.1 ms with the heap touched in advance).
     */
    static List<Volume> nhwcVolumes(List<INDArray> outs) {
        List<Volume> volumes = new ArrayList<>(outs.size());
        for (INDArray a : outs) {
            double[] v = doubles(a);
            volumes.add(a.rank() == 4 ? new Volume((int) a.size(1), (int) a.size(2), (int) a.size(3), v)
                    : new Volume(1, 1, v.length, v));
        }
        return volumes;
    }

    /**
     * Returns all values of an array in row-major ({@code c}) order. A contiguous row-major float array (the
     * native-ops steps' outputs) is copied straight from its buffer: the cast-and-dup copy cost about 0.1-0.4 ms per
     * layer of a single-image forward, a third of the whole pass.
     */
    static float[] floats(INDArray a) {
        if (rowMajorFloats(a)) {
            float[] out = new float[(int) a.length()];
            java.nio.FloatBuffer values = a.data().asNioFloat(); // one bulk copy, fast before the JIT too
            values.position((int) a.offset());
            values.get(out);
            return out;
        }
        INDArray copy = a.castTo(DataType.FLOAT).dup('c');
        float[] data = copy.data().asFloat();
        if (data.length != copy.length()) {
            float[] exact = new float[(int) copy.length()];
            System.arraycopy(data, 0, exact, 0, exact.length);
            return exact;
        }
        return data;
    }

    /** Returns all values of an array in row-major order as doubles, through {@link #SCRATCH} where it fits. */
    private static double[] doubles(INDArray a) {
        long n = a.length();
        if (!rowMajorFloats(a) || n > SCRATCH_MAX) {
            return toDoubles(floats(a));
        }
        float[] scratch = SCRATCH.get();
        if (scratch.length < n) {
            scratch = new float[(int) n];
            SCRATCH.set(scratch);
        }
        java.nio.FloatBuffer values = a.data().asNioFloat();
        values.position((int) a.offset());
        values.get(scratch, 0, (int) n);
        double[] out = new double[(int) n];
        for (int i = 0; i < out.length; i++) {
            out[i] = scratch[i];
        }
        return out;
    }

    /** As {@link #floats}, into {@code reuse} where it has the array's length (else into a new array). */
    static float[] floatsInto(INDArray a, float[] reuse) {
        if (reuse == null || reuse.length != a.length() || !rowMajorFloats(a)) {
            return floats(a);
        }
        java.nio.FloatBuffer values = a.data().asNioFloat();
        values.position((int) a.offset());
        values.get(reuse);
        return reuse;
    }

    /** Writes row-major values into an array of their length: one bulk copy where it is contiguous. */
    static void put(float[] values, INDArray a) {
        if (rowMajorFloats(a)) {
            a.data().asNioFloat().put((int) a.offset(), values);
        } else {
            a.assign(Nd4j.create(values, a.shape(), 'c'));
        }
    }

    /** Whether an array is float values one after another in row-major order inside its buffer. */
    private static boolean rowMajorFloats(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.length() <= Integer.MAX_VALUE && a.ordering() == 'c'
                && a.elementWiseStride() == 1 && a.data().length() >= a.offset() + a.length();
    }

    /** Returns float values as doubles. */
    static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** Returns the images one after another, channels-last: {@link LabelledImages}' own order. */
    static float[] hwc(LabelledImages images, int[] idx) {
        return hwc(images, idx, new float[idx.length * images.height() * images.width() * images.channels()]);
    }

    /** As {@link #hwc(LabelledImages, int[])}, into {@code out} (at least {@code idx.length * H * W * C} long). */
    static float[] hwc(LabelledImages images, int[] idx, float[] out) {
        int size = images.height() * images.width() * images.channels();
        for (int k = 0; k < idx.length; k++) {
            images.copyImage(idx[k], out, k * size);
        }
        return out;
    }

    /** Returns the images as a float {@code [n, H, W, C]} array: {@link LabelledImages}' own order, no reordering. */
    static INDArray featuresNhwc(LabelledImages images, int[] idx) {
        return layout(hwc(images, idx), idx.length, images, true);
    }

    /**
     * Returns a batch as the model's first layer gets it: standardised as the model says, channels-last
     * {@code [n, H, W, C]} for the native-ops path or channels-first {@code [n, C, H, W]} for DL4J's layers.
     */
    static INDArray modelInput(Dl4jModel m, LabelledImages images, int[] idx, boolean channelsLast) {
        float[] batch = hwc(images, idx);
        m.normalize(batch);
        return layout(batch, idx.length, images, channelsLast);
    }

    /** Wraps channels-last batch values as {@code [n, H, W, C]}, or reorders them to {@code [n, C, H, W]}. */
    static INDArray layout(float[] hwc, int n, LabelledImages shape, boolean channelsLast) {
        return channelsLast ? Nd4j.create(hwc, new long[] {n, shape.height(), shape.width(), shape.channels()}, 'c')
                : nchw(hwc, n, shape.height(), shape.width(), shape.channels());
    }

    /** Reorders channels-last images into a float {@code [n, C, H, W]} array. */
    static INDArray nchw(float[] hwc, int n, int h, int w, int c) {
        int size = h * w * c;
        float[] out = new float[n * size];
        for (int k = 0; k < n; k++) {
            int base = k * size;
            for (int r = 0; r < h; r++) {
                for (int col = 0; col < w; col++) {
                    int src = base + (r * w + col) * c;
                    for (int ch = 0; ch < c; ch++) {
                        out[base + (ch * h + r) * w + col] = hwc[src + ch];
                    }
                }
            }
        }
        return Nd4j.create(out, new long[] {n, c, h, w}, 'c');
    }

    /** Returns the images as a float {@code [n, C, H, W]} array. */
    static INDArray features(LabelledImages images, int[] idx) {
        return nchw(hwc(images, idx), idx.length, images.height(), images.width(), images.channels());
    }

    /** Returns an array's shape as ints. */
    static int[] intShape(INDArray a) {
        long[] shape = a.shape();
        int[] out = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            out[i] = Math.toIntExact(shape[i]);
        }
        return out;
    }
}
