package org.convscope.core.conv;

import java.util.Arrays;

/**
 * A stack of equally sized matrices, channels-last: {@code (height, width, channels)}.
 *
 * <p>Used for images (0-255 or 0-1 per channel), kernels {@code (kh, kw, C_in)} and feature maps.
 * Values are stored row by row, channels interleaved: index {@code (r * width + c) * channels + ch}.
 *
 * @param height rows
 * @param width columns
 * @param channels matrices in the stack
 * @param values {@code height*width*channels} numbers in HWC order (not copied: treat as read-only)
 */
public record Volume(int height, int width, int channels, double[] values) {

    /** Checks the sizes. */
    public Volume {
        if (height < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException("a volume needs at least 1x1x1 values, got " + height + "x" + width + "x" + channels);
        }
        if (values.length != (long) height * width * channels) {
            throw new IllegalArgumentException("expected " + (long) height * width * channels + " values, got " + values.length);
        }
    }

    /**
     * Returns a one-channel volume from rows of numbers.
     *
     * @param rows equal-length rows
     * @return the matrix as a {@code (rows, cols, 1)} volume
     */
    public static Volume of(double[][] rows) {
        int h = rows.length;
        int w = h == 0 ? 0 : rows[0].length;
        double[] v = new double[h * w];
        for (int r = 0; r < h; r++) {
            if (rows[r].length != w) {
                throw new IllegalArgumentException("row " + (r + 1) + " has " + rows[r].length + " values, row 1 has " + w);
            }
            System.arraycopy(rows[r], 0, v, r * w, w);
        }
        return new Volume(h, w, 1, v);
    }

    /** Returns a volume of zeros. */
    public static Volume zeros(int height, int width, int channels) {
        return new Volume(height, width, channels, new double[height * width * channels]);
    }

    /** Returns the value at row {@code r}, column {@code c}, channel {@code ch}. */
    public double get(int r, int c, int ch) {
        return values[(r * width + c) * channels + ch];
    }

    /** Returns one channel as rows of numbers. */
    public double[][] channel(int ch) {
        double[][] out = new double[height][width];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                out[r][c] = get(r, c, ch);
            }
        }
        return out;
    }

    /**
     * Stacks one channel of several equally sized volumes: channel {@code k} of the result is channel
     * {@code channel} of {@code volumes[k]}. For Conv2D filters {@code (kh, kw, C_in)} this gives
     * {@code (kh, kw, filters)}: every filter's weights for one input channel, ready to draw as tiles.
     *
     * @param volumes at least one volume, all of the same height and width
     * @param channel the channel taken from each
     * @return a {@code (height, width, volumes.length)} volume
     */
    public static Volume stackChannel(Volume[] volumes, int channel) {
        int h = volumes[0].height();
        int w = volumes[0].width();
        double[] v = new double[h * w * volumes.length];
        for (int k = 0; k < volumes.length; k++) {
            if (volumes[k].height() != h || volumes[k].width() != w) {
                throw new IllegalArgumentException("volume " + k + " is " + volumes[k].height() + "x" + volumes[k].width()
                        + ", the first is " + h + "x" + w);
            }
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    v[(r * w + c) * volumes.length + k] = volumes[k].get(r, c, channel);
                }
            }
        }
        return new Volume(h, w, volumes.length, v);
    }

    /** Returns the kernel turned by 180 degrees, as true convolution uses it: {@code k'[i][j] = k[kh-1-i][kw-1-j]}. */
    public Volume flipped() {
        double[] v = new double[values.length];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                for (int ch = 0; ch < channels; ch++) {
                    v[(r * width + c) * channels + ch] = get(height - 1 - r, width - 1 - c, ch);
                }
            }
        }
        return new Volume(height, width, channels, v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Volume v && v.height == height && v.width == width && v.channels == channels
                && Arrays.equals(v.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * height + width) + channels) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Volume[" + height + "x" + width + "x" + channels + "]";
    }
}
