package org.convscope.cli;

import java.util.Locale;
import org.convscope.core.train.EpochHealth;
import org.convscope.core.train.HealthAdvisor;
import org.convscope.core.train.LayerHealth;
import org.convscope.core.train.WeightHistogram;

/**
 * {@code convscope train --health}'s lines after each epoch: one row per layer that learns with weights or a ReLU
 * (the epoch's mean gradient norm and update/weight ratio, the share of ReLU outputs that were 0, and the weights'
 * histogram as a 20-character strip over its fixed range), then the {@link HealthAdvisor}'s warnings.
 */
final class HealthTable {

    /** From few to many weights in a pair of bins. */
    private static final String RAMP = " .:-=+*#%@";

    private HealthTable() {
    }

    /** Returns the table and warnings of an epoch (1 or more), each line ending in a newline. */
    static String of(EpochHealth e) {
        StringBuilder sb = new StringBuilder();
        sb.append(Messages.get("health.header", Messages.get("health.layer"), Messages.get("health.gradNorm"),
                Messages.get("health.updateRatio"), Messages.get("health.reluZero"), Messages.get("health.histogram")))
                .append(System.lineSeparator());
        for (LayerHealth h : e.layers()) {
            WeightHistogram hist = e.histograms().stream().filter(x -> x.layer() == h.layer()).findFirst().orElse(null);
            sb.append(String.format(Locale.ROOT, "  %3d %-21s %10s %14s %10s  %s%n", h.layer(), shorten(h.name()),
                    h.hasWeights() ? HealthAdvisor.number(h.gradientNorm()) : "-",
                    h.hasWeights() ? HealthAdvisor.number(h.updateRatio()) : "-",
                    h.hasRelu() ? String.format(Locale.ROOT, "%.1f%%", 100 * h.zeroShare()) : "-",
                    hist == null ? "" : strip(hist)));
        }
        var warnings = HealthAdvisor.advise(e.layers());
        if (warnings.isEmpty()) {
            sb.append(Messages.get("health.noWarnings", HealthAdvisor.number(HealthAdvisor.GUIDE_RATIO)))
                    .append(System.lineSeparator());
        }
        for (HealthAdvisor.Warning w : warnings) {
            sb.append(Messages.get("health.warning", w.text())).append(System.lineSeparator());
        }
        return sb.toString();
    }

    /** The histogram as {@code -0.5 [ .:=#@#=:. ] 0.5}: pairs of bins, darker for more weights. */
    static String strip(WeightHistogram h) {
        long[] c = h.counts();
        long max = 1;
        int cells = (c.length + 1) / 2;
        long[] pairs = new long[cells];
        for (int k = 0; k < c.length; k++) {
            pairs[k / 2] += c[k];
            max = Math.max(max, pairs[k / 2]);
        }
        StringBuilder sb = new StringBuilder();
        for (long p : pairs) {
            sb.append(p == 0 ? ' ' : RAMP.charAt(1 + (int) Math.min(RAMP.length() - 2, (p * (RAMP.length() - 1) - 1) / max)));
        }
        String limit = new java.math.BigDecimal(Double.toString(h.limit())).stripTrailingZeros().toPlainString();
        return "-" + limit + " [" + sb + "] " + limit + (h.outside() > 0 ? Messages.get("health.beyond", h.outside()) : "");
    }

    private static String shorten(String name) {
        return name.length() <= 21 ? name : name.substring(0, 20) + "~";
    }
}
