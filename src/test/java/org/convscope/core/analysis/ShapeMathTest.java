package org.convscope.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.core.model.TensorShape;
import org.convscope.io.ModelJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Output lengths worked out by hand, with Keras semantics, and the formulas shown to the learner. */
class ShapeMathTest {

    private static Padding padding(String text) {
        return switch (text) {
            case "valid" -> Padding.VALID;
            case "same" -> Padding.SAME;
            default -> Padding.of(Integer.parseInt(text));
        };
    }

    @ParameterizedTest(name = "n={0} f={1} s={2} padding={3} -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            32  | 3 | 1 | valid | 30  | floor((32 - 3)/1) + 1 = 30
            32  | 3 | 1 | 0     | 30  | floor((32 + 2*0 - 3)/1) + 1 = 30
            32  | 3 | 1 | same  | 32  | ceil(32/1) = 32
            224 | 3 | 1 | same  | 224 | ceil(224/1) = 224
            224 | 3 | 1 | valid | 222 | floor((224 - 3)/1) + 1 = 222
            7   | 3 | 2 | same  | 4   | ceil(7/2) = 4
            7   | 3 | 2 | valid | 3   | floor((7 - 3)/2) + 1 = 3
            7   | 3 | 2 | 1     | 4   | floor((7 + 2*1 - 3)/2) + 1 = 4
            28  | 5 | 1 | 2     | 28  | floor((28 + 2*2 - 5)/1) + 1 = 28
            15  | 2 | 2 | valid | 7   | floor((15 - 2)/2) + 1 = 7
            224 | 2 | 1 | valid | 223 | floor((224 - 2)/1) + 1 = 223
            223 | 3 | 2 | valid | 111 | floor((223 - 3)/2) + 1 = 111
            10  | 3 | 3 | same  | 4   | ceil(10/3) = 4
            9   | 3 | 3 | same  | 3   | ceil(9/3) = 3
            1   | 1 | 1 | valid | 1   | floor((1 - 1)/1) + 1 = 1
            5   | 5 | 1 | valid | 1   | floor((5 - 5)/1) + 1 = 1
            3   | 5 | 1 | valid | -1  | floor((3 - 5)/1) + 1 = -1
            1   | 2 | 2 | valid | 0   | floor((1 - 2)/2) + 1 = 0
            3   | 5 | 1 | 1     | 1   | floor((3 + 2*1 - 5)/1) + 1 = 1
            3   | 6 | 1 | 1     | 0   | floor((3 + 2*1 - 6)/1) + 1 = 0
            """)
    void outputLength(long n, int f, int s, String pad, long expected, String formula) {
        AxisResult r = ShapeMath.outputLength(n, f, s, padding(pad));
        assertEquals(expected, r.length());
        assertEquals(formula, r.formula());
    }

    @ParameterizedTest(name = "same padding n={0} f={1} s={2} -> {3}")
    @CsvSource({
            // pad = max((ceil(n/s) - 1)*s + f - n, 0)
            "224, 3, 1, 2",
            "32, 5, 1, 4",
            "7, 3, 2, 2",    // (4-1)*2 + 3 - 7
            "8, 3, 2, 1",    // (4-1)*2 + 3 - 8
            "32, 2, 2, 0",   // (16-1)*2 + 2 - 32
            "5, 4, 3, 2",    // (2-1)*3 + 4 - 5
            "8, 1, 3, 0",    // (3-1)*3 + 1 - 8 = -1 -> 0
            "10, 1, 1, 0",
            "1, 7, 1, 6",
    })
    void samePaddingTotal(long n, int f, int s, long expected) {
        assertEquals(expected, ShapeMath.samePaddingTotal(n, f, s));
    }

    @ParameterizedTest(name = "same padding keeps ceil(n/s): n={0} f={1} s={2}")
    @CsvSource({"7, 3, 2", "8, 3, 2", "224, 3, 1", "5, 4, 3", "13, 5, 4", "1, 7, 1"})
    void samePaddingTotalGivesCeilOfNOverS(long n, int f, int s) {
        long pad = ShapeMath.samePaddingTotal(n, f, s);
        long viaPadding = Math.floorDiv(n + pad - f, s) + 1;
        assertEquals(ShapeMath.outputLength(n, f, s, Padding.SAME).length(), viaPadding);
    }

    private static LayerInfo single(int h, int w, int c, LayerSpec layer) {
        ModelAnalysis a = ModelAnalyzer.analyze(new ModelSpec("m", "", new InputSpec(h, w, c), List.of(layer)));
        assertTrue(a.valid(), () -> a.problem().map(LayerProblem::describe).orElse(""));
        return a.layers().get(0);
    }

    @Test
    void rectangularKernelAndStridesValid() {
        LayerInfo l = single(32, 20, 3,
                new LayerSpec.Conv2D(null, 8, new Size2(5, 3), new Size2(2, 1), Padding.VALID, Activation.RELU, true));
        assertEquals(new TensorShape.Spatial(14, 18, 8), l.output());
        assertEquals("(None, 14, 18, 8)", l.output().keras());
        assertEquals(new TensorShape.Spatial(32, 20, 3), l.input());
        assertEquals(5 * 3 * 3 * 8 + 8, l.params());
        assertEquals(14L * 18 * 8 * 5 * 3 * 3, l.macs());
        assertEquals("H = floor((32 - 5)/2) + 1 = 14; W = floor((20 - 3)/1) + 1 = 18; 5*3*3*8 + 8 = 368 params",
                l.formula());
    }

    @Test
    void rectangularInputSamePadding() {
        LayerInfo l = single(7, 10, 1,
                new LayerSpec.Conv2D(null, 2, Size2.square(3), Size2.square(2), Padding.SAME, Activation.LINEAR, false));
        assertEquals(new TensorShape.Spatial(4, 5, 2), l.output());
        assertEquals(3 * 3 * 2, l.params());
        assertTrue(l.formula().startsWith("H = ceil(7/2) = 4; W = ceil(10/2) = 5; "), l.formula());
        assertTrue(l.formula().endsWith("3*3*1*2 = 18 params"), l.formula());
    }

    @Test
    void squareCaseShowsOneFormulaForBothAxes() {
        LayerInfo l = single(7, 7, 3,
                new LayerSpec.Conv2D(null, 4, Size2.square(3), Size2.square(2), Padding.of(1), Activation.RELU, true));
        assertEquals(new TensorShape.Spatial(4, 4, 4), l.output());
        assertEquals("H = W = floor((7 + 2*1 - 3)/2) + 1 = 4; 3*3*3*4 + 4 = 112 params", l.formula());
    }

    @Test
    void explicitPaddingRectangularStrides() {
        // H: floor((9 + 2*2 - 3)/3) + 1 = 4; W: floor((11 + 2*2 - 3)/1) + 1 = 13
        LayerInfo l = single(9, 11, 2,
                new LayerSpec.Conv2D(null, 5, Size2.square(3), new Size2(3, 1), Padding.of(2), Activation.RELU, true));
        assertEquals(new TensorShape.Spatial(4, 13, 5), l.output());
        assertTrue(l.formula().startsWith("H = floor((9 + 2*2 - 3)/3) + 1 = 4; W = floor((11 + 2*2 - 3)/1) + 1 = 13"),
                l.formula());
    }

    @Test
    void poolingKeepsChannelsAndHasNoParams() {
        LayerInfo l = single(15, 9, 6,
                new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.MAX, new Size2(3, 2), new Size2(3, 2), Padding.VALID));
        // H: floor((15 - 3)/3) + 1 = 5; W: floor((9 - 2)/2) + 1 = 4
        assertEquals(new TensorShape.Spatial(5, 4, 6), l.output());
        assertEquals(0, l.params());
        assertEquals(0, l.macs());
        assertEquals("H = floor((15 - 3)/3) + 1 = 5; W = floor((9 - 2)/2) + 1 = 4", l.formula());
    }

    @Test
    void poolingStridesDefaultToPoolSize() throws Exception {
        ModelSpec m = ModelJson.parse("""
                {"format": "convscope-model", "version": 1, "input": {"height": 9, "width": 8, "channels": 2},
                 "layers": [{"type": "MaxPooling2D", "pool_size": [3, 2]},
                            {"type": "AveragePooling2D"}]}
                """);
        LayerSpec.Pooling2D first = (LayerSpec.Pooling2D) m.layers().get(0);
        assertEquals(new Size2(3, 2), first.strides());
        assertEquals(Padding.VALID, first.padding());
        LayerSpec.Pooling2D second = (LayerSpec.Pooling2D) m.layers().get(1);
        assertEquals(Size2.square(2), second.pool());
        assertEquals(Size2.square(2), second.strides());
        ModelAnalysis a = ModelAnalyzer.analyze(m);
        assertTrue(a.valid());
        // (9, 8) -> floor((9-3)/3)+1 = 3, floor((8-2)/2)+1 = 4 -> floor((3-2)/2)+1 = 1, floor((4-2)/2)+1 = 2
        assertEquals(new TensorShape.Spatial(3, 4, 2), a.layers().get(0).output());
        assertEquals(new TensorShape.Spatial(1, 2, 2), a.layers().get(1).output());
    }

    @Test
    void flattenFormulaAndLength() {
        LayerInfo l = single(5, 4, 16, new LayerSpec.Flatten(null));
        assertEquals(new TensorShape.Flat(320), l.output());
        assertEquals("(None, 320)", l.output().keras());
        assertEquals("5*4*16 = 320", l.formula());
    }

    @Test
    void denseFormulaWithAndWithoutBias() {
        ModelAnalysis a = ModelAnalyzer.analyze(new ModelSpec("m", "", new InputSpec(2, 3, 4), List.of(
                new LayerSpec.Flatten(null),
                new LayerSpec.Dense(null, 5, Activation.RELU, true),
                new LayerSpec.Dense(null, 3, Activation.SOFTMAX, false))));
        assertTrue(a.valid());
        assertEquals("24*5 + 5 = 125 params", a.layers().get(1).formula());
        assertEquals(125, a.layers().get(1).params());
        assertEquals(120, a.layers().get(1).macs());
        assertEquals("5*3 = 15 params", a.layers().get(2).formula());
        assertEquals(15, a.layers().get(2).params());
        assertEquals(new TensorShape.Flat(3), a.outputShape());
    }

    @Test
    void emptyModelOutputIsItsInput() {
        ModelAnalysis a = ModelAnalyzer.analyze(new ModelSpec("m", "", new InputSpec(28, 28, 1), List.of()));
        assertTrue(a.valid());
        assertEquals(new TensorShape.Spatial(28, 28, 1), a.outputShape());
        assertEquals(0, a.totalParams());
    }
}
