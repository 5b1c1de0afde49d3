package org.convscope.core.image;

import org.convscope.core.conv.Volume;

/**
 * An 8-bit image in memory, channels-last: {@code (height, width, channels)} with 1 (gray) or 3 (RGB)
 * channels, values 0-255.
 *
 * <p>Pure Java so that the core can compute on pixels; decoding and resizing live in {@code imaging}.
 *
 * @param height rows
 * @param width columns
 * @param channels 1 or 3
 * @param data {@code height*width*channels} bytes, row by row, channels interleaved (R, G, B)
 */
public record Raster(int height, int width, int channels, byte[] data) {

    /** Checks sizes. */
    public Raster {
        if (height < 1 || width < 1 || (channels != 1 && channels != 3)) {
            throw new IllegalArgumentException("an image needs at least 1x1 pixels and 1 or 3 channels, got "
                    + height + "x" + width + "x" + channels);
        }
        if (data.length != (long) height * width * channels) {
            throw new IllegalArgumentException("expected " + (long) height * width * channels + " bytes, got " + data.length);
        }
    }

    /** Returns the value 0-255 at row {@code r}, column {@code c}, channel {@code ch}. */
    public int get(int r, int c, int ch) {
        return data[(r * width + c) * channels + ch] & 0xff;
    }

    /**
     * Returns the pixels as numbers, optionally scaled to 0-1.
     *
     * @param scaleToUnit divide by 255
     * @return a {@code (height, width, channels)} volume
     */
    public Volume toVolume(boolean scaleToUnit) {
        double[] v = new double[data.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = scaleToUnit ? (data[i] & 0xff) / 255.0 : data[i] & 0xff;
        }
        return new Volume(height, width, channels, v);
    }

    /** Returns one channel as a one-channel raster (R = 0, G = 1, B = 2). */
    public Raster channel(int ch) {
        byte[] out = new byte[height * width];
        for (int i = 0; i < out.length; i++) {
            out[i] = data[i * channels + ch];
        }
        return new Raster(height, width, 1, out);
    }

    /**
     * Turns a matrix of any numbers into a gray image for display: clipped to 0-255, or min-max
     * stretched when {@code stretch} is set ({@code (v - min) / (max - min) * 255}).
     *
     * @param m the matrix {@code [row][col]}
     * @param stretch min-max normalise instead of clipping
     * @return a one-channel raster
     */
    public static Raster fromMatrix(double[][] m, boolean stretch) {
        int h = m.length;
        int w = m[0].length;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : m) {
            for (double v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        byte[] out = new byte[h * w];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double v = m[r][c];
                double g = stretch ? (max > min ? (v - min) / (max - min) * 255 : 0) : Math.max(0, Math.min(255, v));
                out[r * w + c] = (byte) Math.round(g);
            }
        }
        return new Raster(h, w, 1, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Raster r && r.height == height && r.width == width && r.channels == channels
                && java.util.Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * height + width) + channels) + java.util.Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Raster[" + height + "x" + width + "x" + channels + "]";
    }
}
