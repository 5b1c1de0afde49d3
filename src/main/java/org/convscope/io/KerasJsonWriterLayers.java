package org.convscope.io;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;

/** The Keras 2 arguments of the layers graph models brought, for {@link KerasJsonWriter}, as Keras writes them. */
final class KerasJsonWriterLayers {

    private KerasJsonWriterLayers() {
    }

    /** Returns a layer's padding when it has one (convolutions and pooling), else null. */
    static Padding padding(LayerSpec spec) {
        if (spec instanceof LayerSpec.Conv2D c) {
            return c.padding();
        } else if (spec instanceof LayerSpec.Pooling2D p) {
            return p.padding();
        } else if (spec instanceof LayerSpec.DepthwiseConv2D d) {
            return d.padding();
        } else if (spec instanceof LayerSpec.SeparableConv2D s) {
            return s.padding();
        }
        return null;
    }

    /**
     * Puts the arguments of a layer this class knows.
     *
     * @param c the layer's config object
     * @param spec the layer
     * @param padding its padding once explicit padding is split off, or null
     * @return false for the layers {@link KerasJsonWriter} writes itself
     */
    static boolean put(ObjectNode c, LayerSpec spec, Padding padding) {
        if (spec instanceof LayerSpec.DepthwiseConv2D d) {
            window(c, d.kernel(), d.strides(), padding);
            c.put("depth_multiplier", d.depthMultiplier());
            c.put("activation", d.activation().keras());
            c.put("use_bias", d.useBias());
            c.set("depthwise_initializer", KerasJsonWriter.initializer("GlorotUniform", true));
            c.set("bias_initializer", KerasJsonWriter.initializer("Zeros", false));
        } else if (spec instanceof LayerSpec.SeparableConv2D s) {
            c.put("filters", s.filters());
            window(c, s.kernel(), s.strides(), padding);
            c.put("depth_multiplier", s.depthMultiplier());
            c.put("activation", s.activation().keras());
            c.put("use_bias", s.useBias());
            c.set("depthwise_initializer", KerasJsonWriter.initializer("GlorotUniform", true));
            c.set("pointwise_initializer", KerasJsonWriter.initializer("GlorotUniform", true));
            c.set("bias_initializer", KerasJsonWriter.initializer("Zeros", false));
        } else if (spec instanceof LayerSpec.GlobalPooling2D) {
            c.put("data_format", "channels_last");
            c.put("keepdims", false);
        } else if (spec instanceof LayerSpec.ZeroPadding2D z) {
            ArrayNode pads = c.putArray("padding");
            pads.addArray().add(z.top()).add(z.bottom());
            pads.addArray().add(z.left()).add(z.right());
            c.put("data_format", "channels_last");
        } else if (spec instanceof LayerSpec.ReLU r) {
            if (r.maxValue() == null) {
                c.putNull("max_value");
            } else {
                c.put("max_value", r.maxValue());
            }
            c.put("negative_slope", r.negativeSlope());
            c.put("threshold", r.threshold());
        } else if (spec instanceof LayerSpec.LeakyReLU l) {
            c.put("alpha", l.alpha());
        } else if (spec instanceof LayerSpec.Softmax || spec instanceof LayerSpec.Concatenate) {
            c.put("axis", -1);
        } else if (spec instanceof LayerSpec.Rescaling r) {
            c.put("scale", r.scale());
            c.put("offset", r.offset());
        } else {
            return spec instanceof LayerSpec.Add;
        }
        return true;
    }

    private static void window(ObjectNode c, Size2 kernel, Size2 strides, Padding padding) {
        ModelJson.putPair(c, "kernel_size", kernel);
        ModelJson.putPair(c, "strides", strides);
        c.put("padding", padding.keras());
        c.put("data_format", "channels_last");
        ModelJson.putPair(c, "dilation_rate", Size2.square(1));
    }
}
