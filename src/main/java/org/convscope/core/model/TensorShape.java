package org.convscope.core.model;

/**
 * The shape of one example's tensor as it flows between layers, without the batch axis.
 *
 * <p>Images are channels-last {@code (H, W, C)} as in Keras; after {@code Flatten} a tensor is a
 * vector {@code (N)}. Keras prints both with a leading {@code None} for the batch.
 */
public sealed interface TensorShape {

    /**
     * A channels-last image tensor {@code (H, W, C)}.
     *
     * @param height rows
     * @param width columns
     * @param channels channels (feature maps)
     */
    record Spatial(int height, int width, int channels) implements TensorShape {
        @Override public long elements() { return (long) height * width * channels; }
        @Override public String keras() { return "(None, " + height + ", " + width + ", " + channels + ")"; }
        @Override public int channelAxis() { return channels; }
    }

    /**
     * A flat vector {@code (N)}.
     *
     * @param length number of features
     */
    record Flat(long length) implements TensorShape {
        @Override public long elements() { return length; }
        @Override public String keras() { return "(None, " + length + ")"; }
        @Override public int channelAxis() { return (int) Math.min(Integer.MAX_VALUE, length); }
    }

    /** Returns the number of values in one example, {@code H*W*C} or {@code N}. */
    long elements();

    /** Returns the size of the last axis (channels, or the vector length). */
    int channelAxis();

    /** Returns the shape as Keras prints it, e.g. {@code (None, 30, 30, 32)}. */
    String keras();
}
