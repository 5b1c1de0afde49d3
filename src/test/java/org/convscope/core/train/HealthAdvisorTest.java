package org.convscope.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The advisor's rules at and around their thresholds, and the words it uses. */
class HealthAdvisorTest {

    private static final double NONE = Double.NaN;

    @Test
    void healthyLayersGiveNoWarning() {
        assertEquals(List.of(), HealthAdvisor.advise(List.of(
                new LayerHealth(1, "conv2d", 0.5, 1e-3, 0.4),
                new LayerHealth(2, "activation", NONE, NONE, 0.9), // exactly 90% is not "more than 90%"
                new LayerHealth(3, "dense", 1e-7, 1e-5, NONE), // exactly at both vanishing thresholds: not below
                new LayerHealth(4, "dense_1", 3.0, 0.1, NONE)))); // exactly 0.1: not above
    }

    @Test
    void vanishingWhenTheGradientOrTheRatioIsTiny() {
        List<HealthAdvisor.Warning> w = HealthAdvisor.advise(List.of(
                new LayerHealth(1, "conv2d", 9e-8, 2e-3, NONE),
                new LayerHealth(5, "dense", 0.2, 9.9e-6, NONE)));
        assertEquals(2, w.size());
        assertEquals(HealthAdvisor.Kind.VANISHING, w.get(0).kind());
        assertEquals(1, w.get(0).layer());
        assertEquals(HealthAdvisor.Kind.VANISHING, w.get(1).kind());
        assertEquals("Layer 1 (conv2d): its gradients are vanishing (gradient norm 9.0e-08, update/weight 0.00200;"
                + " about 0.001 is healthy): it barely learns. Try a larger learning rate, ReLU instead of sigmoid or"
                + " tanh, batch normalisation, He initialisation, or fewer layers between it and the output.",
                w.get(0).text());
        assertTrue(w.get(1).text().contains("update/weight 9.9e-06"), w.get(1).text());
    }

    @Test
    void explodingWhenTheRatioIsLargeOrANumberIsNotFinite() {
        List<HealthAdvisor.Warning> w = HealthAdvisor.advise(List.of(
                new LayerHealth(2, "conv2d", 40, 0.35, NONE),
                new LayerHealth(3, "conv2d_1", Double.NaN, 0.01, NONE),
                new LayerHealth(4, "dense", 1, Double.POSITIVE_INFINITY, NONE)));
        assertEquals(3, w.size());
        w.forEach(x -> assertEquals(HealthAdvisor.Kind.EXPLODING, x.kind()));
        assertEquals("Layer 2 (conv2d): its updates are exploding: each step changes the weights by 35% of their size"
                + " (update/weight 0.350, above 0.1; about 0.001 is healthy). Try a learning rate 10 to 100 times"
                + " smaller, standardised inputs, or batch normalisation.", w.get(0).text());
        assertTrue(w.get(1).text().contains("gradient norm NaN"), w.get(1).text());
        assertTrue(w.get(2).text().contains("update/weight inf"), w.get(2).text());
    }

    @Test
    void deadReluWarningComesWithAGradientWarningOnTheSameLayer() {
        List<HealthAdvisor.Warning> w = HealthAdvisor.advise(List.of(new LayerHealth(1, "conv2d", 1e-9, 1e-7, 0.934)));
        assertEquals(List.of(HealthAdvisor.Kind.VANISHING, HealthAdvisor.Kind.DEAD_RELUS),
                w.stream().map(HealthAdvisor.Warning::kind).toList());
        assertEquals("Layer 1 (conv2d): 93% of its ReLU outputs are 0 (dead ReLUs): those units pass no gradient back"
                + " and stop learning. Try a smaller learning rate, He initialisation, batch normalisation before the"
                + " ReLU, or LeakyReLU.", w.get(1).text());
    }

    @Test
    void numbersAreShortAndReadable() {
        assertEquals("0.00123", HealthAdvisor.number(0.00123));
        assertEquals("1.2e-04", HealthAdvisor.number(0.000123));
        assertEquals("0", HealthAdvisor.number(0));
        assertEquals("2.5e+04", HealthAdvisor.number(25000));
        assertEquals("-inf", HealthAdvisor.number(Double.NEGATIVE_INFINITY));
    }
}
