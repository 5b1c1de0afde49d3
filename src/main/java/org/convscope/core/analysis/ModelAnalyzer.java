package org.convscope.core.analysis;

import static org.convscope.core.text.CoreText.tr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.core.model.TensorShape;

/**
 * Infers every layer's output shape, parameter count and MACs with Keras semantics, and finds the
 * first layer that cannot be built.
 *
 * <p>Never throws for a bad model: problems come back in {@link ModelAnalysis#problem()} with the
 * layer, the formula with the user's numbers, and a suggested fix.
 */
public final class ModelAnalyzer {

    private ModelAnalyzer() {
    }

    /**
     * Analyses a model.
     *
     * @param model the model to analyse
     * @return every layer's shapes and counts, or the layers up to the first problem and that problem
     */
    public static ModelAnalysis analyze(ModelSpec model) {
        List<LayerInfo> infos = new ArrayList<>();
        InputSpec in = model.input();
        if (in.height() < 1 || in.width() < 1 || in.channels() < 1) {
            return new ModelAnalysis(model, infos, Optional.of(new LayerProblem(0, "input", "Input",
                    tr("shape.input.bad", in.height() + "x" + in.width() + "x" + in.channels()),
                    "", tr("shape.input.bad.fix"))));
        }
        ModelGraph graph = ModelGraph.of(model);
        List<String> names = graph.names();
        Optional<ModelGraph.Problem> wrong = graph.problem();
        Map<Integer, LayerInfo> done = new HashMap<>();
        for (int i : graph.order()) {
            LayerSpec spec = model.layers().get(i);
            List<Integer> from = graph.inputsOf(i);
            List<TensorShape> shapes = new ArrayList<>();
            from.forEach(f -> shapes.add(f < 0 ? in.shape() : done.get(f).output()));
            Step step = new Step(i + 1, names.get(i), spec, shapes.isEmpty() ? in.shape() : shapes.get(0), shapes,
                    graph.inputNamesOf(i));
            if (wrong.isPresent() && wrong.get().layerIndex() == i) {
                return new ModelAnalysis(model, sorted(done), Optional.of(step.problem(wrong.get().message(), "",
                        wrong.get().suggestion())));
            }
            Object result = step.infer();
            if (result instanceof LayerProblem problem) {
                return new ModelAnalysis(model, sorted(done), Optional.of(problem));
            }
            done.put(i, (LayerInfo) result);
        }
        if (wrong.isPresent()) { // a layer in a cycle, never reached in order
            int i = wrong.get().layerIndex();
            return new ModelAnalysis(model, sorted(done), Optional.of(new LayerProblem(i + 1, names.get(i),
                    model.layers().get(i).type(), wrong.get().message(), "", wrong.get().suggestion())));
        }
        return new ModelAnalysis(model, sorted(done), Optional.empty());
    }

    private static List<LayerInfo> sorted(Map<Integer, LayerInfo> done) {
        return done.keySet().stream().sorted().map(done::get).toList();
    }

    /**
     * Returns every layer's name, user-given or automatic as Keras assigns them ({@code conv2d},
     * {@code conv2d_1}, ...), also for layers after a problem.
     *
     * @param model the model
     * @return one name per layer, in order
     */
    public static List<String> layerNames(ModelSpec model) {
        return ModelGraph.names(model.layers());
    }

    /** Inference of one layer; returns a {@link LayerInfo} or a {@link LayerProblem}. */
    record Step(int index, String name, LayerSpec spec, TensorShape in, List<TensorShape> ins,
                List<String> inNames) {

        Object infer() {
            if (spec.join() || ins.size() != 1) {
                return ins.size() != 1 && !spec.join() ? problem(tr("shape.oneInput", spec.type(),
                                String.join(" " + tr("shape.and") + " ", inNames)), "", tr("shape.oneInput.fix"))
                        : Joins.infer(this);
            }
            Object more = NetLayers.infer(this);
            if (more != null) {
                return more;
            } else if (spec instanceof LayerSpec.Conv2D c) {
                return conv(c);
            } else if (spec instanceof LayerSpec.Pooling2D p) {
                return pool(p);
            } else if (spec instanceof LayerSpec.BatchNormalization b) {
                return batchNorm(b);
            } else if (spec instanceof LayerSpec.Dropout d) {
                return dropout(d);
            } else if (spec instanceof LayerSpec.Dense d) {
                return dense(d);
            } else if (spec instanceof LayerSpec.Flatten) {
                String formula = in instanceof TensorShape.Spatial s
                        ? s.height() + "*" + s.width() + "*" + s.channels() + " = " + in.elements() : "";
                return new LayerInfo(index, name, spec, in, new TensorShape.Flat(in.elements()), 0, 0, 0, formula);
            }
            return same(0, 0); // Activation: element-wise, shape unchanged
        }

        LayerProblem problem(String message, String formula, String suggestion) {
            return new LayerProblem(index, name, spec.type(), message, formula, suggestion);
        }

        LayerInfo same(long trainable, long nonTrainable) {
            return new LayerInfo(index, name, spec, in, in, trainable, nonTrainable, 0, "");
        }

        private Object conv(LayerSpec.Conv2D c) {
            if (!(in instanceof TensorShape.Spatial s)) {
                return problem(tr("shape.needsImage", "Conv2D", in.keras()), "", tr("shape.needsImage.fix"));
            }
            if (c.filters() < 1) {
                return problem(tr("shape.filters", c.filters()), "", tr("shape.filters.fix"));
            }
            Object bad = checkWindow("kernel_size", c.kernel(), c.strides(), c.padding());
            if (bad != null) {
                return bad;
            }
            Object dilated = c.dilated() ? NetLayers.dilation(this, c) : null;
            if (dilated instanceof LayerProblem) {
                return dilated;
            }
            Size2 reach = dilated == null ? c.kernel() : (Size2) dilated;
            Object out = window(s, reach, c.strides(), c.padding(), "shape.fit.kernel", c.filters());
            if (out instanceof LayerProblem) {
                return out;
            }
            Windowed w = (Windowed) out;
            if (dilated != null) {
                w = new Windowed(w.shape(), tr("formula.dilated", c.kernel().text(), c.dilation().text(),
                        reach.text()) + "; " + w.formula());
            }
            long weights = (long) c.kernel().h() * c.kernel().w() * s.channels() * c.filters();
            long params = weights + (c.useBias() ? c.filters() : 0);
            long macs = w.shape.elements() * c.kernel().h() * c.kernel().w() * s.channels();
            String paramFormula = c.kernel().h() + "*" + c.kernel().w() + "*" + s.channels() + "*" + c.filters()
                    + (c.useBias() ? " + " + c.filters() : "") + " = " + tr("formula.params", params);
            return new LayerInfo(index, name, spec, in, w.shape, params, 0, macs, w.formula + "; " + paramFormula);
        }

        private Object pool(LayerSpec.Pooling2D p) {
            if (!(in instanceof TensorShape.Spatial s)) {
                return problem(tr("shape.needsImage", p.type(), in.keras()), "", tr("shape.needsImage.fix"));
            }
            Object bad = checkWindow("pool_size", p.pool(), p.strides(), p.padding());
            if (bad != null) {
                return bad;
            }
            Object out = window(s, p.pool(), p.strides(), p.padding(), "shape.fit.pool", s.channels());
            if (out instanceof LayerProblem) {
                return out;
            }
            Windowed w = (Windowed) out;
            return new LayerInfo(index, name, spec, in, w.shape, 0, 0, 0, w.formula);
        }

        Object checkWindow(String what, Size2 window, Size2 strides, Padding padding) {
            if (!window.positive()) {
                return problem(tr("shape.window.min", what, window.text()), "", tr("shape.window.min.fix", what));
            }
            if (!strides.positive()) {
                return problem(tr("shape.strides", strides.text()), "", tr("shape.strides.fix"));
            }
            if (padding instanceof Padding.Explicit e && e.amount() < 0) {
                return problem(tr("shape.padding", e.amount()), "", tr("shape.padding.fix"));
            }
            return null;
        }

        record Windowed(TensorShape.Spatial shape, String formula) {
        }

        /** The output of a window layer; {@code what} is the key of its "does not fit" text ({@code shape.fit.kernel}). */
        Object window(TensorShape.Spatial s, Size2 f, Size2 st, Padding padding, String what, int channels) {
            AxisResult h = ShapeMath.outputLength(s.height(), f.h(), st.h(), padding);
            AxisResult w = ShapeMath.outputLength(s.width(), f.w(), st.w(), padding);
            String formula = s.height() == s.width() && f.h() == f.w() && st.h() == st.w()
                    ? "H = W = " + h.formula()
                    : "H = " + h.formula() + "; W = " + w.formula();
            if (h.length() < 1 || w.length() < 1) {
                int p = padding instanceof Padding.Explicit e ? e.amount() : 0;
                String padded = (s.height() + 2 * p) + "x" + (s.width() + 2 * p);
                return problem(tr(what + (p > 0 ? ".padded" : ""), f.text(), padded, h.length() + "x" + w.length()),
                        formula, tr(what + ".fix", Math.min(s.height() + 2 * p, f.h()) + "x"
                                + Math.min(s.width() + 2 * p, f.w())));
            }
            if (h.length() > Integer.MAX_VALUE || w.length() > Integer.MAX_VALUE) {
                return problem(tr("shape.tooLarge", h.length() + "x" + w.length()), formula, tr("shape.tooLarge.fix"));
            }
            return new Windowed(new TensorShape.Spatial((int) h.length(), (int) w.length(), channels), formula);
        }

        private Object batchNorm(LayerSpec.BatchNormalization b) {
            if (!(b.epsilon() > 0)) {
                return problem(tr("shape.epsilon", b.epsilon()), "", tr("shape.use", "0.001"));
            }
            if (!(b.momentum() >= 0 && b.momentum() <= 1)) {
                return problem(tr("shape.momentum", b.momentum()), "", tr("shape.use", "0.99"));
            }
            long c = in.channelAxis();
            return new LayerInfo(index, name, spec, in, in, 2 * c, 2 * c, 0, "4*" + c + " = " + 4 * c);
        }

        private Object dropout(LayerSpec.Dropout d) {
            if (!(d.rate() >= 0 && d.rate() < 1)) {
                return problem(tr("shape.rate", d.rate()), "0 <= rate < 1", tr("shape.rate.fix"));
            }
            return same(0, 0);
        }

        private Object dense(LayerSpec.Dense d) {
            if (in instanceof TensorShape.Spatial s) {
                return problem(tr("shape.dense.needsVector", in.keras()),
                        s.height() + "*" + s.width() + "*" + s.channels() + " = " + in.elements(),
                        tr("shape.dense.needsVector.fix", in.keras(), "(None, " + in.elements() + ")"));
            }
            if (d.units() < 1) {
                return problem(tr("shape.units", d.units()), "", tr("shape.units.fix"));
            }
            long n = in.elements();
            long params = n * d.units() + (d.useBias() ? d.units() : 0);
            String formula = n + "*" + d.units() + (d.useBias() ? " + " + d.units() : "")
                    + " = " + tr("formula.params", params);
            return new LayerInfo(index, name, spec, in, new TensorShape.Flat(d.units()), params, 0,
                    n * d.units(), formula);
        }
    }
}
