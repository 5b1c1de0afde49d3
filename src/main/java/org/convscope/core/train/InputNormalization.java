package org.convscope.core.train;

import static org.convscope.core.text.CoreText.tr;

import java.util.Arrays;
import org.convscope.core.conv.Volume;

/**
 * Standardises a network's input channel by channel: {@code x' = (x - mean[c]) / std[c]}, with the training
 * images' own per-channel mean and standard deviation (pixels already scaled to 0-1), so every channel reaches the
 * first layer centred on 0 with spread 1. A model trained this way carries it: its feature maps, predictions and
 * evaluations apply the same numbers.
 *
 * @param mean one value per channel
 * @param std one value per channel, each above 0
 */
public record InputNormalization(double[] mean, double[] std) {

    /** Checks and copies the values. */
    public InputNormalization {
        if (mean == null || std == null || mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException(tr("error.normalization.missing"));
        }
        for (int c = 0; c < mean.length; c++) {
            if (!Double.isFinite(mean[c]) || !Double.isFinite(std[c]) || !(std[c] > 0)) {
                throw new IllegalArgumentException(tr("error.normalization.channel", c, mean[c], std[c]));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    /** Returns the number of channels. */
    public int channels() {
        return mean.length;
    }

    /**
     * Standardises channels-last values in place.
     *
     * @param hwc values, channel fastest
     * @param offset where to start
     * @param length how many values (a multiple of the channel count)
     */
    public void apply(float[] hwc, int offset, int length) {
        int c = mean.length;
        for (int i = 0; i < length; i++) {
            int ch = i % c;
            hwc[offset + i] = (float) ((hwc[offset + i] - mean[ch]) / std[ch]);
        }
    }

    /** Returns a standardised copy of an image {@code (H, W, C)}. */
    public Volume apply(Volume image) {
        if (image.channels() != mean.length) {
            throw new IllegalArgumentException(tr("error.normalization.channels", mean.length, image.channels()));
        }
        double[] v = image.values().clone();
        for (int i = 0; i < v.length; i++) {
            int ch = i % mean.length;
            v[i] = (v[i] - mean[ch]) / std[ch];
        }
        return new Volume(image.height(), image.width(), image.channels(), v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputNormalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std);
    }
}
