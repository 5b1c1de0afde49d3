package org.convscope.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Accuracy and confusion matrix of a classifier, built one prediction at a time.
 *
 * <p>{@code matrix[t][p]} counts images of true class {@code t} predicted as {@code p};
 * {@code accuracy = trace / total}; a class's recall is {@code matrix[c][c] / row sum}.
 */
public final class Evaluation {

    private final List<String> classes;
    private final long[][] matrix;
    private long total;

    /** Creates an empty evaluation for the given class names (index = label). */
    public Evaluation(List<String> classes) {
        this.classes = List.copyOf(classes);
        this.matrix = new long[classes.size()][classes.size()];
    }

    /** Records one image: its true label and the predicted one. */
    public void add(int trueLabel, int predicted) {
        matrix[trueLabel][predicted]++;
        total++;
    }

    /** Returns the number of images recorded. */
    public long total() {
        return total;
    }

    /** Returns the fraction predicted correctly, 0 when empty. */
    public double accuracy() {
        long right = 0;
        for (int c = 0; c < matrix.length; c++) {
            right += matrix[c][c];
        }
        return total == 0 ? 0 : right / (double) total;
    }

    /** Returns a copy of the confusion matrix {@code [true][predicted]}. */
    public long[][] matrix() {
        long[][] copy = new long[matrix.length][];
        for (int i = 0; i < matrix.length; i++) {
            copy[i] = matrix[i].clone();
        }
        return copy;
    }

    /** Returns the class names, index = label. */
    public List<String> classes() {
        return classes;
    }

    /**
     * Returns a class's recall: of the images of class {@code c}, the fraction predicted as {@code c}
     * ({@code matrix[c][c] / row sum}); NaN when there are none.
     */
    public double recall(int c) {
        long row = 0;
        for (int p = 0; p < matrix.length; p++) {
            row += matrix[c][p];
        }
        return row == 0 ? Double.NaN : matrix[c][c] / (double) row;
    }

    /**
     * Returns a class's precision: of the images predicted as {@code c}, the fraction that are {@code c}
     * ({@code matrix[c][c] / column sum}); NaN when nothing was predicted as {@code c}.
     */
    public double precision(int c) {
        long column = 0;
        for (int t = 0; t < matrix.length; t++) {
            column += matrix[t][c];
        }
        return column == 0 ? Double.NaN : matrix[c][c] / (double) column;
    }

    /** Returns the confusion matrix as text: one row per true class, one column per prediction, with recall. */
    public String table() {
        int w = Math.max(10, classes.stream().mapToInt(String::length).max().orElse(6) + 1);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-" + w + "s", "true\\pred"));
        for (String c : classes) {
            sb.append(String.format(Locale.ROOT, " %6.6s", c));
        }
        sb.append("  recall\n");
        for (int t = 0; t < matrix.length; t++) {
            sb.append(String.format(Locale.ROOT, "%-" + w + "s", classes.get(t)));
            long row = 0;
            for (int p = 0; p < matrix.length; p++) {
                sb.append(String.format(Locale.ROOT, " %6d", matrix[t][p]));
                row += matrix[t][p];
            }
            sb.append(String.format(Locale.ROOT, "  %.3f%n", row == 0 ? 0 : matrix[t][t] / (double) row));
        }
        return sb.toString();
    }

    /**
     * Turns a network's last output into class probabilities: as they are if the model ends in softmax,
     * else {@code softmax(z)_i = e^(z_i - max z) / sum_j e^(z_j - max z)}.
     *
     * @param output the last layer's values
     * @param endsInSoftmax whether the model's last activation is softmax
     * @return probabilities summing to 1
     */
    public static double[] probabilities(double[] output, boolean endsInSoftmax) {
        if (endsInSoftmax) {
            return output.clone();
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : output) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[output.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(output[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** Returns the indexes of the {@code k} largest values, largest first. */
    public static int[] topK(double[] values, int k) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            idx.add(i);
        }
        idx.sort((a, b) -> Double.compare(values[b], values[a]));
        return idx.subList(0, Math.min(k, idx.size())).stream().mapToInt(Integer::intValue).toArray();
    }
}
