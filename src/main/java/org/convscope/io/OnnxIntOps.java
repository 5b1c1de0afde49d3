package org.convscope.io;

import static org.convscope.core.text.CoreText.tr;

import java.util.Arrays;
import java.util.Set;

/**
 * {@code Reshape}, {@code Transpose}, {@code Slice} and {@code ConstantOfShape} evaluated on integer constants, as
 * PyTorch computes a {@code Pad}'s pads from {@code F.pad(x, (left, right, top, bottom))} at opset 11 and later:
 * {@code Concat(pads, ConstantOfShape(4)) -> Reshape(-1, 2) -> Slice(reversed) -> Transpose -> Reshape(-1)}. Values
 * are kept flat in C order with their dimensions; nothing here touches the image.
 */
final class OnnxIntOps {

    static final Set<String> OPS = Set.of("Reshape", "Transpose", "Slice", "ConstantOfShape");

    private OnnxIntOps() {
    }

    /** True when the node computes on a known integer tensor (not on the image). */
    static boolean applies(OnnxChain ch, OnnxGraph.Node n) {
        return OPS.contains(n.op()) && ch.intsOf(n.input(0)) != null;
    }

    /** Evaluates the node; null when done, else why not. */
    static String eval(OnnxChain ch, OnnxGraph.Node n) {
        long[] v = ch.intsOf(n.input(0));
        long[] d = ch.intDims(n.input(0));
        String out = n.outputs().get(0);
        switch (n.op()) {
            case "ConstantOfShape" -> {
                OnnxGraph.Attribute a = n.attributes().get("value");
                long fill = a == null || a.t() == null ? 0 : a.t().longs() != null ? a.t().longs()[0]
                        : (long) a.t().floats()[0];
                if (v.length > 2 || Arrays.stream(v).anyMatch(x -> x < 0 || x > 64)) {
                    return tr("error.onnx.constantOfShape", Arrays.toString(v));
                }
                long[] values = new long[(int) Arrays.stream(v).reduce(1, (x, y) -> x * y)];
                Arrays.fill(values, fill);
                ch.putInts(out, values, v.clone());
                return null;
            }
            case "Reshape" -> {
                long[] shape = ch.intsOf(n.input(1));
                long[] dims = shape == null ? null : reshaped(d, v.length, shape);
                if (dims == null) {
                    return tr("error.onnx.intReshape", Arrays.toString(d), Arrays.toString(shape));
                }
                ch.putInts(out, v.clone(), dims);
                return null;
            }
            case "Transpose" -> {
                long[] perm = n.ints("perm").orElse(null);
                if (d.length != 2 || perm != null && !Arrays.equals(perm, new long[] {1, 0})) {
                    return tr("error.onnx.intTranspose");
                }
                long[] t = new long[v.length];
                for (int r = 0; r < d[0]; r++) {
                    for (int c = 0; c < d[1]; c++) {
                        t[(int) (c * d[0] + r)] = v[(int) (r * d[1] + c)];
                    }
                }
                ch.putInts(out, t, new long[] {d[1], d[0]});
                return null;
            }
            default -> {
                return slice(ch, n, v, d, out);
            }
        }
    }

    private static long[] reshaped(long[] from, int count, long[] shape) {
        long[] dims = shape.clone();
        int unknown = -1;
        long known = 1;
        for (int k = 0; k < dims.length; k++) {
            if (dims[k] == 0 && k < from.length) {
                dims[k] = from[k];
            }
            if (dims[k] == -1) {
                if (unknown >= 0) {
                    return null;
                }
                unknown = k;
            } else if (dims[k] <= 0) {
                return null;
            } else {
                known *= dims[k];
            }
        }
        if (unknown >= 0) {
            if (known == 0 || count % known != 0) {
                return null;
            }
            dims[unknown] = count / known;
        }
        return Arrays.stream(dims).reduce(1, (x, y) -> x * y) == count ? dims : null;
    }

    /** ONNX Slice (opset 10 and later: starts, ends, axes, steps as inputs) on a 1-D or 2-D integer tensor. */
    private static String slice(OnnxChain ch, OnnxGraph.Node n, long[] v, long[] d, String out) {
        long[] starts = ch.intsOf(n.input(1));
        long[] ends = ch.intsOf(n.input(2));
        long[] axes = n.input(3).isEmpty() ? null : ch.intsOf(n.input(3));
        long[] steps = n.input(4).isEmpty() ? null : ch.intsOf(n.input(4));
        if (starts == null || ends == null || d.length > 2 || !n.input(3).isEmpty() && axes == null
                || !n.input(4).isEmpty() && steps == null) {
            return tr("error.onnx.intSliceBounds");
        }
        long[][] index = new long[d.length][];
        for (int k = 0; k < d.length; k++) {
            index[k] = range(0, d[k], 1, d[k]);
        }
        for (int j = 0; j < starts.length; j++) {
            int axis = (int) (axes == null ? j : axes[j] < 0 ? axes[j] + d.length : axes[j]);
            long step = steps == null ? 1 : steps[j];
            if (axis < 0 || axis >= d.length || step == 0) {
                return tr("error.onnx.intSliceAxis", axis, step);
            }
            index[axis] = range(starts[j], ends[j], step, d[axis]);
        }
        long cols = d.length == 2 ? d[1] : 1;
        long[] rows = index[0];
        long[] colIndex = d.length == 2 ? index[1] : new long[] {0};
        long[] result = new long[rows.length * colIndex.length];
        int i = 0;
        for (long r : rows) {
            for (long c : colIndex) {
                result[i++] = v[(int) (r * cols + c)];
            }
        }
        ch.putInts(out, result, d.length == 2 ? new long[] {rows.length, colIndex.length} : new long[] {rows.length});
        return null;
    }

    /** The indices ONNX's Slice takes on one axis of length n (negative bounds count from the end, then clamped). */
    private static long[] range(long start, long end, long step, long n) {
        long s = start < 0 ? start + n : start;
        long e = end < 0 ? end + n : end;
        if (step > 0) {
            s = Math.max(0, Math.min(n, s));
            e = Math.max(0, Math.min(n, e));
        } else {
            s = Math.max(-1, Math.min(n - 1, s));
            e = Math.max(-1, Math.min(n - 1, e));
        }
        int count = (int) Math.max(0, step > 0 ? (e - s + step - 1) / step : (s - e - step - 1) / -step);
        long[] out = new long[count];
        for (int k = 0; k < count; k++) {
            out[k] = s + k * step;
        }
        return out;
    }
}
