package org.convscope.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.model.LayerSpec;
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
        if (weights.size() != layers.size()) {
            throw new IllegalArgumentException("weights for " + weights.size() + " layers, the model has " + layers.size());
        }
        Map<String, Array> out = new LinkedHashMap<>();
        TensorShape.Spatial flattened = null;
        for (int i = 0; i < layers.size(); i++) {
            LayerInfo l = layers.get(i);
            String at = PyTorchModelCode.attribute(l.name());
            List<KerasH5.Tensor> w = weights.get(i);
            LayerSpec s = l.spec();
            if (s instanceof LayerSpec.Flatten) {
                flattened = l.input() instanceof TensorShape.Spatial sp ? sp : null;
            } else if (s instanceof LayerSpec.Conv2D) {
                out.put(at + ".weight", conv(w.get(0)));
                bias(at, w, out);
            } else if (s instanceof LayerSpec.Dense) {
                out.put(at + ".weight", dense(w.get(0), flattened));
                bias(at, w, out);
                flattened = null;
            } else if (s instanceof LayerSpec.BatchNormalization) {
                String[] keys = {"weight", "bias", "running_mean", "running_var"};
                for (int k = 0; k < 4; k++) {
                    KerasH5.Tensor t = w.get(k);
                    float[] v = flattened == null ? t.values() : vector(t.values(), flattened);
                    out.put(at + "." + keys[k], new Array(new int[] {v.length}, v));
                }
            }
        }
        return out;
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
        float[] dst = new float[src.length];
        for (int r = 0; r < kh; r++) {
            for (int c = 0; c < kw; c++) {
                for (int ch = 0; ch < in; ch++) {
                    for (int f = 0; f < o; f++) {
                        dst[((f * in + ch) * kh + r) * kw + c] = src[((r * kw + c) * in + ch) * o + f];
                    }
                }
            }
        }
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
