package org.convscope.engine;

import static org.convscope.core.text.CoreText.tr;

import org.convscope.core.conv.Volume;
import org.convscope.core.explain.GradCam;
import org.convscope.core.explain.Occlusion;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.core.train.LabelledImages;

/**
 * Explanations of a prediction computed with any {@link Engine}: what the model looked at.
 */
public final class Explanations {

    private Explanations() {
    }

    /**
     * An occlusion map: the class's probability for the whole image, and for every pixel the mean drop when the
     * patches covering it are greyed out.
     *
     * @param classIndex the class explained
     * @param probability its probability for the whole image
     * @param drops {@code [H][W]} mean drops; positive where hiding lowers the probability
     */
    public record OcclusionMap(int classIndex, double probability, double[][] drops) {
    }

    /**
     * Computes an occlusion map with the engine, classifying all occluded copies in batches.
     *
     * @param engine the engine
     * @param model a model ending in a Dense layer (class probabilities)
     * @param image the model's input {@code (H, W, C)}, as the feature maps get it (pixels 0-1)
     * @param classIndex the class to explain, or -1 for the most likely one
     * @param patch patch side in pixels
     * @param stride step between patch positions
     * @param fill the grey the patch is filled with (0.5: mid grey)
     * @param cancel checked between batches
     * @return the map
     */
    public static OcclusionMap occlusion(Engine engine, CompiledModel model, Volume image, int classIndex, int patch,
            int stride, double fill, CancelToken cancel) {
        Occlusion o = new Occlusion(image.height(), image.width(), patch, stride);
        int h = image.height();
        int w = image.width();
        int c = image.channels();
        double[] whole = engine.classify(model, LabelledImages.of(1, h, w, c, 1, i -> 0, i -> image), 1, cancel)[0];
        int target = classIndex;
        if (target < 0) {
            target = 0;
            for (int k = 1; k < whole.length; k++) {
                target = whole[k] > whole[target] ? k : target;
            }
        }
        if (target >= whole.length) {
            throw new IllegalArgumentException(tr("error.engine.classes", whole.length, target + 1));
        }
        int count = o.count();
        LabelledImages copies = LabelledImages.of(count, h, w, c, whole.length, i -> 0, i -> o.occluded(image, i, fill));
        double[][] p = engine.classify(model, copies, 128, cancel);
        double[] hidden = new double[count];
        for (int k = 0; k < count; k++) {
            hidden[k] = p[k][target];
        }
        return new OcclusionMap(target, whole[target], o.pixelMap(whole[target], hidden));
    }

    /**
     * A Grad-CAM map: the class, its probability, the layer it was read at, and the maps of {@link GradCam}.
     *
     * @param classIndex the class explained
     * @param probability its probability for the image
     * @param layer 1-based index of the layer
     * @param layerName its name
     * @param cam the channel weights, the coarse map and the map enlarged to the image
     */
    public record GradCamMap(int classIndex, double probability, int layer, String layerName, GradCam cam) {
    }

    /**
     * Returns the layer Grad-CAM reads by default: the last Conv2D layer, or the batch normalisation and activation
     * layers right after it (so the maps are the ones the next layer sees). In a graph model (branches, joins) it is
     * the last image-shaped layer that every path to the output goes through, found by walking back from the output
     * while each layer has one input (passing pooling, dropout and 1x1 maps): for a ResNet the last block's output
     * after its Add, not a layer inside one branch (a projection shortcut is often listed last); where no such layer
     * exists, the chain rule applies.
     *
     * @param model the model
     * @return a 1-based layer index, or -1 when the model has no Conv2D layer
     */
    public static int lastConvLayer(CompiledModel model) {
        if (model.spec().isGraph()) {
            int shared = lastSharedMaps(model.spec());
            if (shared > 0) {
                return shared;
            }
        }
        var layers = model.spec().layers();
        int found = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof LayerSpec.Conv2D) {
                found = i;
                while (found + 1 < layers.size() - 1 && (layers.get(found + 1) instanceof LayerSpec.ActivationLayer
                        || layers.get(found + 1) instanceof LayerSpec.BatchNormalization)) {
                    found++;
                }
                i = found;
            }
        }
        return found < 0 ? -1 : found + 1;
    }

    /**
     * The 1-based last image-shaped layer on the single path back from the output, or -1; pooling, dropout and
     * 1x1 maps (a one-cell Grad-CAM shows nothing) are passed by, as the chain rule passes pooling.
     */
    private static int lastSharedMaps(org.convscope.core.model.ModelSpec spec) {
        var analysis = org.convscope.core.analysis.ModelAnalyzer.analyze(spec);
        var graph = org.convscope.core.model.ModelGraph.of(spec);
        int i = spec.layers().size() - 1;
        while (i >= 0 && i < analysis.layers().size()) {
            LayerSpec s = spec.layers().get(i);
            if (analysis.layers().get(i).output() instanceof org.convscope.core.model.TensorShape.Spatial sp
                    && sp.height() * sp.width() > 1 && !(s instanceof LayerSpec.Pooling2D)
                    && !(s instanceof LayerSpec.Dropout)) {
                return i + 1;
            }
            var inputs = graph.inputsOf(i);
            if (inputs.size() != 1) {
                return -1;
            }
            i = inputs.get(0);
        }
        return -1;
    }

    /**
     * Computes a Grad-CAM map with the engine: one forward and one backward pass.
     *
     * @param engine the engine
     * @param model a model ending in a Dense layer (class scores)
     * @param image the model's input {@code (H, W, C)}, as the feature maps get it (pixels 0-1)
     * @param classIndex the class to explain, or -1 for the most likely one
     * @param layer 1-based index of an image-shaped layer, or 0 for {@link #lastConvLayer}
     * @return the map
     * @throws IllegalArgumentException if the model has no such layer or no class scores
     */
    public static GradCamMap gradCam(Engine engine, CompiledModel model, Volume image, int classIndex, int layer) {
        int at = layer == 0 ? lastConvLayer(model) : layer;
        if (at < 0) {
            throw new IllegalArgumentException(tr("error.engine.gradCamNeedsConv"));
        }
        ClassGradient g = engine.classGradient(model, image, at, classIndex);
        GradCam cam = GradCam.of(g.activation(), g.gradient(), image.height(), image.width());
        return new GradCamMap(g.classIndex(), g.probabilities()[g.classIndex()], at, g.layerName(), cam);
    }
}
