package org.convscope.imaging;

import java.util.ArrayList;
import java.util.List;
import org.convscope.core.image.Raster;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/**
 * Draws labelled 2-D points as a PNG-ready picture: a title, the points as coloured markers ({@link ClassPalette})
 * scaled to fill a square, and a legend of the class names on the right.
 */
public final class ScatterPlot {

    private static final int MARGIN = 24;
    private static final int TITLE = 40;
    private static final int LEGEND = 220;

    private ScatterPlot() {
    }

    /**
     * Draws the points.
     *
     * @param points {@code [n][2]}
     * @param labels each point's class, {@code 0 .. classNames.size() - 1}
     * @param classNames the legend
     * @param title the line at the top
     * @param side the plot area's side in pixels, at least 100
     * @return an RGB raster {@code (TITLE + side + 2 MARGIN) x (side + 2 MARGIN + LEGEND)}
     * @throws IllegalArgumentException if the lengths differ or a label has no name
     */
    public static Raster render(double[][] points, int[] labels, List<String> classNames, String title, int side) {
        if (points.length != labels.length) {
            throw new IllegalArgumentException(points.length + " points but " + labels.length + " labels");
        }
        if (side < 100) {
            throw new IllegalArgumentException("the plot needs at least 100 pixels, got " + side);
        }
        OpenCvRuntime.load();
        int width = side + 2 * MARGIN + LEGEND;
        int height = TITLE + side + 2 * MARGIN;
        Mat m = new Mat(height, width, CvType.CV_8UC3, new Scalar(255, 255, 255));
        Imgproc.putText(m, title, new Point(MARGIN, 28), Imgproc.FONT_HERSHEY_SIMPLEX, 0.7, new Scalar(0, 0, 0), 1,
                Imgproc.LINE_AA);
        int x0 = MARGIN;
        int y0 = TITLE + MARGIN;
        Imgproc.rectangle(m, new Point(x0 - 8, y0 - 8), new Point(x0 + side + 8, y0 + side + 8),
                new Scalar(190, 190, 190), 1);
        double[] box = bounds(points);
        double span = Math.max(box[2] - box[0], box[3] - box[1]);
        double scale = span > 0 ? side / span : 0;
        double cx = (box[0] + box[2]) / 2;
        double cy = (box[1] + box[3]) / 2;
        double r = points.length > 1000 ? 3.5 : 4.5;
        for (int i = 0; i < points.length; i++) {
            int k = labels[i];
            if (k < 0 || k >= classNames.size()) {
                throw new IllegalArgumentException("label " + k + " of point " + i + " has no class name");
            }
            double x = x0 + side / 2.0 + (points[i][0] - cx) * scale;
            double y = y0 + side / 2.0 - (points[i][1] - cy) * scale; // up is +y
            marker(m, k, x, y, r);
        }
        int lx = x0 + side + MARGIN + 12;
        for (int k = 0; k < classNames.size(); k++) {
            int ly = y0 + 14 + k * 30;
            marker(m, k, lx + 8, ly - 6, 7);
            Imgproc.putText(m, classNames.get(k), new Point(lx + 24, ly), Imgproc.FONT_HERSHEY_SIMPLEX, 0.6,
                    new Scalar(0, 0, 0), 1, Imgproc.LINE_AA);
        }
        byte[] data = new byte[width * height * 3];
        m.get(0, 0, data);
        m.release();
        return new Raster(height, width, 3, data); // drawn in RGB order
    }

    /**
     * Returns {@code {minX, minY, maxX, maxY}} of the points, or zeros when there are none: the box this plot, the
     * Train screen's embeddings plot and its keyboard's starting point all fill.
     */
    public static double[] bounds(double[][] points) {
        if (points.length == 0) {
            return new double[4];
        }
        double[] b = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.NEGATIVE_INFINITY};
        for (double[] p : points) {
            b[0] = Math.min(b[0], p[0]);
            b[1] = Math.min(b[1], p[1]);
            b[2] = Math.max(b[2], p[0]);
            b[3] = Math.max(b[3], p[1]);
        }
        return b;
    }

    private static void marker(Mat m, int k, double x, double y, double r) {
        int argb = ClassPalette.colour(k);
        Scalar fill = new Scalar(argb >> 16 & 0xff, argb >> 8 & 0xff, argb & 0xff); // RGB order in the Mat
        Scalar edge = new Scalar(40, 40, 40);
        double[] poly = ClassPalette.polygon(ClassPalette.shape(k), x, y, r);
        if (poly == null) {
            Imgproc.circle(m, new Point(x, y), (int) Math.round(r), fill, -1, Imgproc.LINE_AA);
            Imgproc.circle(m, new Point(x, y), (int) Math.round(r), edge, 1, Imgproc.LINE_AA);
            return;
        }
        Point[] corners = new Point[poly.length / 2];
        for (int c = 0; c < corners.length; c++) {
            corners[c] = new Point(poly[2 * c], poly[2 * c + 1]);
        }
        List<MatOfPoint> shapes = new ArrayList<>();
        shapes.add(new MatOfPoint(corners));
        Imgproc.fillPoly(m, shapes, fill, Imgproc.LINE_AA);
        Imgproc.polylines(m, shapes, true, edge, 1, Imgproc.LINE_AA);
        shapes.get(0).release();
    }
}
