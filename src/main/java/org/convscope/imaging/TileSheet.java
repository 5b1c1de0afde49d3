package org.convscope.imaging;

import java.util.List;
import org.convscope.core.image.Raster;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/**
 * Lays rendered tiles out as one labelled RGB image: a title line, then rows of {@code columns}
 * tiles, each with its number ({@code #1}, {@code #2}, ...) underneath, for PNG export.
 */
public final class TileSheet {

    private static final int GAP = 6;
    private static final int LABEL = 18;
    private static final int TITLE = 28;

    private TileSheet() {
    }

    /**
     * Composes tiles into one image.
     *
     * @param tiles tiles of equal size
     * @param columns tiles per row, at least 1
     * @param title a line drawn at the top
     * @return an RGB raster
     */
    public static Raster compose(List<FeatureTile> tiles, int columns, String title) {
        if (tiles.isEmpty()) {
            throw new IllegalArgumentException("no tiles to lay out");
        }
        OpenCvRuntime.load();
        int tw = tiles.get(0).width();
        int th = tiles.get(0).height();
        int cols = Math.max(1, Math.min(columns, tiles.size()));
        int rows = (tiles.size() + cols - 1) / cols;
        int width = Math.max(cols * (tw + GAP) + GAP, 360);
        int height = TITLE + rows * (th + LABEL + GAP) + GAP;
        Mat sheet = new Mat(height, width, CvType.CV_8UC3, new Scalar(255, 255, 255));
        Imgproc.putText(sheet, title, new Point(GAP, 20), Imgproc.FONT_HERSHEY_SIMPLEX, 0.5, new Scalar(0, 0, 0), 1,
                Imgproc.LINE_AA);
        byte[] px = new byte[3];
        for (int i = 0; i < tiles.size(); i++) {
            FeatureTile t = tiles.get(i);
            int x0 = GAP + (i % cols) * (tw + GAP);
            int y0 = TITLE + (i / cols) * (th + LABEL + GAP);
            byte[] block = new byte[t.width() * t.height() * 3];
            for (int p = 0; p < t.width() * t.height(); p++) {
                int argb = t.argb()[p];
                block[p * 3] = (byte) (argb >> 16);
                block[p * 3 + 1] = (byte) (argb >> 8);
                block[p * 3 + 2] = (byte) argb;
            }
            Mat tile = new Mat(t.height(), t.width(), CvType.CV_8UC3);
            tile.put(0, 0, block);
            tile.copyTo(sheet.submat(y0, y0 + t.height(), x0, x0 + t.width()));
            tile.release();
            Imgproc.putText(sheet, "#" + (t.channel() + 1), new Point(x0, y0 + th + 14), Imgproc.FONT_HERSHEY_SIMPLEX,
                    0.42, new Scalar(60, 60, 60), 1, Imgproc.LINE_AA);
        }
        byte[] data = new byte[width * height * 3];
        sheet.get(0, 0, data);
        sheet.release();
        return new Raster(height, width, 3, data); // drawn in RGB order already
    }
}
