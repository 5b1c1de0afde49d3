package org.convscope.cli;

import java.io.PrintWriter;
import org.convscope.core.backprop.BackwardPass;
import org.convscope.core.backprop.ConvBackward;
import org.convscope.core.backprop.ForwardPass;
import org.convscope.core.backprop.PoolBackward;
import org.convscope.core.backprop.TinyCnn;
import org.convscope.core.backprop.Update;
import org.convscope.core.conv.Num;
import org.convscope.io.MatrixCsv;

/**
 * Prints one training step stage by stage for {@code convscope backprop}: the matrices always, every cell's worked
 * line with {@code --trace}. Numbers are shown to 4 places; the CSV files hold them exactly.
 */
final class BackpropReport {

    private final PrintWriter out;
    private final boolean trace;

    BackpropReport(PrintWriter out, boolean trace) {
        this.out = out;
        this.trace = trace;
    }

    void print(BackwardPass bp, Update update, ForwardPass after) {
        ForwardPass fp = bp.forward();
        out.println(network(fp));
        forward(fp);
        dense(bp);
        pooling(bp.pool());
        relu(bp, fp);
        conv(bp.conv(), fp.net().filters());
        update(update);
        double change = after.loss() - fp.loss();
        out.println();
        out.println("== Forward again with the new weights ==");
        out.println(after.lossLine());
        out.println("loss " + Num.format(fp.loss()) + " -> " + Num.format(after.loss()) + (change < 0
                ? " (down by " + Num.format(-change) + ")"
                : " (up by " + Num.format(change) + ": the step overshot; try a smaller --lr)"));
    }

    private static String network(ForwardPass fp) {
        TinyCnn n = fp.net();
        var g = fp.convs()[0].geometry();
        var p = fp.pools()[0].geometry();
        int f = n.filters();
        return "Network: input " + fp.input().length + "x" + fp.input()[0].length + " -> conv " + f + " kernel(s) "
                + n.kernels()[0].length + "x" + n.kernels()[0][0].length + ", stride " + n.strides().text()
                + ", padding " + n.padding().keras() + " -> " + f + " map(s) " + g.outHeight() + "x" + g.outWidth()
                + (n.relu() ? " -> ReLU" : "") + " -> " + (n.poolMode().name().equals("MAX") ? "max" : "average")
                + " pool " + n.poolSize() + "x" + n.poolSize() + " -> " + p.outHeight() + "x" + p.outWidth()
                + " -> flatten " + fp.flat().length + " -> Dense " + fp.flat().length + "x" + n.classes()
                + " -> softmax; label " + fp.label();
    }

    private void heading(String text) {
        out.println();
        out.println("== " + text + " ==");
    }

    private void matrix(String name, double[][] m) {
        out.println(name + " (" + m.length + "x" + m[0].length + "):");
        out.print(MatrixCsv.formatForReading(m)); // the CSV files of --out are exact
    }

    private void forward(ForwardPass fp) {
        heading("Forward");
        for (int f = 0; f < fp.net().filters(); f++) {
            String k = Integer.toString(f + 1);
            var conv = fp.convs()[f];
            for (int i = 0; trace && i < conv.steps(); i++) {
                var s = conv.step(i);
                out.println("Z" + k + "[" + s.outRow() + "][" + s.outCol() + "] = " + s.expression());
            }
            matrix("Z" + k + " = X (*) K" + k + " + b" + k, fp.z()[f]);
            if (fp.net().relu()) {
                matrix("A" + k + " = ReLU(Z" + k + ")", fp.a()[f]);
            }
            var pool = fp.pools()[f];
            for (int i = 0; trace && i < pool.steps(); i++) {
                var s = pool.step(i);
                out.println("P" + k + "[" + s.outRow() + "][" + s.outCol() + "] = " + s.expression());
            }
            matrix("P" + k + " = pool(A" + k + ")", pool.output());
        }
        out.println("x = flatten(P) = " + vector(fp.flat()));
        for (int k = 0; k < fp.logits().length; k++) {
            out.println(trace ? fp.logitLine(k) : "o[" + k + "] = " + Num.format(fp.logits()[k]));
        }
        for (int k = 0; k < fp.probs().length; k++) {
            out.println(fp.probabilityLine(k));
        }
        out.println(fp.lossLine());
    }

    private static String vector(double[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(Num.format(v[i]));
        }
        return sb.append(')').toString();
    }

    private void dense(BackwardPass bp) {
        var d = bp.dense();
        heading("Gradient at the output: delta = dL/do = p - y");
        for (int k = 0; k < d.delta().length; k++) {
            out.println(d.deltaLine(k));
        }
        heading("Dense backward: dW = x^T * delta, db = delta, dx = delta * W^T");
        double[][] dW = d.dW();
        for (int i = 0; trace && i < dW.length; i++) {
            for (int k = 0; k < dW[0].length; k++) {
                out.println(d.weightLine(i, k));
            }
        }
        matrix("dW", dW);
        out.println("db = delta = " + vector(d.db()));
        for (int i = 0; trace && i < d.dx().length; i++) {
            out.println(d.inputLine(i));
        }
        out.println("dx = " + vector(d.dx()));
    }

    private void pooling(PoolBackward p) {
        heading("Unflatten: dx back into the pooled maps' shape");
        double[][][] dP = p.dP();
        for (int f = 0; f < dP.length; f++) {
            for (int r = 0; trace && r < dP[0].length; r++) {
                for (int c = 0; c < dP[0][0].length; c++) {
                    out.println(p.unflattenLine(f, r, c));
                }
            }
            matrix("dP" + (f + 1), dP[f]);
        }
        heading(p.max() ? "Max pooling backward: each window's gradient goes to its winner, the other cells get 0"
                : "Average pooling backward: each window's gradient is spread evenly, g / q^2 per cell");
        for (int f = 0; f < dP.length; f++) {
            for (int r = 0; r < dP[0].length; r++) {
                for (int c = 0; trace && c < dP[0][0].length; c++) {
                    out.println(p.windowLine(f, r, c));
                }
            }
            matrix("dA" + (f + 1), p.dA()[f]);
        }
    }

    private void relu(BackwardPass bp, ForwardPass fp) {
        if (!fp.net().relu()) {
            return;
        }
        heading("ReLU backward: dZ = dA where Z > 0, else 0");
        var r = bp.relu();
        boolean[][][] mask = r.mask();
        for (int f = 0; f < mask.length; f++) {
            double[][] m = new double[mask[f].length][mask[f][0].length];
            for (int y = 0; y < m.length; y++) {
                for (int x = 0; x < m[0].length; x++) {
                    m[y][x] = mask[f][y][x] ? 1 : 0;
                    if (trace) {
                        out.println(r.line(f, y, x));
                    }
                }
            }
            matrix("mask" + (f + 1) + " [Z" + (f + 1) + " > 0]", m);
            matrix("dZ" + (f + 1), r.dZ()[f]);
        }
    }

    private void conv(ConvBackward c, int filters) {
        heading("Conv weights: dK[i][j] = sum over output cells (r, c) of dY[r][c] * X[r*s + i][c*s + j]"
                + " (itself a convolution: the input X with dY as the kernel)");
        for (int f = 0; f < filters; f++) {
            for (int i = 0; trace && i < c.weightSteps(); i++) {
                out.println(c.weightStep(f, i).expression());
            }
            matrix("dK" + (f + 1), c.dK()[f]);
        }
        heading("Conv bias: db = sum of dY (the bias is added to every output cell)");
        for (int f = 0; f < filters; f++) {
            out.println(trace ? c.biasLine(f) : "db" + (f + 1) + " = " + Num.format(c.db()[f]));
        }
        heading("Conv input: dX = the \"full\" convolution of dY with the kernel turned by 180 degrees");
        for (int i = 0; trace && i < c.inputSteps(); i++) {
            out.println(c.inputStep(i).expression());
        }
        matrix("dX", c.dX());
    }

    private void update(Update u) {
        heading("Update: " + u.optimizer() + (u.optimizer().startsWith("SGD") ? ": w_new = w - lr * g"
                : ": m, v, their bias corrections m^, v^, then w_new = w - lr * m^ / (sqrt(v^) + eps)"));
        double[][] before = u.before().parameters();
        for (int t = 0; trace && t < before.length; t++) {
            for (int i = 0; i < before[t].length; i++) {
                out.println(u.line(t, i));
            }
        }
        for (int f = 0; f < u.after().filters(); f++) {
            matrix("K" + (f + 1) + " new", u.after().kernels()[f]);
        }
    }
}
