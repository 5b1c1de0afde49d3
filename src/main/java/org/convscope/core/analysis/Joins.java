package org.convscope.core.analysis;

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
            return st.problem(type + " joins at least 2 inputs, but is connected to " + ins.size()
                    + (ins.isEmpty() ? "" : " (" + st.inNames().get(0) + ")") + ".", "",
                    "Connect a second layer to it, or delete it.");
        }
        TensorShape first = ins.get(0);
        if (st.spec() instanceof LayerSpec.Add) {
            for (int k = 1; k < ins.size(); k++) {
                if (!ins.get(k).equals(first)) {
                    return mismatch(st, k, "Add needs equal shapes", sameChannels(first, ins.get(k))
                            ? "Use padding \"same\" on the branches, or give the shortcut the same strides."
                            : "Project " + st.inNames().get(0) + " or " + st.inNames().get(k) + " with a 1x1 Conv2D to "
                            + "the other's shape, or use Concatenate to keep both.");
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
                return mismatch(st, k, "Concatenate needs equal shapes except the last axis",
                        "Give both branches the same strides and padding \"same\", or pool the larger one.");
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
                return st.problem("the output would have " + last + " channels, too many to represent.", "", "");
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

    private static LayerProblem mismatch(ModelAnalyzer.Step st, int k, String what, String fix) {
        return st.problem(what + ": " + st.ins().get(0).keras() + " and " + st.ins().get(k).keras() + " (from "
                + st.inNames().get(0) + " and " + st.inNames().get(k) + ").", "", fix);
    }
}
