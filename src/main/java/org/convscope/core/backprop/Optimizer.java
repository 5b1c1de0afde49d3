package org.convscope.core.backprop;

/**
 * SGD or Adam, as {@code torch.optim.SGD} (no momentum) and {@code torch.optim.Adam} (no weight decay) compute them.
 *
 * <p>SGD: {@code w_new = w - lr * g}. Adam, at step {@code t = 1, 2, ...}, per weight:
 * {@code m = beta1*m + (1 - beta1)*g}, {@code v = beta2*v + (1 - beta2)*g^2},
 * {@code m^ = m / (1 - beta1^t)}, {@code v^ = v / (1 - beta2^t)} (the bias corrections, since m and v start at 0),
 * {@code step = lr * m^ / (sqrt(v^) + eps)}, {@code w_new = w - step}. An Adam optimizer keeps {@code m}, {@code v}
 * and {@code t} between steps; it is meant for one network's parameters.
 */
public final class Optimizer {

    private final boolean adam;
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private double[][] m;
    private double[][] v;
    private int t;

    private Optimizer(boolean adam, double lr, double beta1, double beta2, double eps) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("the learning rate must be a number above 0, got " + lr);
        }
        this.adam = adam;
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    /** Returns plain SGD: {@code w_new = w - lr * g}. */
    public static Optimizer sgd(double lr) {
        return new Optimizer(false, lr, 0, 0, 0);
    }

    /** Returns Adam with PyTorch's defaults {@code beta1 = 0.9, beta2 = 0.999, eps = 1e-8}. */
    public static Optimizer adam(double lr) {
        return new Optimizer(true, lr, 0.9, 0.999, 1e-8);
    }

    /** Returns the settings in words, e.g. {@code SGD(lr=0.1)}. */
    public String describe() {
        return adam ? "Adam(lr=" + lr + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + Mat.f(eps) + ")"
                : "SGD(lr=" + lr + ")";
    }

    /** Returns the number of steps taken so far. */
    public int steps() {
        return t;
    }

    /**
     * Takes one step.
     *
     * @param net the network
     * @param grads its gradients
     * @return the new network and every weight's arithmetic
     */
    public Update step(TinyCnn net, Gradients grads) {
        double[][] w = net.parameters();
        double[][] g = grads.flat();
        double[][] out = new double[w.length][];
        if (!adam) {
            for (int p = 0; p < w.length; p++) {
                out[p] = new double[w[p].length];
                for (int i = 0; i < w[p].length; i++) {
                    out[p][i] = w[p][i] - lr * g[p][i];
                }
            }
            return new Update(describe(), net, net.withParameters(out), net.parameterNames(),
                    (name, p, i) -> net.weightName(p, i) + ": w_new = w - lr*g = " + Mat.f(w[p][i]) + " - " + lr + "*"
                            + Mat.factor(g[p][i]) + " = " + Mat.f(out[p][i]));
        }
        return adamStep(net, w, g, out);
    }

    private Update adamStep(TinyCnn net, double[][] w, double[][] g, double[][] out) {
        if (m == null) {
            m = new double[w.length][];
            v = new double[w.length][];
            for (int p = 0; p < w.length; p++) {
                m[p] = new double[w[p].length];
                v[p] = new double[w[p].length];
            }
        }
        t++;
        double[][] m0 = Mat.copy(m);
        double[][] v0 = Mat.copy(v);
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int p = 0; p < w.length; p++) {
            out[p] = new double[w[p].length];
            for (int i = 0; i < w[p].length; i++) {
                m[p][i] = beta1 * m[p][i] + (1 - beta1) * g[p][i];
                v[p][i] = beta2 * v[p][i] + (1 - beta2) * g[p][i] * g[p][i];
                out[p][i] = w[p][i] - lr * (m[p][i] / c1) / (Math.sqrt(v[p][i] / c2) + eps);
            }
        }
        double[][] m1 = Mat.copy(m);
        double[][] v1 = Mat.copy(v);
        int step = t;
        return new Update(describe(), net, net.withParameters(out), net.parameterNames(),
                (name, p, i) -> adamLine(net.weightName(p, i), step, w[p][i], g[p][i], m0[p][i], v0[p][i], m1[p][i],
                        v1[p][i], out[p][i]));
    }

    private String adamLine(String name, int step, double w, double g, double m0, double v0, double m1, double v1,
                            double wNew) {
        double c1 = 1 - Math.pow(beta1, step);
        double c2 = 1 - Math.pow(beta2, step);
        double mHat = m1 / c1;
        double vHat = v1 / c2;
        double delta = lr * mHat / (Math.sqrt(vHat) + eps);
        return name + " (t=" + step + ", g=" + Mat.f(g) + "): m = " + beta1 + "*" + Mat.factor(m0) + " + "
                + Mat.f(1 - beta1) + "*" + Mat.factor(g) + " = " + Mat.f(m1) + "; v = " + beta2 + "*" + Mat.factor(v0)
                + " + " + Mat.f(1 - beta2) + "*" + Mat.factor(g) + "^2 = " + Mat.f(v1) + "; m^ = m/(1 - " + beta1 + "^"
                + step + ") = " + Mat.f(mHat) + "; v^ = v/(1 - " + beta2 + "^" + step + ") = " + Mat.f(vHat)
                + "; step = lr*m^/(sqrt(v^) + eps) = " + lr + "*" + Mat.factor(mHat) + "/(" + Mat.f(Math.sqrt(vHat))
                + " + " + Mat.f(eps) + ") = " + Mat.f(delta) + "; w_new = w - step = " + Mat.f(w) + " - " + Mat.factor(delta)
                + " = " + Mat.f(wNew);
    }
}
