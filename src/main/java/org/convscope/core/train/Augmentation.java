package org.convscope.core.train;

import java.util.Random;

/**
 * Random changes to training images, new for every image in every epoch, so the network cannot memorise exact
 * pixels: a horizontal flip with probability 1/2, and a shift by up to {@code maxShift} pixels in each direction
 * (cells moved in from outside are 0, as Keras' {@code fill_mode="constant"}).
 *
 * <p>Images are channels-last {@code (H, W, C)} float arrays. The same {@link Random} sequence gives the same
 * changes, so a training run stays reproducible per seed.
 *
 * @param flip mirror left-right with probability 1/2
 * @param maxShift largest shift in pixels, rows and columns independently, from {@code -maxShift} to
 *                 {@code +maxShift}; 0 for none
 */
public record Augmentation(boolean flip, int maxShift) {

    /** No changes. */
    public static final Augmentation NONE = new Augmentation(false, 0);

    /** The usual CIFAR-10 choice: flip, and shifts of up to 4 pixels (an eighth of 32). */
    public static final Augmentation FLIP_AND_SHIFT_4 = new Augmentation(true, 4);

    /** Checks the shift. */
    public Augmentation {
        if (maxShift < 0) {
            throw new IllegalArgumentException("the shift must be at least 0, got " + maxShift);
        }
    }

    /** Returns true if this changes nothing. */
    public boolean none() {
        return !flip && maxShift == 0;
    }

    /**
     * Changes one image in place.
     *
     * @param image {@code h * w * c} values, channels-last, from {@code offset}
     * @param offset where the image starts
     * @param h height
     * @param w width
     * @param c channels
     * @param random the source of the choices (two or three draws per image)
     * @param scratch at least {@code h * w * c} floats to work in
     */
    public void apply(float[] image, int offset, int h, int w, int c, Random random, float[] scratch) {
        if (none()) {
            return;
        }
        boolean mirror = flip && random.nextBoolean();
        int dy = maxShift == 0 ? 0 : random.nextInt(2 * maxShift + 1) - maxShift;
        int dx = maxShift == 0 ? 0 : random.nextInt(2 * maxShift + 1) - maxShift;
        if (!mirror && dy == 0 && dx == 0) {
            return;
        }
        int n = h * w * c;
        System.arraycopy(image, offset, scratch, 0, n);
        // output (r, col) takes input (r - dy, col' - dx), col' = the mirrored column when flipping
        for (int r = 0; r < h; r++) {
            int sr = r - dy;
            for (int col = 0; col < w; col++) {
                int sc = col - dx;
                int dst = offset + (r * w + col) * c;
                if (sr < 0 || sr >= h || sc < 0 || sc >= w) {
                    for (int ch = 0; ch < c; ch++) {
                        image[dst + ch] = 0f;
                    }
                } else {
                    int src = (sr * w + (mirror ? w - 1 - sc : sc)) * c;
                    System.arraycopy(scratch, src, image, dst, c);
                }
            }
        }
    }
}
