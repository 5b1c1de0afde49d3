package org.convscope.core.edit;

import static org.convscope.core.text.CoreText.tr;

import java.util.ArrayList;
import java.util.List;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.model.Activation;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.core.model.TensorShape;

/**
 * One-click fixes for a join whose inputs do not fit together: a 1x1 {@code Conv2D} projection of one input to the
 * other's shape (ResNet's projection shortcut, with the stride that halves the map), or {@code Concatenate} instead
 * of {@code Add} when only the channels differ.
 */
final class JoinFixes {

    private JoinFixes() {
    }

    /** Returns the candidate fixes for the join at 0-based position {@code i}; {@link Fixes} keeps those that work. */
    static List<Fix> candidates(ModelAnalysis analysis, int i) {
        ModelSpec model = analysis.model();
        ModelGraph g = ModelGraph.of(model);
        LayerSpec join = model.layers().get(i);
        String label = g.names().get(i);
        List<Integer> from = g.inputsOf(i);
        List<TensorShape> shapes = new ArrayList<>();
        for (int f : from) {
            shapes.add(shapeOf(analysis, f));
        }
        List<Fix> out = new ArrayList<>();
        if (shapes.contains(null)) {
            return out;
        }
        for (int k = 1; k < from.size(); k++) {
            if (!shapes.get(k).equals(shapes.get(0))) {
                addProjection(out, g, i, from, k, shapes.get(k), shapes.get(0));
                addProjection(out, g, i, from, 0, shapes.get(0), shapes.get(k));
                break;
            }
        }
        if (join instanceof LayerSpec.Add && shapes.stream().allMatch(t -> t instanceof TensorShape.Spatial)) {
            out.add(new Fix(tr("fix.concatenate"), ModelEdits.replace(i,
                    new LayerSpec.Concatenate(join.name().orElse(null)), tr("fix.concatenate.edit", label), null)));
        }
        return out;
    }

    private static TensorShape shapeOf(ModelAnalysis analysis, int f) {
        if (f < 0) {
            return analysis.model().input().shape();
        }
        return analysis.layers().stream().filter(l -> l.index() == f + 1).map(LayerInfo::output).findFirst().orElse(null);
    }

    /** Adds "Project SRC to TARGET with a 1x1 Conv2D" when a whole stride maps the source's size onto the target's. */
    private static void addProjection(List<Fix> out, ModelGraph g, int join, List<Integer> from, int k,
                                      TensorShape src, TensorShape target) {
        if (!(src instanceof TensorShape.Spatial s) || !(target instanceof TensorShape.Spatial t)) {
            return;
        }
        int stride = 0;
        for (int st = 1; st <= s.height() && stride == 0; st++) {
            if (ceilDiv(s.height(), st) == t.height() && ceilDiv(s.width(), st) == t.width()) {
                stride = st;
            }
        }
        if (stride == 0) {
            return;
        }
        String srcName = g.inputNamesOf(join).get(k);
        LayerSpec conv = new LayerSpec.Conv2D(null, t.channels(), Size2.square(1), Size2.square(stride), Padding.SAME,
                Activation.LINEAR, true);
        String text = stride > 1 ? tr("fix.project.strided", srcName, t.keras(), stride)
                : tr("fix.project", srcName, t.keras());
        int srcAt = from.get(k);
        out.add(new Fix(text, new ModelEdit() {
            @Override public String description() {
                return text;
            }

            @Override public ModelSpec apply(ModelSpec before) {
                ModelSpec m = ModelEdits.insert(join, conv).apply(before);
                List<String> names = ModelGraph.names(m.layers());
                String source = srcAt < 0 ? ModelGraph.INPUT : names.get(srcAt >= join ? srcAt + 1 : srcAt);
                m = ModelEdits.connect(join, List.of(source), text).apply(m);
                names = ModelGraph.names(m.layers());
                List<String> joined = new ArrayList<>();
                for (int f = 0; f < from.size(); f++) {
                    int at = from.get(f);
                    joined.add(f == k ? names.get(join) : at < 0 ? ModelGraph.INPUT : names.get(at >= join ? at + 1 : at));
                }
                return ModelEdits.connect(join + 1, joined, text).apply(m);
            }
        }));
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
