package org.convscope.core.backprop;

/**
 * The backward pass through the Dense layer and the softmax with cross-entropy.
 *
 * <p>At the output {@code delta = dL/do = p - y} (y one-hot), one number per class. Then, with {@code x (n)} the
 * Dense input and {@code W (n, classes)}:
 * <ul>
 *   <li>{@code dW = x^T * delta}: {@code dW[i][k] = x[i] * delta[k]}, shape {@code (n, classes)};</li>
 *   <li>{@code db = delta};</li>
 *   <li>{@code dx = delta * W^T}: {@code dx[i] = sum_k delta[k] * W[i][k]}, shape {@code (n)}, passed back.</li>
 * </ul>
 */
public final class DenseBackward {

    private final double[] x;
    private final double[][] w;
    private final double[] probs;
    private final int label;
    private final double[] delta;
    private final double[][] dW;
    private final double[] dx;

    DenseBackward(ForwardPass fp) {
        this.x = fp.flat();
        this.w = fp.net().denseW();
        this.probs = fp.probs();
        this.label = fp.label();
        int classes = probs.length;
        this.delta = new double[classes];
        for (int k = 0; k < classes; k++) {
            delta[k] = probs[k] - (k == label ? 1 : 0);
        }
        this.dW = new double[x.length][classes];
        this.dx = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double s = 0;
            for (int k = 0; k < classes; k++) {
                dW[i][k] = x[i] * delta[k];
                s += delta[k] * w[i][k];
            }
            dx[i] = s;
        }
    }

    /** Returns {@code delta = p - y}, one number per class (a copy). */
    public double[] delta() {
        return delta.clone();
    }

    /** Returns {@code dW = x^T * delta}, {@code (n, classes)} (a copy). */
    public double[][] dW() {
        return Mat.copy(dW);
    }

    /** Returns {@code db = delta} (a copy). */
    public double[] db() {
        return delta.clone();
    }

    /** Returns {@code dx = delta * W^T}, {@code (n)} (a copy). */
    public double[] dx() {
        return dx.clone();
    }

    /** Returns the gradient at the output for one class: {@code delta[1] = p[1] - y[1] = 0.23 - 1 = -0.77}. */
    public String deltaLine(int k) {
        int y = k == label ? 1 : 0;
        return "delta[" + k + "] = p[" + k + "] - y[" + k + "] = " + Mat.f(probs[k]) + " - " + y + " = " + Mat.f(delta[k]);
    }

    /** Returns one weight gradient: {@code dW[i][k] = x[i] * delta[k] = 2 * (-0.77) = -1.54}. */
    public String weightLine(int i, int k) {
        return "dW[" + i + "][" + k + "] = x[" + i + "] * delta[" + k + "] = " + Mat.factor(x[i]) + "*"
                + Mat.factor(delta[k]) + " = " + Mat.f(dW[i][k]);
    }

    /** Returns one bias gradient: {@code db[k] = delta[k] = -0.77}. */
    public String biasLine(int k) {
        return "db[" + k + "] = delta[" + k + "] = " + Mat.f(delta[k]);
    }

    /** Returns one input gradient: {@code dx[i] = delta[0]*W[i][0] + delta[1]*W[i][1] = ... = 0.12}. */
    public String inputLine(int i) {
        StringBuilder names = new StringBuilder();
        StringBuilder nums = new StringBuilder();
        for (int k = 0; k < delta.length; k++) {
            names.append(k == 0 ? "" : " + ").append("delta[").append(k).append("]*W[").append(i).append("][").append(k)
                    .append(']');
            nums.append(k == 0 ? "" : " + ").append(Mat.factor(delta[k])).append('*').append(Mat.factor(w[i][k]));
        }
        return "dx[" + i + "] = " + names + " = " + nums + " = " + Mat.f(dx[i]);
    }
}
