package org.convscope.app;

import static org.convscope.core.text.CoreText.tr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.edit.ModelEdit;
import org.convscope.core.edit.ModelEdits;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.TensorShape;

/**
 * Whether a model can be trained on images with a number of classes, and if not why and, where one exists, an
 * undoable edit that makes it trainable. Images of another size are fitted to the model's input and a last Dense
 * layer with another number of units gets a new head (see {@link TrainingPipeline}); what is left is an input that
 * takes neither 1 (gray) nor 3 (RGB) channels, and a model that does not end in a Dense layer.
 *
 * @param problem what is wrong, for the user
 * @param fixLabel the fix in words (a button's text), or null when there is none
 * @param fix the fix, checked to give a valid, trainable model; null when there is none
 */
public record TrainingFit(String problem, String fixLabel, ModelEdit fix) {

    /**
     * Checks a model against data with {@code classes} classes and RGB images.
     *
     * @return empty if it can be trained as it is
     */
    public static Optional<TrainingFit> check(ModelSpec model, int classes) {
        ModelAnalysis analysis = ModelAnalyzer.analyze(model);
        if (!analysis.valid()) {
            return Optional.of(new TrainingFit(tr("fit.cannotBuild", analysis.problem().orElseThrow().describe()),
                    null, null));
        }
        InputSpec in = model.input();
        if (in.channels() != 1 && in.channels() != 3) {
            String label = tr("fit.channels.fix");
            ModelEdit edit = ModelEdits.setInput(new InputSpec(in.height(), in.width(), 3), label, null);
            return Optional.of(new TrainingFit(tr("fit.channels", in.channels()), label, trainable(model, edit, classes)));
        }
        List<LayerSpec> layers = model.layers();
        if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof LayerSpec.Dense)) {
            List<LayerSpec> added = new ArrayList<>();
            if (analysis.outputShape() instanceof TensorShape.Spatial) {
                added.add(new LayerSpec.Flatten(null));
            }
            added.add(new LayerSpec.Dense(null, classes, Activation.SOFTMAX, true));
            List<LayerSpec> all = new ArrayList<>(layers);
            all.addAll(added);
            String dense = String.format(Locale.ROOT, "Dense(%d, softmax)", classes);
            String label = added.size() == 2 ? tr("fit.head.fixFlatten", dense) : tr("fit.head.fix", dense);
            ModelEdit edit = ModelEdits.replaceAll(new ModelSpec(model.name(), model.description(), in, all), label);
            return Optional.of(new TrainingFit(tr("fit.head", classes, analysis.outputShape().keras()), label,
                    trainable(model, edit, classes)));
        }
        return Optional.empty();
    }

    /** Returns the edit if the model after it is valid and passes {@link #check}; else null. */
    private static ModelEdit trainable(ModelSpec model, ModelEdit edit, int classes) {
        try {
            ModelSpec after = edit.apply(model);
            return check(after, classes).isEmpty() ? edit : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
