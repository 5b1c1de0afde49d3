package org.convscope.core.model;

/**
 * The model's input image, channels-last: {@code (height, width, channels)}.
 *
 * @param height rows in pixels
 * @param width columns in pixels
 * @param channels 1 for grayscale, 3 for RGB
 */
public record InputSpec(int height, int width, int channels) {

    /** Returns the input as a tensor shape. */
    public TensorShape.Spatial shape() {
        return new TensorShape.Spatial(height, width, channels);
    }
}
