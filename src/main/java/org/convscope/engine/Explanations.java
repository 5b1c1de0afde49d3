package org.convscope.engine;

import org.convscope.core.conv.Volume;
import org.convscope.core.explain.Occlusion;
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
            throw new IllegalArgumentException("the model has " + whole.length + " classes, not " + (target + 1));
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
}
