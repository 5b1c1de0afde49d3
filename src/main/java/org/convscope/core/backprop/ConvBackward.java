package org.convscope.core.backprop;

import java.util.ArrayList;
import java.util.List;
import org.convscope.core.conv.ConvSettings;
import org.convscope.core.conv.ConvTrace;
import org.convscope.core.conv.Convolution;
import org.convscope.core.conv.Volume;
import org.convscope.core.conv.WindowGeometry;

/**
 * The backward pass through the conv layer, from {@code dY = dZ_f (H', W')} per kernel.
 *
 * <ul>
 *   <li>Kernel weights, {@code (kh, kw)} each: {@code dK_f[i][j] = sum over (r, c) of dY[r][c] * X[r*s + i][c*s + j]}
 *       (X zero-padded). This is itself a convolution: the input X cross-correlated with {@code dY} as the kernel
 *       (its cells {@code s} apart when the stride is {@code s}).</li>
 *   <li>Bias: {@code db_f = sum over (r, c) of dY[r][c]}, since the bias is added to every output cell.</li>
 *   <li>Input, {@code (H, W)} (what a layer below would receive): every weight passes {@code dY[r][c] * K[i][j]}
 *       back to the input cell it touched. Read as one operation this is the "full" convolution of {@code dY} with
 *       the kernel turned by 180 degrees: {@code dY} with {@code s - 1} zeros between its cells and {@code kh - 1}
 *       zeros around it, convolved (true convolution) with {@code K}, cropped by the padding.</li>
 * </ul>
 * The step records are computed on demand, as {@link ConvTrace} does, so a 32x32 input keeps only the matrices.
 */
public final class ConvBackward {

    private final double[][] x;
    private final double[][][] kernels;
    private final double[][][] dZ;
    private final WindowGeometry g;
    private final double[][][] dK;
    private final double[] db;
    private final double[][] dX;

    ConvBackward(ForwardPass fp, double[][][] dZ) {
        this.x = fp.input();
        this.kernels = fp.net().kernels();
        this.dZ = dZ;
        this.g = fp.convs()[0].geometry();
        int kh = kernels[0].length;
        int kw = kernels[0][0].length;
        this.dK = new double[kernels.length][kh][kw];
        this.db = new double[kernels.length];
        this.dX = new double[x.length][x[0].length];
        for (int f = 0; f < kernels.length; f++) {
            db[f] = Mat.sum(dZ[f]);
            for (int r = 0; r < g.outHeight(); r++) {
                for (int c = 0; c < g.outWidth(); c++) {
                    accumulate(f, r, c, kh, kw);
                }
            }
        }
    }

    private void accumulate(int f, int r, int c, int kh, int kw) {
        double dy = dZ[f][r][c];
        int top = g.top(r);
        int left = g.left(c);
        for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
                int y = top + i;
                int xx = left + j;
                if (y >= 0 && y < x.length && xx >= 0 && xx < x[0].length) {
                    dK[f][i][j] += dy * x[y][xx];
                    dX[y][xx] += dy * kernels[f][i][j];
                }
            }
        }
    }

    /** Returns {@code dK} {@code [f][i][j]} (a copy). */
    public double[][][] dK() {
        return Mat.copy(dK);
    }

    /** Returns the conv biases' gradients, one per kernel (a copy). */
    public double[] db() {
        return db.clone();
    }

    /** Returns {@code dX} {@code (H, W)}, summed over the kernels (a copy). */
    public double[][] dX() {
        return Mat.copy(dX);
    }

    /** Returns the conv geometry (output size, stride, padding) the gradients follow. */
    public WindowGeometry geometry() {
        return g;
    }

    /** Returns the steps of one kernel's gradient: {@code kh * kw}, one per weight. */
    public int weightSteps() {
        return kernels[0].length * kernels[0][0].length;
    }

    /**
     * Returns one kernel weight's gradient with its products, computed now.
     *
     * @param f kernel
     * @param index weight in row-major order, 0 .. weightSteps()-1
     * @return the step
     */
    public KernelGradStep weightStep(int f, int index) {
        int kw = kernels[0][0].length;
        int i = index / kw;
        int j = index % kw;
        int oh = g.outHeight();
        int ow = g.outWidth();
        double[][] in = new double[oh][ow];
        double[][] prod = new double[oh][ow];
        double sum = 0;
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < oh; r++) {
            for (int c = 0; c < ow; c++) {
                int y = g.top(r) + i;
                int xx = g.left(c) + j;
                in[r][c] = y >= 0 && y < x.length && xx >= 0 && xx < x[0].length ? x[y][xx] : 0;
                prod[r][c] = dZ[f][r][c] * in[r][c];
                sum += prod[r][c];
                sb.append(sb.length() == 0 ? "" : " + ").append(Mat.factor(dZ[f][r][c])).append('*')
                        .append(Mat.factor(in[r][c]));
            }
        }
        String name = "dK" + (f + 1) + "[" + i + "][" + j + "]";
        String formula = name + " = " + org.convscope.core.text.CoreText.tr("backprop.sumOf") + " dY" + (f + 1) + "[r][c] * X[r*" + g.strides().h() + (g.padTop() > 0
                ? " - " + g.padTop() : "") + " + " + i + "][c*" + g.strides().w() + (g.padLeft() > 0 ? " - " + g.padLeft()
                : "") + " + " + j + "] = ";
        return new KernelGradStep(f, i, j, in, Mat.copy(dZ[f]), prod, sum, formula + sb + " = " + Mat.f(sum));
    }

    /** Returns the bias line of one kernel: {@code db1 = sum of dY1 = 0.12 + 0 + ... = 0.2}. */
    public String biasLine(int f) {
        StringBuilder sb = new StringBuilder();
        for (double[] row : dZ[f]) {
            for (double v : row) {
                sb.append(sb.length() == 0 ? "" : " + ").append(Mat.factor(v));
            }
        }
        return "db" + (f + 1) + " = " + org.convscope.core.text.CoreText.tr("backprop.sumOf") + " dY" + (f + 1) + " = " + sb + " = " + Mat.f(db[f]);
    }

    /** Returns the number of input-gradient steps: one per input cell. */
    public int inputSteps() {
        return x.length * x[0].length;
    }

    /**
     * Returns one input cell's gradient with every product that reaches it, computed now.
     *
     * @param index input cell in row-major order, 0 .. inputSteps()-1
     * @return the step
     */
    public InputGradStep inputStep(int index) {
        int y = index / x[0].length;
        int xx = index % x[0].length;
        int kh = kernels[0].length;
        int kw = kernels[0][0].length;
        List<InputGradStep.Term> terms = new ArrayList<>();
        StringBuilder names = new StringBuilder();
        StringBuilder nums = new StringBuilder();
        double sum = 0;
        for (int f = 0; f < kernels.length; f++) {
            for (int r = 0; r < g.outHeight(); r++) {
                int i = y - g.top(r);
                for (int c = 0; c < g.outWidth() && i >= 0 && i < kh; c++) {
                    int j = xx - g.left(c);
                    if (j < 0 || j >= kw) {
                        continue;
                    }
                    double dy = dZ[f][r][c];
                    double w = kernels[f][i][j];
                    terms.add(new InputGradStep.Term(f, r, c, i, j, dy, w));
                    sum += dy * w;
                    String sep = names.length() == 0 ? "" : " + ";
                    names.append(sep).append("dY").append(f + 1).append('[').append(r).append("][").append(c)
                            .append("]*K").append(f + 1).append('[').append(i).append("][").append(j).append(']');
                    nums.append(sep).append(Mat.factor(dy)).append('*').append(Mat.factor(w));
                }
            }
        }
        String head = "dX[" + y + "][" + xx + "] = ";
        String text = terms.isEmpty() ? head + "0 (" + org.convscope.core.text.CoreText.tr("backprop.noWindow") + ")"
                : head + names + " = " + nums + " = " + Mat.f(sum);
        return new InputGradStep(y, xx, List.copyOf(terms), sum, text);
    }

    /**
     * Returns the input gradient of one kernel as a "full" convolution, to step through as the forward stepper
     * does: {@code dY_f} with {@code s - 1} zeros between its cells and {@code kh - 1} (resp. {@code kw - 1}) zeros
     * around it, convolved with {@code K_f} turned by 180 degrees (true convolution, {@code flip = true}). Its output
     * cell {@code (y + padTop, x + padLeft)} is kernel f's share of {@code dX[y][x]}; cells past its edge get 0.
     *
     * @param f kernel
     * @return the trace of that convolution
     */
    public ConvTrace fullConvolution(int f) {
        int kh = kernels[0].length;
        int kw = kernels[0][0].length;
        int sh = g.strides().h();
        int sw = g.strides().w();
        int h = (g.outHeight() - 1) * sh + 1 + 2 * (kh - 1);
        int w = (g.outWidth() - 1) * sw + 1 + 2 * (kw - 1);
        double[][] spread = new double[h][w];
        for (int r = 0; r < g.outHeight(); r++) {
            for (int c = 0; c < g.outWidth(); c++) {
                spread[kh - 1 + r * sh][kw - 1 + c * sw] = dZ[f][r][c];
            }
        }
        return Convolution.run(Volume.of(spread), Volume.of(kernels[f]), ConvSettings.DEFAULT.withFlip(true));
    }
}
