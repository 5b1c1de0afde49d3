package org.convscope.engine.dl4j;

/**
 * Softmax cross-entropy on logits held on the heap, shared by {@link NativeOpsNetwork} and {@link NativeOpsGraph}:
 * the softmax in double from the largest logit, {@code p = exp(z - max) / sum}, the loss {@code -log p[label]} and
 * the gradient of the batch-mean loss {@code dL/dz = (p - onehot) / n}.
 */
final class SoftmaxLoss {

    private SoftmaxLoss() {
    }

    /**
     * Computes the probabilities and overwrites the logits with dL/dz.
     *
     * @param z {@code [n, classes]} logits, row-major; replaced by dL/dz of the mean loss
     * @param labels one class index per row
     * @param probabilities receives each row's softmax
     * @return the sum over the batch of {@code -log p[label]} (divide by {@code n} for the mean)
     */
    static double lossAndGradient(float[] z, int n, int classes, int[] labels, float[][] probabilities) {
        double loss = 0;
        for (int k = 0; k < n; k++) {
            int row = k * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, z[row + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(z[row + c] - max);
            }
            float[] probs = probabilities[k];
            for (int c = 0; c < classes; c++) {
                float v = (float) (Math.exp(z[row + c] - max) / sum);
                probs[c] = v;
                z[row + c] = (v - (c == labels[k] ? 1f : 0f)) / n;
            }
            loss -= Math.log(Math.max(probs[labels[k]], 1e-10f));
        }
        return loss;
    }
}
