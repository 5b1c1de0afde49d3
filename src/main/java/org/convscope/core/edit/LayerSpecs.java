package org.convscope.core.edit;

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

    /** Returns a one-line explanation of a layer type, for the palette. */
    public static String explain(String type) {
        switch (type) {
            case "Conv2D": return "Slides small learned kernels over the image; each makes one feature map.";
            case "MaxPooling2D": return "Keeps the largest value of each window: smaller maps, strongest signals.";
            case "AveragePooling2D": return "Keeps the mean of each window: smaller, smoother maps.";
            case "Activation": return "Applies a function to every value, e.g. ReLU sets negatives to 0.";
            case "BatchNormalization": return "Rescales each channel to mean 0 and variance 1, then learns a scale and shift.";
            case "Dropout": return "While training, zeroes a random fraction of values so the net cannot rely on any one.";
            case "Flatten": return "Unrolls the H x W x C maps into one long vector for Dense layers.";
            case "Dense": return "Connects every input to every unit: a weighted sum plus bias per unit.";
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
        return spec;
    }

    /** Returns a copy of a Conv2D or pooling layer with another window (kernel or pool) size. */
    public static LayerSpec withWindow(LayerSpec spec, Size2 window) {
        if (spec instanceof LayerSpec.Conv2D c) {
            return new LayerSpec.Conv2D(c.userName(), c.filters(), window, c.strides(), c.padding(), c.activation(), c.useBias(),
                    c.dilation());
        } else if (spec instanceof LayerSpec.Pooling2D p) {
            return new LayerSpec.Pooling2D(p.userName(), p.kind(), window, p.strides(), p.padding());
        }
        return spec;
    }

    /** Returns a copy of a Conv2D or pooling layer with other strides. */
    public static LayerSpec withStrides(LayerSpec spec, Size2 strides) {
        if (spec instanceof LayerSpec.Conv2D c) {
            return new LayerSpec.Conv2D(c.userName(), c.filters(), c.kernel(), strides, c.padding(), c.activation(), c.useBias(),
                    c.dilation());
        } else if (spec instanceof LayerSpec.Pooling2D p) {
            return new LayerSpec.Pooling2D(p.userName(), p.kind(), p.pool(), strides, p.padding());
        }
        return spec;
    }

    /** Returns the window (kernel or pool size) of a Conv2D or pooling layer, or null. */
    public static Size2 window(LayerSpec spec) {
        if (spec instanceof LayerSpec.Conv2D c) {
            return c.kernel();
        } else if (spec instanceof LayerSpec.Pooling2D p) {
            return p.pool();
        }
        return null;
    }

    /** Returns the strides of a Conv2D or pooling layer, or null. */
    public static Size2 strides(LayerSpec spec) {
        if (spec instanceof LayerSpec.Conv2D c) {
            return c.strides();
        } else if (spec instanceof LayerSpec.Pooling2D p) {
            return p.strides();
        }
        return null;
    }

    /** Returns the padding of a Conv2D or pooling layer, or null. */
    public static Padding padding(LayerSpec spec) {
        if (spec instanceof LayerSpec.Conv2D c) {
            return c.padding();
        } else if (spec instanceof LayerSpec.Pooling2D p) {
            return p.padding();
        }
        return null;
    }
}
