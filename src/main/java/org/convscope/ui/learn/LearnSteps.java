package org.convscope.ui.learn;

import static org.convscope.ui.common.I18n.tr;

import java.util.List;
import org.convscope.core.backprop.DenseBackward;
import org.convscope.core.backprop.ForwardPass;
import org.convscope.core.backprop.PoolBackward;
import org.convscope.core.backprop.ReluBackward;

/**
 * Works out what the Learn screen shows for a step of the first stages, from the forward pass to the ReLU:
 * the matrices with their highlights, the worked line (from {@code core.backprop}) and the number the quiz asks.
 * The conv stages and the update are {@link ConvSteps}'. No toolkit, so it is tested directly.
 */
final class LearnSteps {

    private LearnSteps() {
    }

    /**
     * Returns one step.
     *
     * @param run the training step
     * @param stage the stage
     * @param step 0 .. {@code run.steps(stage) - 1}
     */
    static LearnStep of(LearnRun run, LearnStage stage, int step) {
        return switch (stage) {
            case FORWARD -> forward(run, step);
            case LOSS -> loss(run, step);
            case DENSE -> dense(run, step);
            case UNFLATTEN -> unflatten(run, step);
            case POOL -> pool(run, step);
            case RELU -> relu(run, step);
            default -> ConvSteps.of(run, stage, step);
        };
    }

    private static LearnStep forward(LearnRun run, int k) {
        ForwardPass fp = run.forward();
        String net = tr("learn.forward.net", run.kernelHeight(), run.kernelWidth(), run.net().relu() ? " -> ReLU" : "",
                run.net().poolMode().name().toLowerCase(java.util.Locale.ROOT), run.net().poolSize(), run.flatLength(),
                run.classes(), fp.label());
        List<LearnPanel> panels = List.of(
                LearnPanel.of("X", run.input()),
                LearnPanel.of(run.net().relu() ? "A (ReLU)" : "Z", fp.a()[0]),
                LearnPanel.of("P", fp.pools()[0].output()),
                LearnPanel.of("W", run.net().denseW()).window(new int[] {0, k, run.flatLength(), 1}),
                LearnPanel.row("p", fp.probs()).firstCells(k + 1).cell(0, k));
        return new LearnStep(LearnStage.FORWARD, net, panels, fp.logitLine(k) + "\n" + fp.probabilityLine(k),
                "p[" + k + "]", fp.probs()[k], 4, 0, k);
    }

    private static LearnStep loss(LearnRun run, int k) {
        ForwardPass fp = run.forward();
        DenseBackward d = run.backward().dense();
        double[] y = new double[run.classes()];
        y[fp.label()] = 1;
        List<LearnPanel> panels = List.of(
                LearnPanel.row("p (softmax)", fp.probs()).cell(0, k),
                LearnPanel.row("y (one-hot)", y).cell(0, k),
                LearnPanel.row("delta", d.delta()).firstCells(k + 1).cell(0, k));
        return new LearnStep(LearnStage.LOSS, fp.lossLine(), panels, d.deltaLine(k), "delta[" + k + "]",
                d.delta()[k], 2, 0, k);
    }

    private static LearnStep dense(LearnRun run, int step) {
        DenseBackward d = run.backward().dense();
        int n = run.flatLength();
        int c = run.classes();
        String formula = "dW = x^T * delta (" + n + " x " + c + "),  db = delta,  dx = delta * W^T (" + n + ")";
        LearnPanel x = LearnPanel.column("x", run.forward().flat());
        LearnPanel delta = LearnPanel.row("delta", d.delta());
        if (step < n * c) {
            int i = step / c;
            int k = step % c;
            List<LearnPanel> panels = List.of(x.cell(i, 0), delta.cell(0, k),
                    LearnPanel.of("dW", d.dW()).firstCells(step + 1).cell(i, k));
            return new LearnStep(LearnStage.DENSE, formula, panels, d.weightLine(i, k), "dW[" + i + "][" + k + "]",
                    d.dW()[i][k], 2, i, k);
        }
        if (step < n * c + c) {
            int k = step - n * c;
            List<LearnPanel> panels = List.of(delta.cell(0, k), LearnPanel.of("dW", d.dW()),
                    LearnPanel.row("db", d.db()).firstCells(k + 1).cell(0, k));
            return new LearnStep(LearnStage.DENSE, formula, panels, d.biasLine(k), "db[" + k + "]", d.db()[k], 2, 0, k);
        }
        int i = step - n * c - c;
        List<LearnPanel> panels = List.of(delta, LearnPanel.of("W", run.net().denseW()).window(new int[] {i, 0, 1, c}),
                LearnPanel.column("dx", d.dx()).firstCells(i + 1).cell(i, 0));
        return new LearnStep(LearnStage.DENSE, formula, panels, d.inputLine(i), "dx[" + i + "]", d.dx()[i], 2, i, 0);
    }

    private static LearnStep unflatten(LearnRun run, int i) {
        PoolBackward p = run.backward().pool();
        int pw = run.poolWidth();
        int r = i / pw;
        int c = i % pw;
        String formula = tr("learn.unflatten.formula", pw, run.flatLength(), run.poolHeight());
        List<LearnPanel> panels = List.of(
                LearnPanel.column("dx", run.backward().dense().dx()).cell(i, 0),
                LearnPanel.of("dP", p.dP()[0]).firstCells(i + 1).cell(r, c));
        return new LearnStep(LearnStage.UNFLATTEN, formula, panels, p.unflattenLine(0, r, c),
                "dP1[" + r + "][" + c + "]", p.dP()[0][r][c], 1, r, c);
    }

    private static LearnStep pool(LearnRun run, int step) {
        PoolBackward p = run.backward().pool();
        int pw = run.poolWidth();
        int r = step / pw;
        int c = step % pw;
        int q = run.net().poolSize();
        boolean last = step == run.steps(LearnStage.POOL) - 1;
        double[][] dA = p.dA()[0];
        double[][] partial = new double[dA.length][dA[0].length];
        for (int y = 0; y < dA.length; y++) {
            for (int x = 0; x < dA[0].length; x++) {
                int window = y / q < run.poolHeight() && x / q < pw ? (y / q) * pw + x / q : Integer.MAX_VALUE;
                partial[y][x] = last || window <= step ? dA[y][x] : Double.NaN;
            }
        }
        int[] rect = {r * q, c * q, q, q};
        int[] win = p.max() ? p.winner(0, r, c) : new int[] {r * q, c * q};
        String formula = p.max() ? tr("learn.pool.max.formula") : tr("learn.pool.average.formula", q * q);
        LearnPanel a = LearnPanel.of("A", run.forward().a()[0]).window(rect);
        List<LearnPanel> panels = List.of(p.max() ? a.marker(win) : a,
                LearnPanel.of("dP", p.dP()[0]).cell(r, c),
                LearnPanel.of("dA", partial).window(rect).marker(p.max() ? win : null));
        String line = p.windowLine(0, r, c) + (last && dA.length > run.poolHeight() * q || last && dA[0].length > pw * q
                ? "\n" + tr("learn.pool.dropped") : "");
        return new LearnStep(LearnStage.POOL, formula, panels, line, "dA1[" + win[0] + "][" + win[1] + "]",
                dA[win[0]][win[1]], 2, win[0], win[1]);
    }

    private static LearnStep relu(LearnRun run, int step) {
        ReluBackward rb = run.backward().relu();
        int w = run.convWidth();
        int r = step / w;
        int c = step % w;
        boolean[][] mask = rb.mask()[0];
        double[][] m = new double[mask.length][mask[0].length];
        for (int y = 0; y < m.length; y++) {
            for (int x = 0; x < m[0].length; x++) {
                m[y][x] = mask[y][x] ? 1 : 0;
            }
        }
        String formula = rb.relu() ? tr("learn.relu.formula") : tr("learn.relu.none");
        List<LearnPanel> panels = List.of(
                LearnPanel.of("Z", run.forward().z()[0]).cell(r, c),
                LearnPanel.of(tr("learn.panel.mask"), m).cell(r, c),
                LearnPanel.of("dA", run.backward().pool().dA()[0]).cell(r, c),
                LearnPanel.of("dZ (= dY)", rb.dZ()[0]).firstCells(step + 1).cell(r, c));
        return new LearnStep(LearnStage.RELU, formula, panels, rb.line(0, r, c), "dZ1[" + r + "][" + c + "]",
                rb.dZ()[0][r][c], 3, r, c);
    }
}
