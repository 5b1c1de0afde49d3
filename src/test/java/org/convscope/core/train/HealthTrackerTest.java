package org.convscope.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which batches are measured, the ratios, the epoch's means and shares, and the fixed histogram bins, by hand. */
class HealthTrackerTest {

    private static final List<HealthTracker.Layer> LAYERS = List.of(
            new HealthTracker.Layer(1, "conv2d", true, true),
            new HealthTracker.Layer(2, "activation", false, true),
            new HealthTracker.Layer(4, "dense", true, false));

    @Test
    void measuresEveryKthBatchAndTheLast() {
        // 100 batches, about 25 samples: every 4th, and batch 100
        HealthTracker t = new HealthTracker(LAYERS, 102, 25);
        assertEquals(4, t.every());
        assertTrue(t.measures(4));
        assertFalse(t.measures(5));
        assertTrue(t.measures(100));
        assertTrue(t.measures(102), "the epoch's last batch");
        assertEquals(1, new HealthTracker(LAYERS, 10, 25).every(), "small epochs: every batch");
    }

    @Test
    void reportsRatiosAndSharesAndTheEpochsMeans() {
        HealthTracker t = new HealthTracker(LAYERS, 2, 25);
        HealthReport first = t.measured(1, 1, new HealthTracker.Measurement(new double[] {0.2, 99, 0.5},
                new double[] {0.003, 99, 0.02}, new double[] {1.5, 99, 4}, new long[] {30, 10, 99},
                new long[] {100, 40, 99}));
        // conv2d: 0.003 / 1.5 = 0.002, 30 / 100 = 0.3; activation: no weights, 10 / 40 = 0.25; dense: 0.02 / 4 = 0.005
        assertEquals(List.of(new LayerHealth(1, "conv2d", 0.2, 0.002, 0.3),
                new LayerHealth(2, "activation", Double.NaN, Double.NaN, 0.25),
                new LayerHealth(4, "dense", 0.5, 0.005, Double.NaN)), first.layers());
        assertEquals(0.5, first.x(), 1e-12);
        t.measured(1, 2, new HealthTracker.Measurement(new double[] {0.4, 0, 0.1}, new double[] {0.006, 0, 0.01},
                new double[] {1.5, 0, 4}, new long[] {90, 30, 0}, new long[] {100, 40, 0}));
        EpochHealth e = t.epochEnded(1, Arrays.asList(new float[] {0.5f}, null, new float[] {-1f}));
        // means: gradient (0.2 + 0.4) / 2 = 0.3, ratio (0.002 + 0.004) / 2 = 0.003; zeros (30 + 90) / 200 = 0.6
        LayerHealth conv = e.layers().get(0);
        assertEquals(0.3, conv.gradientNorm(), 1e-12);
        assertEquals(0.003, conv.updateRatio(), 1e-12);
        assertEquals(0.6, conv.zeroShare(), 1e-12);
        assertEquals(0.5, e.layers().get(1).zeroShare(), 1e-12); // (10 + 30) / 80
        assertEquals(0.00375, e.layers().get(2).updateRatio(), 1e-12); // (0.005 + 0.0025) / 2
        assertEquals(2, e.histograms().size(), "only layers with weights");
        // the next epoch starts from nothing: one batch alone
        t.measured(2, 2, new HealthTracker.Measurement(new double[] {1, 0, 1}, new double[] {1, 0, 1},
                new double[] {10, 0, 10}, new long[] {0, 0, 0}, new long[] {50, 50, 0}));
        EpochHealth e2 = t.epochEnded(2, Arrays.asList(new float[] {0.5f}, null, new float[] {-1f}));
        assertEquals(0.1, e2.layers().get(0).updateRatio(), 1e-12);
        assertEquals(0.0, e2.layers().get(0).zeroShare(), 0.0);
    }

    @Test
    void histogramBinsAreFixedByTheStartingWeights() {
        HealthTracker t = new HealthTracker(List.of(new HealthTracker.Layer(1, "dense", true, false)), 1, 25);
        // max |w| = 0.3: limit 1.5 * 0.3 = 0.45, rounded up to 0.5
        EpochHealth start = t.epochEnded(0, List.of(new float[] {-0.3f, 0.1f, 0.2f}));
        assertEquals(List.of(), start.layers());
        WeightHistogram h0 = start.histograms().get(0);
        assertEquals(0.5, h0.limit(), 0.0);
        assertEquals(3, h0.total());
        // later weights grow past the range; the bins stay, and the end bins take them
        WeightHistogram h1 = t.epochEnded(1, List.of(new float[] {-2f, 0f, 0.7f})).histograms().get(0);
        assertEquals(0.5, h1.limit(), 0.0);
        assertEquals(2, h1.outside());
        assertEquals(1, h1.counts()[0]);
        assertEquals(1, h1.counts()[WeightHistogram.BINS - 1]);
        assertEquals(1, h1.counts()[WeightHistogram.BINS / 2], "0 starts the upper half's first bin");
    }

    @Test
    void weightHistogramCountsByHand() {
        // 4 bins over [-1, 1]: [-1, -0.5), [-0.5, 0), [0, 0.5), [0.5, 1]
        WeightHistogram h = WeightHistogram.of(3, "d", new float[] {-0.75f, -0.5f, -0.1f, 0f, 0.49f, 0.5f, 1f, 3f,
                Float.NaN}, 1, 4);
        assertArrayEquals(new long[] {1, 2, 2, 3}, h.counts());
        assertEquals(1, h.outside());
        assertEquals(1, h.nonFinite());
        assertEquals(-0.5, h.binStart(1), 1e-12);
        assertEquals(1.0, WeightHistogram.limitFor(new float[] {0f}), 0.0);
        assertEquals(0.2, WeightHistogram.limitFor(new float[] {0.1f, -0.12f}), 1e-12); // 0.18 -> 0.2
        assertEquals(5.0, WeightHistogram.limitFor(new float[] {-3f}), 1e-12); // 4.5 -> 5
        assertEquals(10.0, WeightHistogram.limitFor(new float[] {6f}), 1e-12); // 9 -> 10
    }
}
