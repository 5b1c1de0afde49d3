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

    /** An epoch's short last batch measures once; the full batches after it keep their choice without measuring. */
    @Test
    void aBatchSizeMeasuredOnceKeepsItsChoiceAfterAnotherSize() {
        ConvGradients.Choice c = new ConvGradients.Choice();
        measure(c, 64, 2_000, 1_000);
        c.second(1);
        c.took(5);
        measureRest(c);
        assertEquals(Boolean.FALSE, c.chosen(), "the last batch of 1 chose the first way");
        for (int epoch = 0; epoch < 3; epoch++) {
            for (int i = 0; i < 4; i++) {
                assertTrue(c.second(64), "the batches of 64 keep the second way at once");
                assertEquals(Boolean.TRUE, c.chosen());
                c.took(9_999_999);
            }
            assertEquals(false, c.second(1));
            assertEquals(Boolean.FALSE, c.chosen());
            c.took(9_999_999);
        }
    }

    /** A choice is measured again after a while, and the new round may change it; its old way shows meanwhile. */
    @Test
    void aChoiceIsMeasuredAgainAfterItsUses() {
        ConvGradients.Choice c = new ConvGradients.Choice();
        measure(c, 64, 1_000, 2_000);
        assertEquals(Boolean.FALSE, c.chosen());
        for (int i = 0; i < ConvGradients.Choice.FIRST_REMEASURE; i++) {
            assertEquals(false, c.second(64), "use " + i);
            c.took(1);
        }
        for (int i = 0; i < 2 * (ConvGradients.Choice.TRIALS + 1); i++) {
            boolean way = c.second(64);
            assertEquals(i % 2 == 1, way, "measuring again alternates, call " + i);
            assertEquals(Boolean.FALSE, c.chosen(), "the old choice shows while measuring");
            c.took(way ? 1_000 : 2_000);
        }
        assertEquals(Boolean.TRUE, c.chosen(), "the second way is faster now");
        for (int i = 0; i < ConvGradients.Choice.REMEASURE; i++) {
            assertTrue(c.second(64), "then kept for the longer interval, use " + i);
            c.took(1);
        }
        assertFalse(c.second(64), "and measured again");
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
