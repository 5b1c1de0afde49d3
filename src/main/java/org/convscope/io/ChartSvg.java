package org.convscope.io;

import static org.convscope.core.text.CoreText.tr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A line chart (loss or accuracy per epoch) as SVG for slides and papers, written from the numbers of its series, not
 * from a picture: a title, two axes with five evenly spaced tick labels each, the axis names, one {@code <polyline>}
 * per series (its name in a {@code <title>} and in the legend; the second and later series dashed, so they differ not
 * only by colour). The x range is the data's; the y range runs from {@code min(0, smallest)} to the largest value.
 * Non-finite points (a missing validation value) are left out.
 */
public final class ChartSvg {

    /** The picture's width. */
    public static final int WIDTH = 640;
    /** The picture's height. */
    public static final int HEIGHT = 400;
    /** The plot area's left edge. */
    public static final int LEFT = 70;
    /** The plot area's top edge. */
    public static final int TOP = 50;
    /** The plot area's width. */
    public static final int PLOT_WIDTH = 400;
    /** The plot area's height. */
    public static final int PLOT_HEIGHT = 280;

    private static final String[] COLOURS = {"#0066cc", "#ff6600", "#009e73", "#cc79a7", "#555555"};

    /**
     * One line of the chart.
     *
     * @param name the legend's text
     * @param x the x values (e.g. epochs)
     * @param y the y values, as many as {@code x}
     */
    public record Series(String name, double[] x, double[] y) {
        /** Checks the lengths. */
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series " + name + " has " + x.length + " x and " + y.length + " y values");
            }
        }
    }

    private ChartSvg() {
    }

    /**
     * Writes the chart's SVG text.
     *
     * @param title the chart's title
     * @param xLabel the x axis's name
     * @param yLabel the y axis's name (may be empty)
     * @param series the lines, at least one point among them
     * @return the SVG document
     */
    public static String svg(String title, String xLabel, String yLabel, List<Series> series) {
        double[] r = range(series);
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        b.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"28\" font-size=\"18\" font-weight=\"bold\">%s</text>%n",
                LEFT, escape(title)));
        axes(b, r, xLabel, yLabel);
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            String colour = COLOURS[s % COLOURS.length];
            b.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\"")
                    .append(s > 0 ? " stroke-dasharray=\"6 4\"" : "").append(" points=\"");
            String sep = "";
            for (int i = 0; i < line.x().length; i++) {
                if (Double.isFinite(line.x()[i]) && Double.isFinite(line.y()[i])) {
                    b.append(sep).append(String.format(Locale.ROOT, "%.3f,%.3f", px(line.x()[i], r), py(line.y()[i], r)));
                    sep = " ";
                }
            }
            b.append("\"><title>").append(escape(line.name())).append("</title></polyline>\n");
            int ly = TOP + 10 + s * 22;
            int lx = LEFT + PLOT_WIDTH + 16;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\""
                    + " stroke-width=\"2\"%s/>%n", lx, ly, lx + 24, ly, colour, s > 0 ? " stroke-dasharray=\"6 4\"" : ""));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"13\">%s</text>%n", lx + 30, ly + 4,
                    escape(line.name())));
        }
        b.append("</svg>\n");
        return b.toString();
    }

    /** Writes {@link #svg} to a file, atomically. */
    public static void write(Path file, String title, String xLabel, String yLabel, List<Series> series) throws IOException {
        AtomicFiles.write(file, svg(title, xLabel, yLabel, series).getBytes(StandardCharsets.UTF_8));
    }

    /** Returns {xMin, xMax, yMin, yMax} of the finite points; a single value is widened by one. */
    public static double[] range(List<Series> series) {
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = 0;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
                    x0 = Math.min(x0, s.x()[i]);
                    x1 = Math.max(x1, s.x()[i]);
                    y0 = Math.min(y0, s.y()[i]);
                    y1 = Math.max(y1, s.y()[i]);
                }
            }
        }
        if (x1 < x0) {
            throw new IllegalArgumentException(tr("error.chart.empty"));
        }
        return new double[] {x0, x1 > x0 ? x1 : x0 + 1, y0, y1 > y0 ? y1 : y0 + 1};
    }

    private static double px(double x, double[] r) {
        return LEFT + (x - r[0]) / (r[1] - r[0]) * PLOT_WIDTH;
    }

    private static double py(double y, double[] r) {
        return TOP + PLOT_HEIGHT - (y - r[2]) / (r[3] - r[2]) * PLOT_HEIGHT;
    }

    private static void axes(StringBuilder b, double[] r, String xLabel, String yLabel) {
        int bottom = TOP + PLOT_HEIGHT;
        b.append(String.format(Locale.ROOT, "<path d=\"M%d %d V%d H%d\" fill=\"none\" stroke=\"black\"/>%n", LEFT, TOP,
                bottom, LEFT + PLOT_WIDTH));
        for (int t = 0; t <= 4; t++) {
            double xv = r[0] + (r[1] - r[0]) * t / 4;
            double yv = r[2] + (r[3] - r[2]) * t / 4;
            double x = px(xv, r);
            double y = py(yv, r);
            b.append(String.format(Locale.ROOT, "<line x1=\"%.3f\" y1=\"%d\" x2=\"%.3f\" y2=\"%d\" stroke=\"black\"/>%n",
                    x, bottom, x, bottom + 5));
            b.append(String.format(Locale.ROOT, "<text x=\"%.3f\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>%n",
                    x, bottom + 20, tick(xv)));
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.3f\" x2=\"%d\" y2=\"%.3f\" stroke=\"#dddddd\"/>%n",
                    LEFT, y, LEFT + PLOT_WIDTH, y));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.3f\" font-size=\"12\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 8, y + 4, tick(yv)));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"14\" text-anchor=\"middle\">%s</text>%n",
                LEFT + PLOT_WIDTH / 2, bottom + 44, escape(xLabel)));
        if (!yLabel.isEmpty()) {
            b.append(String.format(Locale.ROOT, "<text x=\"18\" y=\"%d\" font-size=\"14\" text-anchor=\"middle\""
                    + " transform=\"rotate(-90 18 %d)\">%s</text>%n", TOP + PLOT_HEIGHT / 2, TOP + PLOT_HEIGHT / 2,
                    escape(yLabel)));
        }
    }

    private static String tick(double v) {
        return Math.abs(v - Math.rint(v)) < 1e-9 ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
