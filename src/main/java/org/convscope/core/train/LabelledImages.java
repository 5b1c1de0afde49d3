package org.convscope.core.train;

import org.convscope.core.conv.Volume;

/**
 * A read-only labelled image set for training, independent of where the images come from.
 *
 * <p>Images are {@code (H, W, C)} channels-last with values as the network should see them (for example
 * pixels divided by 255); labels are {@code 0 .. classCount() - 1}.
 */
public interface LabelledImages {

    /** Returns the number of images. */
    int size();

    /** Returns the image height in pixels. */
    int height();

    /** Returns the image width in pixels. */
    int width();

    /** Returns the number of channels. */
    int channels();

    /** Returns the number of classes. */
    int classCount();

    /** Returns the label of image {@code i}, in {@code 0 .. classCount() - 1}. */
    int label(int i);

    /**
     * Copies image {@code i} channels-last into {@code dst}: value {@code (r, c, ch)} goes to
     * {@code dst[offset + (r * width() + c) * channels() + ch]}.
     */
    void copyImage(int i, float[] dst, int offset);

    /** Returns image {@code i} as a volume. */
    default Volume image(int i) {
        int n = height() * width() * channels();
        float[] f = new float[n];
        copyImage(i, f, 0);
        double[] d = new double[n];
        for (int k = 0; k < n; k++) {
            d[k] = f[k];
        }
        return new Volume(height(), width(), channels(), d);
    }

    /**
     * Returns a set whose images are made on demand, e.g. occluded copies of one image.
     *
     * @param count number of images
     * @param height image height
     * @param width image width
     * @param channels channels
     * @param classCount number of classes
     * @param label the label of image {@code i}
     * @param image image {@code i}, {@code (height, width, channels)}
     */
    static LabelledImages of(int count, int height, int width, int channels, int classCount,
            java.util.function.IntUnaryOperator label, java.util.function.IntFunction<Volume> image) {
        return new LabelledImages() {
            @Override public int size() { return count; }
            @Override public int height() { return height; }
            @Override public int width() { return width; }
            @Override public int channels() { return channels; }
            @Override public int classCount() { return classCount; }
            @Override public int label(int i) { return label.applyAsInt(java.util.Objects.checkIndex(i, count)); }
            @Override public void copyImage(int i, float[] dst, int offset) {
                double[] v = image.apply(java.util.Objects.checkIndex(i, count)).values();
                for (int k = 0; k < v.length; k++) {
                    dst[offset + k] = (float) v[k];
                }
            }
        };
    }

    /** Returns the first {@code n} images (at most {@link #size()}) as a view. */
    default LabelledImages head(int n) {
        LabelledImages all = this;
        int count = Math.min(Math.max(n, 0), size());
        return new LabelledImages() {
            @Override public int size() { return count; }
            @Override public int height() { return all.height(); }
            @Override public int width() { return all.width(); }
            @Override public int channels() { return all.channels(); }
            @Override public int classCount() { return all.classCount(); }
            @Override public int label(int i) { return all.label(java.util.Objects.checkIndex(i, count)); }
            @Override public void copyImage(int i, float[] dst, int offset) {
                all.copyImage(java.util.Objects.checkIndex(i, count), dst, offset);
            }
        };
    }
}
