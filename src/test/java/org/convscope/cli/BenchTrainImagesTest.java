package org.convscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code bench train} counts each batch's own images: the bundled 2,000 in batches of 64 are 31 x 64 + 16. */
class BenchTrainImagesTest {

    @Test
    void anEpochsShortLastBatchCountsOnlyItsImages() {
        int total = 0;
        for (int b = 1; b <= 32; b++) {
            total += BenchEngineCommands.Train.imagesIn(b, 64, 2_000);
        }
        assertEquals(64, BenchEngineCommands.Train.imagesIn(31, 64, 2_000));
        assertEquals(16, BenchEngineCommands.Train.imagesIn(32, 64, 2_000));
        assertEquals(2_000, total, "an epoch counts its images once");
        assertEquals(32, BenchEngineCommands.Train.imagesIn(1, 32, 2_000), "a batch of 32 divides 2,000 less evenly");
        assertEquals(16, BenchEngineCommands.Train.imagesIn(63, 32, 2_000));
    }
}
