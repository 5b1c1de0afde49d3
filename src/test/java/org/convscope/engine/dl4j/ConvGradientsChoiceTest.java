package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link ConvGradients.Choice}: alternates, ignores each way's first call, keeps the faster median per batch size. */
class ConvGradientsChoiceTest {

    /** Runs one measuring round of 12 calls: the first way takes {@code first} ns, the second {@code second}. */
    private static void measure(ConvGradients.Choice c, long batch, long first, long second) {
        for (int i = 0; i < 2 * (ConvGradients.Choice.TRIALS + 1); i++) {
            assertNull(c.chosen(), "still measuring at call " + i);
            boolean way = c.second(batch);
            assertEquals(i % 2 == 1, way, "alternates, first way first");
            // the untimed warm-ups say the opposite of the timed calls
            c.took(i < 2 ? (way ? 1_000_000 : 1) : way ? second : first);
        }
    }

    @Test
    void keepsTheFasterWayAndMeasuresAgainForAnotherBatchSize() {
        ConvGradients.Choice c = new ConvGradients.Choice();
        measure(c, 64, 2_000, 1_000);
        assertEquals(Boolean.TRUE, c.chosen());
        for (int i = 0; i < 5; i++) {
            assertTrue(c.second(64));
            c.took(9_999_999); // no longer measured
        }
        assertTrue(c.chosen());
        c.second(1);
        assertNull(c.chosen(), "a batch of 1 measures again");
        c.took(5);
        measureRest(c);
        assertEquals(Boolean.FALSE, c.chosen());
    }

    /** Completes a round begun with one call: the first way 1,000 ns, the second 3,000 ns. */
    private static void measureRest(ConvGradients.Choice c) {
        for (int i = 1; i < 2 * (ConvGradients.Choice.TRIALS + 1); i++) {
            boolean way = c.second(1);
            c.took(way ? 3_000 : 1_000);
        }
    }

    @Test
    void aForcedWayIsKeptWhateverTheBatch() {
        ConvGradients.Choice c = new ConvGradients.Choice();
        c.force(true);
        assertTrue(c.second(64));
        assertTrue(c.second(3));
        c.force(false);
        assertFalse(c.second(64));
        assertEquals(Boolean.FALSE, c.chosen());
        c.force(null);
        assertNull(c.chosen());
        assertFalse(c.second(64));
    }

    @Test
    void theSystemPropertyFixesTheWayForWholeRunsAndMeasuresOtherwise() {
        String before = System.getProperty(ConvGradients.Choice.PROPERTY);
        try {
            System.clearProperty(ConvGradients.Choice.PROPERTY);
            assertNull(ConvGradients.Choice.fromProperty());
            System.setProperty(ConvGradients.Choice.PROPERTY, "split");
            assertEquals(Boolean.TRUE, ConvGradients.Choice.fromProperty());
            System.setProperty(ConvGradients.Choice.PROPERTY, "conv2d_bp");
            assertEquals(Boolean.FALSE, ConvGradients.Choice.fromProperty());
            System.setProperty(ConvGradients.Choice.PROPERTY, "measure");
            assertNull(ConvGradients.Choice.fromProperty());
        } finally {
            if (before == null) {
                System.clearProperty(ConvGradients.Choice.PROPERTY);
            } else {
                System.setProperty(ConvGradients.Choice.PROPERTY, before);
            }
        }
    }
}
