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

/**
 * One ONNX op as ConvScope layers (for {@link OnnxChain}): each method returns null when the op was taken in, or why
 * ConvScope cannot represent it. Dense and BatchNormalization keep element-wise ops; shape ops are the chain's, and
 * joins {@link OnnxJoins}'. A layer reads {@link OnnxChain#current}, made by the layer {@link OnnxChain#producer}.
 */
final class OnnxOps {

    private OnnxOps() {
    }

    static String convert(OnnxChain ch, OnnxGraph.Node n) throws ModelFileException {
        switch (n.op()) {
            case "Relu":
                ch.activation(n, Activation.RELU);
                return null;
            case "Sigmoid":
                ch.activation(n, Activation.SIGMOID);
                return null;
            case "Tanh":
                ch.activation(n, Activation.TANH);
                return null;
            case "LeakyRelu":
                return leakyRelu(ch, n);
            case "Clip":
                return clip(ch, n);
            case "Softmax":
                return softmax(ch, n);
            case "LogSoftmax":
                return tr("error.onnx.logSoftmax");
            case "Conv":
                return OnnxConvPool.conv(ch, n);
            case "MaxPool":
            case "AveragePool":
                return OnnxConvPool.pool(ch, n);
            case "GlobalAveragePool":
            case "GlobalMaxPool":
                return OnnxConvPool.globalPool(ch, n, n.op().equals("GlobalMaxPool"), true);
            case "ReduceMean":
            case "ReduceMax":
                return OnnxConvPool.reduce(ch, n);
            case "Pad":
                return OnnxConvPool.pad(ch, n);
            case "BatchNormalization":
                return batchNorm(ch, n);
            case "Gemm":
                return gemm(ch, n);
            case "MatMul":
                return matMul(ch, n);
            case "Add":
                return biasAdd(ch, n);
            case "Flatten":
                return flatten(ch, n, n.i("axis", 1));
            case "Reshape":
                return reshape(ch, n);
            default:
                return OnnxChain.noSuchOp(n.op());
        }
    }

    private static String leakyRelu(OnnxChain ch, OnnxGraph.Node n) throws ModelFileException {
        float alpha = n.f("alpha", 0.01f);
        if (Math.abs(alpha - 0.2f) > 1e-6f) {
            return tr("error.onnx.leakySlope", alpha);
        }
        ch.activation(n, Activation.LEAKY_RELU);
        return null;
    }

    private static String clip(OnnxChain ch, OnnxGraph.Node n) throws ModelFileException {
        float min;
        float max;
        if (ch.graph.opset() < 11) {
            min = n.f("min", -Float.MAX_VALUE);
            max = n.f("max", Float.MAX_VALUE);
        } else {
            Float lo = scalar(ch, n.input(1));
            Float hi = scalar(ch, n.input(2));
            if ((!n.input(1).isEmpty() && lo == null) || (!n.input(2).isEmpty() && hi == null)) {
                return tr("error.onnx.clipComputed");
            }
            min = lo == null ? -Float.MAX_VALUE : lo;
            max = hi == null ? Float.MAX_VALUE : hi;
        }
        if (min == 0 && max >= Float.MAX_VALUE) {
            ch.activation(n, Activation.RELU);
            return null;
        }
        if (min == 0 && max > 0 && max < Float.MAX_VALUE) {
            ch.add(n, new LayerSpec.ReLU(null, (double) max, 0, 0), List.of()); // ReLU6 is Clip(0, 6): Keras' ReLU(max_value=6)
            return null;
        }
        return tr("error.onnx.clip", min, max);
    }

    private static Float scalar(OnnxChain ch, String name) {
        OnnxGraph.Tensor t = name.isEmpty() ? null : ch.floats(name);
        return t == null || t.floats().length != 1 ? null : t.floats()[0];
    }

    private static String softmax(OnnxChain ch, OnnxGraph.Node n) throws ModelFileException {
        long axis = n.i("axis", ch.graph.opset() < 13 ? 1 : -1);
        boolean ok = ch.shape instanceof TensorShape.Flat ? axis == 1 || axis == -1
                : ch.graph.opset() >= 13 && (axis == 1 || axis == -3);
        if (!ok) {
            return tr("error.onnx.softmaxAxis", axis, Arrays.toString(OnnxLayers.onnxDims(ch.shape)));
        }
        int last = ch.layers.size() - 1;
        if (last >= 0 && ch.producer == last && ch.layers.get(last) instanceof LayerSpec.Dense d
                && d.activation() == Activation.LINEAR) {
            // a classifier's Dense then Softmax: one Dense with softmax, as Keras writes it (predict and Grad-CAM
            // read the class scores of a last Dense layer)
            ch.replaceLast(n, new LayerSpec.Dense(null, d.units(), Activation.SOFTMAX, d.useBias()), ch.weights.get(last));
            return null;
        }
        ch.activation(n, Activation.SOFTMAX);
        return null;
    }

    private static String batchNorm(OnnxChain ch, OnnxGraph.Node n) throws ModelFileException {
        int c = ch.shape.channelAxis();
        List<KerasH5.Tensor> w = new ArrayList<>();
        String[] roles = {"gamma", "beta", "moving_mean", "moving_variance"};
        for (int k = 0; k < 4; k++) {
            OnnxGraph.Tensor t = ch.floats(n.input(k + 1));
            if (t == null || t.floats().length != c) {
                return tr("error.onnx.bnConstant", roles[k], c);
            }
            float[] v = t.floats();
            if (ch.flattenedFrom != null) {
                v = OnnxLayers.chwToHwc(v, ch.flattenedFrom);
            }
            w.add(new KerasH5.Tensor(t.name(), new int[] {c}, v));
        }
        for (float v : w.get(3).values()) {
            if (v < 0) {
                throw new ModelFileException("$", tr("error.onnx.negativeVariance", ch.graph.file(), n.label(), v));
            }
        }
        double epsilon = n.f("epsilon", 1e-5f);
        double momentum = n.f("momentum", 0.9f);
        ch.add(n, new LayerSpec.BatchNormalization(null, momentum, epsilon), w);
        return null;
    }

    private static String gemm(OnnxChain ch, OnnxGraph.Node n) throws ModelFileException {
        OnnxGraph.Tensor b = ch.floats(n.input(1));
        if (n.i("transA", 0) != 0 || b == null || b.dims().length != 2) {
            return tr("error.onnx.gemm");
        }
        boolean transB = n.i("transB", 0) != 0;
        int in = (int) b.dims()[transB ? 1 : 0];
        int units = (int) b.dims()[transB ? 0 : 1];
        float[] kernel = transB ? OnnxLayers.transpose(b.floats(), units, in) : b.floats().clone();
        scale(kernel, n.f("alpha", 1f));
        float[] bias = null;
        String biasName = null;
        if (!n.input(2).isEmpty()) {
            OnnxGraph.Tensor c = ch.floats(n.input(2));
            if (c == null || (c.floats().length != units && c.floats().length != 1)) {
                return tr("error.onnx.gemmBias", units);
            }
            bias = new float[units];
            Arrays.fill(bias, c.floats()[0]);
            if (c.floats().length == units) {
                bias = c.floats().clone();
            }
            scale(bias, n.f("beta", 1f));
            biasName = c.name();
        }
        return dense(ch, n, in, units, kernel, b.name(), bias, biasName);
    }

    private static void scale(float[] v, float by) {
        if (by != 1f) {
            for (int k = 0; k < v.length; k++) {
                v[k] *= by;
            }
        }
    }

    private static String matMul(OnnxChain ch, OnnxGraph.Node n) throws ModelFileException {
        OnnxGraph.Tensor b = ch.floats(n.input(1));
        if (b == null || b.dims().length != 2) {
            return tr("error.onnx.matMul");
        }
        String reason = dense(ch, n, (int) b.dims()[0], (int) b.dims()[1], b.floats().clone(), b.name(), null, null);
        if (reason == null) {
            ch.matMulLayer = ch.layers.size() - 1;
        }
        return reason;
    }

    /** Appends a Dense layer; its kernel {@code (in, units)} in ONNX's row order, reordered after a flatten. */
    private static String dense(OnnxChain ch, OnnxGraph.Node n, int in, int units, float[] kernel, String name,
            float[] bias, String biasName) throws ModelFileException {
        if (!(ch.shape instanceof TensorShape.Flat) || ch.shape.elements() != in) {
            return tr("error.onnx.denseInput", n.op(), in, ch.shape.keras());
        }
        if (ch.flattenedFrom != null) {
            kernel = OnnxLayers.chwRowsToHwc(kernel, ch.flattenedFrom, units);
            ch.flattenedFrom = null;
        }
        List<KerasH5.Tensor> w = new ArrayList<>();
        w.add(new KerasH5.Tensor(name, new int[] {in, units}, kernel));
        if (bias != null) {
            w.add(new KerasH5.Tensor(biasName, new int[] {units}, bias));
        }
        ch.add(n, new LayerSpec.Dense(null, units, Activation.LINEAR, bias != null), w);
        return null;
    }

    /** An Add of a constant right after a MatMul: that Dense layer's bias. */
    private static String biasAdd(OnnxChain ch, OnnxGraph.Node n) {
        int last = ch.layers.size() - 1;
        String other = n.input(0).equals(ch.current) ? n.input(1) : n.input(0);
        OnnxGraph.Tensor c = ch.floats(other);
        if (ch.matMulLayer != last || ch.producer != last || c == null) {
            return tr("error.onnx.addNotBias");
        }
        LayerSpec.Dense d = (LayerSpec.Dense) ch.layers.get(last);
        if (c.floats().length != d.units()) {
            return tr("error.onnx.addCount", c.floats().length, d.units());
        }
        List<KerasH5.Tensor> w = List.of(ch.weights.get(last).get(0),
                new KerasH5.Tensor(c.name(), new int[] {d.units()}, c.floats()));
        ch.replaceLast(n, new LayerSpec.Dense(null, d.units(), d.activation(), true), w);
        ch.matMulLayer = -1;
        return null;
    }

    private static String flatten(OnnxChain ch, OnnxGraph.Node n, long axis) throws ModelFileException {
        if (ch.shape instanceof TensorShape.Flat) {
            if (axis != 1 && axis != -1) {
                return tr("error.onnx.flattenVector", axis);
            }
            ch.pass(n);
            return null;
        }
        if (axis != 1 && axis != -3) {
            return tr("error.onnx.flattenAxis", axis);
        }
        ch.flattenedFrom = (TensorShape.Spatial) ch.shape;
        ch.add(n, new LayerSpec.Flatten(null), List.of());
        return null;
    }

    /** A Reshape to {@code (batch, -1)} or {@code (batch, C*H*W)}: a flatten. */
    private static String reshape(OnnxChain ch, OnnxGraph.Node n) throws ModelFileException {
        long[] target = ch.intsOf(n.input(1));
        if (target == null) {
            return tr("error.onnx.reshapeComputed");
        }
        long elements = ch.shape.elements();
        boolean batchFirst = target.length == 2 && (target[0] == 0 || target[0] == 1 || target[0] == -1);
        boolean flat = batchFirst && (target[1] == elements || (target[1] == -1 && target[0] != -1));
        if (!flat) {
            return tr("error.onnx.reshape", Arrays.toString(target), elements);
        }
        return flatten(ch, n, 1);
    }

    /** ONNX pads of the two spatial axes, {@code (top, left, bottom, right)}, of an op's {@code pads}. */
    static long[] spatialPads(OnnxGraph.Node n) {
        long[] p = n.ints("pads").orElse(new long[4]);
        return p.length == 4 ? p : null;
    }

    /** Adds a kernel size's checks: positive and not absurd. */
    static Size2 size(long[] v) {
        return v.length == 2 && v[0] > 0 && v[1] > 0 && v[0] <= 4096 && v[1] <= 4096 ? new Size2((int) v[0], (int) v[1])
                : null;
    }

    /** Returns the padding the pads give, or null. */
    static Padding padding(long[] pads, TensorShape.Spatial in, Size2 k, Size2 s, boolean allowSame) {
        return OnnxLayers.padding(pads, in, k.h(), k.w(), s.h(), s.w(), allowSame);
    }
}
