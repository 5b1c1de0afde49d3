package org.convscope.ui.canvas;

import static org.convscope.ui.common.I18n.tr;

import java.util.Locale;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.model.Activation;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.core.model.TensorShape;

/** Short human texts for layers and shapes on the canvas. */
final class LayerText {

    private LayerText() {
    }

    /** Returns {@code 30 x 30 x 32} or {@code 1024}. */
    static String shape(TensorShape shape) {
        if (shape instanceof TensorShape.Spatial s) {
            return s.height() + " x " + s.width() + " x " + s.channels();
        }
        return Long.toString(shape.elements());
    }

    /** Returns a one-line summary of a layer's arguments, e.g. {@code 32 filters 3x3, stride 1, valid, relu}. */
    static String arguments(LayerSpec spec) {
        if (spec instanceof LayerSpec.Conv2D c) {
            return tr("canvas.args.conv", c.filters(), c.kernel().text(), stride(c.strides()), padding(c.padding()))
                    + act(c.activation()) + (c.useBias() ? "" : ", " + tr("canvas.args.noBias"));
        } else if (spec instanceof LayerSpec.Pooling2D p) {
            return tr("canvas.args.pool", tr(p.kind() == LayerSpec.PoolKind.MAX ? "canvas.args.max" : "canvas.args.average"),
                    p.pool().text(), stride(p.strides()), padding(p.padding()));
        } else if (spec instanceof LayerSpec.ActivationLayer a) {
            return a.activation().keras() + ":  " + a.activation().formula();
        } else if (spec instanceof LayerSpec.BatchNormalization b) {
            return tr("canvas.args.batchNorm", b.momentum(), b.epsilon());
        } else if (spec instanceof LayerSpec.Dropout d) {
            return tr("canvas.args.dropout", String.format(Locale.ROOT, "%.0f", d.rate() * 100));
        } else if (spec instanceof LayerSpec.Dense d) {
            return tr("canvas.args.dense", d.units()) + act(d.activation()) + (d.useBias() ? "" : ", " + tr("canvas.args.noBias"));
        } else if (spec instanceof LayerSpec.Flatten) {
            return tr("canvas.args.flatten");
        }
        return graphArguments(spec);
    }

    /** The one-line summary of the layers of residual and MobileNet-style models. */
    private static String graphArguments(LayerSpec spec) {
        if (spec instanceof LayerSpec.DepthwiseConv2D d) {
            return tr("canvas.args.depthwise", d.kernel().text(), d.depthMultiplier(), stride(d.strides()),
                    padding(d.padding())) + act(d.activation());
        } else if (spec instanceof LayerSpec.SeparableConv2D s) {
            return tr("canvas.args.separable", s.kernel().text(), s.filters(), stride(s.strides()), padding(s.padding()))
                    + act(s.activation());
        } else if (spec instanceof LayerSpec.ZeroPadding2D z) {
            return tr("canvas.args.zeroPadding", z.top(), z.bottom(), z.left(), z.right());
        } else if (spec instanceof LayerSpec.ReLU r) {
            return "max(0, x)" + (r.maxValue() == null ? "" : " " + tr("canvas.args.reluCap", r.maxValue()))
                    + (r.negativeSlope() == 0 ? "" : ", " + tr("canvas.args.reluSlope", r.negativeSlope(), r.threshold()));
        } else if (spec instanceof LayerSpec.LeakyReLU l) {
            return tr("canvas.args.leakyRelu", l.alpha());
        } else if (spec instanceof LayerSpec.Rescaling r) {
            return "x * " + r.scale() + " + " + r.offset();
        } else if (spec instanceof LayerSpec.GlobalPooling2D g) {
            return tr("canvas.args.global", tr(g.kind() == LayerSpec.PoolKind.MAX ? "canvas.args.max" : "canvas.args.mean"));
        } else if (spec instanceof LayerSpec.Add) {
            return tr("canvas.args.add");
        } else if (spec instanceof LayerSpec.Concatenate) {
            return tr("canvas.args.concatenate");
        }
        return tr("canvas.args.softmax");
    }

    /** Returns the tooltip text: the output-size formula with the user's numbers. */
    static String formulaTooltip(LayerInfo info) {
        String f = info.formula().replace("; ", "\n");
        return info.input().keras() + " -> " + info.output().keras() + "\n" + f;
    }

    private static String stride(Size2 s) {
        return s.h() == s.w() ? Integer.toString(s.h()) : s.text();
    }

    private static String padding(Padding p) {
        return p instanceof Padding.Explicit e ? tr("canvas.args.padding", e.amount()) : p.keras();
    }

    private static String act(Activation a) {
        return a == Activation.LINEAR ? "" : ", " + a.keras();
    }
}
