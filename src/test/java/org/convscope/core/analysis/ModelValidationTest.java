package org.convscope.core.analysis;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.core.model.TensorShape;
import org.junit.jupiter.api.Test;

/** Impossible stacks come back as a {@link LayerProblem} naming the layer, never as an exception. */
class ModelValidationTest {

    private static LayerSpec.Conv2D conv(int filters, int k) {
        return new LayerSpec.Conv2D(null, filters, Size2.square(k), Size2.square(1), Padding.VALID, Activation.RELU, true);
    }

    private static LayerSpec.Conv2D conv(String name, int filters, Size2 kernel, Size2 strides, Padding padding) {
        return new LayerSpec.Conv2D(name, filters, kernel, strides, padding, Activation.RELU, true);
    }

    private static LayerSpec.Pooling2D maxPool(int p) {
        return new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.MAX, Size2.square(p), Size2.square(p), Padding.VALID);
    }

    private static ModelAnalysis analyze(InputSpec input, LayerSpec... layers) {
        ModelSpec m = new ModelSpec("m", "", input, List.of(layers));
        return assertDoesNotThrow(() -> ModelAnalyzer.analyze(m));
    }

    /** Asserts the analysis failed at {@code index} and returns the problem after common checks. */
    private static LayerProblem problemAt(ModelAnalysis a, int index, String name, String type) {
        assertFalse(a.valid(), "expected a problem");
        LayerProblem p = a.problem().orElseThrow();
        assertEquals(index, p.layerIndex(), p.describe());
        assertEquals(name, p.layerName(), p.describe());
        assertEquals(type, p.layerType(), p.describe());
        assertFalse(p.message().isBlank(), p.describe());
        assertFalse(p.suggestion().isBlank(), p.describe());
        assertEquals(Math.max(index - 1, 0), a.layers().size(), "layers before the faulty one: " + a.layers());
        String head = index == 0 ? "Input: " : "Layer " + index + " (" + name + ", " + type + "): ";
        assertTrue(p.describe().startsWith(head + p.message()), p.describe());
        assertTrue(p.describe().contains("fix: " + p.suggestion()), p.describe());
        return p;
    }

    @Test
    void kernelLargerThanInput() {
        ModelAnalysis a = analyze(new InputSpec(3, 3, 1), conv(4, 5));
        LayerProblem p = problemAt(a, 1, "conv2d", "Conv2D");
        assertTrue(p.message().contains("5x5"), p.message());
        assertTrue(p.message().contains("3x3"), p.message());
        assertTrue(p.message().contains("-1x-1"), p.message());
        assertEquals("H = W = floor((3 - 5)/1) + 1 = -1", p.formula());
        assertTrue(p.formula().contains("= -1"), p.formula());
        assertTrue(p.suggestion().contains("padding=\"same\""), p.suggestion());
        assertTrue(p.suggestion().contains("at most 3x3"), p.suggestion());
        assertTrue(p.describe().contains("formula: H = W = floor((3 - 5)/1) + 1 = -1"), p.describe());
    }

    @Test
    void kernelLargerThanPaddedInputAfterEarlierLayers() {
        ModelAnalysis a = analyze(new InputSpec(5, 5, 1), conv(2, 3),
                conv("big", 2, Size2.square(6), Size2.square(1), Padding.of(1)));
        LayerProblem p = problemAt(a, 2, "big", "Conv2D");
        assertTrue(p.message().contains("6x6"), p.message());
        assertTrue(p.message().contains("padded input 5x5"), p.message());
        assertEquals("H = W = floor((3 + 2*1 - 6)/1) + 1 = 0", p.formula());
        assertEquals(new TensorShape.Spatial(3, 3, 2), a.layers().get(0).output());
        assertEquals(20, a.layers().get(0).params());
    }

    @Test
    void rectangularKernelTooTallOnlyOneAxis() {
        ModelAnalysis a = analyze(new InputSpec(4, 10, 1),
                conv(null, 1, new Size2(5, 3), Size2.square(1), Padding.VALID));
        LayerProblem p = problemAt(a, 1, "conv2d", "Conv2D");
        assertEquals("H = floor((4 - 5)/1) + 1 = 0; W = floor((10 - 3)/1) + 1 = 8", p.formula());
        assertTrue(p.message().contains("0x8"), p.message());
        assertTrue(p.suggestion().contains("at most 4x3"), p.suggestion());
    }

    @Test
    void poolingOutputSizeZero() {
        // 4x4 -> conv 3x3 -> 2x2 -> conv 2x2 -> 1x1 -> pool 2x2: floor((1 - 2)/2) + 1 = 0
        ModelAnalysis a = analyze(new InputSpec(4, 4, 1), conv(4, 3), conv(8, 2), maxPool(2));
        LayerProblem p = problemAt(a, 3, "max_pooling2d", "MaxPooling2D");
        assertTrue(p.message().contains("2x2 pool window"), p.message());
        assertTrue(p.message().contains("0x0"), p.message());
        assertEquals("H = W = floor((1 - 2)/2) + 1 = 0", p.formula());
        assertTrue(p.suggestion().contains("padding=\"same\""), p.suggestion());
        assertEquals(List.of("conv2d", "conv2d_1"), a.layers().stream().map(LayerInfo::name).toList());
        assertEquals(new TensorShape.Spatial(2, 2, 4), a.layers().get(0).output());
        assertEquals(new TensorShape.Spatial(1, 1, 8), a.layers().get(1).output());
        assertEquals(40 + 136, a.totalParams());
    }

    @Test
    void denseDirectlyAfterConv() {
        ModelAnalysis a = analyze(new InputSpec(8, 8, 1), conv(4, 3), new LayerSpec.Dense(null, 10, Activation.SOFTMAX, true));
        LayerProblem p = problemAt(a, 2, "dense", "Dense");
        assertTrue(p.message().contains("(None, 6, 6, 4)"), p.message());
        assertEquals("6*6*4 = 144", p.formula());
        assertTrue(p.suggestion().contains("Flatten"), p.suggestion());
        assertTrue(p.suggestion().contains("(None, 144)"), p.suggestion());
        assertEquals(40, a.layers().get(0).params());
    }

    @Test
    void convAfterFlatten() {
        ModelAnalysis a = analyze(new InputSpec(6, 6, 2), new LayerSpec.Flatten(null), conv(4, 3));
        LayerProblem p = problemAt(a, 2, "conv2d", "Conv2D");
        assertTrue(p.message().contains("(None, 72)"), p.message());
        assertTrue(p.suggestion().contains("Flatten"), p.suggestion());
        assertEquals(new TensorShape.Flat(72), a.layers().get(0).output());
    }

    @Test
    void poolingAfterFlatten() {
        ModelAnalysis a = analyze(new InputSpec(4, 4, 1), new LayerSpec.Flatten("flat"), maxPool(2));
        LayerProblem p = problemAt(a, 2, "max_pooling2d", "MaxPooling2D");
        assertTrue(p.message().contains("(None, 16)"), p.message());
    }

    @Test
    void zeroFilters() {
        ModelAnalysis a = analyze(new InputSpec(8, 8, 3), conv(4, 3), conv(0, 3));
        LayerProblem p = problemAt(a, 2, "conv2d_1", "Conv2D");
        assertTrue(p.message().contains("filters"), p.message());
        assertTrue(p.message().contains("is 0"), p.message());
    }

    @Test
    void zeroUnits() {
        ModelAnalysis a = analyze(new InputSpec(4, 4, 1), new LayerSpec.Flatten(null),
                new LayerSpec.Dense(null, 0, Activation.RELU, true));
        LayerProblem p = problemAt(a, 2, "dense", "Dense");
        assertTrue(p.message().contains("units"), p.message());
    }

    @Test
    void negativeKernel() {
        ModelAnalysis a = analyze(new InputSpec(8, 8, 3), conv(null, 4, new Size2(-1, 3), Size2.square(1), Padding.VALID));
        LayerProblem p = problemAt(a, 1, "conv2d", "Conv2D");
        assertTrue(p.message().contains("kernel_size"), p.message());
        assertTrue(p.message().contains("-1x3"), p.message());
    }

    @Test
    void zeroPoolSize() {
        ModelAnalysis a = analyze(new InputSpec(8, 8, 3), new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.AVERAGE,
                new Size2(2, 0), Size2.square(2), Padding.VALID));
        LayerProblem p = problemAt(a, 1, "average_pooling2d", "AveragePooling2D");
        assertTrue(p.message().contains("pool_size"), p.message());
        assertTrue(p.message().contains("2x0"), p.message());
    }

    @Test
    void zeroStride() {
        ModelAnalysis a = analyze(new InputSpec(8, 8, 3), conv(null, 4, Size2.square(3), new Size2(1, 0), Padding.SAME));
        LayerProblem p = problemAt(a, 1, "conv2d", "Conv2D");
        assertTrue(p.message().contains("strides"), p.message());
        assertTrue(p.message().contains("1x0"), p.message());
    }

    @Test
    void zeroPoolStride() {
        ModelAnalysis a = analyze(new InputSpec(8, 8, 3), conv(2, 3), new LayerSpec.Pooling2D("p",
                LayerSpec.PoolKind.MAX, Size2.square(2), Size2.square(0), Padding.SAME));
        LayerProblem p = problemAt(a, 2, "p", "MaxPooling2D");
        assertTrue(p.message().contains("strides"), p.message());
    }

    @Test
    void negativeExplicitPadding() {
        ModelAnalysis a = analyze(new InputSpec(8, 8, 3), conv("c", 4, Size2.square(3), Size2.square(1), Padding.of(-1)));
        LayerProblem p = problemAt(a, 1, "c", "Conv2D");
        assertTrue(p.message().contains("padding"), p.message());
        assertTrue(p.message().contains("-1"), p.message());
    }

    @Test
    void dropoutRateOne() {
        ModelAnalysis a = analyze(new InputSpec(4, 4, 1), new LayerSpec.Flatten(null), new LayerSpec.Dropout(null, 1.0));
        LayerProblem p = problemAt(a, 2, "dropout", "Dropout");
        assertTrue(p.message().contains("rate"), p.message());
        assertTrue(p.message().contains("1.0"), p.message());
    }

    @Test
    void dropoutRateNegative() {
        ModelAnalysis a = analyze(new InputSpec(4, 4, 1), new LayerSpec.Dropout("d", -0.1));
        LayerProblem p = problemAt(a, 1, "d", "Dropout");
        assertTrue(p.message().contains("-0.1"), p.message());
    }

    @Test
    void dropoutRateNaN() {
        ModelAnalysis a = analyze(new InputSpec(4, 4, 1), new LayerSpec.Dropout(null, Double.NaN));
        problemAt(a, 1, "dropout", "Dropout");
    }

    @Test
    void dropoutRateZeroIsFine() {
        ModelAnalysis a = analyze(new InputSpec(4, 4, 1), new LayerSpec.Dropout(null, 0.0));
        assertTrue(a.valid());
        assertEquals(new TensorShape.Spatial(4, 4, 1), a.outputShape());
    }

    @Test
    void zeroInputSize() {
        ModelAnalysis a = analyze(new InputSpec(0, 32, 3), conv(4, 3));
        LayerProblem p = problemAt(a, 0, "input", "Input");
        assertTrue(p.message().contains("0x32x3"), p.message());
        assertTrue(a.layers().isEmpty());
        assertTrue(p.describe().startsWith("Input: "), p.describe());
    }

    @Test
    void zeroInputChannels() {
        problemAt(analyze(new InputSpec(28, 28, 0)), 0, "input", "Input");
    }

    @Test
    void duplicateUserNames() {
        ModelAnalysis a = analyze(new InputSpec(8, 8, 1),
                conv("block", 2, Size2.square(3), Size2.square(1), Padding.SAME),
                new LayerSpec.ActivationLayer(null, Activation.RELU),
                conv("block", 2, Size2.square(3), Size2.square(1), Padding.SAME));
        LayerProblem p = problemAt(a, 3, "block", "Conv2D");
        assertTrue(p.message().contains("\"block\""), p.message());
        assertTrue(p.suggestion().contains("Rename"), p.suggestion());
        assertEquals(List.of("block", "activation"), a.layers().stream().map(LayerInfo::name).toList());
    }

    @Test
    void userNameClashingWithAnEarlierAutomaticName() {
        ModelAnalysis a = analyze(new InputSpec(8, 8, 1), conv(2, 3),
                new LayerSpec.Dense("conv2d", 3, Activation.RELU, true));
        problemAt(a, 2, "conv2d", "Dense");
    }

    @Test
    void automaticNamesSkipNamesTakenByTheUser() {
        ModelAnalysis a = analyze(new InputSpec(8, 8, 1),
                conv("conv2d_1", 2, Size2.square(3), Size2.square(1), Padding.SAME),
                conv(2, 3), conv(2, 3), conv(2, 3));
        assertTrue(a.valid(), () -> a.problem().orElseThrow().describe());
        assertEquals(List.of("conv2d_1", "conv2d", "conv2d_2", "conv2d_3"),
                a.layers().stream().map(LayerInfo::name).toList());
        assertEquals(List.of("conv2d_1", "conv2d", "conv2d_2", "conv2d_3"), ModelAnalyzer.layerNames(a.model()));
    }

    @Test
    void badEpsilonAndMomentum() {
        LayerProblem eps = problemAt(analyze(new InputSpec(4, 4, 1), new LayerSpec.BatchNormalization(null, 0.99, 0)),
                1, "batch_normalization", "BatchNormalization");
        assertTrue(eps.message().contains("epsilon"), eps.message());
        LayerProblem mom = problemAt(analyze(new InputSpec(4, 4, 1), new LayerSpec.BatchNormalization(null, 1.5, 0.001)),
                1, "batch_normalization", "BatchNormalization");
        assertTrue(mom.message().contains("momentum"), mom.message());
    }

    @Test
    void batchNormAfterConvWith32Channels() {
        ModelAnalysis a = analyze(new InputSpec(10, 10, 3), conv(32, 3),
                new LayerSpec.BatchNormalization(null, 0.99, 0.001));
        assertTrue(a.valid());
        LayerInfo bn = a.layers().get(1);
        assertEquals("batch_normalization", bn.name());
        assertEquals(128, bn.params());
        assertEquals(64, bn.trainableParams());
        assertEquals(64, bn.nonTrainableParams());
        assertEquals(0, bn.macs());
        assertEquals(new TensorShape.Spatial(8, 8, 32), bn.output());
        assertEquals("4*32 = 128", bn.formula());
        assertEquals(896 + 128, a.totalParams());
        assertEquals(896 + 64, a.trainableParams());
        assertEquals(64, a.nonTrainableParams());
    }

    @Test
    void batchNormAfterFlattenOf100Values() {
        ModelAnalysis a = analyze(new InputSpec(10, 10, 1), new LayerSpec.Flatten(null),
                new LayerSpec.BatchNormalization("bn", 0.9, 1e-5));
        assertTrue(a.valid());
        LayerInfo bn = a.layers().get(1);
        assertEquals(400, bn.params());
        assertEquals(200, bn.trainableParams());
        assertEquals(200, bn.nonTrainableParams());
        assertEquals(new TensorShape.Flat(100), bn.output());
        assertEquals(400, a.totalParams());
        assertEquals(200, a.nonTrainableParams());
    }

    @Test
    void validModelHasNoProblem() {
        ModelAnalysis a = analyze(new InputSpec(28, 28, 1), conv(8, 3), maxPool(2), new LayerSpec.Flatten(null),
                new LayerSpec.Dense(null, 10, Activation.SOFTMAX, true));
        assertTrue(a.valid());
        assertTrue(a.problem().isEmpty());
        assertEquals(4, a.layers().size());
        // 26x26x8 -> 13x13x8 -> 1352 -> 10
        assertEquals(80 + 13530, a.totalParams());
    }
}
