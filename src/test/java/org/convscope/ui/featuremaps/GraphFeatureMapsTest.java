package org.convscope.ui.featuremaps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.convscope.engine.Engine;
import org.convscope.engine.dl4j.Dl4jEngine;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.Test;

/**
 * The Feature maps screen's state for a graph model, the {@code mobilenet-mini} preset (real engine, jobs inline):
 * its layer 18 {@code b3_add} adds layer 17 ({@code b3_bn}) and layer 15 ({@code b2_pw_relu}), both (None, 16, 16, 128).
 */
class GraphFeatureMapsTest {

    private static final Engine ENGINE = new Dl4jEngine();

    @Test
    void anAddLayersMapsAreTheSumOfItsInputsMaps() {
        ModelSession session = new ModelSession();
        session.usePreset("mobilenet-mini");
        FeatureMapsViewModel vm = new FeatureMapsViewModel(session, () -> ENGINE, new CurrentThreadTaskExecutor());
        vm.activate();
        assertTrue(vm.errorProperty().get() == null || vm.errorProperty().get().isEmpty(), vm.errorProperty().get());
        List<String> labels = vm.layers().stream().map(LayerChoice::label).toList();
        assertTrue(labels.contains("18. b3_add (Add)  (None, 16, 16, 128)"), labels.toString());

        vm.selectLayer(17);
        double[][] bn = vm.tiles().get(0).values();
        vm.selectLayer(15);
        double[][] relu = vm.tiles().get(0).values();
        vm.selectLayer(18);
        assertTrue(vm.errorProperty().get() == null || vm.errorProperty().get().isEmpty(), vm.errorProperty().get());
        assertEquals(64, vm.tiles().size(), "the first 64 of 128 maps");
        assertEquals(2, vm.pages());
        double[][] sum = vm.tiles().get(0).values();
        assertEquals(16, sum.length, "16 x 16 maps");
        assertEquals(16, sum[0].length);
        double largest = 0;
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                assertEquals(bn[i][j] + relu[i][j], sum[i][j], 1e-5, "map 1 at (" + i + ", " + j + ")");
                largest = Math.max(largest, Math.abs(relu[i][j]));
            }
        }
        assertTrue(largest > 0, "the skip branch is not all zeros, so the sum tells the two inputs apart");
        assertTrue(vm.layerInputName().startsWith("the 128 maps of layer 17 "), "an Add's first input, named in the"
                + " graph, not the layer listed before it: " + vm.layerInputName());
    }

    @Test
    void depthwiseLayersShowOneFilterTilePerChannel() {
        ModelSession session = new ModelSession();
        session.usePreset("mobilenet-mini");
        FeatureMapsViewModel vm = new FeatureMapsViewModel(session, () -> ENGINE, new CurrentThreadTaskExecutor());
        vm.activate();
        List<String> conv = vm.convLayers().stream().map(LayerChoice::label).toList();
        assertTrue(conv.stream().anyMatch(l -> l.startsWith("4. b1_dw (DepthwiseConv2D)")), conv.toString());
        assertTrue(conv.stream().anyMatch(l -> l.startsWith("7. b1_pw (Conv2D)")), conv.toString());
        int stemChannels = 32; // the stem Conv2D's filters
        vm.selectLayer(4);
        vm.showFilters(true);
        assertTrue(vm.errorProperty().get() == null || vm.errorProperty().get().isEmpty(), vm.errorProperty().get());
        assertEquals(stemChannels, vm.filterRows().size(), "one kernel per input channel (depth multiplier 1)");
        assertEquals(1, vm.filterRows().get(0).channels().size(), "each kernel sees one channel");
        assertEquals(3, vm.tiles().get(0).values().length, "3 x 3 kernels");
        assertTrue(vm.statusProperty().get().startsWith("Filters 1-" + stemChannels + " of " + stemChannels),
                vm.statusProperty().get());
    }
}
