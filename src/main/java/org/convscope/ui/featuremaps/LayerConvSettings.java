package org.convscope.ui.featuremaps;

import org.convscope.core.conv.ConvSettings;
import org.convscope.core.model.Activation;
import org.convscope.core.model.LayerSpec;

/**
 * How a rendered Conv2D layer applies one of its filters, as the stepper's {@link ConvSettings}: the layer's strides
 * and padding, the filter's bias and ReLU when that is the layer's activation (others are not applied), so that
 * stepping through the filter on the layer's input ends on the map's own values.
 */
final class LayerConvSettings {

    private LayerConvSettings() {
    }

    /**
     * The settings for filter {@code f} of the rendered layer.
     *
     * @param r the shown render, or null
     * @param f the filter's index; its bias is 0 when out of range
     * @return the settings, or null before a render or when the shown layer is not a Conv2D layer
     */
    static ConvSettings of(MapsRender.Result r, int f) {
        if (r == null || !(r.spec().layers().get(r.layer() - 1) instanceof LayerSpec.Conv2D c)) {
            return null;
        }
        double[] b = r.model().biases(r.layer());
        return ConvSettings.DEFAULT.withStrides(c.strides()).withPadding(c.padding())
                .withBias(f >= 0 && f < b.length ? b[f] : 0)
                .withRelu(c.activation() == Activation.RELU);
    }
}
