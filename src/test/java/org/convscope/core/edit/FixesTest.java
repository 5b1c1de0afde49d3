package org.convscope.core.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.junit.jupiter.api.Test;

class FixesTest {

    private static ModelSpec model(int h, LayerSpec... layers) {
        return new ModelSpec("m", "", new InputSpec(h, h, 1), List.of(layers));
    }

    private static List<String> labels(ModelSpec m) {
        return Fixes.forProblem(ModelAnalyzer.analyze(m)).stream().map(Fix::label).toList();
    }

    @Test
    void kernelTooLargeOffersSamePaddingShrinkAndRemove() {
        ModelSpec m = model(3, new LayerSpec.Conv2D(null, 4, Size2.square(5), Size2.square(1), Padding.VALID,
                Activation.RELU, true));
        assertEquals(List.of("Use padding \"same\"", "Shrink the window to 3x3", "Remove conv2d"), labels(m));
        for (Fix f : Fixes.forProblem(ModelAnalyzer.analyze(m))) {
            ModelAnalysis after = ModelAnalyzer.analyze(f.edit().apply(m));
            assertTrue(after.valid(), f.label());
        }
        // same: ceil(3/1) = 3; shrink: floor((3-3)/1)+1 = 1
        assertEquals("(None, 3, 3, 4)", ModelAnalyzer.analyze(Fixes.forProblem(ModelAnalyzer.analyze(m)).get(0)
                .edit().apply(m)).outputShape().keras());
        assertEquals("(None, 1, 1, 4)", ModelAnalyzer.analyze(Fixes.forProblem(ModelAnalyzer.analyze(m)).get(1)
                .edit().apply(m)).outputShape().keras());
    }

    @Test
    void denseOnImageOffersFlatten() {
        ModelSpec m = model(8, LayerSpecs.create("Conv2D"), new LayerSpec.Dense(null, 10, Activation.SOFTMAX, true));
        List<Fix> fixes = Fixes.forProblem(ModelAnalyzer.analyze(m));
        assertEquals("Insert Flatten before dense", fixes.get(0).label());
        ModelAnalysis after = ModelAnalyzer.analyze(fixes.get(0).edit().apply(m));
        assertTrue(after.valid());
        // 8x8 -> conv 3x3 valid -> 6x6x32 = 1152; dense 1152*10+10 = 11530
        assertEquals(320 + 11_530, after.totalParams());
    }

    @Test
    void badValuesGetDefaultsThatWork() {
        assertEquals(List.of("Use rate 0.5", "Remove dropout"), labels(model(8, new LayerSpec.Dropout(null, 1.0))));
        assertEquals(List.of("Use 32 filters", "Remove conv2d"), labels(model(8,
                new LayerSpec.Conv2D(null, 0, Size2.square(3), Size2.square(1), Padding.VALID, Activation.RELU, true))));
        assertEquals("Use stride 1", labels(model(8, new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.MAX,
                Size2.square(2), Size2.square(0), Padding.VALID))).get(0));
        assertEquals(List.of("Use a 32 x 32 x 1 input"), labels(model(0)));
    }

    @Test
    void fixThatCannotHelpIsNotOffered() {
        // A pool after Flatten: no padding or window change can help; only removal.
        ModelSpec m = model(8, new LayerSpec.Flatten(null), LayerSpecs.create("MaxPooling2D"));
        assertEquals(List.of("Remove max_pooling2d"), labels(m));
        assertEquals(List.of(), labels(model(8, LayerSpecs.create("Conv2D"))));
    }

    @Test
    void aFixThatBreaksTheNextLayerIsNotOffered() {
        // 32x32x3 -> conv2d 32 filters, 40x3 kernel (does not fit: floor((32 - 40)/1) + 1 = -7) -> 2x2 max pool
        // -> flatten -> dense 10.
        ModelSpec m = new ModelSpec("m", "", new InputSpec(32, 32, 3), List.of(
                new LayerSpec.Conv2D(null, 32, new Size2(40, 3), Size2.square(1), Padding.VALID, Activation.RELU, true),
                LayerSpecs.create("MaxPooling2D"), new LayerSpec.Flatten(null),
                new LayerSpec.Dense(null, 10, Activation.SOFTMAX, true)));
        // "Shrink the window to 32x3" fixes conv2d alone: floor((32 - 32)/1) + 1 = 1 by floor((32 - 3)/1) + 1 = 30,
        // but then the 2x2 pool gets a 1x30 input: floor((1 - 2)/2) + 1 = 0 rows. So it is not offered.
        ModelSpec shrunk = new ModelSpec("m", "", new InputSpec(32, 32, 3), List.of(
                new LayerSpec.Conv2D(null, 32, new Size2(32, 3), Size2.square(1), Padding.VALID, Activation.RELU, true),
                LayerSpecs.create("MaxPooling2D"), new LayerSpec.Flatten(null),
                new LayerSpec.Dense(null, 10, Activation.SOFTMAX, true)));
        assertEquals(2, ModelAnalyzer.analyze(shrunk).problem().orElseThrow().layerIndex());
        assertEquals(List.of("Use padding \"same\"", "Remove conv2d"), labels(m));

        List<Fix> fixes = Fixes.forProblem(ModelAnalyzer.analyze(m));
        ModelAnalysis same = ModelAnalyzer.analyze(fixes.get(0).edit().apply(m));
        // same: ceil(32/1) = 32 -> 32x32x32; pool 16x16x32; flatten 8192
        assertEquals("(None, 32, 32, 32)", same.layers().get(0).output().keras());
        assertEquals("(None, 16, 16, 32)", same.layers().get(1).output().keras());
        // conv 40*3*3*32 + 32 = 11,552; dense 8192*10 + 10 = 81,930
        assertEquals(11_552 + 81_930, same.totalParams());
        ModelAnalysis removed = ModelAnalyzer.analyze(fixes.get(1).edit().apply(m));
        // the pool then sees the input: 16x16x3 = 768; dense 768*10 + 10 = 7,690
        assertEquals("(None, 16, 16, 3)", removed.layers().get(0).output().keras());
        assertEquals(7_690, removed.totalParams());
    }

    @Test
    void noFixIsOfferedWhenALaterLayerIsBrokenToo() {
        // 3x3x1 -> conv 5x5 (does not fit) -> dense on an image (needs Flatten): no single click makes it valid.
        ModelSpec m = model(3, new LayerSpec.Conv2D(null, 4, Size2.square(5), Size2.square(1), Padding.VALID,
                Activation.RELU, true), new LayerSpec.Dense(null, 10, Activation.SOFTMAX, true));
        assertEquals(List.of(), labels(m));
        // Fixing the dense alone is possible once the conv builds: padding same gives 3x3x4 -> Insert Flatten.
        ModelSpec sameConv = model(3, new LayerSpec.Conv2D(null, 4, Size2.square(5), Size2.square(1), Padding.SAME,
                Activation.RELU, true), new LayerSpec.Dense(null, 10, Activation.SOFTMAX, true));
        assertEquals(List.of("Insert Flatten before dense", "Remove dense"), labels(sameConv));
    }
}
