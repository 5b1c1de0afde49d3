package org.convscope.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.junit.jupiter.api.Test;

/** Shapes, parameter counts and MACs of the residual and MobileNet layers, worked by hand as Keras defines them. */
class NewLayersTest {

    private static LayerInfo only(InputSpec in, LayerSpec layer) {
        ModelAnalysis a = ModelAnalyzer.analyze(new ModelSpec("m", "", in, List.of(layer)));
        assertTrue(a.valid(), () -> a.problem().get().describe());
        return a.layers().get(0);
    }

    private static LayerProblem problem(InputSpec in, LayerSpec... layers) {
        ModelAnalysis a = ModelAnalyzer.analyze(new ModelSpec("m", "", in, List.of(layers)));
        assertFalse(a.valid());
        return a.problem().get();
    }

    @Test
    void depthwiseConvolutionMultipliesTheChannels() {
        LayerInfo d = only(new InputSpec(32, 32, 16), new LayerSpec.DepthwiseConv2D(null, Size2.square(3),
                Size2.square(1), Padding.SAME, 2, Activation.LINEAR, true));
        assertEquals("(None, 32, 32, 32)", d.output().keras());
        assertEquals(3 * 3 * 16 * 2 + 32, d.params()); // depthwise_kernel (3,3,16,2) = 288, bias 32
        assertEquals(320, d.trainableParams());
        assertEquals(32L * 32 * 32 * 9, d.macs()); // 294,912: 9 taps per output value, no sum over channels
        assertEquals("depthwise_conv2d", d.name());
        LayerInfo noBias = only(new InputSpec(7, 7, 3), new LayerSpec.DepthwiseConv2D(null, Size2.square(3),
                Size2.square(2), Padding.VALID, 1, Activation.RELU, false));
        assertEquals("(None, 3, 3, 3)", noBias.output().keras()); // floor((7-3)/2)+1 = 3
        assertEquals(27, noBias.params());
    }

    @Test
    void separableConvolutionIsDepthwiseThenPointwise() {
        LayerInfo s = only(new InputSpec(32, 32, 16), new LayerSpec.SeparableConv2D(null, 64, Size2.square(3),
                Size2.square(1), Padding.SAME, 1, Activation.RELU, true));
        assertEquals("(None, 32, 32, 64)", s.output().keras());
        assertEquals(144 + 1024 + 64, s.params()); // 3*3*16*1 + 16*64 + 64 = 1,232
        assertEquals(32L * 32 * (144 + 1024), s.macs()); // 1,196,032
        LayerInfo strided = only(new InputSpec(32, 32, 8), new LayerSpec.SeparableConv2D(null, 10, Size2.square(3),
                Size2.square(2), Padding.VALID, 2, Activation.LINEAR, false));
        assertEquals("(None, 15, 15, 10)", strided.output().keras()); // floor((32-3)/2)+1 = 15
        assertEquals(3 * 3 * 8 * 2 + 16 * 10, strided.params()); // 144 + 160, no bias
        assertEquals(15L * 15 * (144 + 160), strided.macs());
    }

    @Test
    void dilationWidensTheKernelWithoutNewWeights() {
        LayerInfo c = only(new InputSpec(32, 32, 3), new LayerSpec.Conv2D(null, 16, Size2.square(3), Size2.square(1),
                Padding.VALID, Activation.RELU, true, Size2.square(2)));
        assertEquals("(None, 28, 28, 16)", c.output().keras()); // covers 2*(3-1)+1 = 5: 32-5+1 = 28
        assertEquals(448, c.params()); // 3*3*3*16 + 16, as without dilation
        assertEquals(28L * 28 * 16 * 27, c.macs()); // 338,688
        assertTrue(c.formula().startsWith("kernel 3x3 dilated by 2x2 covers 5x5"), c.formula());
        assertEquals("(None, 32, 32, 16)", only(new InputSpec(32, 32, 3), new LayerSpec.Conv2D(null, 16,
                Size2.square(3), Size2.square(1), Padding.SAME, Activation.RELU, true, Size2.square(2))).output().keras());
        LayerProblem p = problem(new InputSpec(32, 32, 3), new LayerSpec.Conv2D(null, 16, Size2.square(3),
                Size2.square(2), Padding.VALID, Activation.RELU, true, Size2.square(2)));
        assertTrue(p.message().contains("strides above 1 (2x2) with a dilation_rate above 1 (2x2)"), p.message());
    }

    @Test
    void zeroPaddingAddsRowsAndColumns() {
        LayerInfo z = only(new InputSpec(28, 28, 1), new LayerSpec.ZeroPadding2D(null, 1, 2, 3, 4));
        assertEquals("(None, 31, 35, 1)", z.output().keras()); // 1+28+2, 3+28+4
        assertEquals(0, z.params());
        assertEquals("zero_padding2d", z.name());
        assertTrue(problem(new InputSpec(8, 8, 1), new LayerSpec.ZeroPadding2D(null, -1, 0, 0, 0)).message()
                .contains("at least 0"));
    }

    @Test
    void globalPoolingGivesOneValuePerChannel() {
        ModelAnalysis a = ModelAnalyzer.analyze(new ModelSpec("m", "", new InputSpec(8, 8, 64), List.of(
                new LayerSpec.GlobalPooling2D(null, LayerSpec.PoolKind.AVERAGE),
                new LayerSpec.Dense(null, 10, Activation.SOFTMAX, true))));
        assertEquals("(None, 64)", a.layers().get(0).output().keras());
        assertEquals("GlobalAveragePooling2D", a.layers().get(0).spec().type());
        assertEquals("global_average_pooling2d", a.layers().get(0).name());
        assertEquals(650, a.totalParams()); // 64*10 + 10
        LayerInfo max = only(new InputSpec(5, 3, 7), new LayerSpec.GlobalPooling2D(null, LayerSpec.PoolKind.MAX));
        assertEquals("(None, 7)", max.output().keras());
        assertEquals("global_max_pooling2d", max.name());
        assertTrue(problem(new InputSpec(4, 4, 2), new LayerSpec.Flatten(null),
                new LayerSpec.GlobalPooling2D(null, LayerSpec.PoolKind.MAX)).message().contains("needs an image tensor"));
    }

    @Test
    void elementWiseLayersKeepTheShapeAndHaveNoParameters() {
        InputSpec in = new InputSpec(6, 6, 4);
        for (LayerSpec l : List.of(new LayerSpec.ReLU(null, 6.0, 0, 0), new LayerSpec.ReLU(null, null, 0.1, 0),
                new LayerSpec.LeakyReLU(null, 0.3), new LayerSpec.Softmax(null),
                new LayerSpec.Rescaling(null, 1 / 255.0, 0))) {
            LayerInfo i = only(in, l);
            assertEquals("(None, 6, 6, 4)", i.output().keras(), l.type());
            assertEquals(0, i.params());
            assertEquals(0, i.macs());
        }
        assertEquals("re_lu", only(in, new LayerSpec.ReLU(null, 6.0, 0, 0)).name());
        assertEquals("leaky_re_lu", only(in, new LayerSpec.LeakyReLU(null, 0.3)).name());
        assertTrue(problem(in, new LayerSpec.ReLU(null, -1.0, 0, 0)).message().contains("max_value must be at least 0"));
        assertTrue(problem(in, new LayerSpec.LeakyReLU(null, -0.1)).message().contains("at least 0"));
        assertTrue(problem(in, new LayerSpec.Rescaling(null, Double.NaN, 0)).message().contains("finite"));
    }

    /** conv, bn, relu, conv, bn, add(skip from the first relu), relu, global pooling, dense. */
    static ModelSpec residualBlock() {
        List<LayerSpec> layers = List.of(
                new LayerSpec.Conv2D("c1", 16, Size2.square(3), Size2.square(1), Padding.SAME, Activation.LINEAR, true),
                new LayerSpec.BatchNormalization("bn1", 0.99, 0.001),
                new LayerSpec.ActivationLayer("r1", Activation.RELU),
                new LayerSpec.Conv2D("c2", 16, Size2.square(3), Size2.square(1), Padding.SAME, Activation.LINEAR, true),
                new LayerSpec.BatchNormalization("bn2", 0.99, 0.001),
                new LayerSpec.Add("add"),
                new LayerSpec.ActivationLayer("r2", Activation.RELU),
                new LayerSpec.GlobalPooling2D("gap", LayerSpec.PoolKind.AVERAGE),
                new LayerSpec.Dense("out", 10, Activation.SOFTMAX, true));
        return new ModelSpec("block", "", new InputSpec(32, 32, 3), layers, Map.of("add", List.of("bn2", "r1")));
    }

    @Test
    void aResidualBlockAddsTheSkipToTheMainPath() {
        ModelAnalysis a = ModelAnalyzer.analyze(residualBlock());
        assertTrue(a.valid(), () -> a.problem().get().describe());
        assertEquals("(None, 32, 32, 16)", a.layers().get(5).output().keras());
        assertEquals("bn2 + r1", a.layers().get(5).formula());
        // 448 + 64 + 2,320 + 64 + 170: conv 3*3*3*16+16, bn 4*16 (half moving statistics), conv 3*3*16*16+16, dense 16*10+10
        assertEquals(3066, a.totalParams());
        assertEquals(64, a.nonTrainableParams());
        assertEquals(32L * 32 * 16 * 27 + 32L * 32 * 16 * 144 + 160, a.totalMacs());
        assertEquals("(None, 10)", a.outputShape().keras());
    }

    @Test
    void addNamesBothShapesWhenTheyDiffer() {
        ModelSpec m = new ModelSpec("m", "", new InputSpec(16, 16, 32), List.of(
                new LayerSpec.Conv2D("down", 64, Size2.square(3), Size2.square(2), Padding.SAME, Activation.RELU, true),
                new LayerSpec.Add(null)), Map.of("add", List.of(ModelGraph.INPUT, "down")));
        LayerProblem p = ModelAnalyzer.analyze(m).problem().get();
        assertEquals(2, p.layerIndex());
        assertEquals("Add needs equal shapes: (None, 16, 16, 32) and (None, 8, 8, 64) (from input and down).",
                p.message());
        assertTrue(p.suggestion().contains("1x1 Conv2D"), p.suggestion());
    }

    @Test
    void concatenateStacksChannelsAndNeedsEqualMaps() {
        ModelSpec m = new ModelSpec("m", "", new InputSpec(8, 8, 16), List.of(
                new LayerSpec.Conv2D("a", 32, Size2.square(1), Size2.square(1), Padding.SAME, Activation.RELU, true),
                new LayerSpec.Concatenate("cat")), Map.of("cat", List.of("a", ModelGraph.INPUT)));
        ModelAnalysis a = ModelAnalyzer.analyze(m);
        assertEquals("(None, 8, 8, 48)", a.outputShape().keras()); // 32 + 16
        assertEquals("32 + 16 = 48", a.layers().get(1).formula());
        assertEquals(16 * 32 + 32, a.totalParams());
        ModelSpec bad = m.withLayer(0, new LayerSpec.Conv2D("a", 32, Size2.square(1), Size2.square(2), Padding.SAME,
                Activation.RELU, true));
        assertEquals("Concatenate needs equal shapes except the last axis: (None, 4, 4, 32) and (None, 8, 8, 16) "
                + "(from a and input).", ModelAnalyzer.analyze(bad).problem().get().message());
    }

    @Test
    void joinsNeedTwoInputsAndOtherLayersOne() {
        ModelSpec one = new ModelSpec("m", "", new InputSpec(8, 8, 1), List.of(new LayerSpec.Add(null)));
        assertEquals("Add joins at least 2 inputs, but is connected to 1 (input).",
                ModelAnalyzer.analyze(one).problem().get().message());
        ModelSpec two = new ModelSpec("m", "", new InputSpec(8, 8, 1), List.of(new LayerSpec.Flatten("f"),
                new LayerSpec.Flatten("g"), new LayerSpec.Dense("d", 2, Activation.LINEAR, true)),
                Map.of("g", List.of(ModelGraph.INPUT), "d", List.of("f", "g")));
        assertEquals("Dense takes one input, but is connected to f and g.",
                ModelAnalyzer.analyze(two).problem().get().message());
    }
}
