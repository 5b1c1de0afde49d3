package org.convscope.io;

import static org.convscope.core.text.CoreText.tr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.convscope.core.conv.Num;

/**
 * Matrices as CSV text: comma-separated numbers, one row a line; blank lines and lines starting
 * with {@code #} are skipped. Semicolons and tabs are accepted as separators too.
 */
public final class MatrixCsv {

    /** Largest matrix file read. */
    public static final long MAX_BYTES = 64L * 1024 * 1024;

    private MatrixCsv() {
    }

    /**
     * Reads a matrix.
     *
     * @param file the CSV file
     * @return the matrix {@code [row][col]}
     * @throws IOException with a message naming the line and value at fault
     */
    public static double[][] read(Path file) throws IOException {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException(tr("error.csv.tooLarge", file, MAX_BYTES / (1024 * 1024)));
            }
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
        } catch (NoSuchFileException e) {
            throw new IOException(tr("error.file.missing", file), e);
        }
    }

    /**
     * Parses CSV text.
     *
     * @param text the CSV
     * @param name the source name for messages
     * @return the matrix
     * @throws IOException naming the line and value at fault
     */
    public static double[][] parse(String text, String name) throws IOException {
        List<double[]> rows = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\\s*[,;\t]\\s*");
            double[] row = new double[cells.length];
            for (int i = 0; i < cells.length; i++) {
                try {
                    row[i] = Double.parseDouble(cells[i].strip());
                } catch (NumberFormatException e) {
                    throw new IOException(tr("error.csv.notNumber", name, n + 1, i + 1, cells[i]));
                }
                if (!Double.isFinite(row[i])) {
                    throw new IOException(tr("error.csv.notFinite", name, n + 1, i + 1));
                }
            }
            if (!rows.isEmpty() && row.length != rows.get(0).length) {
                throw new IOException(tr("error.csv.ragged", name, n + 1, row.length, rows.get(0).length));
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new IOException(tr("error.csv.empty", name));
        }
        return rows.toArray(new double[0][]);
    }

    /**
     * Returns the matrix as CSV text for reading on screen, each number as {@link Num#format(double)} writes it (at most
     * four decimals, as the worked lines beside it); files use {@link #format(double[][])}, which reads back exactly.
     */
    public static String formatForReading(double[][] m) {
        return format(m, Num::format);
    }

    /**
     * Returns the matrix as CSV text, each number as {@link Num#exact(double)} writes it (it reads back to the same
     * value: a float32 activation to the same float, a double to the same double).
     */
    public static String format(double[][] m) {
        return format(m, Num::exact);
    }

    /** One line per row, the row's numbers as {@code number} writes them, separated by commas. */
    private static String format(double[][] m, java.util.function.DoubleFunction<String> number) {
        StringBuilder sb = new StringBuilder();
        for (double[] row : m) {
            for (int c = 0; c < row.length; c++) {
                sb.append(c == 0 ? "" : ",").append(number.apply(row[c]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Writes the matrix atomically. */
    public static void write(double[][] m, Path file) throws IOException {
        AtomicFiles.write(file, format(m).getBytes(StandardCharsets.UTF_8));
    }
}
