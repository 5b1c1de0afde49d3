package org.convscope.core.analysis;

import static org.convscope.core.text.CoreText.tr;

import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.Size2;
import org.convscope.core.model.TensorShape;

/**
 * Shapes, parameters and MACs of the one-input layers of residual and MobileNet-style models, with Keras semantics:
 * depthwise and separable convolutions, global pooling, zero padding, {@code ReLU}, {@code LeakyReLU},
 * {@code Softmax} and {@code Rescaling}.
 *
 * <p>Element-wise layers count no MACs, as {@code BatchNormalization} and pooling do not; convolutions count one
 * multiply-accumulate per kernel tap and output value.
 */
final class NetLayers {

    private NetLayers() {
    }

    /** Returns the layer's {@link LayerInfo} or {@link LayerProblem}, or null for a layer this class does not know. */
    static Object infer(ModelAnalyzer.Step st) {
        LayerSpec spec = st.spec();
        if (spec instanceof LayerSpec.DepthwiseConv2D d) {
            return depthwise(st, d.kernel(), d.strides(), d.padding(), d.depthMultiplier(), d.useBias(), -1);
        } else if (spec instanceof LayerSpec.SeparableConv2D sc) {
            if (sc.filters() < 1) {
                return st.problem(tr("shape.filters", sc.filters()), "", tr("shape.filters.fix"));
            }
            return depthwise(st, sc.kernel(), sc.strides(), sc.padding(), sc.depthMultiplier(), sc.useBias(),
                    sc.filters());
        } else if (spec instanceof LayerSpec.GlobalPooling2D g) {
            if (!(st.in() instanceof TensorShape.Spatial s)) {
                return needsImage(st);
            }
            return new LayerInfo(st.index(), st.name(), spec, st.in(), new TensorShape.Flat(s.channels()), 0, 0, 0,
                    (g.kind() == LayerSpec.PoolKind.MAX ? "max" : "mean") + " of each " + s.height() + "x" + s.width()
                            + " map: " + s.channels() + " values");
        } else if (spec instanceof LayerSpec.ZeroPadding2D z) {
            return zeroPadding(st, z);
        } else if (spec instanceof LayerSpec.ReLU r) {
            if (r.maxValue() != null && !(r.maxValue() >= 0)) {
                return st.problem(tr("shape.relu.maxValue", r.maxValue()), "",
                        tr("shape.relu.maxValue.fix"));
            }
            if (!(r.negativeSlope() >= 0) || !(r.threshold() >= 0)) {
                return st.problem(tr("shape.relu.slope", r.negativeSlope(), r.threshold()), "",
                        tr("shape.relu.slope.fix"));
            }
            return st.same(0, 0);
        } else if (spec instanceof LayerSpec.LeakyReLU l) {
            if (!(l.alpha() >= 0)) {
                return st.problem(tr("shape.leakyRelu.alpha", l.alpha()), "",
                        tr("shape.leakyRelu.alpha.fix"));
            }
            return st.same(0, 0);
        } else if (spec instanceof LayerSpec.Rescaling r) {
            if (!Double.isFinite(r.scale()) || !Double.isFinite(r.offset())) {
                return st.problem(tr("shape.rescaling", r.scale(), r.offset()), "",
                        tr("shape.rescaling.fix"));
            }
            return st.same(0, 0);
        } else if (spec instanceof LayerSpec.Softmax) {
            return st.same(0, 0);
        }
        return null;
    }

    /** Checks a Conv2D's {@code dilation_rate}; returns the window it covers or a problem. */
    static Object dilation(ModelAnalyzer.Step st, LayerSpec.Conv2D c) {
        Size2 d = c.dilation();
        if (!d.positive()) {
            return st.problem(tr("shape.dilation", d.text()), "", tr("shape.dilation.fix"));
        }
        if (c.strides().h() > 1 || c.strides().w() > 1) {
            return st.problem(tr("shape.dilation.strides", c.strides().text(), d.text()), "",
                    tr("shape.dilation.strides.fix"));
        }
        return new Size2(d.h() * (c.kernel().h() - 1) + 1, d.w() * (c.kernel().w() - 1) + 1);
    }

    private static Object depthwise(ModelAnalyzer.Step st, Size2 kernel, Size2 strides,
                                    org.convscope.core.model.Padding padding, int dm, boolean bias, int filters) {
        if (!(st.in() instanceof TensorShape.Spatial s)) {
            return needsImage(st);
        }
        if (dm < 1) {
            return st.problem(tr("shape.depthMultiplier", dm), "", tr("shape.depthMultiplier.fix"));
        }
        Object bad = st.checkWindow("kernel_size", kernel, strides, padding);
        if (bad != null) {
            return bad;
        }
        long mid = (long) s.channels() * dm;
        Object out = st.window(s, kernel, strides, padding, "kernel", (int) Math.min(Integer.MAX_VALUE,
                filters > 0 ? filters : mid));
        if (out instanceof LayerProblem) {
            return out;
        }
        ModelAnalyzer.Step.Windowed w = (ModelAnalyzer.Step.Windowed) out;
        long taps = (long) kernel.h() * kernel.w();
        long depth = taps * mid;
        long hw = (long) w.shape().height() * w.shape().width();
        String k = kernel.h() + "*" + kernel.w() + "*" + s.channels() + "*" + dm;
        if (filters < 0) {
            long params = depth + (bias ? mid : 0);
            return new LayerInfo(st.index(), st.name(), st.spec(), st.in(), w.shape(), params, 0, hw * depth,
                    w.formula() + "; " + k + (bias ? " + " + mid : "") + " = " + tr("formula.params", params));
        }
        long point = mid * filters;
        long params = depth + point + (bias ? filters : 0);
        return new LayerInfo(st.index(), st.name(), st.spec(), st.in(), w.shape(), params, 0, hw * (depth + point),
                w.formula() + "; depthwise " + k + " + pointwise " + mid + "*" + filters + (bias ? " + " + filters : "")
                        + " = " + tr("formula.params", params));
    }

    private static Object zeroPadding(ModelAnalyzer.Step st, LayerSpec.ZeroPadding2D z) {
        if (!(st.in() instanceof TensorShape.Spatial s)) {
            return needsImage(st);
        }
        if (z.top() < 0 || z.bottom() < 0 || z.left() < 0 || z.right() < 0) {
            return st.problem(tr("shape.zeroPadding", "((" + z.top() + ", " + z.bottom() + "), (" + z.left()
                    + ", " + z.right() + "))"), "", tr("shape.zeroPadding.fix"));
        }
        long h = (long) s.height() + z.top() + z.bottom();
        long w = (long) s.width() + z.left() + z.right();
        if (h > Integer.MAX_VALUE || w > Integer.MAX_VALUE) {
            return st.problem(tr("shape.tooLarge", h + "x" + w), "", tr("shape.zeroPadding.tooLarge.fix"));
        }
        return new LayerInfo(st.index(), st.name(), st.spec(), st.in(),
                new TensorShape.Spatial((int) h, (int) w, s.channels()), 0, 0, 0,
                "H = " + z.top() + " + " + s.height() + " + " + z.bottom() + " = " + h + "; W = " + z.left() + " + "
                        + s.width() + " + " + z.right() + " = " + w);
    }

    private static LayerProblem needsImage(ModelAnalyzer.Step st) {
        return st.problem(tr("shape.needsImage", st.spec().type(), st.in().keras()), "", tr("shape.needsImage.fix"));
    }
}
