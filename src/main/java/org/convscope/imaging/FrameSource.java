package org.convscope.imaging;

import java.awt.image.BufferedImage;

/** A sequence of pictures of one size, drawn on demand (a 900-step sweep is never held in memory at once). */
public interface FrameSource {

    /** Returns the number of frames. */
    int frames();

    /**
     * Draws one frame.
     *
     * @param index 0 .. frames()-1
     * @param scale 1, 2 or 3: every length (text included) multiplied, for sharp slides and PNG figures
     * @return an RGB image, the same size for every index at one scale
     */
    BufferedImage frame(int index, int scale);
}
