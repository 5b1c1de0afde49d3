package org.convscope.engine.dl4j;

import org.convscope.core.train.LabelledImages;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Labels and scores for training: a batch's checked labels, how many of a batch's predictions are right, and the
 * loss and accuracy of a model's probabilities over a whole image set (the validation numbers of each epoch).
 */
final class BatchScores {

    private static final int EVAL_BATCH = 256;

    private BatchScores() {
    }

    /**
     * Returns {@code [loss, accuracy]} of a model's probabilities over all images, or NaNs for none.
     *
     * @param probabilities {@code [n, classes]} probabilities for the images of a batch of indices
     */
    static double[] evaluate(java.util.function.Function<int[], INDArray> probabilities, LabelledImages images) {
        if (images.size() == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double loss = 0;
        long correct = 0;
        for (int from = 0; from < images.size(); from += EVAL_BATCH) {
            int count = Math.min(EVAL_BATCH, images.size() - from);
            int[] idx = BatchInference.range(from, count);
            int[] y = labels(images, idx);
            INDArray probs = probabilities.apply(idx);
            correct += correct(probs, y);
            float[] p = Nd4jArrays.floats(probs);
            int classes = (int) probs.size(1);
            for (int k = 0; k < count; k++) {
                loss -= Math.log(Math.max(p[k * classes + y[k]], 1e-7));
            }
        }
        return new double[] {loss / images.size(), correct / (double) images.size()};
    }

    /**
     * Returns the labels of some images.
     *
     * @throws IllegalArgumentException if a label is outside {@code 0 .. classCount - 1}
     */
    static int[] labels(LabelledImages images, int[] idx) {
        int[] y = new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            int label = images.label(idx[k]);
            if (label < 0 || label >= images.classCount()) {
                throw new IllegalArgumentException("label " + label + " of image " + idx[k] + " is outside 0-"
                        + (images.classCount() - 1));
            }
            y[k] = label;
        }
        return y;
    }

    /** Returns how many rows of {@code [n, classes]} probabilities have their largest value at the label. */
    static int correct(INDArray probs, int[] y) {
        INDArray arg = Nd4j.argMax(probs, 1).castTo(DataType.LONG);
        long[] predicted = arg.toLongVector();
        int correct = 0;
        for (int k = 0; k < y.length; k++) {
            if (predicted[k] == y[k]) {
                correct++;
            }
        }
        return correct;
    }
}
