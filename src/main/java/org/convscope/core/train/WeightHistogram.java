package org.convscope.core.train;

/**
 * A histogram of a layer's weights with fixed bins: {@code counts.length} equal bins over {@code [-limit, limit]};
 * bin {@code k} holds {@code -limit + k*w <= v < -limit + (k+1)*w} with {@code w = 2*limit / bins}. Values beyond
 * the range go to the end bins and are counted in {@code outside}, so every weight is in some bin and epochs with the
 * same limit compare bin by bin.
 *
 * @param layer 1-based layer number
 * @param name the layer's name
 * @param limit half the range, positive
 * @param counts weights per bin
 * @param outside how many weights lay beyond {@code +-limit} (and are counted in the end bins)
 * @param nonFinite how many weights were NaN or infinite (in no bin)
 */
public record WeightHistogram(int layer, String name, double limit, long[] counts, long outside, long nonFinite) {

    /** Bins of every histogram the engine makes. */
    public static final int BINS = 40;

    /** Checks the range. */
    public WeightHistogram {
        if (!(limit > 0) || Double.isInfinite(limit) || counts.length == 0) {
            throw new IllegalArgumentException("a histogram needs a positive finite limit and bins, got " + limit);
        }
        counts = counts.clone();
    }

    /**
     * Counts weights into {@code bins} bins over {@code [-limit, limit]}.
     *
     * @throws IllegalArgumentException if the limit is not positive and finite or {@code bins < 1}
     */
    public static WeightHistogram of(int layer, String name, float[] weights, double limit, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("a histogram needs at least one bin, got " + bins);
        }
        long[] counts = new long[bins];
        long outside = 0;
        long nonFinite = 0;
        double width = 2 * limit / bins;
        for (float v : weights) {
            if (!Float.isFinite(v)) {
                nonFinite++;
                continue;
            }
            int k = (int) Math.floor((v + limit) / width);
            if (v < -limit || v > limit) {
                outside++;
            }
            counts[Math.max(0, Math.min(bins - 1, k))]++;
        }
        return new WeightHistogram(layer, name, limit, counts, outside, nonFinite);
    }

    /**
     * Returns a limit for a layer's histograms: {@code 1.5 * max|w|} rounded up to 1, 2 or 5 times a power of ten,
     * so the weights can spread out by half again before they leave the bins; 1 for all-zero or no weights.
     */
    public static double limitFor(float[] weights) {
        double max = 0;
        for (float v : weights) {
            if (Float.isFinite(v)) {
                max = Math.max(max, Math.abs(v));
            }
        }
        if (max == 0) {
            return 1;
        }
        double target = 1.5 * max;
        double p = Math.pow(10, Math.floor(Math.log10(target)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= target * (1 - 1e-12)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** The lower edge of bin {@code k}. */
    public double binStart(int k) {
        return -limit + k * 2 * limit / counts.length;
    }

    /** The number of weights counted (all finite ones). */
    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    /** The counts (a copy). */
    @Override
    public long[] counts() {
        return counts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightHistogram h && h.layer == layer && h.name.equals(name) && h.limit == limit
                && java.util.Arrays.equals(h.counts, counts) && h.outside == outside && h.nonFinite == nonFinite;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(layer, name, limit, java.util.Arrays.hashCode(counts), outside, nonFinite);
    }

    @Override
    public String toString() {
        return "WeightHistogram[layer " + layer + " " + name + ", +-" + limit + ", " + java.util.Arrays.toString(counts)
                + ", outside " + outside + ", non-finite " + nonFinite + "]";
    }
}
