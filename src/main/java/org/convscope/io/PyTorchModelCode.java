package org.convscope.io;

import static org.convscope.core.text.CoreText.tr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.Activation;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.TensorShape;
import org.convscope.core.train.InputNormalization;

/**
 * Writes {@code model.py}: a PyTorch {@code nn.Module} that computes what the ConvScope chain computes, one attribute
 * per layer with a comment giving its output shape and parameter count.
 *
 * <p>PyTorch is channels-first: maps are {@code (N, C, H, W)} and {@code nn.Flatten} reads them in {@code (C, H, W)}
 * order, whereas ConvScope (like Keras) flattens {@code (H, W, C)}. The module flattens the PyTorch way, so the first
 * {@code nn.Linear} after a flatten has its input columns in {@code (C, H, W)} order; {@link PyTorchProject} reorders
 * ConvScope's Dense rows when it writes weights. Keras' {@code same} padding may put one more row or column after a
 * map than before it (stride above 1); that becomes an explicit pad. {@code same} max pooling pads with minus
 * infinity and {@code same} average pooling leaves the padding out of the mean, as Keras and ConvScope do (checked
 * against ConvScope's outputs by PyTorchExportTest); explicit padding is zeros, as in ConvScope.
 */
final class PyTorchModelCode {

    private PyTorchModelCode() {
    }

    /**
     * Names what PyTorch's module cannot express the way ConvScope computes it. Every layer of a valid ConvScope
     * chain and graph has a PyTorch form (see the class comment and {@link PyTorchGraphCode}); what is left is
     * refused by {@link org.convscope.core.model.EngineSupport#codeRefusal(ModelSpec, String)}.
     *
     * @param model the model
     * @return the reason, or empty when it can be written
     */
    static Optional<String> unsupported(ModelSpec model) {
        ModelAnalysis a = ModelAnalyzer.analyze(model);
        if (!a.valid()) {
            return Optional.of(tr("error.model.cannotBuild", a.problem().orElseThrow().describe()));
        }
        return org.convscope.core.model.EngineSupport.codeRefusal(model, "pytorch");
    }

    /** Returns a Python identifier for a layer name ({@code conv2d_1}, {@code my layer} to {@code my_layer}). */
    static String attribute(String name) {
        String s = name.replaceAll("[^A-Za-z0-9_]", "_");
        return Character.isDigit(s.isEmpty() ? '0' : s.charAt(0)) ? "l_" + s : s;
    }

    /**
     * Returns {@code model.py}.
     *
     * @param model the model ({@link #unsupported} empty)
     * @param normalization the input standardisation the model applies, or null
     */
    static String python(ModelSpec model, InputNormalization normalization) {
        ModelAnalysis a = ModelAnalyzer.analyze(model);
        StringBuilder init = new StringBuilder();
        List<String> steps = new ArrayList<>();
        List<LayerInfo> layers = a.layers();
        String graphBody = PyTorchGraphCode.needed(model) ? PyTorchGraphCode.body(model, layers, init) : null;
        for (LayerInfo l : graphBody == null ? layers : List.<LayerInfo>of()) {
            boolean last = l.index() == layers.size();
            layer(l, last, init, steps);
        }
        Activation lastActivation = lastActivation(model);
        StringBuilder out = new StringBuilder();
        out.append(PyTorchProject.resource("model_head.py")
                .replace("@NAME@", KerasCode.string(model.name()))
                .replace("@C@", Integer.toString(model.input().channels()))
                .replace("@H@", Integer.toString(model.input().height()))
                .replace("@W@", Integer.toString(model.input().width()))
                .replace("@CLASSES@", Long.toString(a.outputShape().elements()))
                .replace("@PARAMS@", Long.toString(a.totalParams()))
                .replace("@SOFTMAX@", lastActivation == Activation.SOFTMAX ? "True" : "False")
                .replace("@MEAN@", normalization == null ? "None" : list(normalization.mean()))
                .replace("@STD@", normalization == null ? "None" : list(normalization.std())));
        out.append(init);
        out.append("\n    def logits(self, x):\n");
        out.append("        \"\"\"The output before the last layer's softmax (the whole output when it has none).\"\"\"\n");
        out.append("        x = self.standardize(x)\n");
        if (graphBody != null) {
            out.append(graphBody);
        }
        for (String s : steps) {
            out.append("        x = ").append(s).append('\n');
        }
        out.append("        return x\n");
        out.append(PyTorchProject.resource("model_tail.py"));
        return out.toString();
    }

    static Activation lastActivation(ModelSpec m) {
        LayerSpec last = m.layers().get(m.layers().size() - 1);
        if (last instanceof LayerSpec.Softmax) {
            return Activation.SOFTMAX;
        }
        if (last instanceof LayerSpec.DepthwiseConv2D d) {
            return d.activation();
        }
        if (last instanceof LayerSpec.SeparableConv2D d) {
            return d.activation();
        }
        if (last instanceof LayerSpec.Dense d) {
            return d.activation();
        }
        if (last instanceof LayerSpec.Conv2D c) {
            return c.activation();
        }
        return last instanceof LayerSpec.ActivationLayer l ? l.activation() : Activation.LINEAR;
    }

    /** Appends a layer's module (with its comment) and its forward steps; the last softmax is left to forward(). */
    static void layer(LayerInfo l, boolean last, StringBuilder init, List<String> steps) {
        String at = attribute(l.name());
        comment(l, init);
        LayerSpec s = l.spec();
        if (s instanceof LayerSpec.Conv2D c) {
            TensorShape.Spatial in = (TensorShape.Spatial) l.input();
            int dh = c.dilation().h();
            int dw = c.dilation().w();
            int[] pad = pads(c.padding(), in, dh * (c.kernel().h() - 1) + 1, dw * (c.kernel().w() - 1) + 1,
                    c.strides().h(), c.strides().w());
            boolean symmetric = pad[0] == pad[1] && pad[2] == pad[3];
            if (!symmetric) {
                init.append("        self.").append(at).append("_pad = Pad(").append(tuple(pad)).append(", 0.0)\n");
                steps.add("self." + at + "_pad(x)");
            }
            init.append(String.format(Locale.ROOT, "        self.%s = nn.Conv2d(%d, %d, kernel_size=(%d, %d), stride=(%d, %d),"
                    + " padding=(%d, %d), bias=%s)%n", at, in.channels(), c.filters(), c.kernel().h(), c.kernel().w(),
                    c.strides().h(), c.strides().w(), symmetric ? pad[2] : 0, symmetric ? pad[0] : 0,
                    c.useBias() ? "True" : "False"));
            if (c.dilated()) {
                init.setLength(init.lastIndexOf(")"));
                init.append(", dilation=(").append(dh).append(", ").append(dw).append("))\n");
            }
            steps.add("self." + at + "(x)");
            activation(c.activation(), last, steps);
        } else if (s instanceof LayerSpec.Pooling2D p) {
            pooling(at, p, (TensorShape.Spatial) l.input(), init, steps);
        } else if (s instanceof LayerSpec.ActivationLayer act) {
            activation(act.activation(), last, steps);
        } else if (s instanceof LayerSpec.BatchNormalization b) {
            init.append(String.format(Locale.ROOT, "        self.%s = nn.BatchNorm%dd(%d, eps=%s, momentum=%s)"
                    + "  # PyTorch's momentum is 1 - Keras' %s%n", at, l.input() instanceof TensorShape.Flat ? 1 : 2,
                    l.input().channelAxis(), KerasCode.number(b.epsilon()), KerasCode.number(1 - b.momentum()),
                    KerasCode.number(b.momentum())));
            steps.add("self." + at + "(x)");
        } else if (s instanceof LayerSpec.Dropout d) {
            init.append("        self.").append(at).append(" = nn.Dropout(").append(KerasCode.number(d.rate())).append(")\n");
            steps.add("self." + at + "(x)");
        } else if (s instanceof LayerSpec.Flatten) {
            init.append("        # PyTorch flattens (C, H, W); ConvScope and Keras flatten (H, W, C): the next Linear's\n"
                    + "        # columns are in (C, H, W) order (the exporter reordered ConvScope's weights).\n");
            init.append("        self.").append(at).append(" = nn.Flatten()\n");
            steps.add("self." + at + "(x)");
        } else if (s instanceof LayerSpec.Dense d) {
            init.append("        self.").append(at).append(" = nn.Linear(").append(l.input().elements()).append(", ")
                    .append(d.units()).append(", bias=").append(d.useBias() ? "True" : "False").append(")\n");
            steps.add("self." + at + "(x)");
            activation(d.activation(), last, steps);
        }
    }

    /** The layer's comment: its number, name, type, output shape, parameters and formula. */
    static void comment(LayerInfo l, StringBuilder init) {
        init.append("        # ").append(l.index()).append(". ").append(l.name()).append(" (").append(l.spec().type())
                .append("): output ").append(chw(l.output())).append(", ").append(l.params()).append(" parameters")
                .append(l.formula().isEmpty() ? "" : "; " + l.formula().replace('\n', ' ')).append('\n');
    }

    private static void pooling(String at, LayerSpec.Pooling2D p, TensorShape.Spatial in, StringBuilder init,
            List<String> steps) {
        int[] pad = pads(p.padding(), in, p.pool().h(), p.pool().w(), p.strides().h(), p.strides().w());
        boolean padded = pad[0] + pad[1] + pad[2] + pad[3] > 0;
        boolean max = p.kind() == LayerSpec.PoolKind.MAX;
        String window = String.format(Locale.ROOT, "kernel_size=(%d, %d), stride=(%d, %d)", p.pool().h(), p.pool().w(),
                p.strides().h(), p.strides().w());
        if (padded && !max && p.padding() instanceof Padding.Same) {
            init.append("        self.").append(at).append(" = MeanPoolWithoutPadding(").append(tuple(pad)).append(", ")
                    .append(window).append(")\n");
            steps.add("self." + at + "(x)");
            return;
        }
        if (padded) {
            String value = max && p.padding() instanceof Padding.Same ? "float(\"-inf\")" : "0.0";
            init.append("        self.").append(at).append("_pad = Pad(").append(tuple(pad)).append(", ").append(value)
                    .append(")\n");
            steps.add("self." + at + "_pad(x)");
        }
        init.append("        self.").append(at).append(" = nn.").append(max ? "MaxPool2d(" : "AvgPool2d(").append(window)
                .append(")\n");
        steps.add("self." + at + "(x)");
    }

    static void activation(Activation a, boolean last, List<String> steps) {
        switch (a) {
            case RELU -> steps.add("torch.relu(x)");
            case SIGMOID -> steps.add("torch.sigmoid(x)");
            case TANH -> steps.add("torch.tanh(x)");
            case LEAKY_RELU -> steps.add("F.leaky_relu(x, 0.2)  # ConvScope's slope, Keras 3's default");
            case SOFTMAX -> {
                if (!last) {
                    steps.add("torch.softmax(x, dim=1)");
                }
            }
            default -> { }
        }
    }

    /** Keras' padding as {@code (left, right, top, bottom)}, F.pad's order. */
    static int[] pads(Padding padding, TensorShape.Spatial in, int kh, int kw, int sh, int sw) {
        if (padding instanceof Padding.Explicit e) {
            int p = e.amount();
            return new int[] {p, p, p, p};
        }
        if (!(padding instanceof Padding.Same)) {
            return new int[4];
        }
        int th = Math.max((ceilDiv(in.height(), sh) - 1) * sh + kh - in.height(), 0);
        int tw = Math.max((ceilDiv(in.width(), sw) - 1) * sw + kw - in.width(), 0);
        return new int[] {tw / 2, tw - tw / 2, th / 2, th - th / 2};
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static String chw(TensorShape s) {
        if (s instanceof TensorShape.Spatial sp) {
            return "(N, " + sp.channels() + ", " + sp.height() + ", " + sp.width() + ") = ConvScope's (H, W, C) ("
                    + sp.height() + ", " + sp.width() + ", " + sp.channels() + ")";
        }
        return "(N, " + s.elements() + ")";
    }

    static String tuple(int[] v) {
        return "(" + v[0] + ", " + v[1] + ", " + v[2] + ", " + v[3] + ")";
    }

    private static String list(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(KerasCode.number(v[i]));
        }
        return b.append(']').toString();
    }
}
