package org.convscope.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convscope.core.model.EngineSupport;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.io.Presets;
import org.junit.jupiter.api.Test;

/** The graph presets, counted by hand as Keras counts them. */
class GraphPresetsTest {

    private static ModelAnalysis analyze(String id) {
        Presets.Preset p = Presets.all().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
        assertTrue(p.graph(), id);
        ModelAnalysis a = ModelAnalyzer.analyze(p.model());
        assertTrue(a.valid(), () -> a.problem().get().describe());
        return a;
    }

    @Test
    void resnet20HasTheKerasExamplesCount() {
        ModelAnalysis a = analyze("resnet20");
        // stem 3*3*3*16+16 + bn 64; stage 1: 3 blocks of 2 x (3*3*16*16+16 + 64) = 14,304;
        // stage 2: 3*3*16*32+32 + 128 + 3*3*32*32+32 + 128 + shortcut 16*32+32 + 2 blocks of 2 x (9,248 + 128) = 52,192;
        // stage 3: 18,496 + 256 + 36,928 + 256 + shortcut 32*64+64 + 2 blocks of 2 x (36,928 + 256) = 206,784;
        // dense 64*10+10 = 650
        assertEquals(448 + 64 + 14_304 + 52_192 + 206_784 + 650, a.totalParams());
        assertEquals(274_442, a.totalParams());
        // moving mean and variance of 16 + 6*16 + 6*32 + 6*64 = 688 channels
        assertEquals(1_376, a.nonTrainableParams());
        ModelSpec m = a.model();
        long threeByThree = m.layers().stream().filter(l -> l instanceof LayerSpec.Conv2D c && c.kernel().h() == 3).count();
        assertEquals(19, threeByThree, "19 3x3 convolutions and the Dense layer: the 20 of ResNet-20");
        assertEquals(9, m.layers().stream().filter(l -> l instanceof LayerSpec.Add).count());
        assertEquals("(None, 8, 8, 64)", a.layers().get(m.layers().size() - 4).output().keras());
        assertEquals("(None, 10)", a.outputShape().keras());
        assertTrue(EngineSupport.codeRefusal(m).orElseThrow().contains("the code writers know chains only"));
        assertTrue(EngineSupport.codeRefusal(m, "keras").orElseThrow().contains("the code writers know chains only"));
        assertTrue(EngineSupport.codeRefusal(m, "pytorch").isEmpty(), "the PyTorch writer writes graphs");
        assertTrue(EngineSupport.codeRefusal(m, "onnx").isEmpty(), "the ONNX writer writes graphs");
    }

    @Test
    void theGraphCodeWritersRefuseWhatTheyDoNotWriteInWords() {
        var in = new org.convscope.core.model.InputSpec(16, 16, 3);
        var dilated = new ModelSpec("dilated", "", in, java.util.List.of(
                new LayerSpec.Conv2D("wide", 4, org.convscope.core.model.Size2.square(3),
                        org.convscope.core.model.Size2.square(1), org.convscope.core.model.Padding.SAME,
                        org.convscope.core.model.Activation.RELU, true, org.convscope.core.model.Size2.square(2)),
                new LayerSpec.GlobalPooling2D(null, LayerSpec.PoolKind.AVERAGE),
                new LayerSpec.Dense(null, 10, org.convscope.core.model.Activation.SOFTMAX, true)));
        assertTrue(EngineSupport.codeRefusal(dilated, "pytorch").isEmpty(), "PyTorch writes dilation");
        assertEquals("layer 1 (wide, Conv2D with dilation_rate 2x2) is not known to the ONNX writer yet. It runs,"
                + " trains and opens in ConvScope, and --to pytorch and --to keras_json write it.",
                EngineSupport.codeRefusal(dilated, "onnx").orElseThrow());
        var flatJoin = new ModelSpec("flat-join", "", in, java.util.List.of(
                new LayerSpec.Flatten("a"), new LayerSpec.Flatten("b"), new LayerSpec.Concatenate("cat"),
                new LayerSpec.Dense(null, 10, org.convscope.core.model.Activation.SOFTMAX, true)),
                java.util.Map.of("b", java.util.List.of("input"), "a", java.util.List.of("input"),
                        "cat", java.util.List.of("a", "b")));
        assertTrue(EngineSupport.codeRefusal(flatJoin, "pytorch").orElseThrow()
                .contains("concatenates layers in a model that flattens maps"));
    }

    @Test
    void theMobileNetStyleNetCountsItsSeparableLayers() {
        ModelAnalysis a = analyze("mobilenet-mini");
        // stem 3*3*3*32 + bn 128; block 1: depthwise 3*3*32 + bn 128 + pointwise 32*64 + bn 256;
        // block 2: 3*3*64 + 256 + 64*128 + 512; block 3: separable 3*3*128 + 128*128 + bn 512;
        // block 4: 3*3*128 + 512 + 128*256 + 1,024; dense 256*10+10
        assertEquals(864 + 128 + 288 + 128 + 2_048 + 256 + 576 + 256 + 8_192 + 512 + 1_152 + 16_384 + 512 + 1_152
                + 512 + 32_768 + 1_024 + 2_570, a.totalParams());
        assertEquals(69_322, a.totalParams());
        assertEquals(2 * (32 + 32 + 64 + 64 + 128 + 128 + 128 + 256), a.nonTrainableParams());
        assertEquals("(None, 8, 8, 256)", a.layers().get(a.layers().size() - 4).output().keras());
    }
}
