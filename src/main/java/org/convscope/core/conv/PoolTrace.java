package org.convscope.core.conv;

import org.convscope.core.model.Padding;

/**
 * Pooling of one matrix (one channel), with every step available for display.
 *
 * <p>Output size as for convolution: {@code H' = floor((H + 2p - f)/s) + 1} (or {@code ceil(H/s)} for same).
 */
public final class PoolTrace {

    private final double[][] input;
    private final PoolSettings settings;
    private final WindowGeometry geometry;
    private final double[][] output;

    PoolTrace(double[][] input, PoolSettings settings) {
        this.input = input;
        this.settings = settings;
        this.geometry = WindowGeometry.of(input.length, input[0].length, settings.pool(), settings.strides(),
                settings.padding());
        this.output = new double[geometry.outHeight()][geometry.outWidth()];
        fillOutput();
    }

    /** The whole output without building step records: one pass, no allocation per cell. */
    private void fillOutput() {
        int ph = settings.pool().h();
        int pw = settings.pool().w();
        int rows = input.length;
        int cols = input[0].length;
        boolean zerosCount = settings.padding() instanceof Padding.Explicit;
        double l = settings.mode() == PoolSettings.Mode.MIXED ? settings.lambda()
                : settings.mode() == PoolSettings.Mode.MAX ? 1 : 0;
        for (int r = 0; r < geometry.outHeight(); r++) {
            int top = geometry.top(r);
            for (int c = 0; c < geometry.outWidth(); c++) {
                int left = geometry.left(c);
                double max = Double.NEGATIVE_INFINITY;
                double sum = 0;
                int counted = 0;
                for (int i = 0; i < ph; i++) {
                    int y = top + i;
                    boolean rowInside = y >= 0 && y < rows;
                    double[] row = rowInside ? input[y] : null;
                    for (int j = 0; j < pw; j++) {
                        int x = left + j;
                        double v;
                        if (rowInside && x >= 0 && x < cols) {
                            v = row[x];
                        } else if (zerosCount) {
                            v = 0;
                        } else {
                            continue;
                        }
                        if (v > max) {
                            max = v;
                        }
                        sum += v;
                        counted++;
                    }
                }
                double mean = sum / counted;
                output[r][c] = l == 1 ? max : l == 0 ? mean : l * max + (1 - l) * mean;
            }
        }
    }

    /** Returns the pooled input matrix. */
    public double[][] input() {
        return input;
    }

    /** Returns the settings. */
    public PoolSettings settings() {
        return settings;
    }

    /** Returns output size and padding. */
    public WindowGeometry geometry() {
        return geometry;
    }

    /** Returns the output matrix (a copy). */
    public double[][] output() {
        double[][] copy = new double[output.length][];
        for (int r = 0; r < output.length; r++) {
            copy[r] = output[r].clone();
        }
        return copy;
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
    public PoolStep step(int index) {
        if (index < 0 || index >= steps()) {
            throw new IndexOutOfBoundsException("step " + index + " of " + steps());
        }
        return compute(index / geometry.outWidth(), index % geometry.outWidth(), true);
    }

    private PoolStep compute(int r, int c, boolean withText) {
        int ph = settings.pool().h();
        int pw = settings.pool().w();
        int top = geometry.top(r);
        int left = geometry.left(c);
        boolean zerosCount = settings.padding() instanceof Padding.Explicit;
        double[][] values = new double[ph][pw];
        double max = Double.NEGATIVE_INFINITY;
        int maxRow = -1;
        int maxCol = -1;
        double sum = 0;
        int counted = 0;
        StringBuilder list = withText ? new StringBuilder() : null;
        for (int i = 0; i < ph; i++) {
            for (int j = 0; j < pw; j++) {
                int y = top + i;
                int x = left + j;
                boolean inside = y >= 0 && y < input.length && x >= 0 && x < input[0].length;
                double v;
                if (inside) {
                    v = input[y][x];
                } else if (zerosCount) {
                    v = 0;
                } else {
                    values[i][j] = Double.NaN;
                    continue;
                }
                values[i][j] = v;
                sum += v;
                counted++;
                if (v > max) {
                    max = v;
                    maxRow = i;
                    maxCol = j;
                }
                if (list != null) {
                    list.append(list.length() == 0 ? "" : ", ").append(Num.format(v));
                }
            }
        }
        double mean = sum / counted;
        double out;
        String expr = "";
        switch (settings.mode()) {
            case MAX:
                out = max;
                if (list != null) {
                    expr = "max(" + list + ") = " + Num.format(out);
                }
                break;
            case AVERAGE:
                out = mean;
                if (list != null) {
                    expr = "(" + list.toString().replace(", ", " + ") + ") / " + counted + " = " + Num.format(out);
                }
                break;
            default:
                double l = settings.lambda();
                out = l * max + (1 - l) * mean;
                if (list != null) {
                    expr = Num.format(l) + "*max + " + Num.format(1 - l) + "*mean = " + Num.format(l) + "*"
                            + Num.format(max) + " + " + Num.format(1 - l) + "*" + Num.format(mean) + " = " + Num.format(out);
                }
                break;
        }
        return new PoolStep(r * geometry.outWidth() + c, r, c, top, left, values, maxRow, maxCol, max, mean, counted,
                out, expr);
    }
}
