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
}
