package org.convscope.core.conv;

import static org.convscope.core.text.CoreText.tr;

/**
 * A whole convolution of one input with one kernel, with every step available for display.
 *
 * <p>Input {@code (H, W, C)}, kernel {@code (kh, kw, C)}, output {@code (H', W')} with
 * {@code H' = floor((H + 2p - kh)/s) + 1} (see {@link WindowGeometry}). The output is computed at
 * once; {@link #step(int)} recomputes one cell's details on demand, so a 224x224 image does not keep
 * 50,000 step records in memory.
 */
public final class ConvTrace {

    private final Volume input;
    private final Volume kernel;
    private final Volume used;
    private final ConvSettings settings;
    private final WindowGeometry geometry;
    private final double[][] output;

    ConvTrace(Volume input, Volume kernel, ConvSettings settings) {
        if (kernel.channels() != input.channels()) {
            throw new IllegalArgumentException(tr("error.conv.kernelChannels", kernel.channels(), input.channels()));
        }
        this.input = input;
        this.kernel = kernel;
        this.used = settings.flip() ? kernel.flipped() : kernel;
        this.settings = settings;
        this.geometry = WindowGeometry.of(input.height(), input.width(),
                new org.convscope.core.model.Size2(kernel.height(), kernel.width()), settings.strides(), settings.padding());
        this.output = new double[geometry.outHeight()][geometry.outWidth()];
        int kh = kernel.height();
        int kw = kernel.width();
        int ch = input.channels();
        for (int r = 0; r < geometry.outHeight(); r++) {
            int top = geometry.top(r);
            for (int c = 0; c < geometry.outWidth(); c++) {
                int left = geometry.left(c);
                double s = 0;
                for (int i = 0; i < kh; i++) {
                    int y = top + i;
                    if (y < 0 || y >= input.height()) {
                        continue;
                    }
                    for (int j = 0; j < kw; j++) {
                        int x = left + j;
                        if (x < 0 || x >= input.width()) {
                            continue;
                        }
                        int base = (y * input.width() + x) * ch;
                        int kbase = (i * kw + j) * ch;
                        for (int k = 0; k < ch; k++) {
                            s += input.values()[base + k] * used.values()[kbase + k];
                        }
                    }
                }
                double v = s + settings.bias();
                output[r][c] = settings.relu() ? Math.max(0, v) : v;
            }
        }
    }

    /** Returns the input. */
    public Volume input() {
        return input;
    }

    /** Returns the kernel as given (before any flip). */
    public Volume kernel() {
        return kernel;
    }

    /** Returns the kernel as applied: flipped for true convolution. */
    public Volume appliedKernel() {
        return used;
    }

    /** Returns the settings. */
    public ConvSettings settings() {
        return settings;
    }

    /** Returns output size and padding. */
    public WindowGeometry geometry() {
        return geometry;
    }

    /** Returns the output matrix {@code [row][col]} (a copy). */
    public double[][] output() {
        double[][] copy = new double[output.length][];
        for (int r = 0; r < output.length; r++) {
            copy[r] = output[r].clone();
        }
        return copy;
    }

    /** Returns one output value. */
    public double output(int r, int c) {
        return output[r][c];
    }

    /** Returns the number of steps (output cells). */
    public int steps() {
        return geometry.cells();
    }

    /**
     * Returns the details of one output cell, in row-major order.
     *
     * @param index 0 .. steps()-1
     * @return the step
     */
    public ConvStep step(int index) {
        if (index < 0 || index >= steps()) {
            throw new IndexOutOfBoundsException("step " + index + " of " + steps());
        }
        int r = index / geometry.outWidth();
        int c = index % geometry.outWidth();
        int top = geometry.top(r);
        int left = geometry.left(c);
        int kh = kernel.height();
        int kw = kernel.width();
        int chs = input.channels();
        double[][][] in = new double[chs][kh][kw];
        double[][][] w = new double[chs][kh][kw];
        double[][][] p = new double[chs][kh][kw];
        double[] sums = new double[chs];
        StringBuilder expr = new StringBuilder();
        for (int k = 0; k < chs; k++) {
            StringBuilder part = new StringBuilder();
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    int y = top + i;
                    int x = left + j;
                    double v = y < 0 || y >= input.height() || x < 0 || x >= input.width() ? 0 : input.get(y, x, k);
                    in[k][i][j] = v;
                    w[k][i][j] = used.get(i, j, k);
                    p[k][i][j] = v * w[k][i][j];
                    sums[k] += p[k][i][j];
                    part.append(part.length() == 0 ? "" : " + ").append(Num.format(v)).append('*').append(Num.factor(w[k][i][j]));
                }
            }
            if (chs == 1) {
                expr.append(part);
            } else {
                expr.append("channel ").append(k + 1).append(": ").append(part).append(" = ").append(Num.format(sums[k])).append('\n');
            }
        }
        double sum = 0;
        for (double s : sums) {
            sum += s;
        }
        if (chs > 1) {
            StringBuilder total = new StringBuilder();
            for (int k = 0; k < chs; k++) {
                total.append(k == 0 ? "" : " + ").append(Num.factor(sums[k]));
            }
            expr.append(total);
        }
        expr.append(" = ").append(Num.format(sum));
        double out = output[r][c];
        if (settings.bias() != 0) {
            expr.append("; + bias ").append(Num.format(settings.bias())).append(" = ").append(Num.format(sum + settings.bias()));
        }
        if (settings.relu()) {
            expr.append("; ReLU: max(0, ").append(Num.format(sum + settings.bias())).append(") = ").append(Num.format(out));
        }
        return new ConvStep(index, r, c, top, left, in, w, p, sums, sum, settings.bias(), out, expr.toString());
    }
}
