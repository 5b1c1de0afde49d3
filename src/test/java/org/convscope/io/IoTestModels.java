package org.convscope.io;

import java.util.List;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;

/** Models shared by the export tests. */
final class IoTestModels {

    private IoTestModels() {
    }

    /** Returns a preset by id, failing the test if it is missing. */
    static ModelSpec preset(String id) {
        return Presets.find(id).orElseThrow(() -> new AssertionError("no preset " + id));
    }

    /**
     * A valid 40x36x3 model that uses every layer kind and option: explicit, same and valid padding,
     * uneven strides, both pooling kinds, every activation, no-bias layers, user names with quotes,
     * batch normalisation and dropout both before and after Flatten.
     */
    static ModelSpec everyKind() {
        return new ModelSpec("every \"kind\" of layer", "", new InputSpec(40, 36, 3), List.of(
                new LayerSpec.Conv2D("stem \"a\"", 8, new Size2(3, 5), new Size2(1, 2), Padding.of(2),
                        Activation.RELU, true),
                new LayerSpec.BatchNormalization(null, 0.9, 1e-5),
                new LayerSpec.ActivationLayer(null, Activation.LEAKY_RELU),
                new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.AVERAGE, Size2.square(2), Size2.square(2), Padding.of(1)),
                new LayerSpec.Conv2D(null, 16, Size2.square(3), Size2.square(2), Padding.SAME, Activation.TANH, false),
                new LayerSpec.Pooling2D("pool", LayerSpec.PoolKind.MAX, Size2.square(3), Size2.square(1), Padding.SAME),
                new LayerSpec.Dropout(null, 0.25),
                new LayerSpec.Conv2D(null, 4, Size2.square(1), Size2.square(1), Padding.VALID, Activation.SIGMOID, true),
                new LayerSpec.Flatten(null),
                new LayerSpec.BatchNormalization("bn_flat", 0.99, 0.001),
                new LayerSpec.Dropout(null, 0.2),
                new LayerSpec.Dense(null, 32, Activation.LINEAR, false),
                new LayerSpec.ActivationLayer(null, Activation.RELU),
                new LayerSpec.Dense("head", 5, Activation.SOFTMAX, true)));
    }
}
