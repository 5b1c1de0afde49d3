package org.convscope.core.model;

import static org.convscope.core.text.CoreText.tr;

import java.util.List;
import java.util.Optional;

/**
 * What the code writers can do with a model. The engine runs every layer ConvScope has, in chains and in graphs
 * (residual and MobileNet-style models), so only the writers refuse models; a model that is only partly shown
 * (cut at an unsupported layer of a file) is refused for whole-model tasks by {@code app.WholeModel}. The Keras code
 * and ONNX writers ({@code export --to keras|onnx}) know chains of the classic layers only ({@link #codeRefusal});
 * the PyTorch writer writes graphs and every layer type ({@link #codeRefusal(ModelSpec, String)}).
 */
public final class EngineSupport {

    private EngineSupport() {
    }

    /**
     * Returns why the code writers (Keras and PyTorch code, ONNX export) cannot write a model, or empty when they
     * can: they know chains of {@code Conv2D} without dilation, pooling, {@code Activation},
     * {@code BatchNormalization}, {@code Dropout}, {@code Flatten} and {@code Dense}.
     *
     * @param model the model
     * @return e.g. {@code "resnet20" is a graph model (its layers branch and join): the code writers know chains only.}
     */
    public static Optional<String> codeRefusal(ModelSpec model) {
        if (model.isGraph()) {
            return Optional.of(tr("error.export.graph", model.name()));
        }
        List<String> names = ModelGraph.names(model.layers());
        for (int i = 0; i < model.layers().size(); i++) {
            LayerSpec s = model.layers().get(i);
            boolean written = s instanceof LayerSpec.Conv2D c ? !c.dilated()
                    : s instanceof LayerSpec.Pooling2D || s instanceof LayerSpec.ActivationLayer
                    || s instanceof LayerSpec.BatchNormalization || s instanceof LayerSpec.Dropout
                    || s instanceof LayerSpec.Flatten || s instanceof LayerSpec.Dense;
            if (!written) {
                String what = s instanceof LayerSpec.Conv2D c ? tr("error.export.dilated", c.dilation().text())
                        : s.type();
                return Optional.of(tr("error.export.layer", i + 1, names.get(i), what));
            }
        }
        return Optional.empty();
    }

    /**
     * Returns why the code writer for {@code target} cannot write a model, or empty when it can. {@code pytorch}
     * writes graphs and every layer type (a {@code forward} in ModelGraph's run order) except a
     * {@code Concatenate} of flattened maps (the next Dense's rows would need reordering across the joined vectors);
     * {@code onnx} writes graphs too, with every layer type but dilated convolutions, {@code Rescaling} and a
     * {@code ReLU} with a negative slope or threshold (ConvScope's ONNX import could not read those back);
     * {@code keras} is as {@link #codeRefusal(ModelSpec)}.
     *
     * @param model the model
     * @param target {@code pytorch}, {@code keras} or {@code onnx}
     * @return the reason, or empty
     */
    public static Optional<String> codeRefusal(ModelSpec model, String target) {
        if (!"pytorch".equals(target) && !"onnx".equals(target)) {
            return codeRefusal(model);
        }
        if ("onnx".equals(target)) {
            List<String> names = ModelGraph.names(model.layers());
            for (int i = 0; i < model.layers().size(); i++) {
                LayerSpec s = model.layers().get(i);
                String what = s instanceof LayerSpec.Conv2D c && c.dilated() ? tr("error.export.dilated",
                        c.dilation().text()) : s instanceof LayerSpec.Rescaling ? "Rescaling"
                        : s instanceof LayerSpec.ReLU r && (r.negativeSlope() != 0 || r.threshold() != 0)
                        ? tr("error.export.reluSlope") : null;
                if (what != null) {
                    return Optional.of(tr("error.export.onnxLayer", i + 1, names.get(i), what));
                }
            }
        }
        boolean flattens = model.layers().stream().anyMatch(l -> l instanceof LayerSpec.Flatten);
        if (flattens && model.layers().stream().anyMatch(l -> l instanceof LayerSpec.Concatenate)) {
            return Optional.of(tr("error.export.concatFlatten", model.name(), target));
        }
        return Optional.empty();
    }
}
