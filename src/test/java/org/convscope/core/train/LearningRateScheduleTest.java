package org.convscope.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The schedules' rates, worked by hand. */
class LearningRateScheduleTest {

    @Test
    void ratesByHand() {
        assertEquals(0.001, LearningRateSchedule.CONSTANT.rate(0.001, 7, 10), 0.0);
        LearningRateSchedule step = new LearningRateSchedule(LearningRateSchedule.Kind.STEP, 3);
        // epochs 0-2: 0.001; 3-5: 0.0005; 6-8: 0.00025; 9: 0.000125
        assertEquals(0.001, step.rate(0.001, 2, 10), 1e-15);
        assertEquals(0.0005, step.rate(0.001, 3, 10), 1e-15);
        assertEquals(0.000125, step.rate(0.001, 9, 10), 1e-15);
        LearningRateSchedule cosine = new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 1);
        // 4 epochs: (1 + cos(0)) / 2 = 1, (1 + cos(pi/4)) / 2 = 0.853553..., (1 + cos(pi/2)) / 2 = 0.5,
        // (1 + cos(3pi/4)) / 2 = 0.146446...
        assertEquals(0.1, cosine.rate(0.1, 0, 4), 1e-15);
        assertEquals(0.0853553390593, cosine.rate(0.1, 1, 4), 1e-12);
        assertEquals(0.05, cosine.rate(0.1, 2, 4), 1e-15);
        assertEquals(0.0146446609407, cosine.rate(0.1, 3, 4), 1e-12);
        assertEquals("halved every 3 epochs", step.toString());
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(LearningRateSchedule.Kind.STEP, 0));
    }
}
