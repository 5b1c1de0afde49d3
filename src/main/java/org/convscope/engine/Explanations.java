package org.convscope.engine;

import java.util.List;
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
        double[] whole = engine.classify(model, images(List.of(image)), 1, cancel)[0];
        int target = classIndex;
        if (target < 0) {
            target = 0;
            for (int c = 1; c < whole.length; c++) {
                target = whole[c] > whole[target] ? c : target;
            }
        }
        if (target >= whole.length) {
            throw new IllegalArgumentException("the model has " + whole.length + " classes, not " + (target + 1));
        }
        int count = o.count();
        LabelledImages copies = new LabelledImages() {
            @Override public int size() { return count; }
            @Override public int height() { return image.height(); }
            @Override public int width() { return image.width(); }
            @Override public int channels() { return image.channels(); }
            @Override public int classCount() { return whole.length; }
            @Override public int label(int i) { return 0; }
            @Override public void copyImage(int i, float[] dst, int offset) {
                double[] v = o.occluded(image, i, fill).values();
                for (int k = 0; k < v.length; k++) {
                    dst[offset + k] = (float) v[k];
                }
            }
        };
        double[][] p = engine.classify(model, copies, 128, cancel);
        double[] target1 = new double[count];
        for (int k = 0; k < count; k++) {
            target1[k] = p[k][target];
        }
        return new OcclusionMap(target, whole[target], o.pixelMap(whole[target], target1));
    }

    private static LabelledImages images(List<Volume> volumes) {
        Volume first = volumes.get(0);
        return new LabelledImages() {
            @Override public int size() { return volumes.size(); }
            @Override public int height() { return first.height(); }
            @Override public int width() { return first.width(); }
            @Override public int channels() { return first.channels(); }
            @Override public int classCount() { return 1; }
            @Override public int label(int i) { return 0; }
            @Override public void copyImage(int i, float[] dst, int offset) {
                double[] v = volumes.get(i).values();
                for (int k = 0; k < v.length; k++) {
                    dst[offset + k] = (float) v[k];
                }
            }
        };
    }
}
