package org.convscope.core.train;

import static org.convscope.core.text.CoreText.tr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns layers' learning health into warnings in words, each with what to try. The rules, per layer with weights:
 * <ul>
 *   <li>exploding: a gradient norm or update ratio that is NaN or infinite, or {@code ||dW|| / ||W|| > 1e-1} (each
 *       step changes the weights by more than a tenth);</li>
 *   <li>vanishing: {@code ||dL/dW|| < 1e-7} or {@code ||dW|| / ||W|| < 1e-5} (a hundred times below the usual
 *       {@code ~1e-3}: the layer barely moves);</li>
 * </ul>
 * and per layer with a ReLU: dead ReLUs when more than 90% of its outputs are 0 (those units pass no gradient back).
 */
public final class HealthAdvisor {

    /** Below this gradient norm a layer's gradients vanish. */
    public static final double VANISHING_GRADIENT = 1e-7;
    /** Below this update ratio a layer's gradients vanish. */
    public static final double VANISHING_RATIO = 1e-5;
    /** Above this update ratio a layer's updates explode. */
    public static final double EXPLODING_RATIO = 1e-1;
    /** Above this share of zero outputs a layer's ReLUs are called dead. */
    public static final double DEAD_SHARE = 0.9;
    /** The usual healthy update ratio, the charts' guide line. */
    public static final double GUIDE_RATIO = 1e-3;

    /** What went wrong. */
    public enum Kind {
        VANISHING, EXPLODING, DEAD_RELUS
    }

    /**
     * One warning.
     *
     * @param layer 1-based layer number
     * @param name the layer's name
     * @param kind what went wrong
     * @param text the warning and what to try, in words
     */
    public record Warning(int layer, String name, Kind kind, String text) {
    }

    private HealthAdvisor() {
    }

    /** Returns the warnings for some layers, in layer order (a layer may have two: exploding or vanishing, and dead). */
    public static List<Warning> advise(List<LayerHealth> layers) {
        List<Warning> out = new ArrayList<>();
        for (LayerHealth h : layers) {
            String who = tr("health.layer", h.layer(), h.name());
            if (h.hasWeights()) {
                gradientWarning(h, who, out);
            }
            if (h.hasRelu() && h.zeroShare() > DEAD_SHARE) {
                out.add(new Warning(h.layer(), h.name(), Kind.DEAD_RELUS, tr("health.deadRelus", who,
                        String.format(Locale.ROOT, "%.0f%%", 100 * h.zeroShare()))));
            }
        }
        return out;
    }

    private static void gradientWarning(LayerHealth h, String who, List<Warning> out) {
        double g = h.gradientNorm();
        double r = h.updateRatio();
        if (!Double.isFinite(g) || !Double.isFinite(r)) {
            out.add(new Warning(h.layer(), h.name(), Kind.EXPLODING, tr("health.exploded", who, number(g), number(r))));
        } else if (r > EXPLODING_RATIO) {
            out.add(new Warning(h.layer(), h.name(), Kind.EXPLODING, tr("health.exploding", who, percent(r),
                    number(r))));
        } else if (g < VANISHING_GRADIENT || r < VANISHING_RATIO) {
            out.add(new Warning(h.layer(), h.name(), Kind.VANISHING, tr("health.vanishing", who, number(g),
                    number(r))));
        }
    }

    /** Formats a number as {@code 3.2e-08}, {@code 0.0012} or {@code NaN}. */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        return (a < 1e-3 || a >= 1e4) ? String.format(Locale.ROOT, "%.1e", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String percent(double share) {
        return share >= 10 ? tr("health.times", String.format(Locale.ROOT, "%.0f", share))
                : String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }
}
