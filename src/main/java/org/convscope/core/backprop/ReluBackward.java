package org.convscope.core.backprop;

import org.convscope.core.text.CoreText;

/**
 * The backward pass through ReLU: {@code dZ = dA * [Z > 0]}. The gradient passes where the conv output
 * {@code Z} was positive and is zero elsewhere (the mask); without ReLU, {@code dZ = dA}.
 */
public final class ReluBackward {

    private final boolean relu;
    private final double[][][] z;
    private final double[][][] dA;
    private final double[][][] dZ;

    ReluBackward(ForwardPass fp, double[][][] dA) {
        this.relu = fp.net().relu();
        this.z = fp.z();
        this.dA = dA;
        this.dZ = new double[dA.length][dA[0].length][dA[0][0].length];
        for (int f = 0; f < dA.length; f++) {
            for (int r = 0; r < dA[0].length; r++) {
                for (int c = 0; c < dA[0][0].length; c++) {
                    dZ[f][r][c] = !relu || z[f][r][c] > 0 ? dA[f][r][c] : 0;
                }
            }
        }
    }

    /** Returns whether the network has a ReLU (without one this stage passes the gradient unchanged). */
    public boolean relu() {
        return relu;
    }

    /** Returns the mask {@code [f][r][c]}: true where {@code Z > 0} (all true without ReLU). */
    public boolean[][][] mask() {
        boolean[][][] m = new boolean[z.length][z[0].length][z[0][0].length];
        for (int f = 0; f < z.length; f++) {
            for (int r = 0; r < z[0].length; r++) {
                for (int c = 0; c < z[0][0].length; c++) {
                    m[f][r][c] = !relu || z[f][r][c] > 0;
                }
            }
        }
        return m;
    }

    /** Returns {@code dZ}, the gradient at the conv output {@code [f][r][c]} (a copy). */
    public double[][][] dZ() {
        return Mat.copy(dZ);
    }

    /** Returns one cell's line: {@code Z1[0][1] = 1.5 > 0, so dZ = dA = 0.12} or {@code ... <= 0, so dZ = 0}. */
    public String line(int f, int r, int c) {
        String cell = (f + 1) + "[" + r + "][" + c + "]";
        if (!relu) {
            return "dZ" + cell + " = dA" + cell + " = " + Mat.f(dA[f][r][c]) + " " + CoreText.tr("backprop.noRelu");
        }
        double v = z[f][r][c];
        return v > 0 ? CoreText.tr("backprop.reluOn", "Z" + cell + " = " + Mat.f(v) + " > 0",
                "dZ" + cell + " = dA" + cell + " = " + Mat.f(dZ[f][r][c]))
                : CoreText.tr("backprop.reluOff", "Z" + cell + " = " + Mat.f(v) + " <= 0", "dZ" + cell + " = 0",
                        "dA", Mat.f(dA[f][r][c]));
    }
}
