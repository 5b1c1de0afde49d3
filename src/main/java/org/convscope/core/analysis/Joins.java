package org.convscope.core.analysis;

import static org.convscope.core.text.CoreText.tr;

import java.util.List;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.TensorShape;

/**
 * Shapes at a join, with Keras semantics: {@code Add} needs every input of the same shape and keeps it;
 * {@code Concatenate} (axis -1) needs every axis but the last to agree and sums the last. Neither has parameters
 * nor MACs.
 */
final class Joins {

    private Joins() {
    }

    /** Returns the join's {@link LayerInfo}, or a {@link LayerProblem} naming the two inputs that do not fit. */
    static Object infer(ModelAnalyzer.Step st) {
        List<TensorShape> ins = st.ins();
        String type = st.spec().type();
        if (ins.size() < 2) {
            return st.problem(tr("shape.join.tooFew", type, ins.size(),
                    ins.isEmpty() ? "" : " (" + st.inNames().get(0) + ")"), "", tr("shape.join.tooFew.fix"));
        }
        TensorShape first = ins.get(0);
        if (st.spec() instanceof LayerSpec.Add) {
            for (int k = 1; k < ins.size(); k++) {
                if (!ins.get(k).equals(first)) {
                    return mismatch(st, k, "shape.add.mismatch", sameChannels(first, ins.get(k))
                            ? tr("shape.add.fix.padding")
                            : tr("shape.add.fix.project", st.inNames().get(0), st.inNames().get(k)));
                }
            }
            return new LayerInfo(st.index(), st.name(), st.spec(), first, first, 0, 0, 0,
                    String.join(" + ", st.inNames()));
        }
        long last = 0;
        for (int k = 0; k < ins.size(); k++) {
            TensorShape t = ins.get(k);
            if (t.getClass() != first.getClass() || first instanceof TensorShape.Spatial a
                    && t instanceof TensorShape.Spatial b && (a.height() != b.height() || a.width() != b.width())) {
                return mismatch(st, k, "shape.concat.mismatch", tr("shape.concat.fix"));
            }
            last += t instanceof TensorShape.Spatial s ? s.channels() : t.elements();
        }
        StringBuilder sum = new StringBuilder();
        for (TensorShape t : ins) {
            sum.append(sum.length() == 0 ? "" : " + ").append(t.channelAxis());
        }
        TensorShape out;
        if (first instanceof TensorShape.Spatial s) {
            if (last > Integer.MAX_VALUE) {
                return st.problem(tr("shape.channels.tooMany", last), "", "");
            }
            out = new TensorShape.Spatial(s.height(), s.width(), (int) last);
        } else {
            out = new TensorShape.Flat(last);
        }
        return new LayerInfo(st.index(), st.name(), st.spec(), first, out, 0, 0, 0, sum + " = " + last);
    }

    private static boolean sameChannels(TensorShape a, TensorShape b) {
        return a instanceof TensorShape.Spatial x && b instanceof TensorShape.Spatial y && x.channels() == y.channels();
    }

    /** The problem for two inputs that do not fit; {@code key}'s text takes the two shapes and the two names. */
    private static LayerProblem mismatch(ModelAnalyzer.Step st, int k, String key, String fix) {
        return st.problem(tr(key, st.ins().get(0).keras(), st.ins().get(k).keras(), st.inNames().get(0),
                st.inNames().get(k)), "", fix);
    }
}
