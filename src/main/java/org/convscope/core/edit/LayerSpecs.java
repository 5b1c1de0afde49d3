package org.convscope.core.edit;

import static org.convscope.core.text.CoreText.tr;

import org.convscope.core.model.Activation;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;

/** Layer defaults for the palette, and copies of a layer with one argument changed. */
public final class LayerSpecs {

    private LayerSpecs() {
    }

    /** The layer types the palette offers, in order. */
    public static final String[] PALETTE = {"Conv2D", "MaxPooling2D", "AveragePooling2D", "Activation",
        "BatchNormalization", "Dropout", "Flatten", "Dense"};

    /**
     * Returns a new layer of the given Keras type with sensible teaching defaults.
     *
     * @param type one of {@link #PALETTE}
     * @return the layer
     * @throws IllegalArgumentException for an unknown type
     */
    public static LayerSpec create(String type) {
        switch (type) {
            case "Conv2D": return new LayerSpec.Conv2D(null, 32, Size2.square(3), Size2.square(1), Padding.VALID,
                    Activation.RELU, true);
            case "MaxPooling2D": return new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.MAX, Size2.square(2),
                    Size2.square(2), Padding.VALID);
            case "AveragePooling2D": return new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.AVERAGE, Size2.square(2),
                    Size2.square(2), Padding.VALID);
            case "Activation": return new LayerSpec.ActivationLayer(null, Activation.RELU);
            case "BatchNormalization": return new LayerSpec.BatchNormalization(null,
                    LayerSpec.BatchNormalization.DEFAULT_MOMENTUM, LayerSpec.BatchNormalization.DEFAULT_EPSILON);
            case "Dropout": return new LayerSpec.Dropout(null, 0.5);
            case "Flatten": return new LayerSpec.Flatten(null);
            case "Dense": return new LayerSpec.Dense(null, 64, Activation.RELU, true);
            default: throw new IllegalArgumentException("unknown layer type " + type);
        }
    }

    /** Returns a one-line explanation of a layer type, for the palette, in the JVM's language. */
    public static String explain(String type) {
        switch (type) {
            case "Conv2D": return tr("palette.Conv2D");
            case "MaxPooling2D": return tr("palette.MaxPooling2D");
            case "AveragePooling2D": return tr("palette.AveragePooling2D");
            case "Activation": return tr("palette.Activation");
            case "BatchNormalization": return tr("palette.BatchNormalization");
            case "Dropout": return tr("palette.Dropout");
            case "Flatten": return tr("palette.Flatten");
            case "Dense": return tr("palette.Dense");
            default: return "";
        }
    }

    /** Returns a copy of {@code spec} with another user name (null for automatic). */
    public static LayerSpec withName(LayerSpec spec, String name) {
        if (spec instanceof LayerSpec.Conv2D c) {
            return new LayerSpec.Conv2D(name, c.filters(), c.kernel(), c.strides(), c.padding(), c.activation(), c.useBias(),
                    c.dilation());
        } else if (spec instanceof LayerSpec.Pooling2D p) {
            return new LayerSpec.Pooling2D(name, p.kind(), p.pool(), p.strides(), p.padding());
        } else if (spec instanceof LayerSpec.ActivationLayer a) {
            return new LayerSpec.ActivationLayer(name, a.activation());
        } else if (spec instanceof LayerSpec.BatchNormalization b) {
            return new LayerSpec.BatchNormalization(name, b.momentum(), b.epsilon());
        } else if (spec instanceof LayerSpec.Dropout d) {
            return new LayerSpec.Dropout(name, d.rate());
        } else if (spec instanceof LayerSpec.Dense d) {
            return new LayerSpec.Dense(name, d.units(), d.activation(), d.useBias());
        }
        return spec.withUserName(name);
    }

    /** Returns a copy of a Conv2D or pooling layer with another padding; other layers unchanged. */
    public static LayerSpec withPadding(LayerSpec spec, Padding padding) {
        if (spec instanceof LayerSpec.Conv2D c) {
            return new LayerSpec.Conv2D(c.userName(), c.filters(), c.kernel(), c.strides(), padding, c.activation(), c.useBias(),
                    c.dilation());
        } else if (spec instanceof LayerSpec.Pooling2D p) {
            return new LayerSpec.Pooling2D(p.userName(), p.kind(), p.pool(), p.strides(), padding);
        }
        return Depthwise.with(spec, null, null, padding);
    }

    /** Returns a copy of a Conv2D or pooling layer with another window (kernel or pool) size. */
    public static LayerSpec withWindow(LayerSpec spec, Size2 window) {
        if (spec instanceof LayerSpec.Conv2D c) {
            return new LayerSpec.Conv2D(c.userName(), c.filters(), window, c.strides(), c.padding(), c.activation(), c.useBias(),
                    c.dilation());
        } else if (spec instanceof LayerSpec.Pooling2D p) {
            return new LayerSpec.Pooling2D(p.userName(), p.kind(), window, p.strides(), p.padding());
        }
        return Depthwise.with(spec, window, null, null);
    }

    /** Returns a copy of a Conv2D or pooling layer with other strides. */
    public static LayerSpec withStrides(LayerSpec spec, Size2 strides) {
        if (spec instanceof LayerSpec.Conv2D c) {
            return new LayerSpec.Conv2D(c.userName(), c.filters(), c.kernel(), strides, c.padding(), c.activation(), c.useBias(),
                    c.dilation());
        } else if (spec instanceof LayerSpec.Pooling2D p) {
            return new LayerSpec.Pooling2D(p.userName(), p.kind(), p.pool(), strides, p.padding());
        }
        return Depthwise.with(spec, null, strides, null);
    }

    /** Returns the window (kernel or pool size) of a Conv2D or pooling layer, or null. */
    public static Size2 window(LayerSpec spec) {
        if (spec instanceof LayerSpec.Conv2D c) {
            return c.kernel();
        } else if (spec instanceof LayerSpec.Pooling2D p) {
            return p.pool();
        }
        return spec instanceof LayerSpec.DepthwiseConv2D d ? d.kernel()
                : spec instanceof LayerSpec.SeparableConv2D s ? s.kernel() : null;
    }

    /** Returns the strides of a Conv2D or pooling layer, or null. */
    public static Size2 strides(LayerSpec spec) {
        if (spec instanceof LayerSpec.Conv2D c) {
            return c.strides();
        } else if (spec instanceof LayerSpec.Pooling2D p) {
            return p.strides();
        }
        return spec instanceof LayerSpec.DepthwiseConv2D d ? d.strides()
                : spec instanceof LayerSpec.SeparableConv2D s ? s.strides() : null;
    }

    /** Returns the padding of a Conv2D or pooling layer, or null. */
    public static Padding padding(LayerSpec spec) {
        if (spec instanceof LayerSpec.Conv2D c) {
            return c.padding();
        } else if (spec instanceof LayerSpec.Pooling2D p) {
            return p.padding();
        }
        return spec instanceof LayerSpec.DepthwiseConv2D d ? d.padding()
                : spec instanceof LayerSpec.SeparableConv2D s ? s.padding() : null;
    }

    /** Copies of depthwise and separable convolutions with another window, strides or padding (null keeps it). */
    private static final class Depthwise {
        static LayerSpec with(LayerSpec spec, Size2 window, Size2 strides, Padding padding) {
            if (spec instanceof LayerSpec.DepthwiseConv2D d) {
                return new LayerSpec.DepthwiseConv2D(d.userName(), window != null ? window : d.kernel(),
                        strides != null ? strides : d.strides(), padding != null ? padding : d.padding(),
                        d.depthMultiplier(), d.activation(), d.useBias());
            } else if (spec instanceof LayerSpec.SeparableConv2D s) {
                return new LayerSpec.SeparableConv2D(s.userName(), s.filters(), window != null ? window : s.kernel(),
                        strides != null ? strides : s.strides(), padding != null ? padding : s.padding(),
                        s.depthMultiplier(), s.activation(), s.useBias());
            }
            return spec;
        }
    }
}
