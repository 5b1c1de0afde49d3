package org.convscope.engine;

import org.convscope.core.conv.Volume;

/**
 * A layer's output for one image and the gradient of one class's score with respect to it, as
 * {@link Engine#classGradient} computes them; the input of Grad-CAM ({@link org.convscope.core.explain.GradCam}).
 *
 * @param layer 1-based index of the layer
 * @param layerName the layer's name
 * @param classIndex the class whose score was differentiated
 * @param activation the layer's output {@code A}, {@code (h, w, k)}
 * @param gradient {@code dy^c / dA}, the same shape
 * @param probabilities the model's class probabilities for the image
 */
public record ClassGradient(int layer, String layerName, int classIndex, Volume activation, Volume gradient,
        double[] probabilities) {
}
