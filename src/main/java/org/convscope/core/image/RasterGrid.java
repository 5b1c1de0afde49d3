package org.convscope.core.image;

/**
 * Lays equal-sized images out as one image: {@code columns} per row, each enlarged {@code scale} times by
 * repeating pixels (nearest neighbour, so pixels stay crisp squares), with {@code gap} white pixels between
 * cells and none around them.
 *
 * <p>Size: {@code columns * w * scale + (columns - 1) * gap} wide and {@code rows * h * scale + (rows - 1) * gap}
 * high, {@code rows = ceil(n / columns)}; cells past the last image stay white.
 */
public final class RasterGrid {

    private RasterGrid() {
    }

    /**
     * Composes the grid.
     *
     * @param cells images of one size and channel count, at least one
     * @param columns cells per row, at least 1 (fewer when there are fewer images)
     * @param scale enlargement, at least 1
     * @param gap white pixels between cells, at least 0
     * @return the grid, with the cells' channels
     */
    public static Raster of(Raster[] cells, int columns, int scale, int gap) {
        if (cells.length == 0 || columns < 1 || scale < 1 || gap < 0) {
            throw new IllegalArgumentException("a grid needs images, columns and a scale of at least 1 and a gap of at least 0");
        }
        int h = cells[0].height();
        int w = cells[0].width();
        int ch = cells[0].channels();
        int cols = Math.min(columns, cells.length);
        int rows = (cells.length + cols - 1) / cols;
        long width = (long) cols * w * scale + (long) (cols - 1) * gap;
        long height = (long) rows * h * scale + (long) (rows - 1) * gap;
        if (width * height * ch > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the grid would be " + width + " x " + height + " pixels; use fewer or smaller cells");
        }
        byte[] out = new byte[(int) (width * height * ch)];
        java.util.Arrays.fill(out, (byte) 255);
        for (int k = 0; k < cells.length; k++) {
            Raster cell = cells[k];
            if (cell.height() != h || cell.width() != w || cell.channels() != ch) {
                throw new IllegalArgumentException("grid cells must all be " + h + "x" + w + "x" + ch);
            }
            int x0 = (k % cols) * (w * scale + gap);
            int y0 = (k / cols) * (h * scale + gap);
            for (int y = 0; y < h * scale; y++) {
                int row = ((y0 + y) * (int) width + x0) * ch;
                int srcRow = (y / scale) * w * ch;
                for (int x = 0; x < w * scale; x++) {
                    System.arraycopy(cell.data(), srcRow + (x / scale) * ch, out, row + x * ch, ch);
                }
            }
        }
        return new Raster((int) height, (int) width, ch, out);
    }
}
