package org.convscope.core.analysis;

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
                    "height, width and channels must all be at least 1, but the input is "
                            + in.height() + "x" + in.width() + "x" + in.channels() + ".",
                    "", "Use e.g. 32x32x3 for a colour image or 28x28x1 for a grayscale one.")));
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
                return ins.size() != 1 && !spec.join() ? problem(spec.type() + " takes one input, but is connected to "
                                + String.join(" and ", inNames) + ".", "",
                        "Join them first with an Add or Concatenate layer, or keep one connection.")
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
                return problem("Conv2D needs an image tensor (H, W, C) but receives the vector " + in.keras() + ".",
                        "", "Move this layer before Flatten, or remove it.");
            }
            if (c.filters() < 1) {
                return problem("filters must be at least 1, but is " + c.filters() + ".", "", "Use e.g. 32 filters.");
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
            Object out = window(s, reach, c.strides(), c.padding(), "kernel", c.filters());
            if (out instanceof LayerProblem) {
                return out;
            }
            Windowed w = (Windowed) out;
            if (dilated != null) {
                w = new Windowed(w.shape(), "kernel " + c.kernel().text() + " dilated by " + c.dilation().text()
                        + " covers " + reach.text() + "; " + w.formula());
            }
            long weights = (long) c.kernel().h() * c.kernel().w() * s.channels() * c.filters();
            long params = weights + (c.useBias() ? c.filters() : 0);
            long macs = w.shape.elements() * c.kernel().h() * c.kernel().w() * s.channels();
            String paramFormula = c.kernel().h() + "*" + c.kernel().w() + "*" + s.channels() + "*" + c.filters()
                    + (c.useBias() ? " + " + c.filters() : "") + " = " + params + " params";
            return new LayerInfo(index, name, spec, in, w.shape, params, 0, macs, w.formula + "; " + paramFormula);
        }

        private Object pool(LayerSpec.Pooling2D p) {
            if (!(in instanceof TensorShape.Spatial s)) {
                return problem(p.type() + " needs an image tensor (H, W, C) but receives the vector " + in.keras() + ".",
                        "", "Move this layer before Flatten, or remove it.");
            }
            Object bad = checkWindow("pool_size", p.pool(), p.strides(), p.padding());
            if (bad != null) {
                return bad;
            }
            Object out = window(s, p.pool(), p.strides(), p.padding(), "pool window", s.channels());
            if (out instanceof LayerProblem) {
                return out;
            }
            Windowed w = (Windowed) out;
            return new LayerInfo(index, name, spec, in, w.shape, 0, 0, 0, w.formula);
        }

        Object checkWindow(String what, Size2 window, Size2 strides, Padding padding) {
            if (!window.positive()) {
                return problem(what + " must be at least 1x1, but is " + window.text() + ".", "",
                        "Use e.g. " + what + "=(3, 3).");
            }
            if (!strides.positive()) {
                return problem("strides must be at least 1, but are " + strides.text() + ".", "",
                        "Use strides=(1, 1).");
            }
            if (padding instanceof Padding.Explicit e && e.amount() < 0) {
                return problem("padding must be \"valid\", \"same\" or a whole number of cells >= 0, but is "
                        + e.amount() + ".", "", "Use padding=\"same\" or 0.");
            }
            return null;
        }

        record Windowed(TensorShape.Spatial shape, String formula) {
        }

        Object window(TensorShape.Spatial s, Size2 f, Size2 st, Padding padding, String what, int channels) {
            AxisResult h = ShapeMath.outputLength(s.height(), f.h(), st.h(), padding);
            AxisResult w = ShapeMath.outputLength(s.width(), f.w(), st.w(), padding);
            String formula = s.height() == s.width() && f.h() == f.w() && st.h() == st.w()
                    ? "H = W = " + h.formula()
                    : "H = " + h.formula() + "; W = " + w.formula();
            if (h.length() < 1 || w.length() < 1) {
                int p = padding instanceof Padding.Explicit e ? e.amount() : 0;
                String padded = (s.height() + 2 * p) + "x" + (s.width() + 2 * p);
                return problem("the " + f.text() + " " + what + " does not fit inside its "
                                + (p > 0 ? "padded " : "") + "input " + padded
                                + ", so this layer would have no output (the formula gives "
                                + h.length() + "x" + w.length() + ").", formula,
                        "Use padding=\"same\", or a " + what + " of at most "
                                + Math.min(s.height() + 2 * p, f.h()) + "x" + Math.min(s.width() + 2 * p, f.w())
                                + ", or remove the layer.");
            }
            if (h.length() > Integer.MAX_VALUE || w.length() > Integer.MAX_VALUE) {
                return problem("the output would be " + h.length() + "x" + w.length() + ", too large to represent.",
                        formula, "Use a smaller input or padding.");
            }
            return new Windowed(new TensorShape.Spatial((int) h.length(), (int) w.length(), channels), formula);
        }

        private Object batchNorm(LayerSpec.BatchNormalization b) {
            if (!(b.epsilon() > 0)) {
                return problem("epsilon must be greater than 0, but is " + b.epsilon() + ".", "", "Use 0.001.");
            }
            if (!(b.momentum() >= 0 && b.momentum() <= 1)) {
                return problem("momentum must be between 0 and 1, but is " + b.momentum() + ".", "", "Use 0.99.");
            }
            long c = in.channelAxis();
            return new LayerInfo(index, name, spec, in, in, 2 * c, 2 * c, 0, "4*" + c + " = " + 4 * c);
        }

        private Object dropout(LayerSpec.Dropout d) {
            if (!(d.rate() >= 0 && d.rate() < 1)) {
                return problem("rate must be at least 0 and below 1 (the fraction of values dropped), but is "
                        + d.rate() + ".", "0 <= rate < 1", "Use e.g. rate=0.5.");
            }
            return same(0, 0);
        }

        private Object dense(LayerSpec.Dense d) {
            if (in instanceof TensorShape.Spatial s) {
                return problem("Dense needs a vector but receives the image tensor " + in.keras() + ".",
                        s.height() + "*" + s.width() + "*" + s.channels() + " = " + in.elements(),
                        "Insert Flatten before this layer (it turns " + in.keras() + " into (None, "
                                + in.elements() + ")).");
            }
            if (d.units() < 1) {
                return problem("units must be at least 1, but is " + d.units() + ".", "", "Use e.g. 10 units.");
            }
            long n = in.elements();
            long params = n * d.units() + (d.useBias() ? d.units() : 0);
            String formula = n + "*" + d.units() + (d.useBias() ? " + " + d.units() : "") + " = " + params + " params";
            return new LayerInfo(index, name, spec, in, new TensorShape.Flat(d.units()), params, 0,
                    n * d.units(), formula);
        }
    }
}
