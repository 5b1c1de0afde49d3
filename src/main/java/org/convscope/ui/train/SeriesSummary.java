package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import java.util.List;
import org.convscope.ui.common.Spoken;

/**
 * What a screen reader says about one curve of a chart, since it cannot see the line: the last value, the best value
 * (lowest for a loss, highest for an accuracy) and the trend of the recent points. Plain Java, no JavaFX, so it is
 * tested without a screen.
 *
 * <p>Trend: the least-squares slope {@code b} through the last {@link #RECENT} points {@code (i, y_i)},
 * {@code b = sum((i - mean i)(y_i - mean y)) / sum((i - mean i)^2)}; the change {@code b * (m - 1)} over those
 * {@code m} points is flat when it is at most {@link #FLAT} of the larger of the recent points' mean size and the
 * whole curve's range, otherwise rising or falling. Per-batch losses are noisy: the slope looks past single
 * points where "last minus first" would not.
 *
 * @param points how many points the curve has
 * @param last the newest value (NaN without points)
 * @param best the lowest (or highest) value (NaN without points)
 * @param trend the trend of the recent points
 */
record SeriesSummary(int points, double last, double best, Trend trend) {

    /** The points the trend is taken over. */
    static final int RECENT = 10;
    /** A change up to this share of the scale is flat. */
    static final double FLAT = 0.02;

    /** Which way the recent points go. */
    enum Trend { RISING, FALLING, FLAT, NONE }

    /**
     * Summarises a curve.
     *
     * @param ys the curve's values, oldest first
     * @param higherIsBetter true for accuracy (best is the highest), false for a loss (best is the lowest)
     */
    static SeriesSummary of(List<Double> ys, boolean higherIsBetter) {
        int n = ys.size();
        if (n == 0) {
            return new SeriesSummary(0, Double.NaN, Double.NaN, Trend.NONE);
        }
        double best = ys.get(0);
        double lo = ys.get(0);
        double hi = ys.get(0);
        for (double y : ys) {
            best = higherIsBetter ? Math.max(best, y) : Math.min(best, y);
            lo = Math.min(lo, y);
            hi = Math.max(hi, y);
        }
        return new SeriesSummary(n, ys.get(n - 1), best, trend(ys.subList(Math.max(0, n - RECENT), n), hi - lo));
    }

    private static Trend trend(List<Double> recent, double range) {
        int m = recent.size();
        if (m < 2) {
            return Trend.NONE;
        }
        double meanI = (m - 1) / 2.0;
        double meanY = 0;
        for (double y : recent) {
            meanY += y / m;
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < m; i++) {
            num += (i - meanI) * (recent.get(i) - meanY);
            den += (i - meanI) * (i - meanI);
        }
        double change = num / den * (m - 1);
        double scale = Math.max(Math.abs(meanY), range);
        if (Math.abs(change) <= FLAT * scale) {
            return Trend.FLAT;
        }
        return change > 0 ? Trend.RISING : Trend.FALLING;
    }

    /**
     * The summary in words, e.g. {@code "per epoch: last 1.2, best 1.1, falling"}; a curve without points says so.
     *
     * @param name the curve's name as its legend shows it
     * @param withBest false for a curve where "best" means nothing (the learning rate)
     */
    String describe(String name, boolean withBest) {
        if (points == 0) {
            return tr("a11y.series.empty", name);
        }
        String trendText = tr("a11y.trend." + trend.name().toLowerCase(java.util.Locale.ROOT));
        return withBest ? tr("a11y.series", name, Spoken.number(last), Spoken.number(best), trendText)
                : tr("a11y.series.noBest", name, Spoken.number(last), trendText);
    }
}
