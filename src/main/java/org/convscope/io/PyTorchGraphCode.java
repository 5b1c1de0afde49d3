package org.convscope.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.model.Activation;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.TensorShape;

/**
 * Writes {@code model.py}'s {@code logits} body for graph models (and chains with the layers only graphs had): one
 * named local per layer ({@code x_conv1 = ...}) in {@link ModelGraph#order()}, so that a layer read by two others
 * (a residual shortcut) is computed once. Joins are {@code torch.add} and {@code torch.cat(dim=1)} (channels-first,
 * Keras' last axis); a depthwise convolution is {@code nn.Conv2d(C, C*dm, groups=C)} with output channel
 * {@code c*dm + m} as Keras'; a separable one is that depthwise convolution without bias ({@code _dw}) and a 1x1
 * convolution ({@code _pw}); global pooling is {@code mean/amax(dim=(2, 3))}; {@code ZeroPadding2D} is {@code F.pad};
 * Keras' {@code ReLU(max_value, negative_slope, threshold)} is a {@code clamp} or a {@code torch.where}.
 * The classic layers are written as {@link PyTorchModelCode} writes them in chains.
 */
final class PyTorchGraphCode {

    private PyTorchGraphCode() {
    }

    /** True when the model needs named locals: a graph, or a layer type the chain writer does not know. */
    static boolean needed(ModelSpec model) {
        return model.isGraph() || model.layers().stream().anyMatch(s -> !(s instanceof LayerSpec.Conv2D
                || s instanceof LayerSpec.Pooling2D || s instanceof LayerSpec.ActivationLayer
                || s instanceof LayerSpec.BatchNormalization || s instanceof LayerSpec.Dropout
                || s instanceof LayerSpec.Flatten || s instanceof LayerSpec.Dense));
    }

    /** The local that holds a layer's output ({@code -1}: the standardised input {@code x}). */
    static String local(List<LayerInfo> layers, int i) {
        return i < 0 ? "x" : "x_" + PyTorchModelCode.attribute(layers.get(i).name());
    }

    /**
     * Appends every layer's module (with its comment) to {@code init} and returns the lines of {@code logits} after
     * the standardisation, ending with {@code x = } the last layer's local.
     */
    static String body(ModelSpec model, List<LayerInfo> layers, StringBuilder init) {
        ModelGraph graph = ModelGraph.of(model);
        StringBuilder out = new StringBuilder();
        for (int i : graph.order()) {
            LayerInfo l = layers.get(i);
            boolean last = i == layers.size() - 1;
            List<String> ins = new ArrayList<>();
            for (int from : graph.inputsOf(i)) {
                ins.add(local(layers, from));
            }
            String me = local(layers, i);
            List<String> steps = new ArrayList<>();
            if (l.spec() instanceof LayerSpec.Add) {
                PyTorchModelCode.comment(l, init);
                String sum = ins.get(0);
                for (int k = 1; k < ins.size(); k++) {
                    sum = "torch.add(" + sum + ", " + ins.get(k) + ")";
                }
                out.append("        ").append(me).append(" = ").append(sum).append('\n');
                continue;
            }
            if (l.spec() instanceof LayerSpec.Concatenate) {
                PyTorchModelCode.comment(l, init);
                out.append("        ").append(me).append(" = torch.cat([").append(String.join(", ", ins))
                        .append("], dim=1)\n");
                continue;
            }
            if (!layer(l, last, init, steps)) {
                PyTorchModelCode.layer(l, last, init, steps);
            }
            String x = ins.get(0);
            for (String s : steps) {
                out.append("        ").append(me).append(" = ").append(s.replaceAll("\\bx\\b",
                        java.util.regex.Matcher.quoteReplacement(x))).append('\n');
                x = me;
            }
            if (steps.isEmpty()) {
                out.append("        ").append(me).append(" = ").append(x).append('\n');
            }
        }
        out.append("        x = ").append(local(layers, layers.size() - 1)).append('\n');
        return out.toString();
    }

    /** Writes the layers only graphs had; false for the classic ones. Steps read {@code x}, as the chain's do. */
    private static boolean layer(LayerInfo l, boolean last, StringBuilder init, List<String> steps) {
        String at = PyTorchModelCode.attribute(l.name());
        LayerSpec s = l.spec();
        if (s instanceof LayerSpec.DepthwiseConv2D d) {
            PyTorchModelCode.comment(l, init);
            int c = ((TensorShape.Spatial) l.input()).channels();
            conv(init, steps, at, l, c, c * d.depthMultiplier(), d.kernel().h(), d.kernel().w(), d.strides().h(),
                    d.strides().w(), d.padding(), c, d.useBias());
            PyTorchModelCode.activation(d.activation(), last, steps);
        } else if (s instanceof LayerSpec.SeparableConv2D d) {
            PyTorchModelCode.comment(l, init);
            int c = ((TensorShape.Spatial) l.input()).channels();
            int mid = c * d.depthMultiplier();
            conv(init, steps, at + "_dw", l, c, mid, d.kernel().h(), d.kernel().w(), d.strides().h(), d.strides().w(),
                    d.padding(), c, false);
            init.append(String.format(Locale.ROOT, "        self.%s_pw = nn.Conv2d(%d, %d, kernel_size=1, bias=%s)%n", at,
                    mid, d.filters(), d.useBias() ? "True" : "False"));
            steps.add("self." + at + "_pw(x)");
            PyTorchModelCode.activation(d.activation(), last, steps);
        } else if (s instanceof LayerSpec.GlobalPooling2D g) {
            PyTorchModelCode.comment(l, init);
            steps.add(g.kind() == LayerSpec.PoolKind.MAX ? "torch.amax(x, dim=(2, 3))" : "torch.mean(x, dim=(2, 3))");
        } else if (s instanceof LayerSpec.ZeroPadding2D z) {
            PyTorchModelCode.comment(l, init);
            steps.add("F.pad(x, (" + z.left() + ", " + z.right() + ", " + z.top() + ", " + z.bottom() + "))");
        } else if (s instanceof LayerSpec.ReLU r) {
            PyTorchModelCode.comment(l, init);
            steps.add(relu(r));
        } else if (s instanceof LayerSpec.LeakyReLU r) {
            PyTorchModelCode.comment(l, init);
            steps.add("F.leaky_relu(x, " + KerasCode.number(r.alpha()) + ")");
        } else if (s instanceof LayerSpec.Softmax) {
            PyTorchModelCode.comment(l, init);
            PyTorchModelCode.activation(Activation.SOFTMAX, last, steps);
        } else if (s instanceof LayerSpec.Rescaling r) {
            PyTorchModelCode.comment(l, init);
            steps.add("torch.add(torch.mul(x, " + KerasCode.number(r.scale()) + "), " + KerasCode.number(r.offset())
                    + ")");
        } else {
            return false;
        }
        return true;
    }

    /** Keras' ReLU: {@code min(x, max)} from the threshold up, {@code slope * (x - threshold)} below it. */
    static String relu(LayerSpec.ReLU r) {
        if (r.negativeSlope() == 0 && r.threshold() == 0) {
            return r.maxValue() == null ? "torch.relu(x)"
                    : "torch.clamp(x, 0.0, " + KerasCode.number(r.maxValue()) + ")";
        }
        String top = r.maxValue() == null ? "x" : "torch.clamp(x, max=" + KerasCode.number(r.maxValue()) + ")";
        return "torch.where(torch.ge(x, " + KerasCode.number(r.threshold()) + "), " + top + ", torch.mul(torch.sub(x, "
                + KerasCode.number(r.threshold()) + "), " + KerasCode.number(r.negativeSlope()) + "))";
    }

    /** A grouped convolution with Keras' padding (an explicit pad first where {@code same} is asymmetric). */
    private static void conv(StringBuilder init, List<String> steps, String at, LayerInfo l, int in, int out, int kh,
            int kw, int sh, int sw, org.convscope.core.model.Padding padding, int groups, boolean bias) {
        int[] pad = PyTorchModelCode.pads(padding, (TensorShape.Spatial) l.input(), kh, kw, sh, sw);
        boolean symmetric = pad[0] == pad[1] && pad[2] == pad[3];
        if (!symmetric) {
            init.append("        self.").append(at).append("_pad = Pad(").append(PyTorchModelCode.tuple(pad))
                    .append(", 0.0)\n");
            steps.add("self." + at + "_pad(x)");
        }
        init.append(String.format(Locale.ROOT, "        self.%s = nn.Conv2d(%d, %d, kernel_size=(%d, %d), stride=(%d, %d),"
                + " padding=(%d, %d), groups=%d, bias=%s)%n", at, in, out, kh, kw, sh, sw, symmetric ? pad[2] : 0,
                symmetric ? pad[0] : 0, groups, bias ? "True" : "False"));
        steps.add("self." + at + "(x)");
    }
}
