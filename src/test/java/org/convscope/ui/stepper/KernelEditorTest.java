package org.convscope.ui.stepper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.convscope.core.conv.Volume;
import org.junit.jupiter.api.Test;

/** Editing the stepper's kernel without the toolkit: typed weights, resizing, learned filters and how cells read. */
class KernelEditorTest {

    private final KernelEditor k = new KernelEditor();

    @Test
    void typedWeightsChangeOneCellAndSlipsChangeNothing() {
        assertEquals("vertical-edge", k.name());
        assertTrue(k.isPreset());
        assertTrue(k.setCell(0, 0, " 10 "));
        assertEquals(10, k.kernel()[0][0]);
        assertEquals(-1, k.kernel()[0][2], "the other weights stay");
        assertEquals("custom", k.name());
        assertFalse(k.isPreset());
        double[][] before = k.kernel();
        assertFalse(k.setCell(1, 1, "1.2.3"));
        assertFalse(k.setCell(5, 0, "1"), "outside the kernel");
        assertSame(before, k.kernel());
    }

    @Test
    void resizingKeepsTheWeightsThatFitAndRefusesOver11() {
        k.resize(4);
        assertArrayEquals(new double[] {1, 0, -1, 0}, k.kernel()[0]);
        assertArrayEquals(new double[] {0, 0, 0, 0}, k.kernel()[3]);
        k.resize(2);
        assertArrayEquals(new double[][] {{1, 0}, {1, 0}}, k.kernel());
        assertEquals(Optional.of("Kernels from 1x1 to 11x11 are supported."), k.set(new double[12][12]));
        assertEquals(2, k.kernel().length, "a refused kernel changes nothing");
        assertTrue(k.usePreset("sharpen"));
        assertFalse(k.usePreset("no-such-kernel"));
        assertEquals("sharpen", k.name());
    }

    @Test
    void learnedWeightsReadWholeAndShrinkTheTypeToFit() {
        // a 5x5x3 filter whose weights need four decimals, as a trained Conv2D's do
        double[] w = new double[5 * 5 * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = -0.09273 + i * 0.001;
        }
        k.useLearned(new Volume(5, 5, 3, w), "conv2d_1 filter 13");
        assertEquals("conv2d_1 filter 13", k.name());
        assertFalse(k.isPreset());
        assertEquals("-0.0927", k.cellText(0, 0), "4 decimals, not cut to -0.0...");
        assertEquals("-0.0897", k.cellText(0, 1), "w[3] = -0.09273 + 0.003");
        assertEquals(7, k.widestCell());
        // 5 cells of 7 characters need 5 * ((7 + 1) * 0.62 + 0.9) = 29.3 em: in 16.5 em the type is 16.5 / 29.3
        assertEquals(16.5 / 29.3, k.cellFontScale(16.5), 1e-9);
        assertEquals(1, new KernelEditor().cellFontScale(16.5), "a 3x3 of small integers keeps full size");
        assertEquals(0.55, k.cellFontScale(5), "never below 0.55 (the column scrolls)");
    }

    @Test
    void presetsRepeatOverChannelsLearnedFiltersMustMatchThem() {
        Volume v = k.slidOver(3);
        assertEquals(3, v.channels());
        assertEquals(1, v.get(0, 0, 2));
        assertEquals(-1, v.get(2, 2, 1));
        Volume learned = new Volume(1, 1, 3, new double[] {1, 2, 3});
        k.useLearned(learned, "f");
        assertSame(learned, k.slidOver(3));
        var e = assertThrows(IllegalArgumentException.class, () -> k.slidOver(1));
        assertEquals("this filter has 3 input channels: choose RGB channels and an image, as the model sees it", e.getMessage());
    }
}
