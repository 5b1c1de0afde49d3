package org.convscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.convscope.io.MatrixCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code convscope backprop} on the step worked by hand in {@code HandWorkedBackpropTest}: 4x4 input, kernels
 * {@code (1 0 / 0 1)} and {@code (0 1 / -1 0)}, ReLU, 2x2 max pooling, Dense {@code (0.1 -0.1 / 0.2 0.1)}, label 0.
 * With {@code q = 1 / (1 + e^1.3)}: loss {@code log(1 + e^-1.3) = 0.2410}, {@code delta = (-q, q)},
 * {@code g1 = -0.2q}, {@code dK1 = g1 * (2 0 / 1 3)}, {@code dX[2][1] = -g2 = 0.1q}.
 */
class BackpropCommandTest {

    private static final double Q = 1 / (1 + Math.exp(1.3));

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ConvScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private static String[] handCase(Path dir, String label, String... more) throws IOException {
        Files.writeString(dir.resolve("x.csv"), "1,2,0,1\n0,1,3,1\n2,0,1,0\n1,1,0,2\n");
        Files.writeString(dir.resolve("k1.csv"), "1,0\n0,1\n");
        Files.writeString(dir.resolve("k2.csv"), "0,1\n-1,0\n");
        Files.writeString(dir.resolve("w.csv"), "0.1,-0.1\n0.2,0.1\n");
        String[] base = {"backprop", "-i", dir.resolve("x.csv").toString(), "-k", dir.resolve("k1.csv").toString(),
            "-k", dir.resolve("k2.csv").toString(), "--label", label, "--relu", "--classes", "2", "--dense",
            dir.resolve("w.csv").toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void tracesEveryStageOfTheHandWorkedStep(@TempDir Path dir) throws IOException {
        Result r = run(handCase(dir, "0", "--lr", "0.1", "--trace", "--out", dir.resolve("grads").toString()));
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("-> 2 map(s) 3x3 -> ReLU -> max pool 2x2 -> 1x1 -> flatten 2 -> Dense 2x2"), out);
        assertTrue(out.contains("Z1[0][1] = 2*1 + 0*0 + 1*0 + 3*1 = 5\n"), out);
        assertTrue(out.contains("P2[0][0] = max(2, 0, 0, 3) = 3\n"), out);
        assertTrue(out.contains("o[0] = 0 + 5*0.1 + 3*0.2 = 1.1\n"), out);
        assertTrue(out.contains("loss = -log(p_true) = -log(p[0]) = -log(0.7858) = 0.241\n"), out);
        assertTrue(out.contains("delta[0] = p[0] - y[0] = 0.7858 - 1 = -0.2142\n"), out);
        assertTrue(out.contains("dW[0][1] = x[0] * delta[1] = 5*0.2142 = 1.0708\n"), out);
        assertTrue(out.contains("max(2, 5, 0, 2) = 5 was won by A1[0][1]: it gets -0.0428"), out);
        assertTrue(out.contains("Z2[0][1] = -1 <= 0, so dZ2[0][1] = 0"), out);
        assertTrue(out.contains("(itself a convolution: the input X with dY as the kernel)"), out);
        assertTrue(out.contains("dK1[1][1] = sum of dY1[r][c] * X[r*1 + 1][c*1 + 1] = 0*1 + (-0.0428)*3 + "), out);
        assertTrue(out.contains("dK1 (2x2):\n-0.0857,0\n-0.0428,-0.1285\n"), out);
        assertTrue(out.contains("dX[2][1] = dY1[1][0]*K1[1][1] + dY1[1][1]*K1[1][0] + dY1[2][0]*K1[0][1]"
                + " + dY1[2][1]*K1[0][0] + dY2[1][0]*K2[1][1] + dY2[1][1]*K2[1][0] + dY2[2][0]*K2[0][1]"
                + " + dY2[2][1]*K2[0][0] = 0*1 + 0*0 + 0*0 + 0*1 + 0*0 + (-0.0214)*(-1) + 0*1 + 0*0 = 0.0214\n"), out);
        assertTrue(out.contains("K1[0][0]: w_new = w - lr*g = 1 - 0.1*(-0.0857) = 1.0086\n"), out);
        assertTrue(out.contains("loss 0.241 -> "), out);
        assertTrue(out.contains("(down by "), out);

        Path grads = dir.resolve("grads");
        assertTrue(r.err().contains("Wrote 18 CSV files"), r.err());
        double[][] dK1 = MatrixCsv.read(grads.resolve("dK1.csv"));
        assertEquals(-0.2 * Q * 2, dK1[0][0], 1e-15);
        assertEquals(-0.2 * Q * 3, dK1[1][1], 1e-15);
        assertEquals(Double.toString(-0.2 * Q * 2), Files.readString(grads.resolve("dK1.csv")).split(",")[0],
                "written so it reads back exactly");
        assertEquals(0.1 * Q, MatrixCsv.read(grads.resolve("dX.csv"))[2][1], 1e-15);
        assertEquals(-Q, MatrixCsv.read(grads.resolve("delta.csv"))[0][0], 1e-15);
        assertEquals(-3 * Q, MatrixCsv.read(grads.resolve("dense_dW.csv"))[1][0], 1e-15);
        assertEquals(1 + 0.1 * 0.4 * Q, MatrixCsv.read(grads.resolve("K1_new.csv"))[0][0], 1e-15);
    }

    @Test
    void withoutTraceShowsTheMatricesAndAdamMovesEachWeightByAboutLr(@TempDir Path dir) throws IOException {
        Result r = run(handCase(dir, "0", "--optimizer", "adam", "--lr", "0.01"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("dX (4x4):\n0,-0.0428,0,0\n0,0,-0.0642,0\n0,0.0214,0,0\n0,0,0,0\n"), r.out());
        assertTrue(r.out().contains("K1 new (2x2):\n1.01,0\n0.01,1.01\n"), r.out());
        assertTrue(r.out().contains("== Update: Adam(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-08)"), r.out());
        assertTrue(!r.out().contains("dK1[0][0] = sum"), "the per-cell lines need --trace");
    }

    @Test
    void saysWhenTheLossGoesUpAndRejectsBadInput(@TempDir Path dir) throws IOException {
        // a 6x6 matrix, the vertical-edge preset, random Dense weights (seed 1), no ReLU: lr 2 is far too large
        Path m = dir.resolve("m.csv");
        Files.writeString(m, "3,9,8,2,5,9\n7,9,1,9,0,7\n4,8,3,3,7,8\n8,7,6,2,3,2\n8,6,0,1,2,9\n0,4,0,4,7,9\n");
        Result big = run("backprop", "-i", m.toString(), "-k", "vertical-edge", "--label", "1", "--seed", "1",
                "--lr", "2");
        assertEquals(0, big.code(), big.err());
        assertTrue(big.out().contains("Dense 4x3 -> softmax; label 1"), big.out());
        assertTrue(big.out().contains("(up by ") && big.out().contains("the step overshot; try a smaller --lr"), big.out());
        Result small = run("backprop", "-i", m.toString(), "-k", "vertical-edge", "--label", "1", "--seed", "1",
                "--lr", "0.0001");
        assertTrue(small.out().contains("(down by "), small.out());
        Result label = run(handCase(dir, "5"));
        assertEquals(2, label.code());
        assertTrue(label.err().contains("the label must be a class 0..1, got 5"), label.err());
        Files.writeString(dir.resolve("w3.csv"), "1,2,3\n");
        Result dense = run("backprop", "-i", dir.resolve("x.csv").toString(), "-k", dir.resolve("k1.csv").toString(),
                "--label", "0", "--classes", "2", "--dense", dir.resolve("w3.csv").toString());
        assertEquals(2, dense.code());
        assertTrue(dense.err().contains("--dense must have 1 row (the flattened pooled maps) and 2 columns"), dense.err());
        Result preset = run("backprop", "-i", dir.resolve("x.csv").toString(), "-k", "blurry", "--label", "0");
        assertEquals(2, preset.code());
        assertTrue(preset.err().contains("no kernel preset \"blurry\""), preset.err());
    }
}
