package org.convscope.core.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.convscope.core.model.ModelGraph;

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
        if (analysis.model().isGraph()) {
            return renderGraph(analysis, withMacs);
        }
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
        totals(sb, analysis, withMacs, width);
        return sb.toString();
    }

    private static void totals(StringBuilder sb, ModelAnalysis analysis, boolean withMacs, int width) {
        sb.append("Total params: ").append(thousands(analysis.totalParams())).append('\n');
        sb.append("Trainable params: ").append(thousands(analysis.trainableParams())).append('\n');
        sb.append("Non-trainable params: ").append(thousands(analysis.nonTrainableParams())).append('\n');
        if (withMacs) {
            sb.append("MACs per image: ").append(thousands(analysis.totalMacs())).append('\n');
        }
        sb.append("_".repeat(width)).append('\n');
    }

    /**
     * Returns Keras' "Connected to" entries of every layer in listed order, e.g. {@code ['conv2d[0][0]',
     * 'add[0][0]']} split into one name per line; the input image is {@code input}.
     *
     * @param analysis the analysis
     * @return one list of lines per layer
     */
    public static List<List<String>> connectedTo(ModelAnalysis analysis) {
        ModelGraph graph = ModelGraph.of(analysis.model());
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < analysis.model().layers().size(); i++) {
            List<String> from = graph.inputNamesOf(i);
            List<String> lines = new ArrayList<>();
            for (int k = 0; k < from.size(); k++) {
                lines.add((k == 0 ? "[" : "") + "'" + from.get(k) + "[0][0]'" + (k == from.size() - 1 ? "]" : ","));
            }
            out.add(lines.isEmpty() ? List.of("[]") : lines);
        }
        return out;
    }

    /** The functional-model table: an {@code InputLayer} row first and a "Connected to" column, as Keras prints it. */
    private static String renderGraph(ModelAnalysis analysis, boolean withMacs) {
        List<List<String>> links = connectedTo(analysis);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {ModelGraph.INPUT + " (InputLayer)", "[" + analysis.model().input().shape().keras() + "]",
            "0", "0", "[]"});
        for (LayerInfo l : analysis.layers()) {
            List<String> link = links.get(l.index() - 1);
            rows.add(new String[] {l.name() + " (" + l.spec().type() + ")", l.output().keras(),
                Long.toString(l.params()), Long.toString(l.macs()), link.get(0)});
            for (String more : link.subList(1, link.size())) {
                rows.add(new String[] {"", "", "", "", more});
            }
        }
        int[] w = new int[5];
        int[] min = {28, 26, 10, withMacs ? 12 : 0, 0};
        for (int c = 0; c < 4; c++) {
            final int col = c;
            w[c] = Math.max(min[c], rows.stream().mapToInt(r -> r[col].length() + 2).max().orElse(0));
        }
        w[3] = withMacs ? w[3] : 0;
        int width = 1 + w[0] + w[1] + w[2] + w[3] + Math.max(20, rows.stream().mapToInt(r -> r[4].length()).max()
                .orElse(0));
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(analysis.model().name()).append("\"\n");
        sb.append("_".repeat(width)).append('\n');
        sb.append(graphRow(w, new String[] {"Layer (type)", "Output Shape", "Param #", "MACs", "Connected to"}))
                .append('\n');
        sb.append("=".repeat(width)).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            sb.append(graphRow(w, rows.get(i))).append('\n');
            if (i < rows.size() - 1 && !rows.get(i + 1)[0].isEmpty()) {
                sb.append('\n');
            }
        }
        sb.append("=".repeat(width)).append('\n');
        totals(sb, analysis, withMacs, width);
        return sb.toString();
    }

    private static String graphRow(int[] w, String[] r) {
        String line = " " + pad(r[0], w[0]) + pad(r[1], w[1]) + pad(r[2], w[2]) + (w[3] > 0 ? pad(r[3], w[3]) : "")
                + r[4];
        return line.stripTrailing();
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
