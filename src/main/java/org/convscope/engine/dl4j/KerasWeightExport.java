package org.convscope.engine.dl4j;

import java.util.ArrayList;
import java.util.List;
import org.convscope.core.model.LayerSpec;
import org.convscope.io.KerasH5;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads a compiled model's weights out in Keras' layouts, the inverse of {@link KerasWeightImport}: DL4J's conv
 * {@code W [F, C_in, kh, kw]} becomes the kernel {@code (kh, kw, C_in, F)}, a Dense {@code W (in, units)} stays as it
 * is (channels-last flatten order, see {@link HwcFlattenPreProcessor}), and batch normalisation's
 * {@code log10stdev} becomes the moving variance {@code 10^(2 s)}.
 */
final class KerasWeightExport {

    private KerasWeightExport() {
    }

    /** One list per layer of the model's spec; the caller synchronises on the model. */
    static List<List<KerasH5.Tensor>> read(Dl4jModel m) {
        List<LayerSpec> layers = m.spec().layers();
        List<List<KerasH5.Tensor>> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec s = layers.get(i);
            List<KerasH5.Tensor> w = new ArrayList<>();
            if (s instanceof LayerSpec.DepthwiseConv2D d) {
                Layer layer = m.weightLayer(i);
                INDArray k = layer.getParam("W"); // [kh, kw, C, m] as Keras
                w.add(tensor("depthwise_kernel", Nd4jArrays.intShape(k), k));
                bias(layer, d.useBias(), w);
            } else if (s instanceof LayerSpec.SeparableConv2D d) {
                INDArray k = m.graphLayer(m.names().get(i) + "/depthwise").getParam("W");
                w.add(tensor("depthwise_kernel", Nd4jArrays.intShape(k), k));
                Layer layer = m.weightLayer(i);
                w.add(conv(layer.getParam("W"), "pointwise_kernel"));
                bias(layer, d.useBias(), w);
            } else if (s instanceof LayerSpec.Conv2D || s instanceof LayerSpec.Dense
                    || s instanceof LayerSpec.BatchNormalization) {
                Layer layer = m.weightLayer(i);
                if (s instanceof LayerSpec.Conv2D c) {
                    w.add(conv(layer.getParam("W"), "kernel"));
                    bias(layer, c.useBias(), w);
                } else if (s instanceof LayerSpec.Dense d) {
                    INDArray k = layer.getParam("W");
                    w.add(tensor("kernel", new int[] {(int) k.size(0), (int) k.size(1)}, k));
                    bias(layer, d.useBias(), w);
                } else {
                    batchNorm(layer, w);
                }
            }
            out.add(List.copyOf(w));
        }
        return out;
    }

    private static void bias(Layer layer, boolean useBias, List<KerasH5.Tensor> w) {
        if (useBias && layer.getParam("b") != null) {
            INDArray b = layer.getParam("b");
            w.add(tensor("bias", new int[] {(int) b.length()}, b));
        }
    }

    /** {@code [out, in, kh, kw]} to {@code (kh, kw, in, out)}. */
    private static KerasH5.Tensor conv(INDArray w, String name) {
        int out = (int) w.size(0);
        int in = (int) w.size(1);
        int kh = (int) w.size(2);
        int kw = (int) w.size(3);
        float[] src = w.dup('c').data().asFloat();
        float[] hwio = org.convscope.io.KernelLayout.oihwToHwio(src, out, in, kh, kw);
        return new KerasH5.Tensor(name, new int[] {kh, kw, in, out}, hwio);
    }

    private static void batchNorm(Layer layer, List<KerasH5.Tensor> w) {
        int c = (int) layer.getParam("gamma").length();
        w.add(tensor("gamma", new int[] {c}, layer.getParam("gamma")));
        w.add(tensor("beta", new int[] {c}, layer.getParam("beta")));
        w.add(tensor("moving_mean", new int[] {c}, layer.getParam("mean")));
        float[] s = layer.getParam("log10stdev").dup('c').data().asFloat();
        float[] var = new float[c];
        for (int i = 0; i < c; i++) {
            var[i] = (float) Math.pow(10, 2.0 * s[i]);
        }
        w.add(new KerasH5.Tensor("moving_variance", new int[] {c}, var));
    }

    private static KerasH5.Tensor tensor(String name, int[] shape, INDArray a) {
        return new KerasH5.Tensor(name, shape, a.dup('c').data().asFloat());
    }
}
