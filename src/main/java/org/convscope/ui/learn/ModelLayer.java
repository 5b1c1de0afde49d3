package org.convscope.ui.learn;

import static org.convscope.ui.common.I18n.tr;

import java.util.List;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.Activation;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;

/**
 * "One layer of the model on the Build screen with its current weights": the first Conv2D layer of the session's
 * model, its kernels and biases as the session has them now (trained or loaded, else the fresh weights of seed 42
 * every screen shows), of which the Learn screen's network follows one kernel.
 *
 * <p>The Learn network has one gray input channel. A kernel {@code K (kh, kw, C)} slid over a gray image
 * ({@code R = G = B = X}) gives {@code sum_c K[:, :, c] (*) X = (sum_c K[:, :, c]) (*) X}: on a gray image the
 * kernel acts as the sum of its channel slices, which is the kernel the Learn screen uses.
 *
 * @param layerNumber the layer's 1-based position in the model
 * @param layerName its name, e.g. {@code conv2d}
 * @param filters its kernels, each {@code (kh, kw, C)}
 * @param biases one per kernel (zeros when the layer has no bias)
 * @param strides its strides
 * @param padding its padding
 * @param relu whether its activation is ReLU
 * @param weightsLabel which weights these are, e.g. {@code run 1, after epoch 10}
 */
record ModelLayer(int layerNumber, String layerName, Volume[] filters, double[] biases, Size2 strides,
                  Padding padding, boolean relu, String weightsLabel) {

    /** Returns the 1-based number of the model's first Conv2D layer, or -1 when it has none. */
    static int firstConv(ModelSpec spec) {
        List<LayerSpec> layers = spec.layers();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof LayerSpec.Conv2D) {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * Takes the first Conv2D layer of a built network.
     *
     * @param network the model with the weights to take
     * @param weightsLabel which weights they are
     * @throws IllegalArgumentException when the model has no Conv2D layer or its strides differ across the axes
     */
    static ModelLayer of(org.convscope.engine.CompiledModel network, String weightsLabel) {
        ModelSpec spec = network.spec();
        int n = firstConv(spec);
        if (n < 0) {
            throw new IllegalArgumentException(tr("learn.noConv"));
        }
        LayerSpec.Conv2D c = (LayerSpec.Conv2D) spec.layers().get(n - 1);
        if (c.strides().h() != c.strides().w() || c.dilation().h() != 1 || c.dilation().w() != 1) {
            throw new IllegalArgumentException(tr(c.dilation().h() != 1 ? "learn.model.stridesDilation"
                    : "learn.model.strides", c.strides().h(), c.strides().w()));
        }
        Volume[] f = network.filters(n);
        double[] b = network.biases(n);
        return new ModelLayer(n, ModelAnalyzer.layerNames(spec).get(n - 1), f,
                b.length == f.length ? b : new double[f.length], c.strides(), c.padding(),
                c.activation() == Activation.RELU, weightsLabel);
    }

    /** The number of kernels. */
    int kernels() {
        return filters.length;
    }

    /**
     * Returns kernel {@code number} as the gray network uses it: {@code K[i][j] = sum_c F[i][j][c]}.
     *
     * @param number 1-based, clamped to the kernels there are
     */
    double[][] kernel(int number) {
        Volume v = filters[clamp(number) - 1];
        double[][] k = new double[v.height()][v.width()];
        for (int i = 0; i < v.height(); i++) {
            for (int j = 0; j < v.width(); j++) {
                for (int ch = 0; ch < v.channels(); ch++) {
                    k[i][j] += v.get(i, j, ch);
                }
            }
        }
        return k;
    }

    /** Returns kernel {@code number}'s bias (1-based, clamped). */
    double bias(int number) {
        return biases[clamp(number) - 1];
    }

    /** Clamps a 1-based kernel number to {@code 1 .. kernels()}. */
    int clamp(int number) {
        return Math.max(1, Math.min(kernels(), number));
    }

    /**
     * The line under the picker: which kernel, which weights, and that the others exist, e.g. {@code conv2d (layer 1),
     * kernel 3 of 32, 3x3 over 3 channels, weights: run 1, after epoch 10. ...}.
     */
    String note(int number) {
        int k = clamp(number);
        Volume v = filters[k - 1];
        String channels = v.channels() == 1 ? "" : " " + tr("learn.model.channels", v.channels());
        int others = kernels() - 1;
        String rest = others == 0 ? "" : " " + tr(others == 1 ? "learn.model.other" : "learn.model.others", others, k);
        return tr("learn.model.note", layerName, layerNumber, k, kernels(), v.height(), v.width(), channels,
                weightsLabel, rest);
    }
}
