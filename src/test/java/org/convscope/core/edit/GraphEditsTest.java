package org.convscope.core.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
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

/** Edits keep a graph's connections, and a join whose shapes differ gets fixes that make it build. */
class GraphEditsTest {

    private static LayerSpec conv(String name, int filters, int stride) {
        return new LayerSpec.Conv2D(name, filters, Size2.square(3), Size2.square(stride), Padding.SAME,
                Activation.RELU, true);
    }

    private static ModelSpec skip() {
        return new ModelSpec("m", "", new InputSpec(8, 8, 4), List.of(conv(null, 4, 1), conv(null, 4, 1),
                new LayerSpec.Add(null)), Map.of("add", List.of("conv2d_1", "conv2d")));
    }

    @Test
    void insertingAnAutoNamedLayerKeepsTheSkipOnTheSameLayers() {
        ModelSpec after = ModelEdits.insert(0, conv(null, 4, 1)).apply(skip());
        // the old conv2d and conv2d_1 are now conv2d_1 and conv2d_2
        assertEquals(Map.of("add", List.of("conv2d_2", "conv2d_1")), after.inputs());
        assertTrue(ModelAnalyzer.analyze(after).valid());
    }

    @Test
    void insertingBeforeAJoinFeedsTheJoin() {
        ModelSpec after = ModelEdits.insert(2, new LayerSpec.BatchNormalization(null, 0.99, 0.001)).apply(skip());
        assertEquals(Map.of("add", List.of("batch_normalization", "conv2d")), after.inputs());
    }

    @Test
    void removingALayerGivesItsConsumersItsInput() {
        ModelSpec after = ModelEdits.remove(0, "conv2d").apply(skip());
        // conv2d fed conv2d_1 and the add; both now take the input image (conv2d_1 is renamed conv2d)
        assertEquals(Map.of("add", List.of("conv2d", ModelGraph.INPUT)), after.inputs());
        assertTrue(ModelAnalyzer.analyze(after).valid());
    }

    @Test
    void renamingALayerRenamesItsConnections() {
        ModelSpec after = ModelEdits.replace(0, conv("stem", 4, 1), "Rename", null).apply(skip());
        assertEquals(Map.of("add", List.of("conv2d", "stem")), after.inputs());
    }

    @Test
    void aChainStaysAChainUnderEveryEdit() {
        ModelSpec chain = new ModelSpec("m", "", new InputSpec(8, 8, 4), List.of(conv(null, 4, 1), conv(null, 4, 1)));
        assertTrue(ModelEdits.insert(1, conv(null, 2, 1)).apply(chain).inputs().isEmpty());
        assertTrue(ModelEdits.move(0, 1, "conv2d").apply(chain).inputs().isEmpty());
    }

    @Test
    void mismatchedAddOffersAProjectionShortcut() {
        ModelSpec m = new ModelSpec("m", "", new InputSpec(16, 16, 32), List.of(conv("down", 64, 2),
                new LayerSpec.Add(null)), Map.of("add", List.of(ModelGraph.INPUT, "down")));
        ModelAnalysis a = ModelAnalyzer.analyze(m);
        List<Fix> fixes = Fixes.forProblem(a);
        assertEquals(List.of("Project input to (None, 8, 8, 64) with a 1x1 Conv2D, strides 2", "Remove add"),
                fixes.stream().map(Fix::label).toList());
        ModelSpec fixed = fixes.get(0).edit().apply(m);
        ModelAnalysis after = ModelAnalyzer.analyze(fixed);
        assertTrue(after.valid(), () -> after.problem().get().describe());
        assertEquals(Map.of("conv2d", List.of(ModelGraph.INPUT), "add", List.of("conv2d", "down")), fixed.inputs());
        // down 3*3*32*64+64 = 18,496; projection 1*1*32*64+64 = 2,112
        assertEquals(18_496 + 2_112, after.totalParams());
        assertEquals("(None, 8, 8, 64)", after.outputShape().keras());
    }

    @Test
    void addWithOtherChannelsOffersConcatenate() {
        ModelSpec m = new ModelSpec("m", "", new InputSpec(8, 8, 4), List.of(conv("a", 6, 1), new LayerSpec.Add("j")),
                Map.of("j", List.of("a", ModelGraph.INPUT)));
        List<String> labels = Fixes.forProblem(ModelAnalyzer.analyze(m)).stream().map(Fix::label).toList();
        assertEquals(List.of("Project input to (None, 8, 8, 6) with a 1x1 Conv2D",
                "Project a to (None, 8, 8, 4) with a 1x1 Conv2D", "Use Concatenate instead of Add", "Remove j"),
                labels);
    }

    @Test
    void aDepthwiseKernelTooLargeForItsInputGetsTheWindowFixes() {
        ModelSpec m = new ModelSpec("m", "", new InputSpec(3, 3, 4), List.of(new LayerSpec.DepthwiseConv2D(null,
                Size2.square(5), Size2.square(1), Padding.VALID, 2, Activation.LINEAR, false)));
        List<Fix> fixes = Fixes.forProblem(ModelAnalyzer.analyze(m));
        assertEquals(List.of("Use padding \"same\"", "Shrink the window to 3x3", "Remove depthwise_conv2d"),
                fixes.stream().map(Fix::label).toList());
        // same: ceil(3/1) = 3; 4 channels x 2 = 8 maps
        assertEquals("(None, 3, 3, 8)", ModelAnalyzer.analyze(fixes.get(0).edit().apply(m)).outputShape().keras());
        // shrunk: 3x3 valid gives 1x1; 3*3*4*2 = 72 weights
        assertEquals(72, ModelAnalyzer.analyze(fixes.get(1).edit().apply(m)).totalParams());
    }
}
