package org.convscope.core.edit;

import static org.convscope.core.text.CoreText.tr;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.convscope.core.analysis.LayerProblem;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.core.model.TensorShape;

/**
 * Finds one-click fixes for the first layer that cannot be built.
 *
 * <p>Each candidate is tried on a copy of the model and offered only if the whole model then builds: a fix that
 * repairs one layer but breaks the next (a shrunk window whose output is too small for the following pooling layer)
 * is not a fix. Nothing is applied here: the user chooses.
 */
public final class Fixes {

    private Fixes() {
    }

    /**
     * Returns the fixes for the model's first problem, most specific first, each leaving the whole model valid; empty
     * if the model is valid or nothing one click can do makes it so.
     *
     * @param analysis the model's analysis
     * @return the fixes
     */
    public static List<Fix> forProblem(ModelAnalysis analysis) {
        Optional<LayerProblem> found = analysis.problem();
        if (found.isEmpty()) {
            return List.of();
        }
        LayerProblem problem = found.get();
        ModelSpec model = analysis.model();
        List<Fix> candidates = new ArrayList<>();
        if (problem.layerIndex() == 0) {
            InputSpec in = model.input();
            candidates.add(new Fix(tr("fix.input", "32 x 32 x " + Math.max(1, in.channels())),
                    ModelEdits.setInput(new InputSpec(32, 32, Math.max(1, in.channels())), tr("fix.input.edit"), null)));
            return keepWorking(model, candidates);
        }
        int i = problem.layerIndex() - 1;
        LayerSpec spec = model.layers().get(i);
        String label = problem.layerName();
        if (spec.join()) {
            candidates.addAll(JoinFixes.candidates(analysis, i));
        }
        TensorShape in = inputShape(analysis, i);
        if (spec.name().isPresent() && model.layers().stream().filter(l -> l.name().equals(spec.name())).count() > 1) {
            candidates.add(new Fix(tr("fix.autoName"), ModelEdits.replace(i, LayerSpecs.withName(spec, null),
                    tr("fix.autoName.edit", label), null)));
        }
        Size2 window = LayerSpecs.window(spec);
        if (window != null && in instanceof TensorShape.Spatial s) {
            candidates.add(new Fix(tr("fix.paddingSame"), ModelEdits.replace(i,
                    LayerSpecs.withPadding(spec, Padding.SAME), tr("fix.paddingSame.edit", label), null)));
            Padding p = LayerSpecs.padding(spec);
            int pad = p instanceof Padding.Explicit e ? Math.max(0, e.amount()) : 0;
            if (p instanceof Padding.Explicit e && e.amount() < 0) {
                candidates.add(new Fix(tr("fix.padding0"), ModelEdits.replace(i,
                        LayerSpecs.withPadding(spec, Padding.of(0)), tr("fix.padding0.edit", label), null)));
            }
            Size2 fit = new Size2(Math.max(1, Math.min(window.h(), s.height() + 2 * pad)),
                    Math.max(1, Math.min(window.w(), s.width() + 2 * pad)));
            if (!fit.equals(window)) {
                candidates.add(new Fix(tr("fix.shrink", fit.text()), ModelEdits.replace(i,
                        LayerSpecs.withWindow(spec, fit), tr("fix.shrink.edit", label), null)));
            }
            Size2 strides = LayerSpecs.strides(spec);
            if (!strides.positive()) {
                candidates.add(new Fix(tr("fix.stride1"), ModelEdits.replace(i,
                        LayerSpecs.withStrides(spec, Size2.square(1)), tr("fix.stride1.edit", label), null)));
            }
        }
        if (spec instanceof LayerSpec.Conv2D c && c.filters() < 1) {
            candidates.add(new Fix(tr("fix.filters"), ModelEdits.replace(i, new LayerSpec.Conv2D(c.userName(), 32,
                    c.kernel(), c.strides(), c.padding(), c.activation(), c.useBias(), c.dilation()),
                    tr("fix.filters.edit", label), null)));
        }
        if (spec instanceof LayerSpec.Dense d) {
            if (in instanceof TensorShape.Spatial) {
                candidates.add(new Fix(tr("fix.flatten", label),
                        ModelEdits.insert(i, new LayerSpec.Flatten(null))));
            }
            if (d.units() < 1) {
                candidates.add(new Fix(tr("fix.units"), ModelEdits.replace(i, new LayerSpec.Dense(d.userName(), 10,
                        d.activation() == null ? Activation.LINEAR : d.activation(), d.useBias()),
                        tr("fix.units.edit", label), null)));
            }
        }
        if (spec instanceof LayerSpec.Dropout d) {
            candidates.add(new Fix(tr("fix.rate"), ModelEdits.replace(i, new LayerSpec.Dropout(d.userName(), 0.5),
                    tr("fix.rate.edit", label), null)));
        }
        if (spec instanceof LayerSpec.BatchNormalization b) {
            candidates.add(new Fix(tr("fix.kerasDefaults"), ModelEdits.replace(i, new LayerSpec.BatchNormalization(
                    b.userName(), LayerSpec.BatchNormalization.DEFAULT_MOMENTUM,
                    LayerSpec.BatchNormalization.DEFAULT_EPSILON), tr("fix.kerasDefaults.edit", label), null)));
        }
        candidates.add(new Fix(tr("fix.remove", label), ModelEdits.remove(i, label)));
        return keepWorking(model, candidates);
    }

    /** Returns the shape entering the layer at 0-based {@code i} (its first input's), or null if not inferred. */
    private static TensorShape inputShape(ModelAnalysis analysis, int i) {
        int from = ModelGraph.of(analysis.model()).inputsOf(i).stream().findFirst().orElse(i - 1);
        if (from < 0) {
            return analysis.model().input().shape();
        }
        return analysis.layers().stream().filter(l -> l.index() == from + 1).map(l -> l.output()).findFirst()
                .orElse(null);
    }

    /** Keeps the candidates after which the whole model builds. */
    private static List<Fix> keepWorking(ModelSpec model, List<Fix> candidates) {
        List<Fix> out = new ArrayList<>();
        for (Fix f : candidates) {
            ModelSpec after;
            try {
                after = f.edit().apply(model);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (ModelAnalyzer.analyze(after).valid()) {
                out.add(f);
            }
        }
        return out;
    }
}
