package org.convscope.ui.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import org.convscope.app.Animations;
import org.convscope.core.train.BatchEnded;
import org.convscope.core.train.EpochEnded;
import org.convscope.imaging.TrainingHistory;
import org.junit.jupiter.api.Test;

/**
 * The Curves tab's GIF is made from the run's curves: one history row per finished epoch with its losses and
 * accuracies (NaN where an epoch had no validation), and the smoothed batch losses, so the GIF has one frame per epoch.
 */
class CurvesExportTest {

    @Test
    void theHistoryHoldsEveryEpochOfTheCurves() {
        TrainCurves c = new TrainCurves();
        c.apply(List.of(new BatchEnded(1, 1, 2, 2.0, 0.1, 100), new BatchEnded(1, 2, 2, 1.0, 0.2, 100),
                new EpochEnded(1, 1.5, 0.25, 1.4, 0.3, 1), new EpochEnded(2, 1.2, 0.4, Double.NaN, Double.NaN, 1),
                new EpochEnded(3, 1.0, 0.5, 1.1, 0.45, 1)),
                new ReadOnlyDoubleWrapper(), new ReadOnlyDoubleWrapper(), null, s -> { });
        TrainingHistory h = CurvesExport.history(c);
        assertEquals(3, h.epochs().size());
        assertArrayEquals(new double[] {1, 1.5, 0.25, 1.4, 0.3}, h.epochs().get(0), 0);
        assertArrayEquals(new double[] {2, 1.2, 0.4, Double.NaN, Double.NaN}, h.epochs().get(1), 0);
        assertArrayEquals(new double[] {3, 1.0, 0.5, 1.1, 0.45}, h.epochs().get(2), 0);
        // smoothed: 2.0, then 0.9 * 2.0 + 0.1 * 1.0
        assertEquals(2, h.batchLosses().size());
        assertEquals(2.0, h.batchLosses().get(0), 0);
        assertEquals(1.9, h.batchLosses().get(1), 1e-12);
        assertEquals(3, Animations.curves(h).frameCount());
    }
}
