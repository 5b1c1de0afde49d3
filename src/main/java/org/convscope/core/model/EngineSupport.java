package org.convscope.core.model;

import java.util.List;
import java.util.Optional;

/**
 * What the engine can run today: chains of {@code Conv2D} (without dilation), pooling, {@code Activation},
 * {@code BatchNormalization}, {@code Dropout}, {@code Flatten} and {@code Dense}. Graph models and the layers of
 * residual and MobileNet-style models can be opened, edited and summarised, but not yet trained or run; everything
 * that would run them asks here first, so that such a model is refused with the reason and never run as a chain.
 */
public final class EngineSupport {

    private EngineSupport() {
    }

    /**
     * Returns why the engine cannot run a model, or empty when it can.
     *
     * @param model the model
     * @return e.g. {@code "resnet20" is a graph model (its layers branch and join): graph models can be viewed but
     *     not yet run.}
     */
    public static Optional<String> refusal(ModelSpec model) {
        if (model.isGraph()) {
            return Optional.of("\"" + model.name() + "\" is a graph model (its layers branch and join): graph models"
                    + " can be viewed but not yet run. Its summary, shapes and parameters are all available.");
        }
        List<String> names = ModelGraph.names(model.layers());
        for (int i = 0; i < model.layers().size(); i++) {
            LayerSpec s = model.layers().get(i);
            boolean runs = s instanceof LayerSpec.Conv2D c ? !c.dilated()
                    : s instanceof LayerSpec.Pooling2D || s instanceof LayerSpec.ActivationLayer
                    || s instanceof LayerSpec.BatchNormalization || s instanceof LayerSpec.Dropout
                    || s instanceof LayerSpec.Flatten || s instanceof LayerSpec.Dense;
            if (!runs) {
                String what = s instanceof LayerSpec.Conv2D c ? "Conv2D with dilation_rate " + c.dilation().text()
                        : s.type();
                return Optional.of("layer " + (i + 1) + " (" + names.get(i) + ", " + what + ") can be viewed but not"
                        + " yet run: the engine does not have this layer yet. Its summary, shapes and parameters are"
                        + " all available.");
            }
        }
        return Optional.empty();
    }
}
