package org.convscope.imaging;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A layer's tiles (feature maps or filters) through the epochs of a run, one frame per epoch: a title line, a large
 * "epoch k of N" line, then the tiles in rows of {@code columns}, each numbered underneath. The tiles of a frame are
 * drawn on demand by {@code tiles}, so only one epoch's tiles are held at a time. Drawn with Java2D (no display
 * needed); a tile's pixels are enlarged without smoothing, so every weight or activation stays a sharp square.
 */
public final class EpochFrames implements FrameSource {

    private static final int GAP = 6;
    private static final int LABEL = 16;
    private static final int HEADER = 58;
    private static final int MIN_WIDTH = 420;

    private final int[] epochs;
    private final int totalEpochs;
    private final String title;
    private final int columns;
    private final IntFunction<List<FeatureTile>> tiles;
    private int tileWidth = -1;
    private int tileHeight;
    private int count;

    /**
     * Frames for a run.
     *
     * @param epochs the epoch each frame shows (1-based), one per frame
     * @param totalEpochs the run's number of epochs, for "epoch k of N"
     * @param title the first line, e.g. the model, layer and image
     * @param columns tiles per row, at least 1
     * @param tiles the tiles of frame {@code i}; every frame's tiles have the same count and size
     */
    public EpochFrames(int[] epochs, int totalEpochs, String title, int columns, IntFunction<List<FeatureTile>> tiles) {
        if (epochs.length == 0) {
            throw new IllegalArgumentException("an animation through the epochs needs at least one epoch");
        }
        this.epochs = epochs.clone();
        this.totalEpochs = totalEpochs;
        this.title = title;
        this.columns = Math.max(1, columns);
        this.tiles = tiles;
    }

    @Override
    public int frames() {
        return epochs.length;
    }

    /** The line that names frame {@code index}'s epoch, e.g. {@code epoch 3 of 10}. */
    public String epochLine(int index) {
        return "epoch " + epochs[index] + " of " + totalEpochs;
    }

    @Override
    public BufferedImage frame(int index, int scale) {
        Figures.checkScale(scale);
        List<FeatureTile> shown = tiles.apply(index);
        if (shown.isEmpty()) {
            throw new IllegalArgumentException("no tiles to draw for " + epochLine(index));
        }
        FeatureTile first = shown.get(0);
        if (tileWidth < 0) {
            tileWidth = first.width();
            tileHeight = first.height();
            count = shown.size();
        } else if (first.width() != tileWidth || first.height() != tileHeight || shown.size() != count) {
            throw new IllegalArgumentException(epochLine(index) + " has " + shown.size() + " tiles of " + first.width()
                    + "x" + first.height() + ", the first frame " + count + " of " + tileWidth + "x" + tileHeight);
        }
        int cols = Math.min(columns, count);
        int rows = (count + cols - 1) / cols;
        int w = Math.max(cols * (tileWidth + GAP) + GAP, MIN_WIDTH);
        int h = HEADER + rows * (tileHeight + LABEL + GAP) + GAP;
        BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.scale(scale, scale);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setColor(new Color(60, 60, 60));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(title, GAP, 16);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
            g.drawString(epochLine(index), GAP, 44);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.setColor(new Color(60, 60, 60));
            for (int i = 0; i < shown.size(); i++) {
                FeatureTile t = shown.get(i);
                int x0 = GAP + (i % cols) * (tileWidth + GAP);
                int y0 = HEADER + (i / cols) * (tileHeight + LABEL + GAP);
                BufferedImage tile = new BufferedImage(t.width(), t.height(), BufferedImage.TYPE_INT_RGB);
                tile.setRGB(0, 0, t.width(), t.height(), t.argb(), 0, t.width());
                g.drawImage(tile, x0, y0, null);
                g.drawString("#" + (t.channel() + 1), x0, y0 + tileHeight + 12);
            }
        } finally {
            g.dispose();
        }
        return img;
    }
}
