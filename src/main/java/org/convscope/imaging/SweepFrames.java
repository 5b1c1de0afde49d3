package org.convscope.imaging;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.convscope.core.conv.ConvStep;
import org.convscope.core.conv.ConvTrace;
import org.convscope.core.conv.Num;
import org.convscope.core.conv.PoolSettings;
import org.convscope.core.conv.PoolStep;
import org.convscope.core.conv.PoolTrace;
import org.convscope.core.conv.WindowGeometry;

/**
 * The frames of a convolution or pooling sweep, one per output cell as the stepper shows it: the input (zero
 * padding drawn) with the window highlighted, the kernel, the output filling in with the current cell highlighted,
 * the pooling winner circled (max and mixed), and the worked sum underneath ({@code [0,0] 7*1 + 2*0 + ... = 6}).
 * Small matrices show their numbers; larger ones (an image) are drawn as grey cells. Drawn with Java2D on a
 * {@link BufferedImage} with the logical SansSerif font, so it works without a display.
 */
public final class SweepFrames implements FrameSource {

    /** The window's fill (numbers mode) and the current output cell's fill. */
    public static final Color WINDOW_FILL = new Color(255, 255, 153);
    /** The window's outline. */
    public static final Color WINDOW_EDGE = new Color(255, 102, 0);
    /** The kernel's cells. */
    public static final Color KERNEL_FILL = new Color(204, 255, 255);
    /** The circle around the pooling winner. */
    public static final Color WINNER = new Color(204, 0, 0);
    /** The background. */
    public static final Color BACKGROUND = Color.WHITE;

    private static final Color GRID = new Color(153, 153, 153);
    private static final Color PAD = new Color(230, 230, 230);
    private static final int M = 16;
    private static final int TITLE = 34;
    private static final int LABEL = 22;
    private static final int GAP = 36;
    private static final int LINE = 22;
    private static final int NUMBER_CELL = 40;
    private static final int MAX_LINES = 6;

    /** One step as drawn: where the window sits, which output cell, the text, the winner (or -1). */
    private record View(int top, int left, int outRow, int outCol, String text, int winRow, int winCol) {
    }

    private final String title;
    private final double[][] input;
    private final double[][] kernel;
    private final double[][] output;
    private final WindowGeometry g;
    private final IntFunction<View> steps;
    private final int count;
    private final boolean numbers;
    private final int cell;
    private final int width;
    private final int height;
    private final int lines;
    private final int inX;
    private final int kerX;
    private final int outX;
    private final int gridY;

    private SweepFrames(String title, double[][] input, double[][] kernel, double[][] output, WindowGeometry g,
                        int count, IntFunction<View> steps) {
        this.title = title;
        this.input = input;
        this.kernel = kernel;
        this.output = output;
        this.g = g;
        this.count = count;
        this.steps = steps;
        int rows = input.length + g.padTop() + g.padBottom();
        int cols = input[0].length + g.padLeft() + g.padRight();
        this.numbers = Math.max(rows, cols) <= 12;
        this.cell = numbers ? NUMBER_CELL : Math.max(4, Math.min(14, 320 / Math.max(rows, cols)));
        this.inX = M;
        this.kerX = inX + cols * cell + GAP;
        this.outX = kernel == null ? kerX : kerX + kernel[0].length * NUMBER_CELL + GAP;
        this.gridY = M + TITLE + LABEL;
        int gridH = Math.max(rows * cell, kernel == null ? 0 : kernel.length * NUMBER_CELL);
        this.width = Math.max(outX + g.outWidth() * cell + M, 640);
        this.lines = countLines();
        this.height = gridY + gridH + M + lines * LINE + M;
    }

    /** The frames of a convolution (its first channel is drawn; the sum covers every channel). */
    public static SweepFrames of(ConvTrace t) {
        var s = t.settings();
        String title = "Convolution" + (s.flip() ? " (kernel flipped)" : "") + ": stride " + t.geometry().strides().text()
                + ", padding " + s.padding().keras() + (s.bias() != 0 ? ", bias " + Num.format(s.bias()) : "")
                + (s.relu() ? ", ReLU" : "");
        return new SweepFrames(title, t.input().channel(0), t.appliedKernel().channel(0), t.output(), t.geometry(),
                t.steps(), i -> {
                    ConvStep st = t.step(i);
                    return new View(st.top(), st.left(), st.outRow(), st.outCol(), label(st.outRow(), st.outCol())
                            + st.expression().replace('\n', ' '), -1, -1);
                });
    }

    /** The frames of a pooling; max and mixed pooling circle the window's largest value. */
    public static SweepFrames of(PoolTrace t) {
        var s = t.settings();
        boolean winner = s.mode() != PoolSettings.Mode.AVERAGE;
        String title = s.mode().name().charAt(0) + s.mode().name().substring(1).toLowerCase(java.util.Locale.ROOT)
                + " pooling " + s.pool().text() + ": stride " + s.strides().text() + ", padding " + s.padding().keras();
        return new SweepFrames(title, t.input(), null, t.output(), t.geometry(), t.steps(), i -> {
            PoolStep st = t.step(i);
            return new View(st.top(), st.left(), st.outRow(), st.outCol(), label(st.outRow(), st.outCol())
                    + st.expression(), winner ? st.maxRow() : -1, winner ? st.maxCol() : -1);
        });
    }

    private static String label(int r, int c) {
        return "[" + r + "," + c + "]  ";
    }

    @Override
    public int frames() {
        return count;
    }

    /** Returns the frame size at scale 1. */
    public java.awt.Dimension size() {
        return new java.awt.Dimension(width, height);
    }

    /** Whether the matrices show their numbers (small inputs) or grey cells (images). */
    public boolean showsNumbers() {
        return numbers;
    }

    /** Returns where input cell {@code (row, col)} (negative inside the padding) is drawn, at scale 1. */
    public Rectangle inputCell(int row, int col) {
        return new Rectangle(inX + (col + g.padLeft()) * cell, gridY + (row + g.padTop()) * cell, cell, cell);
    }

    /** Returns where output cell {@code (row, col)} is drawn, at scale 1. */
    public Rectangle outputCell(int row, int col) {
        return new Rectangle(outX + col * cell, gridY + row * cell, cell, cell);
    }

    /** Returns the band the worked sum is written in, at scale 1. */
    public Rectangle sumBand() {
        return new Rectangle(M, height - M - lines * LINE, width - 2 * M, lines * LINE);
    }

    @Override
    public BufferedImage frame(int index, int scale) {
        View v = steps.apply(index);
        BufferedImage img = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D gr = img.createGraphics();
        try {
            gr.scale(scale, scale);
            gr.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            gr.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            gr.setColor(BACKGROUND);
            gr.fillRect(0, 0, width, height);
            gr.setColor(Color.BLACK);
            gr.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            gr.drawString(title + "    step " + (index + 1) + " of " + count, M, M + 18);
            drawInput(gr, v);
            if (kernel != null) {
                drawLabel(gr, kerX, "Kernel " + kernel.length + "x" + kernel[0].length);
                for (int i = 0; i < kernel.length; i++) {
                    for (int j = 0; j < kernel[0].length; j++) {
                        numberCell(gr, kerX + j * NUMBER_CELL, gridY + i * NUMBER_CELL, NUMBER_CELL, KERNEL_FILL,
                                Num.format(kernel[i][j]));
                    }
                }
            }
            drawOutput(gr, index, v);
            drawSum(gr, v.text());
        } finally {
            gr.dispose();
        }
        return img;
    }

    private void drawInput(Graphics2D gr, View v) {
        drawLabel(gr, inX, "Input " + input.length + "x" + input[0].length);
        double[] range = range(input);
        int kh = g.window().h();
        int kw = g.window().w();
        for (int r = -g.padTop(); r < input.length + g.padBottom(); r++) {
            for (int c = -g.padLeft(); c < input[0].length + g.padRight(); c++) {
                Rectangle at = inputCell(r, c);
                boolean pad = r < 0 || c < 0 || r >= input.length || c >= input[0].length;
                boolean inWindow = r >= v.top() && r < v.top() + kh && c >= v.left() && c < v.left() + kw;
                double value = pad ? 0 : input[r][c];
                if (numbers) {
                    numberCell(gr, at.x, at.y, cell, inWindow ? WINDOW_FILL : pad ? PAD : BACKGROUND, Num.format(value));
                } else {
                    gr.setColor(pad ? PAD : shade(value, range));
                    gr.fillRect(at.x, at.y, cell, cell);
                }
            }
        }
        Rectangle first = inputCell(v.top(), v.left());
        outline(gr, first.x, first.y, kw * cell, kh * cell, numbers ? 3 : 2);
        if (v.winRow() >= 0) {
            Rectangle w = inputCell(v.top() + v.winRow(), v.left() + v.winCol());
            gr.setColor(WINNER);
            gr.setStroke(new java.awt.BasicStroke(numbers ? 3 : 2));
            int inset = numbers ? 3 : 0;
            gr.drawOval(w.x + inset, w.y + inset, w.width - 2 * inset, w.height - 2 * inset);
            gr.setStroke(new java.awt.BasicStroke(1));
        }
    }

    private void drawOutput(Graphics2D gr, int index, View v) {
        drawLabel(gr, outX, "Output " + output.length + "x" + output[0].length);
        double[] range = range(output);
        for (int r = 0; r < output.length; r++) {
            for (int c = 0; c < output[0].length; c++) {
                Rectangle at = outputCell(r, c);
                boolean done = r * output[0].length + c <= index;
                boolean current = r == v.outRow() && c == v.outCol();
                if (numbers) {
                    numberCell(gr, at.x, at.y, cell, current ? WINDOW_FILL : BACKGROUND,
                            done ? Num.format(output[r][c]) : "");
                } else {
                    gr.setColor(done ? shade(output[r][c], range) : BACKGROUND);
                    gr.fillRect(at.x, at.y, cell, cell);
                }
            }
        }
        gr.setColor(GRID);
        gr.drawRect(outX, gridY, output[0].length * cell, output.length * cell);
        Rectangle cur = outputCell(v.outRow(), v.outCol());
        outline(gr, cur.x, cur.y, cell, cell, numbers ? 3 : 2);
    }

    private void drawLabel(Graphics2D gr, int x, String text) {
        gr.setColor(Color.BLACK);
        gr.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        gr.drawString(text, x, gridY - 6);
    }

    private void drawSum(Graphics2D gr, String text) {
        gr.setColor(Color.BLACK);
        gr.setFont(sumFont());
        Rectangle band = sumBand();
        List<String> wrapped = wrap(text, gr.getFontMetrics(), band.width);
        for (int i = 0; i < wrapped.size(); i++) {
            gr.drawString(wrapped.get(i), band.x, band.y + (i + 1) * LINE - 6);
        }
    }

    private static Font sumFont() {
        return new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    }

    /** The most lines any step's sum needs (at most {@link #MAX_LINES}). */
    private int countLines() {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D gr = scratch.createGraphics();
        try {
            FontMetrics fm = gr.getFontMetrics(sumFont());
            int most = 1;
            for (int i = 0; i < count && most < MAX_LINES; i++) {
                most = Math.max(most, wrap(steps.apply(i).text(), fm, width - 2 * M).size());
            }
            return most;
        } finally {
            gr.dispose();
        }
    }

    /** Breaks a sum at spaces into lines no wider than {@code max}; past {@link #MAX_LINES} it ends with "...". */
    static List<String> wrap(String text, FontMetrics fm, int max) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String next = line.length() == 0 ? word : line + " " + word;
            if (fm.stringWidth(next) > max && line.length() > 0) {
                out.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(next);
            }
        }
        out.add(line.toString());
        if (out.size() > MAX_LINES) {
            List<String> cut = new ArrayList<>(out.subList(0, MAX_LINES - 1));
            cut.add("... " + out.get(out.size() - 1).replaceAll(".*(= \\S+)$", "$1"));
            return cut;
        }
        return out;
    }

    private static void numberCell(Graphics2D gr, int x, int y, int size, Color fill, String text) {
        gr.setColor(fill);
        gr.fillRect(x, y, size, size);
        gr.setColor(GRID);
        gr.drawRect(x, y, size, size);
        if (!text.isEmpty()) {
            gr.setColor(fill == PAD ? GRID : Color.BLACK);
            int pt = 15;
            Font f = new Font(Font.SANS_SERIF, Font.PLAIN, pt);
            FontMetrics fm = gr.getFontMetrics(f);
            while (fm.stringWidth(text) > size - 4 && pt > 7) {
                f = new Font(Font.SANS_SERIF, Font.PLAIN, --pt);
                fm = gr.getFontMetrics(f);
            }
            gr.setFont(f);
            gr.drawString(text, x + (size - fm.stringWidth(text)) / 2, y + (size + fm.getAscent() - fm.getDescent()) / 2);
        }
    }

    /** A crisp outline drawn inside the rectangle's edge, as four filled bars. */
    private static void outline(Graphics2D gr, int x, int y, int w, int h, int t) {
        gr.setColor(WINDOW_EDGE);
        gr.fillRect(x, y, w, t);
        gr.fillRect(x, y + h - t, w, t);
        gr.fillRect(x, y, t, h);
        gr.fillRect(x + w - t, y, t, h);
    }

    private static double[] range(double[][] m) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : m) {
            for (double v : row) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return new double[] {lo, hi};
    }

    private static Color shade(double v, double[] range) {
        int grey = range[1] > range[0] ? (int) Math.round(255 * (v - range[0]) / (range[1] - range[0])) : 128;
        return new Color(grey, grey, grey);
    }
}
