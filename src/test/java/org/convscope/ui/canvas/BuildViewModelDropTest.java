package org.convscope.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.convscope.core.edit.ModelEdits;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.Test;

/**
 * A layer dropped on a graph goes where it was dropped: on a connection (between its two ends, every other
 * connection kept) or after a block (taking its place as the input of everything it fed). Undo takes it back.
 */
class BuildViewModelDropTest {

    private static LayerSpec conv() {
        return new LayerSpec.Conv2D(null, 4, Size2.square(3), Size2.square(1), Padding.SAME, Activation.RELU, true);
    }

    /** input -> conv2d -> conv2d_1 -> conv2d_2 -> add, with conv2d's output also added (a residual block). */
    static ModelSpec residual() {
        return new ModelSpec("m", "", new InputSpec(8, 8, 4), List.of(conv(), conv(), conv(), new LayerSpec.Add(null)),
                Map.of("add", List.of("conv2d_2", "conv2d")));
    }

    private static BuildViewModel open(ModelSession session, ModelSpec m) {
        session.apply(ModelEdits.replaceAll(m, "Load"));
        return new BuildViewModel(session);
    }

    private static List<String> inputs(ModelSpec m, String layer) {
        ModelGraph g = ModelGraph.of(m);
        return g.inputNamesOf(g.names().indexOf(layer));
    }

    @Test
    void droppedOnTheSkipConnectionItGoesOnTheSkipAlone() {
        ModelSession session = new ModelSession();
        ModelSpec start = residual();
        BuildViewModel vm = open(session, start);
        assertTrue(vm.analysis().valid());
        long before = vm.analysis().totalParams();
        vm.insertOnEdge("BatchNormalization", 1, 4); // conv2d (block 1) -> add (block 4)
        ModelSpec m = vm.model();
        assertEquals(List.of("Conv2D", "Conv2D", "Conv2D", "BatchNormalization", "Add"),
                m.layers().stream().map(LayerSpec::type).toList(), "listed right before the Add");
        assertEquals(List.of("conv2d"), inputs(m, "batch_normalization"));
        assertEquals(List.of("conv2d_2", "batch_normalization"), inputs(m, "add"), "the main path is kept");
        assertEquals(List.of("conv2d"), inputs(m, "conv2d_1"), "conv2d still feeds the main path");
        assertEquals(4, vm.selectedProperty().get(), "the new layer is selected");
        assertTrue(vm.analysis().valid(), () -> vm.analysis().problem().get().describe());
        // BatchNormalization over 4 channels: gamma, beta, moving mean and variance, 4 * 4 = 16
        assertEquals(before + 16, vm.analysis().totalParams());
        assertEquals("Add BatchNormalization between conv2d and add", session.undoTextProperty().get());
        session.undo();
        assertEquals(start, vm.model());
    }

    @Test
    void droppedOnTheMainPathItGoesBetweenItsTwoEnds() {
        ModelSession session = new ModelSession();
        BuildViewModel vm = open(session, residual());
        vm.insertOnEdge("Activation", 2, 3); // conv2d_1 -> conv2d_2
        ModelSpec m = vm.model();
        assertEquals(List.of("Conv2D", "Conv2D", "Activation", "Conv2D", "Add"),
                m.layers().stream().map(LayerSpec::type).toList());
        assertEquals(List.of("conv2d_1"), inputs(m, "activation"));
        assertEquals(List.of("activation"), inputs(m, "conv2d_2"));
        assertEquals(List.of("conv2d_2", "conv2d"), inputs(m, "add"), "the skip is kept");
        assertEquals(3, vm.selectedProperty().get());
    }

    @Test
    void droppedOnABlockItGoesAfterItAndFeedsEverythingTheBlockFed() {
        ModelSession session = new ModelSession();
        ModelSpec start = residual();
        BuildViewModel vm = open(session, start);
        vm.insertAfter("BatchNormalization", 1); // after conv2d, which feeds conv2d_1 and the Add
        ModelSpec m = vm.model();
        assertEquals(List.of("Conv2D", "BatchNormalization", "Conv2D", "Conv2D", "Add"),
                m.layers().stream().map(LayerSpec::type).toList());
        assertEquals(List.of("conv2d"), inputs(m, "batch_normalization"));
        assertEquals(List.of("batch_normalization"), inputs(m, "conv2d_1"));
        assertEquals(List.of("conv2d_2", "batch_normalization"), inputs(m, "add"));
        assertEquals(2, vm.selectedProperty().get());
        assertTrue(vm.analysis().valid(), () -> vm.analysis().problem().get().describe());
        assertEquals("Add BatchNormalization after conv2d", session.undoTextProperty().get());
        session.undo();
        assertEquals(start, vm.model());

        vm.insertAfter("Flatten", 4); // after the output: it becomes the output
        assertEquals("Flatten", vm.model().layers().get(4).type());
        assertEquals(List.of("add"), inputs(vm.model(), "flatten"));
        assertTrue(vm.analysis().valid());
        // 8 x 8 x 4 flattened
        assertEquals(256L, vm.analysis().outputShape().elements());
        session.undo();
        vm.insertAfter("Activation", 0); // after the input: both paths start after it
        assertEquals(List.of("input"), inputs(vm.model(), "activation"));
        assertEquals(List.of("activation"), inputs(vm.model(), "conv2d"));
        assertEquals(1, vm.selectedProperty().get());
    }
}
