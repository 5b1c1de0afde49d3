package org.convscope.ui.learn;

import static org.convscope.ui.common.I18n.tr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.convscope.core.backprop.Optimizer;
import org.convscope.core.backprop.TinyCnn;
import org.convscope.core.conv.PoolSettings;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;

/**
 * The Learn screen's set-up, without the toolkit: the input matrix, the conv layer (one kernel, bias, stride,
 * padding, ReLU, as on the Convolution &amp; Pooling screen), the pooling, the Dense layer's classes and weights,
 * the true class and the optimizer. {@link #network()} builds the {@link TinyCnn}.
 */
final class LearnSetup {

    /** Small inputs whose gradients can be followed by hand, by display name. */
    static final Map<String, double[][]> EXAMPLES = new LinkedHashMap<>();
    /** Learning rates offered; the last is too large on purpose (see {@link LearnViewModel#showOvershoot()}). */
    static final List<Double> LEARNING_RATES = List.of(0.1, 0.01, 0.5, 1.0, 5.0);
    /**
     * The learning rate that overshoots: on the default set-up without ReLU, SGD with it takes the loss from 1.451
     * to 10.44 (with ReLU the clipped conv outputs keep this small network from overshooting).
     */
    static final double TOO_LARGE = 5.0;

    static {
        EXAMPLES.put("Example: 6x6 strokes", new double[][] {
            {1, 0, 0, 0, 0, 1}, {0, 1, 0, 0, 1, 0}, {0, 0, 1, 0, 0, 0}, {0, 1, 0, 1, 0, 0}, {1, 0, 0, 0, 1, 0},
            {0, 0, 0, 0, 0, 1}});
        EXAMPLES.put("Example: 4x4 by hand", new double[][] {
            {1, 2, 0, 1}, {0, 1, 3, 1}, {2, 0, 1, 0}, {1, 1, 0, 2}});
    }

    double[][] input = EXAMPLES.values().iterator().next();
    double[][] kernel = {{1, 0}, {0, 1}};
    double bias;
    int stride = 1;
    Padding padding = Padding.VALID;
    boolean relu = true;
    PoolSettings.Mode poolMode = PoolSettings.Mode.MAX;
    int poolSize = 2;
    int classes = 3;
    int label = 1; // p = 0.23 for it with the default weights: the loss is -log(0.23) = 1.45
    long denseSeed = 1;
    double[][] denseOverride; // Dense weights given directly (tests, the worked example), or null to draw them
    List<String> classNames; // the class names of a training image's data set, or null
    boolean adam;
    double lr = 0.1;

    /**
     * Builds the network for the current input.
     *
     * @throws IllegalArgumentException when the kernel, stride, padding or pooling does not fit the input (the
     *         message has the formula with the numbers)
     */
    TinyCnn network() {
        double[][][] k = {kernel};
        Size2 s = Size2.square(stride);
        int n = TinyCnn.flatLength(k, s, padding, poolSize, input.length, input[0].length);
        if (n == 0) {
            throw new IllegalArgumentException(tr("learn.poolTooLarge", poolSize));
        }
        double[][] w = denseOverride != null && denseOverride.length == n && denseOverride[0].length == classes
                ? denseOverride : TinyCnn.randomDense(n, classes, denseSeed);
        return new TinyCnn(k, new double[] {bias}, s, padding, relu, poolMode, poolSize, w, new double[classes]);
    }

    /** A new optimizer as set (Adam starts with its moments at 0). */
    Optimizer optimizer() {
        return adam ? Optimizer.adam(lr) : Optimizer.sgd(lr);
    }

    /** The net in words, e.g. {@code 6x6 -> conv 2x2, stride 1, valid -> ReLU -> max pool 2x2 -> Dense -> 3 classes}. */
    String describe() {
        return tr("learn.describe", input.length, input[0].length, kernel.length, kernel[0].length, stride,
                padding.keras(), relu ? " -> ReLU" : "", poolMode.name().toLowerCase(java.util.Locale.ROOT), poolSize,
                classes) + (classNames == null ? "" : tr("learn.describe.label", labelText()));
    }

    /** The true class, with its name when the input is a training image: {@code 3 (cat)}. */
    String labelText() {
        return label + (classNames == null || label >= classNames.size() ? "" : " (" + classNames.get(label) + ")");
    }

    /**
     * Reads a kernel typed as rows separated by {@code ;} or new lines, numbers by spaces or commas followed by a
     * space: {@code 1 0; 0 1} or {@code 1, 0; 0, 1}. A comma between digits is a decimal comma ({@code 0,5}).
     *
     * @return the kernel, square or not, at most 5x5
     * @throws IllegalArgumentException with what to type
     */
    static double[][] parseKernel(String text) {
        String[] rows = text.strip().split("\\s*[;\n/]\\s*");
        double[][] k = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            String[] cells = rows[r].strip().split("(,\\s+|\\s+|,(?=[^\\d]))");
            k[r] = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                try {
                    k[r][c] = Double.parseDouble(cells[c].replace('\u2212', '-').replace(',', '.'));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(tr("learn.kernel.notNumber", cells[c]));
                }
            }
            if (k[r].length != k[0].length) {
                throw new IllegalArgumentException(tr("learn.kernel.rowLength", k[0].length, r + 1, k[r].length));
            }
        }
        if (k.length > 5 || k[0].length > 5) {
            throw new IllegalArgumentException(tr("learn.kernel.tooLarge", k.length, k[0].length));
        }
        return k;
    }

    /** Writes a kernel as {@link #parseKernel(String)} reads it: {@code 1 0; 0 1}. */
    static String kernelText(double[][] k) {
        StringBuilder sb = new StringBuilder();
        for (double[] row : k) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            for (int c = 0; c < row.length; c++) {
                sb.append(c == 0 ? "" : " ").append(org.convscope.core.conv.Num.format(row[c]));
            }
        }
        return sb.toString();
    }
}
