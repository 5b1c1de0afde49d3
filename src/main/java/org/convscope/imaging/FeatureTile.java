package org.convscope.imaging;

/**
 * One feature map (or filter) ready to draw: its channel, statistics, and ARGB pixels.
 *
 * @param channel 0-based channel of the layer's output
 * @param min smallest value in the map
 * @param max largest value
 * @param mean mean value
 * @param width pixels across (after enlargement)
 * @param height pixels down
 * @param argb {@code width*height} colours, row by row
 * @param values the map's raw values {@code [row][col]}, for the enlarged numeric view
 */
public record FeatureTile(int channel, double min, double max, double mean, int width, int height, int[] argb,
                   double[][] values) {
}
