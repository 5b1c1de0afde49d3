package org.convscope.ui.canvas;

import java.util.ArrayList;
import java.util.List;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.analysis.LayerProblem;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.analysis.SummaryTable;
import org.convscope.core.model.LayerSpec;

/**
 * One row of the Build screen's summary, as text. A model with an impossible layer still lists every layer: the ones
 * before it with their shapes and counts, the faulty one with "?" and what is wrong, the ones after it with "?".
 *
 * @param index 1-based position of the layer
 * @param layer e.g. {@code conv2d (Conv2D)}
 * @param shape e.g. {@code (None, 30, 30, 32)}, or {@code ?}
 * @param params parameter count with thousands separators, or {@code ?}
 * @param macs multiply-accumulates, or {@code ?}
 * @param how the output-size formula, or the problem for the faulty layer
 * @param state whether the layer was built, is the faulty one, or comes after it
 * @param connected the layers it takes, Keras' "Connected to" of a graph model, e.g. {@code conv2d, add}
 */
record SummaryRow(int index, String layer, String shape, String params, String macs, String how, State state,
                  String connected) {

    /** Whether the layer could be inferred. */
    enum State { BUILT, PROBLEM, AFTER_PROBLEM }

    /** The rows of every layer of the analysed model. */
    static List<SummaryRow> of(ModelAnalysis analysis) {
        List<SummaryRow> rows = new ArrayList<>();
        var graph = org.convscope.core.model.ModelGraph.of(analysis.model()); // Keras' "Connected to", names only
        List<String> links = new ArrayList<>();
        for (int i = 0; i < analysis.model().layers().size(); i++) {
            links.add(String.join(", ", graph.inputNamesOf(i)));
        }
        for (LayerInfo l : analysis.layers()) {
            rows.add(new SummaryRow(l.index(), l.name() + " (" + l.spec().type() + ")", l.output().keras(),
                    SummaryTable.thousands(l.params()), SummaryTable.thousands(l.macs()), l.formula(), State.BUILT,
                    links.get(l.index() - 1)));
        }
        LayerProblem problem = analysis.problem().orElse(null);
        if (problem == null) {
            return rows;
        }
        List<String> names = ModelAnalyzer.layerNames(analysis.model());
        List<LayerSpec> layers = analysis.model().layers();
        java.util.Set<Integer> built = new java.util.HashSet<>();
        rows.forEach(r -> built.add(r.index()));
        for (int i = 0; i < layers.size(); i++) {
            if (built.contains(i + 1)) {
                continue;
            }
            boolean faulty = i + 1 == problem.layerIndex();
            rows.add(new SummaryRow(i + 1, names.get(i) + " (" + layers.get(i).type() + ")", "?", "?", "?",
                    faulty ? org.convscope.ui.common.I18n.tr("canvas.row.cannotBuild", problem.message())
                            : org.convscope.ui.common.I18n.tr(problem.layerIndex() == 0 ? "canvas.row.badInput"
                            : "canvas.row.after"),
                    faulty ? State.PROBLEM : State.AFTER_PROBLEM, links.get(i)));
        }
        rows.sort(java.util.Comparator.comparingInt(SummaryRow::index));
        return rows;
    }
}
