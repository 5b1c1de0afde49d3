package org.convscope.imaging;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * The training curves growing, one frame per epoch: loss (left) and accuracy (right), training solid and
 * validation dashed (told apart by the line, not only the colour), on axes fixed for the whole run so the curves
 * grow instead of rescaling. Drawn with Java2D, so it works without a display.
 */
public final class CurveFrames implements FrameSource {

    /** The training series' colour. */
    public static final Color TRAIN = new Color(0, 102, 204);
    /** The validation series' colour. */
    public static final Color VALIDATION = new Color(255, 102, 0);

    private static final int W = 760;
    private static final int H = 380;
    private static final int M = 16;
    private static final int TOP = 76;
    private static final int CHART_W = 330;
    private static final int CHART_H = 240;
    private static final int LEFT = 48;

    private final TrainingHistory history;
    private final double lossMax;

    /** Frames for a run's history. */
    public CurveFrames(TrainingHistory history) {
        this.history = history;
        double max = 0;
        for (double[] e : history.epochs()) {
            for (int k : new int[] {1, 3}) {
                if (Double.isFinite(e[k])) {
                    max = Math.max(max, e[k]);
                }
            }
        }
        this.lossMax = max > 0 ? max * 1.1 : 1;
    }

    @Override
    public int frames() {
        return history.epochs().size();
    }

    /** Returns the loss chart's plot area at scale 1 ({@code 1} for accuracy), for tests. */
    public Rectangle plot(int chart) {
        return new Rectangle(M + LEFT + chart * (CHART_W + LEFT + M), TOP, CHART_W - LEFT, CHART_H);
    }

    /** Returns where epoch {@code e} (1-based) with value {@code v} lies in a chart, at scale 1. */
    public java.awt.geom.Point2D.Double at(int chart, int epoch, double v) {
        Rectangle p = plot(chart);
        int n = frames();
        double x = p.x + (n == 1 ? p.width / 2.0 : (epoch - 1) * (double) p.width / (n - 1));
        double top = chart == 0 ? lossMax : 1;
        return new java.awt.geom.Point2D.Double(x, p.y + p.height - v / top * p.height);
    }

    @Override
    public BufferedImage frame(int index, int scale) {
        BufferedImage img = new BufferedImage(W * scale, H * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.scale(scale, scale);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, W, H);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            double[] e = history.epochs().get(index);
            g.drawString(String.format(Locale.ROOT, "Training: epoch %d of %d    loss %.3f, accuracy %.3f%s", (int) e[0],
                    frames(), e[1], e[2], Double.isFinite(e[4]) ? String.format(Locale.ROOT, ", val_accuracy %.3f", e[4])
                            : ""), M, M + 18);
            chart(g, 0, "Loss", index, 1, 3);
            chart(g, 1, "Accuracy", index, 2, 4);
            legend(g);
        } finally {
            g.dispose();
        }
        return img;
    }

    private void chart(Graphics2D g, int chart, String title, int upTo, int trainCol, int valCol) {
        Rectangle p = plot(chart);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(Color.BLACK);
        g.drawString(title, p.x, p.y - 8);
        double top = chart == 0 ? lossMax : 1;
        for (int t = 0; t <= 4; t++) {
            int y = p.y + p.height - t * p.height / 4;
            g.setColor(new Color(221, 221, 221));
            g.drawLine(p.x, y, p.x + p.width, y);
            g.setColor(Color.BLACK);
            String label = String.format(Locale.ROOT, top * t / 4 >= 10 ? "%.0f" : "%.2f", top * t / 4);
            g.drawString(label, p.x - 6 - g.getFontMetrics().stringWidth(label), y + 5);
        }
        g.drawLine(p.x, p.y, p.x, p.y + p.height);
        g.drawLine(p.x, p.y + p.height, p.x + p.width, p.y + p.height);
        int n = frames();
        for (int ep : new int[] {1, n}) {
            String s = Integer.toString(ep);
            var pt = at(chart, ep, 0);
            g.drawString(s, (int) pt.x - g.getFontMetrics().stringWidth(s) / 2, p.y + p.height + 16);
        }
        g.drawString("epoch", p.x + p.width / 2 - 16, p.y + p.height + 30);
        series(g, chart, upTo, trainCol, TRAIN, new BasicStroke(2.5f));
        series(g, chart, upTo, valCol, VALIDATION, new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND,
                1, new float[] {8, 5}, 0));
    }

    private void series(Graphics2D g, int chart, int upTo, int col, Color colour, BasicStroke stroke) {
        Path2D.Double path = new Path2D.Double();
        boolean started = false;
        g.setColor(colour);
        for (int i = 0; i <= upTo; i++) {
            double[] e = history.epochs().get(i);
            if (!Double.isFinite(e[col])) {
                continue;
            }
            var pt = at(chart, (int) Math.round(i + 1.0), e[col]);
            if (started) {
                path.lineTo(pt.x, pt.y);
            } else {
                path.moveTo(pt.x, pt.y);
                started = true;
            }
            g.fill(new java.awt.geom.Ellipse2D.Double(pt.x - 3.5, pt.y - 3.5, 7, 7));
        }
        g.setStroke(stroke);
        g.draw(path);
        g.setStroke(new BasicStroke(1));
    }

    private static void legend(Graphics2D g) {
        int y = H - 14;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(TRAIN);
        g.setStroke(new BasicStroke(2.5f));
        g.drawLine(M + LEFT, y - 5, M + LEFT + 30, y - 5);
        g.setColor(Color.BLACK);
        g.drawString("training", M + LEFT + 36, y);
        g.setColor(VALIDATION);
        g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1, new float[] {8, 5}, 0));
        g.drawLine(M + LEFT + 120, y - 5, M + LEFT + 150, y - 5);
        g.setColor(Color.BLACK);
        g.drawString("validation (dashed)", M + LEFT + 156, y);
        g.setStroke(new BasicStroke(1));
    }
}
