package org.convscope.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.convscope.ui.common.I18n;
import org.convscope.ui.train.SeriesSummary.Trend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The words a screen reader says for a curve, worked by hand (slope through the last 10 points). */
class SeriesSummaryTest {

    @BeforeEach
    @AfterEach
    void english() {
        I18n.setLocale(Locale.ENGLISH);
    }

    @Test
    void aFallingLossKeepsItsLowestAsBest() {
        // i = 0..3, mean 1.5; y mean 1.35; sum (i - 1.5)(y - 1.35) = -0.975 - 0.075 - 0.175 - 0.675 = -1.9;
        // sum (i - 1.5)^2 = 5; slope -0.38, change over 3 steps -1.14, far beyond 2 % of 1.35
        SeriesSummary s = SeriesSummary.of(List.of(2.0, 1.5, 1.0, 0.9), false);
        assertEquals(new SeriesSummary(4, 0.9, 0.9, Trend.FALLING), s);
        assertEquals("per epoch: last 0.9, best 0.9, falling", s.describe("per epoch", true));
    }

    @Test
    void aRisingAccuracyKeepsItsHighestAsBest() {
        // mean i 1, mean y 0.2; sum = (-1)(-0.1) + 0 + (1)(0) = 0.1; slope 0.05, change 0.1 > 2 % of 0.2
        SeriesSummary s = SeriesSummary.of(List.of(0.1, 0.3, 0.2), true);
        assertEquals(0.2, s.last());
        assertEquals(0.3, s.best());
        assertEquals(Trend.RISING, s.trend());
        assertEquals("training: last 0.2, best 0.3, rising", s.describe("training", true));
    }

    @Test
    void smallWobblesAreFlat() {
        // sum = (-0.5)(0.01) + (0.5)(-0.01) = -0.01; slope -0.002, change -0.006: under 2 % of 1.0
        assertEquals(Trend.FLAT, SeriesSummary.of(List.of(1.0, 1.01, 0.99, 1.0), false).trend());
        // but 0.04 over the same mean is not
        assertEquals(Trend.FALLING, SeriesSummary.of(List.of(1.02, 1.02, 0.98, 0.98), false).trend());
    }

    @Test
    void theTrendIsTheLastTenPointsWhileBestIsTheWholeCurve() {
        List<Double> ys = new ArrayList<>(List.of(0.0, 10.0));
        for (int i = 0; i < SeriesSummary.RECENT; i++) {
            ys.add(1.0);
        }
        SeriesSummary s = SeriesSummary.of(ys, false);
        assertEquals(new SeriesSummary(12, 1.0, 0.0, Trend.FLAT), s);
    }

    @Test
    void fewPointsSayWhatIsMissing() {
        assertEquals("validation: no points yet", SeriesSummary.of(List.of(), false).describe("validation", true));
        assertEquals("per batch: last 2.31, best 2.31, too few points for a trend",
                SeriesSummary.of(List.of(2.3081), false).describe("per batch", true));
        assertEquals("learning rate: last 0.001, flat",
                SeriesSummary.of(List.of(0.001, 0.001), false).describe("learning rate", false));
    }

    @Test
    void inGermanAndSpanish() {
        I18n.setLocale(Locale.GERMAN);
        assertEquals("je Epoche: zuletzt 0.9, bester Wert 0.9, fallend",
                SeriesSummary.of(List.of(2.0, 1.5, 1.0, 0.9), false).describe("je Epoche", true));
        I18n.setLocale(Locale.forLanguageTag("es"));
        assertEquals("entrenamiento: último 0.2, mejor 0.3, en subida",
                SeriesSummary.of(List.of(0.1, 0.3, 0.2), true).describe("entrenamiento", true));
    }
}
