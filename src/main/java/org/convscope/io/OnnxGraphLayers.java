package org.convscope.io;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.model.Activation;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.core.model.TensorShape;

/**
 * The ONNX nodes of the layers graph models brought (channels-first, as {@link OnnxExport}): {@code Add} (a chain of
 * binary adds for more than two inputs), {@code Concat} on axis 1 (Keras' last axis), a depthwise convolution as
 * {@code Conv} with {@code group = C} (weights {@code (C*dm, 1, kh, kw)}), a separable one as that {@code Conv} and a
 * 1x1 {@code Conv}, global pooling as {@code ReduceMean}/{@code ReduceMax} over axes 2 and 3 ({@code (N, C)} as Keras),
 * {@code ZeroPadding2D} as a zero {@code Pad}, {@code ReLU} as {@code Relu} or {@code Clip(0, max_value)},
 * {@code LeakyReLU} and {@code Softmax} on axis 1. These are the forms ConvScope's ONNX import reads back.
 */
final class OnnxGraphLayers {

    private OnnxGraphLayers() {
    }

    /** Appends the nodes of one of these layers and returns its output's name, or null for a classic layer. */
    static String layer(LayerInfo l, List<String> ins, Map<String, PyTorchWeights.Array> state,
            Map<String, OnnxGraph.Tensor> init, List<OnnxGraph.Node> nodes) {
        String at = PyTorchModelCode.attribute(l.name());
        String x = ins.get(0);
        LayerSpec s = l.spec();
        if (s instanceof LayerSpec.Add) {
            for (int k = 1; k < ins.size(); k++) {
                x = OnnxExport.add(nodes, "Add", k == ins.size() - 1 ? at : at + "_" + k, List.of(x, ins.get(k)),
                        Map.of());
            }
            return x;
        }
        if (s instanceof LayerSpec.Concatenate) {
            return OnnxExport.add(nodes, "Concat", at, ins, Map.of("axis", OnnxExport.integer(1)));
        }
        if (s instanceof LayerSpec.DepthwiseConv2D d) {
            int c = ((TensorShape.Spatial) l.input()).channels();
            x = conv(l, at, x, d.kernel(), d.strides(), d.padding(), c, state, nodes);
            return OnnxExport.activation(d.activation(), at, x, nodes);
        }
        if (s instanceof LayerSpec.SeparableConv2D d) {
            int c = ((TensorShape.Spatial) l.input()).channels();
            x = conv(l, at + "_dw", x, d.kernel(), d.strides(), d.padding(), c, state, nodes);
            List<String> inputs = state.containsKey(at + "_pw.bias") ? List.of(x, at + "_pw.weight", at + "_pw.bias")
                    : List.of(x, at + "_pw.weight");
            x = OnnxExport.add(nodes, "Conv", at + "_pw", inputs, Map.of("kernel_shape", OnnxExport.ints(1, 1)));
            return OnnxExport.activation(d.activation(), at, x, nodes);
        }
        if (s instanceof LayerSpec.GlobalPooling2D g) {
            return OnnxExport.add(nodes, g.kind() == LayerSpec.PoolKind.MAX ? "ReduceMax" : "ReduceMean", at,
                    List.of(x), Map.of("axes", OnnxExport.ints(2, 3), "keepdims", OnnxExport.integer(0)));
        }
        if (s instanceof LayerSpec.ZeroPadding2D z) {
            String pads = at + "_pads";
            init.put(pads, new OnnxGraph.Tensor(pads, new long[] {8}, null,
                    new long[] {0, 0, z.top(), z.left(), 0, 0, z.bottom(), z.right()}));
            return OnnxExport.add(nodes, "Pad", at, List.of(x, pads), Map.of());
        }
        if (s instanceof LayerSpec.ReLU r) {
            if (r.maxValue() == null) {
                return OnnxExport.add(nodes, "Relu", at, List.of(x), Map.of());
            }
            init.put(at + "_min", new OnnxGraph.Tensor(at + "_min", new long[0], new float[] {0f}, null));
            init.put(at + "_max", new OnnxGraph.Tensor(at + "_max", new long[0],
                    new float[] {r.maxValue().floatValue()}, null));
            return OnnxExport.add(nodes, "Clip", at, List.of(x, at + "_min", at + "_max"), Map.of());
        }
        if (s instanceof LayerSpec.LeakyReLU r) {
            return OnnxExport.add(nodes, "LeakyRelu", at, List.of(x), Map.of("alpha",
                    OnnxExport.real((float) r.alpha())));
        }
        if (s instanceof LayerSpec.Softmax) {
            return OnnxExport.activation(Activation.SOFTMAX, at, x, nodes);
        }
        return null;
    }

    /** A depthwise {@code Conv}: {@code group = C}, Keras' padding as explicit (possibly asymmetric) pads. */
    private static String conv(LayerInfo l, String at, String x, Size2 kernel, Size2 strides, Padding padding,
            int groups, Map<String, PyTorchWeights.Array> state, List<OnnxGraph.Node> nodes) {
        int[] p = PyTorchModelCode.pads(padding, (TensorShape.Spatial) l.input(), kernel.h(), kernel.w(), strides.h(),
                strides.w());
        List<String> inputs = state.containsKey(at + ".bias") ? List.of(x, at + ".weight", at + ".bias")
                : List.of(x, at + ".weight");
        Map<String, OnnxGraph.Attribute> a = new HashMap<>(Map.of("kernel_shape", OnnxExport.ints(kernel.h(),
                kernel.w()), "strides", OnnxExport.ints(strides.h(), strides.w()), "pads",
                OnnxExport.ints(p[2], p[0], p[3], p[1]), "group", OnnxExport.integer(groups)));
        return OnnxExport.add(nodes, "Conv", at, inputs, a);
    }
}
