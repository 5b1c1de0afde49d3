package org.convscope.ui.canvas;

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
            return c.filters() + " filters " + c.kernel().text() + ", stride " + stride(c.strides()) + ", "
                    + padding(c.padding()) + act(c.activation()) + (c.useBias() ? "" : ", no bias");
        } else if (spec instanceof LayerSpec.Pooling2D p) {
            return (p.kind() == LayerSpec.PoolKind.MAX ? "max" : "average") + " of " + p.pool().text()
                    + ", stride " + stride(p.strides()) + ", " + padding(p.padding());
        } else if (spec instanceof LayerSpec.ActivationLayer a) {
            return a.activation().keras() + ":  " + a.activation().formula();
        } else if (spec instanceof LayerSpec.BatchNormalization b) {
            return "momentum " + b.momentum() + ", epsilon " + b.epsilon();
        } else if (spec instanceof LayerSpec.Dropout d) {
            return String.format(Locale.ROOT, "drops %.0f%% while training", d.rate() * 100);
        } else if (spec instanceof LayerSpec.Dense d) {
            return d.units() + " units" + act(d.activation()) + (d.useBias() ? "" : ", no bias");
        } else if (spec instanceof LayerSpec.Flatten) {
            return "H x W x C -> one vector";
        }
        return graphArguments(spec);
    }

    /** The one-line summary of the layers of residual and MobileNet-style models. */
    private static String graphArguments(LayerSpec spec) {
        if (spec instanceof LayerSpec.DepthwiseConv2D d) {
            return "one " + d.kernel().text() + " kernel per channel x " + d.depthMultiplier() + ", stride "
                    + stride(d.strides()) + ", " + padding(d.padding()) + act(d.activation());
        } else if (spec instanceof LayerSpec.SeparableConv2D s) {
            return "depthwise " + s.kernel().text() + " then 1x1 to " + s.filters() + " filters, stride "
                    + stride(s.strides()) + ", " + padding(s.padding()) + act(s.activation());
        } else if (spec instanceof LayerSpec.ZeroPadding2D z) {
            return "zeros: " + z.top() + " top, " + z.bottom() + " bottom, " + z.left() + " left, " + z.right() + " right";
        } else if (spec instanceof LayerSpec.ReLU r) {
            return "max(0, x)" + (r.maxValue() == null ? "" : " capped at " + r.maxValue())
                    + (r.negativeSlope() == 0 ? "" : ", slope " + r.negativeSlope() + " below " + r.threshold());
        } else if (spec instanceof LayerSpec.LeakyReLU l) {
            return "x if x > 0 else " + l.alpha() + "x";
        } else if (spec instanceof LayerSpec.Rescaling r) {
            return "x * " + r.scale() + " + " + r.offset();
        } else if (spec instanceof LayerSpec.GlobalPooling2D g) {
            return (g.kind() == LayerSpec.PoolKind.MAX ? "max" : "mean") + " of each whole map -> one vector";
        } else if (spec instanceof LayerSpec.Add) {
            return "adds its inputs, value by value";
        } else if (spec instanceof LayerSpec.Concatenate) {
            return "stacks its inputs' channels";
        }
        return "softmax over the last axis";
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
        return p instanceof Padding.Explicit e ? "padding " + e.amount() : p.keras();
    }

    private static String act(Activation a) {
        return a == Activation.LINEAR ? "" : ", " + a.keras();
    }
}
