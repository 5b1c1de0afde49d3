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
        out.println("== " + Messages.get("backprop.forwardAgain") + " ==");
        out.println(after.lossLine());
        out.println(Messages.get(change < 0 ? "backprop.lossDown" : "backprop.lossUp", Num.format(fp.loss()),
                Num.format(after.loss()), Num.format(Math.abs(change))));
    }

    private static String network(ForwardPass fp) {
        TinyCnn n = fp.net();
        var g = fp.convs()[0].geometry();
        var p = fp.pools()[0].geometry();
        int f = n.filters();
        return Messages.get("backprop.network", fp.input().length, fp.input()[0].length, f, n.kernels()[0].length,
                n.kernels()[0][0].length, n.strides().text(), n.padding().keras(), f, g.outHeight(), g.outWidth(),
                n.relu() ? " -> ReLU" : "", Messages.get(n.poolMode().name().equals("MAX") ? "backprop.max" : "backprop.average"),
                n.poolSize(), n.poolSize(), p.outHeight(), p.outWidth(), fp.flat().length, fp.flat().length, n.classes(),
                fp.label());
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
        heading(Messages.get("backprop.forward"));
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
        heading(Messages.get("backprop.outputGradient"));
        for (int k = 0; k < d.delta().length; k++) {
            out.println(d.deltaLine(k));
        }
        heading(Messages.get("backprop.denseBackward"));
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
        heading(Messages.get("backprop.unflatten"));
        double[][][] dP = p.dP();
        for (int f = 0; f < dP.length; f++) {
            for (int r = 0; trace && r < dP[0].length; r++) {
                for (int c = 0; c < dP[0][0].length; c++) {
                    out.println(p.unflattenLine(f, r, c));
                }
            }
            matrix("dP" + (f + 1), dP[f]);
        }
        heading(Messages.get(p.max() ? "backprop.maxPoolBackward" : "backprop.avgPoolBackward"));
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
        heading(Messages.get("backprop.reluBackward"));
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
        heading(Messages.get("backprop.convWeights"));
        for (int f = 0; f < filters; f++) {
            for (int i = 0; trace && i < c.weightSteps(); i++) {
                out.println(c.weightStep(f, i).expression());
            }
            matrix("dK" + (f + 1), c.dK()[f]);
        }
        heading(Messages.get("backprop.convBias"));
        for (int f = 0; f < filters; f++) {
            out.println(trace ? c.biasLine(f) : "db" + (f + 1) + " = " + Num.format(c.db()[f]));
        }
        heading(Messages.get("backprop.convInput"));
        for (int i = 0; trace && i < c.inputSteps(); i++) {
            out.println(c.inputStep(i).expression());
        }
        matrix("dX", c.dX());
    }

    private void update(Update u) {
        heading(Messages.get(u.optimizer().startsWith("SGD") ? "backprop.updateSgd" : "backprop.updateAdam", u.optimizer()));
        double[][] before = u.before().parameters();
        for (int t = 0; trace && t < before.length; t++) {
            for (int i = 0; i < before[t].length; i++) {
                out.println(u.line(t, i));
            }
        }
        for (int f = 0; f < u.after().filters(); f++) {
            matrix(Messages.get("backprop.newKernel", f + 1), u.after().kernels()[f]);
        }
    }
}
