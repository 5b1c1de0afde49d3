package org.convscope.ui.featuremaps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.convscope.app.FakeEngine;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.Test;

/** The Feature maps view model on {@link FakeEngine}: no ND4J, values worked out by hand. */
class FeatureMapsFakeEngineTest {

    @Test
    void tilesShowWhatTheEngineComputedForTheSessionsModel() {
        ModelSession session = new ModelSession();
        session.usePreset("seed003-bigger"); // conv2d: 8 filters, 30 x 30 maps
        FakeEngine engine = new FakeEngine();
        FeatureMapsViewModel vm = new FeatureMapsViewModel(session, () -> engine, new CurrentThreadTaskExecutor());
        vm.activate();
        assertEquals(1, engine.forwardCalls());
        assertEquals(8, vm.tiles().size());
        // the fake layer 1 outputs mean + j / 10 at channels-last index j = (r * 30 + c) * 8 + ch:
        // the next channel adds 0.1, the next column 0.8, the next row 24.0, whatever the image's mean
        double[][] map0 = vm.tiles().get(0).values();
        double[][] map1 = vm.tiles().get(1).values();
        assertEquals(30, map0.length);
        assertEquals(0.1, map1[0][0] - map0[0][0], 1e-9);
        assertEquals(0.8, map0[0][1] - map0[0][0], 1e-9);
        assertEquals(24.0, map0[1][0] - map0[0][0], 1e-9);

        vm.showFilters(true);
        assertEquals(3.0, vm.tiles().get(2).values()[0][0], 1e-12, "the fake filter 3 holds 3 everywhere");
    }
}
