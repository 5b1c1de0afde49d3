package org.convscope.io;

import static org.convscope.core.text.CoreText.tr;

import org.convscope.core.model.TensorShape;
import org.convscope.core.train.InputNormalization;

/**
 * Per-channel arithmetic on the input before the first layer ({@code Sub}, {@code Div}, {@code Mul}, {@code Add} of
 * constants), as PyTorch exports {@code (x - mean) / std}, becomes ConvScope's input standardisation
 * {@code x' = (x - mean[c]) / std[c]} ({@link InputNormalization}).
 *
 * <p>The chain keeps {@code x' = (x - m) / s} per channel, starting from {@code m = 0, s = 1}; each op folds in:
 * {@code x' - k} gives {@code m += k s}, {@code x' + k} gives {@code m -= k s}, {@code x' / k} gives {@code s *= k},
 * {@code x' * k} gives {@code s /= k}. A constant is one value or one per channel ({@code (1, C, 1, 1)},
 * {@code (C, 1, 1)}); a scale that is not above 0 is refused, since ConvScope's standard deviations are.
 */
final class OnnxStandardize {

    private OnnxStandardize() {
    }

    /** True when {@code op} is input arithmetic this class reads: before the first layer, on the image. */
    static boolean applies(OnnxChain ch, OnnxGraph.Node n) {
        return ch.layers.isEmpty() && ch.shape instanceof TensorShape.Spatial
                && (n.op().equals("Sub") || n.op().equals("Div") || n.op().equals("Mul") || n.op().equals("Add"));
    }

    /** Folds the node into the chain's standardisation; null when taken in, else why not. */
    static String step(OnnxChain ch, OnnxGraph.Node n) {
        int channels = ((TensorShape.Spatial) ch.shape).channels();
        boolean commutes = n.op().equals("Mul") || n.op().equals("Add");
        String other = n.input(0).equals(ch.current) ? n.input(1) : commutes ? n.input(0) : null;
        if (other == null || !(n.input(0).equals(ch.current) || n.input(1).equals(ch.current))) {
            return tr("error.onnx.stdNotConstant", n.op());
        }
        OnnxGraph.Tensor c = ch.floats(other);
        double[] k = c == null ? null : perChannel(c, channels);
        if (k == null) {
            return tr("error.onnx.stdPerChannel", n.op(), channels);
        }
        double[] m = ch.inputMean == null ? new double[channels] : ch.inputMean.clone();
        double[] s = ch.inputStd == null ? ones(channels) : ch.inputStd.clone();
        for (int i = 0; i < channels; i++) {
            switch (n.op()) {
                case "Sub" -> m[i] += k[i] * s[i];
                case "Add" -> m[i] -= k[i] * s[i];
                case "Div" -> s[i] *= k[i];
                default -> s[i] /= k[i];
            }
            if (!(s[i] > 0) || !Double.isFinite(s[i]) || !Double.isFinite(m[i])) {
                return tr("error.onnx.stdScale", n.op(), k[i], i, s[i]);
            }
        }
        ch.inputMean = m;
        ch.inputStd = s;
        ch.pass(n);
        return null;
    }

    /** The standardisation the chain folded in, or null when there was none. */
    static InputNormalization result(OnnxChain ch) {
        return ch.inputMean == null ? null : new InputNormalization(ch.inputMean, ch.inputStd);
    }

    private static double[] perChannel(OnnxGraph.Tensor t, int channels) {
        long[] d = t.dims();
        float[] v = t.floats();
        boolean scalar = v.length == 1 && d.length <= 4;
        boolean nchw = d.length == 4 && d[0] == 1 && d[1] == channels && d[2] == 1 && d[3] == 1;
        boolean chw = d.length == 3 && d[0] == channels && d[1] == 1 && d[2] == 1;
        if (!scalar && !nchw && !chw || !scalar && v.length != channels) {
            return null;
        }
        double[] k = new double[channels];
        for (int i = 0; i < channels; i++) {
            k[i] = v[scalar ? 0 : i];
        }
        return k;
    }

    private static double[] ones(int n) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1);
        return v;
    }
}
