package org.convscope.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.edit.ModelEdits;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.io.Presets;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.Test;

/** The Build screen's graph commands: branch, mark and join, delete a join; Undo takes each back whole. */
class BuildViewModelGraphTest {

    private static LayerSpec conv(int filters, int kernel, int stride) {
        return new LayerSpec.Conv2D(null, filters, Size2.square(kernel), Size2.square(stride), Padding.SAME,
                Activation.RELU, true);
    }

    private static BuildViewModel open(ModelSession session, ModelSpec m) {
        session.apply(ModelEdits.replaceAll(m, "Load"));
        return new BuildViewModel(session);
    }

    @Test
    void branchThenJoinMakesAResidualBlockAndUndoTakesEachStepBack() {
        ModelSession session = new ModelSession();
        ModelSpec start = new ModelSpec("m", "", new InputSpec(8, 8, 4), List.of(conv(4, 3, 1), conv(4, 3, 1)));
        BuildViewModel vm = open(session, start);
        vm.select(1);
        vm.addBranch("Conv2D");
        assertEquals(2, vm.selectedProperty().get(), "the new branch is selected");
        assertEquals(Map.of("conv2d_2", List.of("conv2d")), vm.model().inputs());
        assertEquals(2, vm.analysis().problem().orElseThrow().layerIndex(), "an unjoined branch is the problem");
        ModelSpec branched = vm.model();

        vm.toggleMark(2);
        assertFalse(vm.canJoin(), "the marked block is the selected one");
        vm.select(3);
        assertTrue(vm.canJoin());
        vm.join(false);
        assertEquals(4, vm.selectedProperty().get(), "the Add is selected");
        assertEquals(-1, vm.markedProperty().get(), "the mark is used up");
        assertEquals("Add", vm.model().layers().get(3).type());
        assertEquals(List.of("conv2d_2", "conv2d_1"), vm.model().inputs().get("add"));
        // the palette's Conv2D (32 filters, 3x3, valid) makes 6x6x32 from 8x8x4: the join says so, as any layer would
        assertEquals("Add needs equal shapes: (None, 8, 8, 4) and (None, 6, 6, 32) (from conv2d_2 and conv2d_1).",
                vm.analysis().problem().orElseThrow().message());
        assertEquals(4, vm.analysis().problem().get().layerIndex());
        assertEquals("Add conv2d_1 and conv2d_2", session.undoTextProperty().get().replace("Undo ", ""));
        vm.setLayer(2, conv(4, 1, 1), "kernel", "1x1"); // a 1x1 branch of 4 filters fits
        assertTrue(vm.analysis().valid(), () -> vm.analysis().problem().get().describe());
        // 3*3*4*4+4 = 148 twice, the 1x1 branch 1*1*4*4+4 = 20
        assertEquals(148 + 20 + 148, vm.analysis().totalParams());
        session.undo();

        session.undo();
        assertEquals(branched, vm.model());
        session.undo();
        assertEquals(start, vm.model());
        session.redo();
        session.redo();
        assertEquals(4, vm.model().layers().size());
    }

    @Test
    void concatenateOfMismatchedMapsShowsTheErrorWithItsFix() {
        ModelSession session = new ModelSession();
        BuildViewModel vm = open(session, new ModelSpec("m", "", new InputSpec(8, 8, 4), List.of(conv(8, 3, 2),
                new LayerSpec.Flatten(null))));
        vm.toggleMark(0);
        vm.select(1);
        vm.join(true);
        assertEquals(2, vm.analysis().problem().orElseThrow().layerIndex());
        assertEquals("Project input to (None, 4, 4, 8) with a 1x1 Conv2D, strides 2", vm.fixes().get(0).label());
        vm.applyFix(vm.fixes().get(0));
        assertTrue(vm.analysis().valid());
        // the 1x1 projection 1*1*4*8+8 = 40 weights, conv2d 3*3*4*8+8 = 296
        assertEquals(296 + 40, vm.analysis().totalParams());
    }

    @Test
    void deletingAResidualAddReconnectsWithoutAsking() {
        ModelSession session = new ModelSession();
        ModelSpec resnet = Presets.find("resnet20").orElseThrow();
        BuildViewModel vm = open(session, resnet);
        vm.setJoinChooser(inputs -> {
            throw new AssertionError("a residual Add needs no question");
        });
        int add = resnet.layers().indexOf(resnet.layers().stream().filter(LayerSpec::join).findFirst().orElseThrow());
        vm.select(add + 1);
        vm.deleteSelected();
        assertEquals(resnet.layers().size() - 1, vm.model().layers().size());
        assertEquals(8, vm.model().layers().stream().filter(LayerSpec::join).count());
        assertTrue(vm.analysis().valid(), () -> vm.analysis().problem().get().describe());
        // the identity shortcut carried no weights: the total stays
        assertEquals(ModelAnalyzer.analyze(resnet).totalParams(), vm.analysis().totalParams());
        session.undo();
        assertEquals(resnet, vm.model());
    }

    @Test
    void deletingAJoinOfParallelBranchesAsksWhichToKeep() {
        ModelSession session = new ModelSession();
        ModelSpec m = new ModelSpec("m", "", new InputSpec(8, 8, 4), List.of(conv(8, 3, 2), conv(8, 1, 2),
                new LayerSpec.Add(null)), Map.of("conv2d_1", List.of(ModelGraph.INPUT),
                "add", List.of("conv2d", "conv2d_1")));
        BuildViewModel vm = open(session, m);
        List<List<String>> asked = new ArrayList<>();
        vm.setJoinChooser(inputs -> {
            asked.add(inputs);
            return Optional.empty(); // Cancel
        });
        vm.select(3);
        vm.deleteSelected();
        assertEquals(List.of(List.of("conv2d", "conv2d_1")), asked);
        assertEquals(m, vm.model(), "cancelled: nothing changed");
        vm.setJoinChooser(inputs -> Optional.of(1));
        vm.deleteSelected();
        assertEquals(new ModelSpec("m", "", new InputSpec(8, 8, 4), List.of(conv(8, 1, 2))), vm.model());
        assertEquals("Delete add", session.undoTextProperty().get().replace("Undo ", ""));
    }
}
