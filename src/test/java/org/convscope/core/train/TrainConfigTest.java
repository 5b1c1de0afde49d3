package org.convscope.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Checks of the training settings and the dataset view. */
class TrainConfigTest {

    @Test
    void batchesPerEpochRoundUp() {
        TrainConfig c = new TrainConfig(1, 32, 1e-3, TrainConfig.Optimizer.ADAM, 1, true);
        assertEquals(16, c.batchesPerEpoch(512));
        assertEquals(17, c.batchesPerEpoch(513));
        assertEquals(1, c.batchesPerEpoch(1));
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThrows(IllegalArgumentException.class, () -> new TrainConfig(0, 32, 1e-3, TrainConfig.Optimizer.ADAM, 1, true));
        assertThrows(IllegalArgumentException.class, () -> new TrainConfig(1, 0, 1e-3, TrainConfig.Optimizer.ADAM, 1, true));
        assertThrows(IllegalArgumentException.class, () -> new TrainConfig(1, 8, 0, TrainConfig.Optimizer.ADAM, 1, true));
        assertThrows(IllegalArgumentException.class, () -> new TrainConfig(1, 8, Double.NaN, TrainConfig.Optimizer.ADAM, 1, true));
        assertThrows(IllegalArgumentException.class, () -> new TrainConfig(1, 8, 0.1, null, 1, true));
    }

    @Test
    void headIsAViewOfTheFirstImages() {
        LabelledImages all = new LabelledImages() {
            @Override public int size() { return 5; }
            @Override public int height() { return 1; }
            @Override public int width() { return 2; }
            @Override public int channels() { return 1; }
            @Override public int classCount() { return 3; }
            @Override public int label(int i) { return i % 3; }
            @Override public void copyImage(int i, float[] dst, int offset) {
                dst[offset] = i;
                dst[offset + 1] = 10 * i;
            }
        };
        LabelledImages head = all.head(3);
        assertEquals(3, head.size());
        assertEquals(2, head.label(2));
        assertEquals(20.0, head.image(2).get(0, 1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> head.label(3));
    }
}
