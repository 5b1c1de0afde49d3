package org.convscope.io;

import static org.convscope.core.text.CoreText.tr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.convscope.core.model.Activation;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.core.model.TensorShape;

/** ONNX Conv, MaxPool, AveragePool, global pooling and the Pad before them, as ConvScope layers (see {@link OnnxOps}). */
final class OnnxConvPool {

    private OnnxConvPool() {
    }

    static String conv(OnnxChain ch, OnnxGraph.Node n) throws ModelFileException {
        if (!(ch.shape instanceof TensorShape.Spatial in)) {
            return tr("error.onnx.convVector");
        }
        OnnxGraph.Tensor w = ch.floats(n.input(1));
        if (w == null || w.dims().length != 4) {
            return tr("error.onnx.convWeights");
        }
        long group = n.i("group", 1);
        boolean depthwise = group != 1 && group == in.channels() && w.dims()[1] == 1 && w.dims()[0] % group == 0;
        if (group != 1 && !depthwise) {
            return tr("error.onnx.convGroup", group, in.channels());
        }
        int filters = (int) w.dims()[0];
        if (!depthwise && w.dims()[1] != in.channels()) {
            return tr("error.onnx.convChannels", w.dims()[1], in.channels());
        }
        Size2 k = OnnxOps.size(new long[] {w.dims()[2], w.dims()[3]});
        Size2 s = OnnxOps.size(n.ints("strides").orElse(new long[] {1, 1}));
        if (k == null || s == null) {
            return tr("error.onnx.convKernel", Arrays.toString(w.dims()));
        }
        long[] dil = n.ints("dilations").orElse(new long[] {1, 1});
        if (Arrays.stream(dil).anyMatch(d -> d != 1)) {
            return tr("error.onnx.convDilated", Arrays.toString(dil));
        }
        Object padding = padding(ch, n, in, k, s, true);
        if (padding instanceof String reason) {
            return reason;
        }
        int dm = filters / in.channels();
        List<KerasH5.Tensor> weights = new ArrayList<>();
        weights.add(depthwise ? new KerasH5.Tensor(w.name(), new int[] {k.h(), k.w(), in.channels(), dm},
                OnnxLayers.depthwiseToHwcm(w.floats(), in.channels(), dm, k.h(), k.w()))
                : new KerasH5.Tensor(w.name(), new int[] {k.h(), k.w(), in.channels(), filters},
                OnnxLayers.oihwToHwio(w.floats(), filters, in.channels(), k.h(), k.w())));
        if (!n.input(2).isEmpty()) {
            OnnxGraph.Tensor b = ch.floats(n.input(2));
            if (b == null || b.floats().length != filters) {
                return tr("error.onnx.convBias", filters);
            }
            weights.add(new KerasH5.Tensor(b.name(), new int[] {filters}, b.floats()));
        }
        ch.pendingPad = null;
        ch.add(n, depthwise ? new LayerSpec.DepthwiseConv2D(null, k, s, (Padding) padding, dm, Activation.LINEAR,
                weights.size() > 1) : new LayerSpec.Conv2D(null, filters, k, s, (Padding) padding, Activation.LINEAR,
                weights.size() > 1), weights);
        return null;
    }

    static String pool(OnnxChain ch, OnnxGraph.Node n) throws ModelFileException {
        if (!(ch.shape instanceof TensorShape.Spatial in)) {
            return tr("error.onnx.onVector", n.op());
        }
        boolean max = n.op().equals("MaxPool");
        Size2 k = OnnxOps.size(n.ints("kernel_shape").orElse(new long[0]));
        Size2 s = OnnxOps.size(n.ints("strides").orElse(new long[] {1, 1}));
        if (k == null || s == null) {
            return tr("error.onnx.poolKernel", n.op());
        }
        if (Arrays.stream(n.ints("dilations").orElse(new long[] {1, 1})).anyMatch(d -> d != 1)) {
            return tr("error.onnx.poolDilated", n.op());
        }
        if (OnnxOps.spatialPads(n) == null) {
            return tr("error.onnx.spatialPads", n.op());
        }
        boolean afterMinusInf = ch.pendingPad != null && ch.pendingPadMinusInf;
        if (afterMinusInf && !max) {
            return tr("error.onnx.avgAfterInfinity");
        }
        long[] same = sameSides(ch, n, in, k, s, max);
        if (same != null) {
            if (n.i("ceil_mode", 0) != 0
                    && (OnnxLayers.pooledLength(in.height(), same[0] + same[2], k.h(), s.h(), true)
                    != OnnxLayers.pooledLength(in.height(), same[0] + same[2], k.h(), s.h(), false)
                    || OnnxLayers.pooledLength(in.width(), same[1] + same[3], k.w(), s.w(), true)
                    != OnnxLayers.pooledLength(in.width(), same[1] + same[3], k.w(), s.w(), false))) {
                return tr("error.onnx.ceilMode", n.op());
            }
            ch.pendingPad = null;
            ch.pendingPadMinusInf = false;
            ch.add(n, new LayerSpec.Pooling2D(null, max ? LayerSpec.PoolKind.MAX : LayerSpec.PoolKind.AVERAGE, k, s,
                    Padding.SAME), List.of());
            return null;
        }
        long[] own = OnnxOps.spatialPads(n);
        boolean ownPads = Arrays.stream(own).anyMatch(p -> p != 0) || afterMinusInf;
        if (ownPads && max && !nonNegative(ch)) {
            return tr("error.onnx.maxPoolPads");
        }
        if (ownPads && !max && n.i("count_include_pad", 0) == 0) {
            return tr("error.onnx.countIncludePad");
        }
        Object padding = padding(ch, n, in, k, s, false);
        if (padding instanceof String reason) {
            return reason;
        }
        if (n.i("ceil_mode", 0) != 0 && ceilChangesShape(ch, n, in, k, s)) {
            return tr("error.onnx.ceilMode", n.op());
        }
        ch.pendingPad = null;
        ch.pendingPadMinusInf = false;
        ch.add(n, new LayerSpec.Pooling2D(null, max ? LayerSpec.PoolKind.MAX : LayerSpec.PoolKind.AVERAGE, k, s,
                (Padding) padding), List.of());
        return null;
    }

    /**
     * Keras' {@code same} pooling, as ConvScope computes it: the pads (the op's own, a {@code -inf} Pad before a
     * MaxPool plus its own, or {@code auto_pad = SAME_UPPER}) are exactly Keras' same pads {@code (top, left, bottom,
     * right)} (the odd cell below and right, e.g. {@code [0, 0, 1, 1]} for a 3x3 window with stride 2 on 12x12), and
     * the op leaves the padded cells out: MaxPool pads with {@code -inf}, AveragePool with {@code count_include_pad = 0}
     * averages only the cells inside. Returns those pads, or null when the node is not that.
     */
    private static long[] sameSides(OnnxChain ch, OnnxGraph.Node n, TensorShape.Spatial in, Size2 k, Size2 s,
            boolean max) {
        if (ch.pendingPad != null && !ch.pendingPadMinusInf || !max && n.i("count_include_pad", 0) != 0) {
            return null; // zeros that count
        }
        long[] same = OnnxLayers.samePads(in, k.h(), k.w(), s.h(), s.w());
        String auto = n.s("auto_pad", "NOTSET");
        long[] pads;
        if (auto.equals("SAME_UPPER") && ch.pendingPad == null) {
            pads = same;
        } else if (auto.equals("NOTSET")) {
            pads = total(ch, n);
        } else {
            return null;
        }
        return Arrays.stream(pads).anyMatch(p -> p != 0) && Arrays.equals(pads, same) ? pads : null;
    }

    /** True when the previous layer's outputs cannot be negative, so zero and -infinity padding give the same maxima. */
    private static boolean nonNegative(OnnxChain ch) {
        if (ch.producer < 0) {
            return false;
        }
        LayerSpec last = ch.layers.get(ch.producer);
        if (last instanceof LayerSpec.ReLU r) {
            return r.negativeSlope() == 0 && r.threshold() >= 0;
        }
        Activation a = last instanceof LayerSpec.ActivationLayer al ? al.activation()
                : last instanceof LayerSpec.Conv2D c ? c.activation() : null;
        return a == Activation.RELU || a == Activation.SIGMOID || a == Activation.SOFTMAX;
    }

    private static boolean ceilChangesShape(OnnxChain ch, OnnxGraph.Node n, TensorShape.Spatial in, Size2 k, Size2 s) {
        long[] p = total(ch, n);
        return OnnxLayers.pooledLength(in.height(), p[0] + p[2], k.h(), s.h(), true)
                != OnnxLayers.pooledLength(in.height(), p[0] + p[2], k.h(), s.h(), false)
                || OnnxLayers.pooledLength(in.width(), p[1] + p[3], k.w(), s.w(), true)
                != OnnxLayers.pooledLength(in.width(), p[1] + p[3], k.w(), s.w(), false);
    }

    /** The op's own pads plus a Pad before it. */
    private static long[] total(OnnxChain ch, OnnxGraph.Node n) {
        long[] own = OnnxOps.spatialPads(n);
        long[] p = own == null ? new long[4] : own.clone();
        if (ch.pendingPad != null) {
            for (int k = 0; k < 4; k++) {
                p[k] += ch.pendingPad[k];
            }
        }
        return p;
    }

    /** The Padding of a Conv or pooling node (its pads, auto_pad and a Pad before it), or why there is none. */
    private static Object padding(OnnxChain ch, OnnxGraph.Node n, TensorShape.Spatial in, Size2 k, Size2 s,
            boolean conv) {
        if (OnnxOps.spatialPads(n) == null) {
            return tr("error.onnx.spatialPads", n.op());
        }
        String auto = n.s("auto_pad", "NOTSET");
        long[] pads = total(ch, n);
        if (auto.equals("SAME_UPPER") || auto.equals("SAME_LOWER")) {
            long[] same = OnnxLayers.samePads(in, k.h(), k.w(), s.h(), s.w());
            boolean even = same[0] == same[2] && same[1] == same[3];
            if (ch.pendingPad != null || (!conv && !even) || (auto.equals("SAME_LOWER") && !even)) {
                return tr("error.onnx.autoPad", n.op(), auto);
            }
            pads = same;
        } else if (auto.equals("VALID")) {
            pads = ch.pendingPad == null ? new long[4] : ch.pendingPad.clone();
        }
        Padding p = OnnxOps.padding(pads, in, k, s, conv);
        if (p == null) {
            return tr(conv ? "error.onnx.padSides" : "error.onnx.padSidesPool", n.op(), Arrays.toString(pads));
        }
        return p;
    }

    /**
     * Global pooling: Keras' {@code GlobalAveragePooling2D} / {@code GlobalMaxPooling2D}, {@code (H, W, C)} to the
     * vector {@code (C)}; ONNX keeps {@code (1, C, 1, 1)}, which the Flatten that follows in PyTorch's models makes
     * {@code (C)}. When {@code keepDims} must stay a map ({@code ReduceMean} with {@code keepdims = 1}), one pooling
     * window as large as the map, {@code (1, 1, C)}.
     */
    static String globalPool(OnnxChain ch, OnnxGraph.Node n, boolean max, boolean keepDims)
            throws ModelFileException {
        if (!(ch.shape instanceof TensorShape.Spatial in)) {
            return tr("error.onnx.onVector", n.op());
        }
        LayerSpec.PoolKind kind = max ? LayerSpec.PoolKind.MAX : LayerSpec.PoolKind.AVERAGE;
        if (!keepDims || n.op().startsWith("Global")) {
            ch.add(n, new LayerSpec.GlobalPooling2D(null, kind), List.of());
            return null;
        }
        Size2 whole = new Size2(in.height(), in.width());
        ch.add(n, new LayerSpec.Pooling2D(null, kind, whole, whole, Padding.VALID), List.of());
        if (!keepDims) { // (1, 1, C) to the vector ReduceMean gives
            ch.flattenedFrom = (TensorShape.Spatial) ch.shape;
            ch.add(n, new LayerSpec.Flatten(null), List.of());
        }
        return null;
    }

    /** {@code ReduceMean} / {@code ReduceMax} over the rows and columns ({@code x.mean((2, 3))}): global pooling. */
    static String reduce(OnnxChain ch, OnnxGraph.Node n) throws ModelFileException {
        long[] axes = ch.graph.opset() >= 18 && !n.input(1).isEmpty() ? ch.intsOf(n.input(1))
                : n.ints("axes").orElse(null);
        boolean spatial = axes != null && axes.length == 2 && ch.shape instanceof TensorShape.Spatial
                && java.util.Arrays.stream(axes).map(a -> a < 0 ? a + 4 : a).sorted().boxed().toList()
                .equals(List.of(2L, 3L));
        if (!spatial) {
            return tr("error.onnx.reduceAxes", n.op(), axes == null ? tr("error.onnx.allAxes") : Arrays.toString(axes));
        }
        return globalPool(ch, n, n.op().equals("ReduceMax"), n.i("keepdims", 1) != 0);
    }

    /** A constant zero Pad of the spatial axes, kept for the convolution or pooling after it. */
    static String pad(OnnxChain ch, OnnxGraph.Node n) {
        if (!(ch.shape instanceof TensorShape.Spatial) || ch.pendingPad != null) {
            return tr("error.onnx.padOnce");
        }
        long[] pads;
        float value;
        if (ch.graph.opset() < 11) {
            pads = n.ints("pads").orElse(null);
            value = n.f("value", 0f);
        } else {
            pads = ch.intsOf(n.input(1));
            OnnxGraph.Tensor v = n.input(2).isEmpty() ? null : ch.anyFloats(n.input(2));
            if (!n.input(2).isEmpty() && (v == null || v.floats().length != 1)) {
                return tr("error.onnx.padComputed");
            }
            value = v == null ? 0f : v.floats()[0];
        }
        if (!n.s("mode", "constant").equals("constant") || value != 0f && value != Float.NEGATIVE_INFINITY) {
            return tr("error.onnx.padMode", n.s("mode", "constant"), value);
        }
        if (pads == null || pads.length != 8 || pads[0] != 0 || pads[1] != 0 || pads[4] != 0 || pads[5] != 0
                || Arrays.stream(pads).anyMatch(p -> p < 0 || p > 1024)) {
            return tr("error.onnx.padSpatial", Arrays.toString(pads));
        }
        ch.pendingPad = new long[] {pads[2], pads[3], pads[6], pads[7]};
        ch.pendingPadMinusInf = value == Float.NEGATIVE_INFINITY;
        ch.pass(n);
        return null;
    }
}
