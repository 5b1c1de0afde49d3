package org.convscope.core.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.junit.jupiter.api.Test;

/** The worked numbers of the seed tutorials (../shared/seeds), reproduced by the core arithmetic. */
class SeedConvolutionTest {

    // Seed 002, "Example 2": the 5x5 image and the vertical-edge kernel.
    private static final double[][] IMAGE_5X5 = {
        {7, 2, 3, 3, 8}, {4, 5, 3, 8, 4}, {3, 3, 2, 8, 4}, {2, 8, 7, 2, 7}, {5, 4, 4, 5, 4}};
    private static final double[][] VERTICAL_EDGE = {{1, 0, -1}, {1, 0, -1}, {1, 0, -1}};

    @Test
    void verticalEdgeFirstCellIsSix() {
        ConvTrace t = Convolution.run(Volume.of(IMAGE_5X5), Volume.of(VERTICAL_EDGE), ConvSettings.DEFAULT);
        ConvStep first = t.step(0);
        assertEquals(6, first.output());
        // 7x1 + 4x1 + 3x1 + 2x0 + 5x0 + 3x0 + 3x-1 + 3x-1 + 2x-1 = 6, read row by row
        assertEquals("7*1 + 2*0 + 3*(-1) + 4*1 + 5*0 + 3*(-1) + 3*1 + 3*0 + 2*(-1) = 6", first.expression());
        assertEquals(3, t.geometry().outHeight()); // n - f + 1 = 5 - 3 + 1
        assertEquals(KernelPresets.get("vertical-edge").orElseThrow()[0][2], -1);
    }

    @Test
    void threeByThreeKernelGivesTheTutorialMatrix() {
        // The 3x3-kernel example (Dumoulin and Visin's convolution arithmetic guide, as used in seed 002).
        double[][] x = {{3, 3, 2, 1, 0}, {0, 0, 1, 3, 1}, {3, 1, 2, 2, 3}, {2, 0, 0, 2, 2}, {2, 0, 0, 0, 1}};
        double[][] k = {{0, 1, 2}, {2, 2, 0}, {0, 1, 2}};
        double[][] out = Convolution.run(Volume.of(x), Volume.of(k), ConvSettings.DEFAULT).output();
        assertArrayEquals(new double[] {12, 12, 17}, out[0]);
        assertArrayEquals(new double[] {10, 17, 19}, out[1]);
        assertArrayEquals(new double[] {9, 6, 14}, out[2]);
    }

    @Test
    void example3ConvolvedFeatureStartsFourThree() {
        // Seed 002, "Example 3": binary image, kernel [[1,0,1],[0,1,0],[1,0,1]] -> 4, 3, ...
        double[][] x = {{1, 1, 1, 0, 0}, {0, 1, 1, 1, 0}, {0, 0, 1, 1, 1}, {0, 0, 1, 1, 0}, {0, 1, 1, 0, 0}};
        double[][] k = {{1, 0, 1}, {0, 1, 0}, {1, 0, 1}};
        double[][] out = Convolution.run(Volume.of(x), Volume.of(k), ConvSettings.DEFAULT).output();
        assertArrayEquals(new double[] {4, 3, 4}, out[0]);
        assertArrayEquals(new double[] {2, 4, 3}, out[1]);
        assertArrayEquals(new double[] {2, 3, 4}, out[2]);
    }

    @Test
    void paddedSharpenFirstCellIs114() {
        // Seed 002, "Padding": 5x5 image with one ring of zeros, sharpen kernel -> 114.
        double[][] x = {{60, 113, 56, 139, 85}, {73, 121, 54, 84, 128}, {131, 99, 70, 129, 127},
            {80, 57, 115, 69, 134}, {104, 126, 123, 95, 130}};
        ConvTrace t = Convolution.run(Volume.of(x), Volume.of(KernelPresets.get("sharpen").orElseThrow()),
                ConvSettings.DEFAULT.withPadding(Padding.of(1)));
        assertEquals(114, t.output(0, 0)); // 5*60 - 113 - 73
        assertEquals(5, t.geometry().outHeight()); // n + 2p - f + 1 = 5 + 2 - 3 + 1
        ConvStep s = t.step(0);
        assertEquals(-1, s.top());
        assertEquals(0, s.inputs()[0][0][1], "the padding cell above 60 is zero");
        // 'same' gives the same result for a 3x3 kernel at stride 1: p = (f - 1)/2 = 1
        assertEquals(114, Convolution.run(Volume.of(x), Volume.of(KernelPresets.get("sharpen").orElseThrow()),
                ConvSettings.DEFAULT.withPadding(Padding.SAME)).output(0, 0));
    }

    @Test
    void strideTwoFollowsTheFloorFormula() {
        // floor((n + 2p - f)/s) + 1 = floor((5 + 2 - 3)/2) + 1 = 3
        ConvTrace t = Convolution.run(Volume.of(IMAGE_5X5), Volume.of(VERTICAL_EDGE),
                ConvSettings.DEFAULT.withPadding(Padding.of(1)).withStrides(Size2.square(2)));
        assertEquals(3, t.geometry().outHeight());
        assertEquals(3, t.geometry().outWidth());
        // Output (1, 1) starts at input row 1*2 - 1 = 1, column 1: rows 1..3, cols 1..3 of the image,
        // [[5,3,8],[3,2,8],[8,7,2]]: (5 + 3 + 8) - (8 + 8 + 2) = -2
        assertEquals(-2, t.output(1, 1));
        // Output (0, 0) starts at row -1, col -1: window [[0,0,0],[0,7,2],[0,4,5]]; left column 0, right 0 + 2 + 5
        assertEquals(-7, t.output(0, 0));
    }

    @Test
    void maxPoolingFiveByFiveToFourByFourStrideOne() {
        // Seed 000: MaxPooling2D(pool_size=(2, 2), strides=(1, 1)) on the printed 5x5 feature map.
        double[][] fm = {
            {81.65944, 35.159847, 104.92497, 66.53307, 76.99078},
            {80.51706, 57.484264, 67.63798, 26.399046, 44.563976},
            {83.406845, 43.980988, 14.842911, 23.666834, 13.444102},
            {34.611973, 17.3805, 7.6288323, -10.278886, 21.565739},
            {26.769157, -9.508825, 23.399143, 11.605007, 2.0221872}};
        PoolTrace t = Pooling.run(fm, new PoolSettings(Size2.square(2), Size2.square(1), Padding.VALID,
                PoolSettings.Mode.MAX, 1));
        double[][] expected = {
            {81.65944, 104.92497, 104.92497, 76.99078},
            {83.406845, 67.63798, 67.63798, 44.563976},
            {83.406845, 43.980988, 23.666834, 23.666834},
            {34.611973, 23.399143, 23.399143, 21.565739}};
        double[][] out = t.output();
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(expected[r], out[r], 0.0);
        }
        PoolStep s = t.step(1);
        assertEquals(0, s.maxRow());
        assertEquals(1, s.maxCol(), "104.92497 sits top right of the second window");
        assertTrue(s.expression().startsWith("max(35.1598, 104.925, 57.4843, 67.638) = 104.925"), s.expression());
    }

    @Test
    void crossCorrelationAndConvolutionDifferExactlyByTheFlip() {
        Volume x = Volume.of(IMAGE_5X5);
        Volume k = Volume.of(new double[][] {{1, 2, 0}, {0, -1, 3}, {2, 0, 1}});
        double[][] conv = Convolution.run(x, k, ConvSettings.DEFAULT.withFlip(true)).output();
        double[][] xcorrFlipped = Convolution.run(x, k.flipped(), ConvSettings.DEFAULT).output();
        for (int r = 0; r < conv.length; r++) {
            assertArrayEquals(xcorrFlipped[r], conv[r], 0.0);
        }
        assertEquals(1, k.flipped().get(0, 0, 0)); // k[2][2]
        assertEquals(1, k.flipped().get(2, 2, 0)); // k[0][0]
        assertEquals(3, k.flipped().get(1, 0, 0)); // k[1][2]
    }

    @Test
    void multiChannelSumsPartialSumsPlusBiasThenRelu() {
        // 2x2 input with 2 channels, 2x2 kernel: channel sums 1*1+2*0+3*0+4*1 = 5 and 1*(-1)+... = -10
        Volume x = new Volume(2, 2, 2, new double[] {1, 1, 2, 2, 3, 3, 4, 4});
        Volume k = new Volume(2, 2, 2, new double[] {1, -1, 0, -2, 0, -3, 1, -1});
        ConvStep s = Convolution.run(x, k, ConvSettings.DEFAULT.withBias(2).withRelu(true)).step(0);
        assertArrayEquals(new double[] {5, -1 - 4 - 9 - 4}, s.channelSums());
        assertEquals(0, s.output(), "ReLU cuts -11 to 0");
        assertTrue(s.expression().endsWith("5 + (-18) = -13; + bias 2 = -11; ReLU: max(0, -11) = 0"), s.expression());
    }

    @Test
    void impossibleSettingsExplainThemselves() {
        var e = assertThrows(IllegalArgumentException.class, () -> Convolution.run(Volume.of(new double[][] {{1, 2}}),
                Volume.of(VERTICAL_EDGE), ConvSettings.DEFAULT));
        assertTrue(e.getMessage().contains("floor((1 - 3)/1) + 1 = -1"), e.getMessage());
        var ch = assertThrows(IllegalArgumentException.class, () -> Convolution.run(new Volume(3, 3, 3, new double[27]),
                Volume.of(VERTICAL_EDGE), ConvSettings.DEFAULT));
        assertTrue(ch.getMessage().contains("1 channel(s) but the input has 3"), ch.getMessage());
    }
}
