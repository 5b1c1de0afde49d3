package org.convscope.ui.learn;

import static org.convscope.ui.common.I18n.tr;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.convscope.core.backprop.ConvBackward;
import org.convscope.core.backprop.ForwardPass;
import org.convscope.core.backprop.KernelGradStep;
import org.convscope.core.conv.ConvStep;
import org.convscope.core.conv.ConvTrace;
import org.convscope.core.conv.Num;
import org.convscope.core.conv.WindowGeometry;

/**
 * What the Learn screen shows for a step of the last stages: the conv layer's gradients (kernel, bias, input),
 * the update and the forward pass with the new weights. Every number and worked line comes from
 * {@code core.backprop}.
 */
final class ConvSteps {

    private ConvSteps() {
    }

    static LearnStep of(LearnRun run, LearnStage stage, int step) {
        return switch (stage) {
            case CONV_WEIGHTS -> weights(run, step);
            case CONV_BIAS -> bias(run);
            case CONV_INPUT -> input(run, step);
            case UPDATE -> update(run, step);
            case FORWARD_AGAIN -> again(run);
            default -> throw new IllegalArgumentException(String.valueOf(stage)); // not a conv stage
        };
    }

    private static LearnStep weights(LearnRun run, int index) {
        ConvBackward cb = run.backward().conv();
        KernelGradStep s = cb.weightStep(0, index);
        WindowGeometry g = cb.geometry();
        int[] pad = {g.padTop(), g.padLeft(), g.padBottom(), g.padRight()};
        Set<Integer> touched = new HashSet<>();
        double[][] x = run.input();
        for (int r = 0; r < g.outHeight(); r++) {
            for (int c = 0; c < g.outWidth(); c++) {
                int y = g.top(r) + s.row();
                int xx = g.left(c) + s.col();
                if (y >= 0 && y < x.length && xx >= 0 && xx < x[0].length) {
                    touched.add(y * x[0].length + xx);
                }
            }
        }
        int[] span = {s.row(), s.col(), (g.outHeight() - 1) * g.strides().h() + 1,
            (g.outWidth() - 1) * g.strides().w() + 1};
        String formula = tr("learn.dK.formula", s.row(), s.col());
        List<LearnPanel> panels = List.of(
                LearnPanel.of("X", x).padded(pad).window(span)
                        .marks(touched),
                LearnPanel.of("dY", s.dY()),
                LearnPanel.of("dY * X", s.products()),
                LearnPanel.of("dK", cb.dK()[0]).firstCells(index + 1).cell(s.row(), s.col()));
        return new LearnStep(LearnStage.CONV_WEIGHTS, formula, panels, s.expression(),
                "dK1[" + s.row() + "][" + s.col() + "]", s.sum(), 3, s.row(), s.col());
    }

    private static LearnStep bias(LearnRun run) {
        ConvBackward cb = run.backward().conv();
        List<LearnPanel> panels = List.of(LearnPanel.of("dY", run.backward().relu().dZ()[0]),
                LearnPanel.row(tr("learn.panel.convBias"), cb.db()).cell(0, 0));
        return new LearnStep(LearnStage.CONV_BIAS, tr("learn.db.formula"),
                panels, cb.biasLine(0), "db1", cb.db()[0], 1, 0, 0);
    }

    private static LearnStep input(LearnRun run, int index) {
        ConvBackward cb = run.backward().conv();
        ConvTrace full = cb.fullConvolution(0);
        ConvStep s = full.step(index);
        WindowGeometry g = cb.geometry();
        int kh = run.kernelHeight();
        int kw = run.kernelWidth();
        int y = s.outRow() - g.padTop();
        int x = s.outCol() - g.padLeft();
        boolean inside = y >= 0 && x >= 0 && y < run.input().length && x < run.input()[0].length;

        String formula = tr("learn.dX.formula", tr(kh - 1 == 1 ? "learn.dX.row" : "learn.dX.rows", kh - 1),
                tr(kw - 1 == 1 ? "learn.dX.column" : "learn.dX.columns", kw - 1),
                g.strides().h() > 1 || g.strides().w() > 1 ? tr("learn.dX.between") : "");
        boolean same = full.output().length == run.input().length && full.output()[0].length == run.input()[0].length;
        List<LearnPanel> panels = List.of(
                LearnPanel.of(tr("learn.panel.padded"), full.input().channel(0)).window(new int[] {s.top(), s.left(), kh, kw}),
                LearnPanel.of("K, 180\u00b0", full.appliedKernel().channel(0)),
                LearnPanel.of(tr("learn.panel.products"), s.products()[0]),
                LearnPanel.of(same ? "dX" : tr("learn.panel.full"), full.output()).firstCells(index + 1)
                        .cell(s.outRow(), s.outCol()));
        String asked = inside ? "dX[" + y + "][" + x + "]" : tr("learn.dX.cell", s.outRow(), s.outCol());
        String line = inside ? asked + " = " + s.expression()
                : asked + " = " + s.expression() + "  " + tr("learn.dX.inPadding");
        return new LearnStep(LearnStage.CONV_INPUT, formula, panels, line, asked, s.output(), 3,
                s.outRow(), s.outCol());
    }

    private static LearnStep update(LearnRun run, int step) {
        int kCells = run.kernelHeight() * run.kernelWidth();
        int n = run.flatLength();
        int c = run.classes();
        int[] sizes = {kCells, 1, n * c, c};
        int tensor = 0;
        int index = step;
        while (index >= sizes[tensor]) {
            index -= sizes[tensor];
            tensor++;
        }
        int cols = new int[] {run.kernelWidth(), 1, c, c}[tensor];
        double[] before = run.net().parameters()[tensor];
        double[] grad = run.backward().gradients().flat()[tensor];
        double[] after = run.update().after().parameters()[tensor];
        int r = index / cols;
        int col = index % cols;
        // the update stage's tensors, in the order of TinyCnn.parameters(); made here so they follow the language
        String t = new String[] {"K", tr("learn.panel.bias"), "W", "b"}[tensor];
        List<LearnPanel> panels = List.of(
                LearnPanel.of(t, shape(before, cols)).cell(r, col),
                LearnPanel.of("grad", shape(grad, cols)).cell(r, col),
                LearnPanel.of(tr("learn.panel.new", t), shape(after, cols)).firstCells(index + 1).cell(r, col));
        String raw = run.update().line(tensor, index);
        // Adam's six clauses as two wrapping lines, the moments and the step: so the new weight stays in sight in
        // presenter mode, where the worked line shows four rows before it scrolls
        String line = run.adam() ? raw.replace("; step = ", "\nstep = ").replace("; ", ";  ")
                : raw.replace("; ", "\n");
        return new LearnStep(LearnStage.UPDATE, updateFormula(run), panels, line,
                tr("learn.update.asked", run.net().weightName(tensor, index)),
                after[index], 2, r, col);
    }

    /** The rule of the update with the optimizer's numbers. */
    static String updateFormula(LearnRun run) {
        String lr = Num.format(run.lr());
        if (!run.adam()) {
            return tr("learn.sgd.formula", lr);
        }
        return "Adam (lr = " + lr + "): m = 0.9*m + 0.1*g;  v = 0.999*v + 0.001*g^2;  m^ = m/(1 - 0.9^t);  "
                + "v^ = v/(1 - 0.999^t);  w_new = w - lr*m^/(sqrt(v^) + 1e-8)";
    }

    private static LearnStep again(LearnRun run) {
        ForwardPass before = run.forward();
        ForwardPass after = run.after();
        double diff = after.loss() - before.loss();
        String verdict = diff < 0 ? tr("learn.again.down", Num.format(before.loss()), Num.format(after.loss()),
                Num.format(-diff)) : tr("learn.again.up", Num.format(before.loss()), Num.format(after.loss()),
                Num.format(diff), Num.format(run.lr()), Num.format(run.lr() / 10));
        List<LearnPanel> panels = List.of(
                LearnPanel.of(tr("learn.panel.new", "K"), run.update().after().kernels()[0]),
                LearnPanel.of(tr("learn.panel.new", "A"), after.a()[0]),
                LearnPanel.of(tr("learn.panel.new", "P"), after.pools()[0].output()),
                LearnPanel.row(tr("learn.panel.new", "p"), after.probs()).cell(0, after.label()));
        return LearnStep.plain(LearnStage.FORWARD_AGAIN, tr("learn.again.formula", after.label(),
                Num.format(before.probs()[after.label()]), Num.format(after.probs()[after.label()])),
                panels, after.lossLine() + "\n" + verdict);
    }

    private static double[][] shape(double[] flat, int cols) {
        double[][] m = new double[flat.length / cols][cols];
        for (int i = 0; i < flat.length; i++) {
            m[i / cols][i % cols] = flat[i];
        }
        return m;
    }
}
