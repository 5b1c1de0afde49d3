package org.convscope.core.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link ModelAnalysis} as the text table Keras' {@code model.summary()} prints.
 *
 * <p>Columns widen to fit long names instead of truncating them. With {@code withMacs} a MACs column
 * is added, and a total line of multiply-accumulates per image.
 */
public final class SummaryTable {

    private SummaryTable() {
    }

    /**
     * Returns the summary text.
     *
     * @param analysis a valid analysis (the layers inferred so far are printed otherwise)
     * @param withMacs whether to add the MACs column and total
     * @return the table, lines separated by {@code \n}, ending with a newline
     */
    public static String render(ModelAnalysis analysis, boolean withMacs) {
        List<String[]> rows = new ArrayList<>();
        for (LayerInfo l : analysis.layers()) {
            rows.add(new String[] {l.name() + " (" + l.spec().type() + ")", l.output().keras(),
                    Long.toString(l.params()), Long.toString(l.macs())});
        }
        int c0 = Math.max(28, rows.stream().mapToInt(r -> r[0].length() + 2).max().orElse(0));
        int c1 = Math.max(26, rows.stream().mapToInt(r -> r[1].length() + 2).max().orElse(0));
        int c2 = Math.max(10, rows.stream().mapToInt(r -> r[2].length() + 2).max().orElse(0));
        int c3 = withMacs ? Math.max(12, rows.stream().mapToInt(r -> r[3].length() + 1).max().orElse(0)) : 0;
        int width = 1 + c0 + c1 + c2 + c3;
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(analysis.model().name()).append("\"\n");
        sb.append("_".repeat(width)).append('\n');
        sb.append(row(c0, c1, c2, c3, "Layer (type)", "Output Shape", "Param #", "MACs")).append('\n');
        sb.append("=".repeat(width)).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            sb.append(row(c0, c1, c2, c3, r[0], r[1], r[2], r[3])).append('\n');
            if (i < rows.size() - 1) {
                sb.append('\n');
            }
        }
        sb.append("=".repeat(width)).append('\n');
        sb.append("Total params: ").append(thousands(analysis.totalParams())).append('\n');
        sb.append("Trainable params: ").append(thousands(analysis.trainableParams())).append('\n');
        sb.append("Non-trainable params: ").append(thousands(analysis.nonTrainableParams())).append('\n');
        if (withMacs) {
            sb.append("MACs per image: ").append(thousands(analysis.totalMacs())).append('\n');
        }
        sb.append("_".repeat(width)).append('\n');
        return sb.toString();
    }

    private static String row(int c0, int c1, int c2, int c3, String a, String b, String c, String d) {
        String line = " " + pad(a, c0) + pad(b, c1) + (c3 > 0 ? pad(c, c2) + d : c);
        return line.stripTrailing();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    /** Formats {@code 1628214} as {@code 1,628,214}. */
    public static String thousands(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
