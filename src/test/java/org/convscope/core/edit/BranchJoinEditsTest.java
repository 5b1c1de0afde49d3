package org.convscope.core.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.junit.jupiter.api.Test;

/** Branch, join and delete-a-join: the connections they make, by name, and the models they leave. */
class BranchJoinEditsTest {

    private static LayerSpec conv(int filters, int kernel, int stride) {
        return new LayerSpec.Conv2D(null, filters, Size2.square(kernel), Size2.square(stride), Padding.SAME,
                Activation.RELU, true);
    }

    private static ModelSpec chain(LayerSpec... layers) {
        return new ModelSpec("m", "", new InputSpec(8, 8, 4), List.of(layers));
    }

    @Test
    void aBranchIsFedByItsSourceAndAsksToBeJoined() {
        ModelSpec m = chain(conv(4, 3, 1), conv(4, 3, 1));
        ModelSpec after = GraphEdits.branch(0, conv(4, 1, 1), "conv2d").apply(m);
        // listed right after its source: the old conv2d_1 is now conv2d_2, and still takes conv2d
        assertEquals(Map.of("conv2d_2", List.of("conv2d")), after.inputs());
        assertEquals(1, after.layers().get(1) instanceof LayerSpec.Conv2D c ? c.kernel().h() : -1);
        ModelAnalysis a = ModelAnalyzer.analyze(after);
        assertEquals(2, a.problem().orElseThrow().layerIndex());
        assertTrue(a.problem().get().message().contains("not used"), a.problem().get().message());
    }

    @Test
    void joiningTheBranchWithTheMainPathBuildsAndCountsEveryWeight() {
        ModelSpec m = GraphEdits.branch(0, conv(4, 1, 1), "conv2d").apply(chain(conv(4, 3, 1), conv(4, 3, 1)));
        assertEquals(3, GraphEdits.joinPosition(m, 1, 2));
        ModelSpec after = GraphEdits.join(1, 2, new LayerSpec.Add(null), "Add").apply(m);
        // the main path (conv2d_2, later in data order) comes first, as Keras' add([x, shortcut])
        assertEquals(Map.of("conv2d_2", List.of("conv2d"), "add", List.of("conv2d_2", "conv2d_1")), after.inputs());
        ModelAnalysis a = ModelAnalyzer.analyze(after);
        assertTrue(a.valid(), () -> a.problem().get().describe());
        // 3*3*4*4+4 = 148 twice, the 1x1 branch 1*1*4*4+4 = 20, the Add none
        assertEquals(148 + 20 + 148, a.totalParams());
    }

    @Test
    void joiningTheInputWithALayerMakesAResidualBlockThatFeedsWhatFollowed() {
        ModelSpec m = chain(conv(4, 3, 1), conv(4, 3, 1), new LayerSpec.Flatten(null),
                new LayerSpec.Dense(null, 10, Activation.SOFTMAX, true));
        ModelSpec after = GraphEdits.join(-1, 1, new LayerSpec.Add(null), "Add").apply(m);
        assertEquals("Add", after.layers().get(2).type());
        assertEquals(Map.of("add", List.of("conv2d_1", ModelGraph.INPUT)), after.inputs());
        ModelAnalysis a = ModelAnalyzer.analyze(after);
        assertTrue(a.valid(), () -> a.problem().get().describe());
        // Flatten takes the add: 8*8*4 = 256 values into Dense 10: 2,570 weights
        assertEquals(148 + 148 + 2_570, a.totalParams());
    }

    @Test
    void aConcatenateOfMismatchedMapsIsTheJoinsProblemWithFixes() {
        ModelSpec m = chain(conv(8, 3, 2), new LayerSpec.Flatten(null));
        ModelSpec after = GraphEdits.join(-1, 0, new LayerSpec.Concatenate(null), "Concatenate").apply(m);
        ModelAnalysis a = ModelAnalyzer.analyze(after);
        assertEquals(2, a.problem().orElseThrow().layerIndex());
        // (8, 8, 4) and (4, 4, 8): the stride-2 projection of the input makes it (4, 4, 8)
        assertEquals("Project input to (None, 4, 4, 8) with a 1x1 Conv2D, strides 2",
                Fixes.forProblem(a).get(0).label());
        assertTrue(ModelAnalyzer.analyze(Fixes.forProblem(a).get(0).edit().apply(after)).valid());
    }

    @Test
    void deletingAResidualAddKeepsTheMainPathWithoutAsking() {
        ModelSpec m = GraphEdits.join(-1, 1, new LayerSpec.Add(null), "Add").apply(chain(conv(4, 3, 1), conv(4, 3, 1),
                new LayerSpec.Flatten(null)));
        assertEquals(Optional.of(0), GraphEdits.keptInput(m, 2));
        ModelSpec after = GraphEdits.removeJoin(2, 0, "add").apply(m);
        assertEquals(chain(conv(4, 3, 1), conv(4, 3, 1), new LayerSpec.Flatten(null)), after);
        assertFalse(after.isGraph());
    }

    @Test
    void deletingAJoinOfParallelBranchesTakesTheDroppedBranchWithIt() {
        // input -> conv2d (stride 2) and input -> conv2d_1 (1x1, stride 2): add joins them and ends the model
        ModelSpec m = new ModelSpec("m", "", new InputSpec(8, 8, 4), List.of(conv(8, 3, 2), conv(8, 1, 2),
                new LayerSpec.Add(null)), Map.of("conv2d_1", List.of(ModelGraph.INPUT),
                "add", List.of("conv2d", "conv2d_1")));
        assertEquals(Optional.empty(), GraphEdits.keptInput(m, 2), "neither input leads to the other: ask");
        assertEquals(chain(conv(8, 3, 2)), GraphEdits.removeJoin(2, 0, "add").apply(m));
        assertEquals(chain(conv(8, 1, 2)), GraphEdits.removeJoin(2, 1, "add").apply(m));
    }

    @Test
    void undoRestoresTheModelBeforeEachEdit() {
        ModelSpec start = chain(conv(4, 3, 1), conv(4, 3, 1));
        EditHistory h = new EditHistory(start);
        ModelSpec branched = h.apply(GraphEdits.branch(0, conv(4, 1, 1), "conv2d"));
        h.apply(GraphEdits.join(1, 2, new LayerSpec.Add(null), "Add conv2d_1 and conv2d_2"));
        assertEquals("Add conv2d_1 and conv2d_2", h.undoDescription().orElseThrow());
        assertEquals(branched, h.undo());
        assertEquals(start, h.undo());
        assertEquals(branched, h.redo());
    }

    @Test
    void badPositionsAreRefused() {
        ModelSpec m = chain(conv(4, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> GraphEdits.join(0, 0, new LayerSpec.Add(null), "x").apply(m));
        assertThrows(IllegalArgumentException.class, () -> GraphEdits.branch(1, conv(4, 1, 1), "x").apply(m));
        assertThrows(IllegalArgumentException.class, () -> GraphEdits.join(-1, 0, conv(4, 1, 1), "x"));
    }
}
