package org.convscope.engine.dl4j;

import java.util.List;
import org.convscope.core.model.LayerSpec;
import org.convscope.io.KerasH5;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Copies the weights of a Keras {@code .h5} file into a compiled model, for {@link Dl4jEngine#importKeras}.
 *
 * <p>Keras' layouts become DL4J's here: a conv kernel {@code (kh, kw, C_in, F)} becomes {@code W [F, C_in, kh, kw]};
 * a Dense kernel {@code (in, units)} is DL4J's {@code W} as it is (after Flatten both use channels-last order, see
 * {@link HwcFlattenPreProcessor}); a depthwise kernel {@code (kh, kw, C, m)} is DL4J's depthwise {@code W} as it is
 * (a SeparableConv2D's pointwise kernel is a 1x1 conv kernel, see {@link Dl4jGraphBuilder}); batch normalisation keeps gamma, beta and the moving mean, and the moving
 * variance {@code v} as {@code log10(sqrt(v))}, DL4J's {@code log10stdev}.
 */
final class KerasWeightImport {

    private KerasWeightImport() {
    }

    /**
     * Writes each layer's Keras tensors into its DL4J layer; layers without weights are skipped.
     *
     * @param m a model compiled from the file's own model config; the caller synchronises on it
     * @param weights per layer of the model, its Keras tensors in Keras' order (kernel, bias; or gamma, beta, mean,
     *        variance)
     */
    static void copy(Dl4jModel m, List<List<KerasH5.Tensor>> weights) {
        List<LayerSpec> layers = m.spec().layers();
        for (int i = 0; i < layers.size(); i++) {
            List<KerasH5.Tensor> w = weights.get(i);
            if (w.isEmpty()) {
                continue;
            }
            Layer layer = m.weightLayer(i);
            LayerSpec s = layers.get(i);
            if (s instanceof LayerSpec.Conv2D) {
                copyConv(layer, w);
            } else if (s instanceof LayerSpec.DepthwiseConv2D) {
                // DL4J's depthwise W is [kh, kw, C, m], Keras' own layout
                layer.getParam("W").assign(Nd4j.create(w.get(0).values(), layer.getParam("W").shape(), 'c'));
                copyBias(layer, w);
            } else if (s instanceof LayerSpec.SeparableConv2D) {
                Layer dw = m.graphLayer(m.names().get(i) + "/depthwise");
                dw.getParam("W").assign(Nd4j.create(w.get(0).values(), dw.getParam("W").shape(), 'c'));
                copyConv(layer, w.subList(1, w.size())); // the pointwise kernel (1, 1, C*m, F), then the bias
            } else if (s instanceof LayerSpec.Dense) {
                int[] sh = w.get(0).shape();
                layer.getParam("W").assign(Nd4j.create(w.get(0).values(), new long[] {sh[0], sh[1]}, 'c'));
                copyBias(layer, w);
            } else if (s instanceof LayerSpec.BatchNormalization) {
                copyBatchNorm(layer, w);
            }
        }
    }

    /** Kernel {@code (kh, kw, in, out)} to {@code W [out, in, kh, kw]}, then the bias. */
    private static void copyConv(Layer layer, List<KerasH5.Tensor> w) {
        INDArray dst = layer.getParam("W");
        int[] sh = w.get(0).shape(); // kh, kw, in, out
        float[] src = w.get(0).values();
        int kh = sh[0];
        int kw = sh[1];
        int in = sh[2];
        int out = sh[3];
        float[] oihw = org.convscope.io.KernelLayout.hwioToOihw(src, kh, kw, in, out);
        dst.assign(Nd4j.create(oihw, new long[] {out, in, kh, kw}, 'c'));
        copyBias(layer, w);
    }

    /** The second tensor, where there is one, as the layer's {@code b}. */
    private static void copyBias(Layer layer, List<KerasH5.Tensor> w) {
        if (w.size() > 1) {
            layer.getParam("b").assign(Nd4j.create(w.get(1).values(), layer.getParam("b").shape(), 'c'));
        }
    }

    /** Gamma, beta and the moving mean as they are; the moving variance as {@code log10(sqrt(v))}. */
    private static void copyBatchNorm(Layer layer, List<KerasH5.Tensor> w) {
        long[] shape = layer.getParam("gamma").shape();
        layer.getParam("gamma").assign(Nd4j.create(w.get(0).values(), shape, 'c'));
        layer.getParam("beta").assign(Nd4j.create(w.get(1).values(), shape, 'c'));
        layer.getParam("mean").assign(Nd4j.create(w.get(2).values(), shape, 'c'));
        float[] var = w.get(3).values();
        float[] log10std = new float[var.length];
        for (int c = 0; c < var.length; c++) {
            // a zero variance stays finite: 10^(2 * -20) is far below any epsilon
            log10std[c] = (float) (0.5 * Math.log10(Math.max(var[c], 1e-40)));
        }
        layer.getParam("log10stdev").assign(Nd4j.create(log10std, shape, 'c'));
    }
}
