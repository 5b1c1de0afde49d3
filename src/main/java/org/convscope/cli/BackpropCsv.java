package org.convscope.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.convscope.core.backprop.BackwardPass;
import org.convscope.core.backprop.Update;
import org.convscope.io.AtomicFiles;

/**
 * Writes a training step's gradients and updated weights as CSV for {@code convscope backprop --out DIR}.
 *
 * <p>Numbers are written with {@link Double#toString(double)}, the shortest text that reads back to the same double.
 * Files: {@code delta.csv}, {@code dense_dW.csv}, {@code dense_db.csv}, {@code dx.csv}, per kernel {@code f}:
 * {@code dP<f>.csv}, {@code dA<f>.csv}, {@code dZ<f>.csv}, {@code dK<f>.csv}, {@code K<f>_new.csv}; then
 * {@code conv_db.csv}, {@code dX.csv}, {@code dense_W_new.csv}, {@code dense_b_new.csv}.
 */
final class BackpropCsv {

    private BackpropCsv() {
    }

    /** Writes the files; returns how many. */
    static int write(Path dir, BackwardPass bp, Update u) throws IOException {
        Files.createDirectories(dir);
        int n = 0;
        n += write(dir, "delta.csv", new double[][] {bp.dense().delta()});
        n += write(dir, "dense_dW.csv", bp.dense().dW());
        n += write(dir, "dense_db.csv", new double[][] {bp.dense().db()});
        n += write(dir, "dx.csv", new double[][] {bp.dense().dx()});
        for (int f = 0; f < bp.forward().net().filters(); f++) {
            String k = Integer.toString(f + 1);
            n += write(dir, "dP" + k + ".csv", bp.pool().dP()[f]);
            n += write(dir, "dA" + k + ".csv", bp.pool().dA()[f]);
            n += write(dir, "dZ" + k + ".csv", bp.relu().dZ()[f]);
            n += write(dir, "dK" + k + ".csv", bp.conv().dK()[f]);
            n += write(dir, "K" + k + "_new.csv", u.after().kernels()[f]);
        }
        n += write(dir, "conv_db.csv", new double[][] {bp.conv().db()});
        n += write(dir, "dX.csv", bp.conv().dX());
        n += write(dir, "dense_W_new.csv", u.after().denseW());
        n += write(dir, "dense_b_new.csv", new double[][] {u.after().denseB()});
        return n;
    }

    private static int write(Path dir, String name, double[][] m) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (double[] row : m) {
            for (int c = 0; c < row.length; c++) {
                sb.append(c == 0 ? "" : ",").append(Double.toString(row[c]));
            }
            sb.append('\n');
        }
        AtomicFiles.write(dir.resolve(name), sb.toString().getBytes(StandardCharsets.UTF_8));
        return 1;
    }
}
