package org.convscope.data;

import java.util.Objects;
import org.convscope.core.train.LabelledImages;

/** A {@link CifarImages} set as {@link LabelledImages} for training: pixels divided by 255, so in {@code [0, 1]}. */
public final class CifarTrainingImages implements LabelledImages {

    private final byte[] pixels;
    private final byte[] labels;
    private final int classes;

    /** Wraps (a copy of) the images. */
    public CifarTrainingImages(CifarImages images) {
        this.pixels = images.pixelsHwc();
        this.labels = images.labels();
        this.classes = images.classNames().size();
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int height() {
        return CifarImages.SIDE;
    }

    @Override
    public int width() {
        return CifarImages.SIDE;
    }

    @Override
    public int channels() {
        return CifarImages.CHANNELS;
    }

    @Override
    public int classCount() {
        return classes;
    }

    @Override
    public int label(int i) {
        return labels[i] & 0xff;
    }

    @Override
    public void copyImage(int i, float[] dst, int offset) {
        Objects.checkIndex(i, labels.length);
        int from = i * CifarImages.IMAGE_BYTES;
        for (int k = 0; k < CifarImages.IMAGE_BYTES; k++) {
            dst[offset + k] = (pixels[from + k] & 0xff) / 255f;
        }
    }
}
