package org.convscope.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelGraphTest {

    private static LayerSpec conv(String name) {
        return new LayerSpec.Conv2D(name, 4, Size2.square(3), Size2.square(1), Padding.SAME, Activation.RELU, true);
    }

    private static ModelSpec model(Map<String, List<String>> inputs, LayerSpec... layers) {
        return new ModelSpec("m", "", new InputSpec(8, 8, 1), List.of(layers), inputs);
    }

    @Test
    void aChainNeedsNoNamesAndStaysAChain() {
        ModelSpec chain = new ModelSpec("m", "", new InputSpec(8, 8, 1), List.of(conv(null), conv(null)));
        ModelGraph g = ModelGraph.of(chain);
        assertTrue(g.isChain());
        assertEquals(List.of("conv2d", "conv2d_1"), g.names());
        assertEquals(List.of(ModelGraph.INPUT), g.inputNamesOf(0));
        assertEquals(List.of("conv2d"), g.inputNamesOf(1));
        assertEquals(List.of(0, 1), g.order());
        assertTrue(g.problem().isEmpty());
        // entries that name the layer before are the chain's default and are dropped
        ModelSpec spelled = model(Map.of("conv2d", List.of("input"), "conv2d_1", List.of("conv2d")), conv(null), conv(null));
        assertFalse(spelled.isGraph());
        assertEquals(chain, spelled);
    }

    @Test
    void aSkipConnectionIsAGraph() {
        ModelSpec m = model(Map.of("add", List.of("b", "a")), conv("a"), conv("b"), new LayerSpec.Add("add"));
        ModelGraph g = ModelGraph.of(m);
        assertTrue(m.isGraph());
        assertFalse(g.isChain());
        assertEquals(List.of(1, 2), g.consumersOf(0));
        assertEquals(List.of(1, 0), g.inputsOf(2));
        assertTrue(g.problem().isEmpty());
    }

    @Test
    void layersListedBeforeTheirInputsAreOrderedAfterThem() {
        // b takes c, which is listed after it: run order a, c, b, add
        ModelSpec m = model(Map.of("b", List.of("c"), "c", List.of("a"), "add", List.of("b", "a")),
                conv("a"), conv("b"), conv("c"), new LayerSpec.Add("add"));
        ModelGraph g = ModelGraph.of(m);
        assertEquals(List.of(0, 2, 1, 3), g.order());
        assertTrue(g.problem().isEmpty(), () -> g.problem().get().message());
    }

    @Test
    void anUnknownInputIsNamed() {
        ModelGraph g = ModelGraph.of(model(Map.of("b", List.of("conv2d_9")), conv("a"), conv("b")));
        assertEquals(1, g.problem().get().layerIndex());
        assertEquals("its input \"conv2d_9\" is not a layer of this model.", g.problem().get().message());
    }

    @Test
    void aCycleIsNamedLayerByLayer() {
        ModelGraph g = ModelGraph.of(model(Map.of("a", List.of("c"), "add", List.of("c", "input")),
                conv("a"), conv("b"), conv("c"), new LayerSpec.Add("add")));
        assertEquals(0, g.problem().get().layerIndex());
        assertEquals("the layers a -> b -> c -> a form a cycle; data must flow one way through a model.",
                g.problem().get().message());
        assertEquals(List.of(), g.order()); // add waits for c, which is in the cycle
    }

    @Test
    void anOutputNoLayerUsesIsAProblem() {
        // b takes the input directly, so a's output goes nowhere
        ModelGraph g = ModelGraph.of(model(Map.of("b", List.of("input")), conv("a"), conv("b")));
        assertEquals(0, g.problem().get().layerIndex());
        assertTrue(g.problem().get().message().startsWith("its output is not used by any layer; only the last layer (b)"));
    }

    @Test
    void theInputNameIsReserved() {
        ModelGraph g = ModelGraph.of(model(Map.of(), conv("input")));
        assertTrue(g.problem().get().message().contains("is used by the model's input"));
    }
}
