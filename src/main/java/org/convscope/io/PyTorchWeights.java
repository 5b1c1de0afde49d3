package org.convscope.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.TensorShape;

/**
 * Converts ConvScope's weights (Keras' layouts) to the tensors of {@code model.py}'s {@code state_dict}.
 *
 * <p>Conv kernels {@code (kh, kw, in, out)} become {@code (out, in, kh, kw)}; Dense kernels {@code (in, units)} become
 * {@code (units, in)}. A vector made by flattening a map {@code (H, W, C)} is ordered {@code (H, W, C)} in ConvScope
 * and {@code (C, H, W)} in PyTorch, so the Dense layer (and any batch normalisation) that reads it has its inputs
 * reordered: PyTorch's index {@code (ch * H + r) * W + c} takes ConvScope's {@code (r * W + c) * C + ch}.
 */
public final class PyTorchWeights {

    /** One tensor: its shape and values in C order. */
    public record Array(int[] shape, float[] values) {
    }

    private PyTorchWeights() {
    }

    /**
     * Converts every layer's weights.
     *
     * @param layers the analysed layers of the model
     * @param weights per layer, Keras' layouts and order
     * @return state_dict key to tensor, in layer order
     */
    static Map<String, Array> convert(List<LayerInfo> layers, List<List<KerasH5.Tensor>> weights) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            order.add(i);
        }
        return convert(layers, weights, order, i -> i - 1);
    }

    /**
     * Converts every layer's weights of a graph model (or a chain), in {@link ModelGraph#order()}: a Dense layer
     * reads its rows in PyTorch's flatten order when the vector it reads comes from a {@code Flatten} (through
     * batch normalisation, dropout or activations). Depthwise kernels {@code (kh, kw, C, dm)} become
     * {@code (C*dm, 1, kh, kw)}; a separable layer's depthwise kernel goes to {@code _dw}, its pointwise kernel and bias
     * to {@code _pw}.
     *
     * @param model the model
     * @param weights per layer in {@code model.layers()} order, Keras' layouts
     * @return state_dict key to tensor
     */
    static Map<String, Array> convert(ModelSpec model, List<List<KerasH5.Tensor>> weights) {
        ModelGraph graph = ModelGraph.of(model);
        return convert(ModelAnalyzer.analyze(model).layers(), weights, graph.order(),
                i -> graph.inputsOf(i).get(0));
    }

    private static Map<String, Array> convert(List<LayerInfo> layers, List<List<KerasH5.Tensor>> weights,
            List<Integer> order, IntUnaryOperator firstInput) {
        if (weights.size() != layers.size()) {
            throw new IllegalArgumentException("weights for " + weights.size() + " layers, the model has " + layers.size());
        }
        Map<String, Array> out = new LinkedHashMap<>();
        Map<Integer, TensorShape.Spatial> flattenedAt = new HashMap<>();
        for (int i : order) {
            LayerInfo l = layers.get(i);
            String at = PyTorchModelCode.attribute(l.name());
            List<KerasH5.Tensor> w = weights.get(i);
            LayerSpec s = l.spec();
            TensorShape.Spatial flattened = flattenedAt.get(firstInput.applyAsInt(i));
            if (s instanceof LayerSpec.Flatten) {
                flattenedAt.put(i, l.input() instanceof TensorShape.Spatial sp ? sp : null);
            } else if (s instanceof LayerSpec.Conv2D) {
                out.put(at + ".weight", conv(w.get(0)));
                bias(at, w, out);
            } else if (s instanceof LayerSpec.DepthwiseConv2D) {
                out.put(at + ".weight", depthwise(w.get(0)));
                bias(at, w, out);
            } else if (s instanceof LayerSpec.SeparableConv2D) {
                out.put(at + "_dw.weight", depthwise(w.get(0)));
                out.put(at + "_pw.weight", conv(w.get(1)));
                if (w.size() > 2) {
                    out.put(at + "_pw.bias", new Array(new int[] {w.get(2).values().length}, w.get(2).values()));
                }
            } else if (s instanceof LayerSpec.Dense) {
                out.put(at + ".weight", dense(w.get(0), flattened));
                bias(at, w, out);
            } else if (s instanceof LayerSpec.BatchNormalization) {
                String[] keys = {"weight", "bias", "running_mean", "running_var"};
                for (int k = 0; k < 4; k++) {
                    KerasH5.Tensor t = w.get(k);
                    float[] v = flattened == null ? t.values() : vector(t.values(), flattened);
                    out.put(at + "." + keys[k], new Array(new int[] {v.length}, v));
                }
            }
            if (flattened != null && !(s instanceof LayerSpec.Dense) && l.output() instanceof TensorShape.Flat) {
                flattenedAt.put(i, flattened);
            }
        }
        return out;
    }

    /** {@code (kh, kw, C, dm)} to {@code (C*dm, 1, kh, kw)}: output channel {@code c*dm + m}, as Keras orders it. */
    static Array depthwise(KerasH5.Tensor t) {
        int kh = t.shape()[0];
        int kw = t.shape()[1];
        int ch = t.shape()[2];
        int dm = t.shape()[3];
        float[] src = t.values();
        float[] dst = new float[src.length];
        for (int r = 0; r < kh; r++) {
            for (int c = 0; c < kw; c++) {
                for (int k = 0; k < ch * dm; k++) {
                    dst[(k * kh + r) * kw + c] = src[(r * kw + c) * ch * dm + k];
                }
            }
        }
        return new Array(new int[] {ch * dm, 1, kh, kw}, dst);
    }

    private static void bias(String at, List<KerasH5.Tensor> w, Map<String, Array> out) {
        if (w.size() > 1) {
            out.put(at + ".bias", new Array(new int[] {w.get(1).values().length}, w.get(1).values()));
        }
    }

    /** {@code (kh, kw, in, out)} to {@code (out, in, kh, kw)}. */
    static Array conv(KerasH5.Tensor t) {
        int kh = t.shape()[0];
        int kw = t.shape()[1];
        int in = t.shape()[2];
        int o = t.shape()[3];
        float[] src = t.values();
        float[] dst = KernelLayout.hwioToOihw(src, kh, kw, in, o);
        return new Array(new int[] {o, in, kh, kw}, dst);
    }

    /** {@code (in, units)} to {@code (units, in)}, the inputs in PyTorch's flatten order when {@code map} is set. */
    static Array dense(KerasH5.Tensor t, TensorShape.Spatial map) {
        int in = t.shape()[0];
        int units = t.shape()[1];
        float[] src = t.values();
        float[] dst = new float[src.length];
        for (int j = 0; j < in; j++) {
            int k = map == null ? j : kerasIndex(j, map);
            for (int u = 0; u < units; u++) {
                dst[u * in + j] = src[k * units + u];
            }
        }
        return new Array(new int[] {units, in}, dst);
    }

    private static float[] vector(float[] v, TensorShape.Spatial map) {
        float[] out = new float[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = v[kerasIndex(j, map)];
        }
        return out;
    }

    /** ConvScope's flat index of PyTorch's flat index {@code j = (ch * H + r) * W + c}. */
    static int kerasIndex(int j, TensorShape.Spatial map) {
        int hw = map.height() * map.width();
        int ch = j / hw;
        int r = (j % hw) / map.width();
        int c = j % map.width();
        return (r * map.width() + c) * map.channels() + ch;
    }
}
