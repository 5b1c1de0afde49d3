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
        }
        return "H x W x C -> one vector";
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
