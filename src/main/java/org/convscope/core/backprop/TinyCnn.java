package org.convscope.core.backprop;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.convscope.core.conv.PoolSettings;
import org.convscope.core.conv.WindowGeometry;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;

/**
 * The small network whose training step is traced: conv -> (ReLU) -> pooling -> flatten -> Dense -> softmax.
 *
 * <p>Shapes, for a one-channel input {@code X (H, W)} and {@code F} kernels {@code (kh, kw)}:
 * <ul>
 *   <li>conv: {@code Z_f = X (*) K_f + b_f}, each {@code (H', W')} with {@code H' = floor((H + 2p - kh)/s) + 1};</li>
 *   <li>ReLU (optional): {@code A_f = max(0, Z_f)}, else {@code A_f = Z_f};</li>
 *   <li>pooling (max or average, window {@code q x q}, stride {@code q}, no padding):
 *       {@code P_f (floor(H'/q), floor(W'/q))};</li>
 *   <li>flatten, map by map ({@code i = f*ph*pw + r*pw + c}, PyTorch's {@code (C, H, W)} order): {@code x (n)};</li>
 *   <li>Dense: {@code o = x * W + b}, {@code W (n, classes)}; softmax {@code p_k = e^{o_k} / sum_j e^{o_j}}.</li>
 * </ul>
 *
 * <p>Arrays are not copied: treat them as read-only; {@link #withParameters(double[][])} makes a new network.
 *
 * @param kernels {@code [f][i][j]}: F kernels of equal size
 * @param convBias one bias per kernel
 * @param strides conv strides
 * @param padding conv padding
 * @param relu ReLU after the conv
 * @param poolMode {@code MAX} or {@code AVERAGE}
 * @param poolSize pooling window and stride {@code q}
 * @param denseW {@code [n][classes]}
 * @param denseB {@code [classes]}
 */
public record TinyCnn(double[][][] kernels, double[] convBias, Size2 strides, Padding padding, boolean relu,
                      PoolSettings.Mode poolMode, int poolSize, double[][] denseW, double[] denseB) {

    /** Checks the parts fit each other (the input size is checked by {@link Forward}). */
    public TinyCnn {
        if (kernels.length == 0) {
            throw new IllegalArgumentException("the network needs at least one kernel");
        }
        for (double[][] k : kernels) {
            if (k.length != kernels[0].length || k[0].length != kernels[0][0].length) {
                throw new IllegalArgumentException("all kernels must have the same size, got "
                        + k.length + "x" + k[0].length + " and " + kernels[0].length + "x" + kernels[0][0].length);
            }
        }
        if (convBias.length != kernels.length) {
            throw new IllegalArgumentException(kernels.length + " kernels need " + kernels.length + " biases, got "
                    + convBias.length);
        }
        if (poolMode == PoolSettings.Mode.MIXED) {
            throw new IllegalArgumentException("the training step supports max and average pooling");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("the pool size must be at least 1, got " + poolSize);
        }
        if (denseB.length < 2 || denseW.length == 0 || denseW[0].length != denseB.length) {
            throw new IllegalArgumentException("the Dense layer needs at least 2 classes and one weight column per class");
        }
    }

    /** Returns the number of kernels {@code F}. */
    public int filters() {
        return kernels.length;
    }

    /** Returns the number of classes. */
    public int classes() {
        return denseB.length;
    }

    /** Returns the conv output geometry for an {@code h x w} input (throws with the formula when it does not fit). */
    public WindowGeometry convGeometry(int h, int w) {
        return WindowGeometry.of(h, w, new Size2(kernels[0].length, kernels[0][0].length), strides, padding);
    }

    /** Returns {@code n = F * ph * pw}, the Dense layer's input length, for an {@code h x w} input. */
    public static int flatLength(double[][][] kernels, Size2 strides, Padding padding, int poolSize, int h, int w) {
        WindowGeometry g = WindowGeometry.of(h, w, new Size2(kernels[0].length, kernels[0][0].length), strides, padding);
        WindowGeometry p = WindowGeometry.of(g.outHeight(), g.outWidth(), Size2.square(poolSize), Size2.square(poolSize),
                Padding.VALID);
        return kernels.length * p.cells();
    }

    /**
     * Returns Dense weights drawn as PyTorch's {@code nn.Linear} draws them: uniform in {@code +-1/sqrt(n)}; biases 0.
     *
     * @param n inputs
     * @param classes outputs
     * @param seed random seed, so a run can be repeated
     * @return {@code [n][classes]}
     */
    public static double[][] randomDense(int n, int classes, long seed) {
        Random random = new Random(seed);
        double bound = 1 / Math.sqrt(n);
        double[][] w = new double[n][classes];
        for (double[] row : w) {
            for (int k = 0; k < classes; k++) {
                row[k] = (2 * random.nextDouble() - 1) * bound;
            }
        }
        return w;
    }

    /** Returns the parameter tensors' names, in the order of {@link #parameters()}: {@code K1 .. KF, conv bias, W, b}. */
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        for (int f = 0; f < kernels.length; f++) {
            names.add("K" + (f + 1));
        }
        names.add("conv bias");
        names.add("W");
        names.add("b");
        return names;
    }

    /**
     * Returns the name of one weight, e.g. {@code K1[0][2]}, {@code b_conv1}, {@code W[3][1]}, {@code b[0]}.
     *
     * @param tensor index into {@link #parameterNames()}
     * @param index row-major position in that tensor
     * @return the name
     */
    public String weightName(int tensor, int index) {
        int f = kernels.length;
        if (tensor < f) {
            int kw = kernels[0][0].length;
            return "K" + (tensor + 1) + "[" + index / kw + "][" + index % kw + "]";
        }
        if (tensor == f) {
            return "b_conv" + (index + 1);
        }
        if (tensor == f + 1) {
            return "W[" + index / denseB.length + "][" + index % denseB.length + "]";
        }
        return "b[" + index + "]";
    }

    /** Returns every parameter as a flat row-major array, in the order of {@link #parameterNames()} (copies). */
    public double[][] parameters() {
        return flatten(kernels, convBias, denseW, denseB);
    }

    static double[][] flatten(double[][][] k, double[] cb, double[][] w, double[] b) {
        double[][] out = new double[k.length + 3][];
        for (int f = 0; f < k.length; f++) {
            out[f] = Mat.flat(k[f]);
        }
        out[k.length] = cb.clone();
        out[k.length + 1] = Mat.flat(w);
        out[k.length + 2] = b.clone();
        return out;
    }

    /** Returns the same network with other parameters, given as {@link #parameters()} returns them. */
    public TinyCnn withParameters(double[][] p) {
        int f = kernels.length;
        double[][][] k = new double[f][][];
        for (int i = 0; i < f; i++) {
            k[i] = Mat.unflat(p[i], kernels[i].length, kernels[i][0].length);
        }
        return new TinyCnn(k, p[f].clone(), strides, padding, relu, poolMode, poolSize,
                Mat.unflat(p[f + 1], denseW.length, denseB.length), p[f + 2].clone());
    }
}
