package org.convscope.core.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.convscope.core.conv.ConvSettings;
import org.convscope.core.conv.ConvTrace;
import org.convscope.core.conv.Convolution;
import org.convscope.core.conv.KernelPresets;
import org.convscope.core.conv.PoolSettings;
import org.convscope.core.conv.Pooling;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.junit.jupiter.api.Test;

/** Quiz answers against the seed tutorials' worked numbers (../shared/seeds), checked by hand. */
class QuizTest {

    // Seed 002, "Example 2": the 5x5 image and the vertical-edge kernel [[1,0,-1]]*3; the first cell is 6.
    private static final double[][] IMAGE = {
        {7, 2, 3, 3, 8}, {4, 5, 3, 8, 4}, {3, 3, 2, 8, 4}, {2, 8, 7, 2, 7}, {5, 4, 4, 5, 4}};

    private static ConvTrace verticalEdge(ConvSettings s) {
        return Convolution.run(Volume.of(IMAGE), Volume.of(KernelPresets.get("vertical-edge").orElseThrow()), s);
    }

    @Test
    void seedCellSixRightAndWrong() {
        NumberQuestion q = NumberQuestion.convolutionCell(verticalEdge(ConvSettings.DEFAULT), 0);
        assertEquals("What is output cell (0, 0)?", q.prompt());
        assertEquals(6, q.expected());
        Verdict wrong = q.check("5");
        assertEquals(Verdict.Kind.WRONG, wrong.kind());
        assertEquals("\u2718 Not quite: you said 5, the answer is 6", wrong.headline());
        // the seed's sum: 7*1 + 4*1 + 3*1 + 2*0 + 5*0 + 3*0 + 3*(-1) + 3*(-1) + 2*(-1) = 14 - 8 = 6, row by row
        assertEquals("7*1 + 2*0 + 3*(-1) + 4*1 + 5*0 + 3*(-1) + 3*1 + 3*0 + 2*(-1) = 6", wrong.working());
        Verdict right = q.check(" 6 ");
        assertTrue(right.right());
        assertEquals("\u2714 Right: 6", right.headline());
        assertTrue(q.check("+6.0").right());
        assertFalse(q.check("-6").right(), "the sign matters");
    }

    @Test
    void laterCellsAndPaddingStrideFromTheSeed() {
        // (0, 2): window rows 0-2, columns 2-4 = [[3,3,8],[3,8,4],[2,8,4]]: (3+3+2) - (8+4+4) = -8
        NumberQuestion q = NumberQuestion.convolutionCell(verticalEdge(ConvSettings.DEFAULT), 2);
        assertEquals("What is output cell (0, 2)?", q.prompt());
        assertTrue(q.check("-8").right());
        assertTrue(q.check("\u22128").right(), "a typographic minus is read too");
        assertEquals(Verdict.Kind.WRONG, q.check("8").kind());
        // padding 1, stride 2, cell (1, 1) = index 4: rows 1-3, columns 1-3 = [[5,3,8],[3,2,8],[8,7,2]]: 16 - 18 = -2
        ConvTrace padded = verticalEdge(ConvSettings.DEFAULT.withPadding(Padding.of(1)).withStrides(Size2.square(2)));
        assertTrue(NumberQuestion.convolutionCell(padded, 4).check("-2").right());
        // cell (0, 0) sits on the padding: [[0,0,0],[0,7,2],[0,4,5]]: 0 - (0 + 2 + 5) = -7
        assertTrue(NumberQuestion.convolutionCell(padded, 0).check("-7").right());
        // bias and ReLU: -8 + 1 = -7, ReLU gives 0; the working says so
        NumberQuestion relu = NumberQuestion.convolutionCell(verticalEdge(ConvSettings.DEFAULT.withBias(1).withRelu(true)), 2);
        assertTrue(relu.check("0").right());
        assertFalse(relu.check("-7").right(), "-7 forgets the ReLU");
        assertTrue(relu.working().endsWith("= -8; + bias 1 = -7; ReLU: max(0, -7) = 0"), relu.working());
    }

    @Test
    void decimalsAreRightToTwoPlacesOrOnePerMille() {
        // Box blur: the first window sums to 7+2+3+4+5+3+3+3+2 = 32, times 1/9 = 3.5556
        ConvTrace blur = Convolution.run(Volume.of(IMAGE), Volume.of(KernelPresets.get("box-blur-3").orElseThrow()),
                ConvSettings.DEFAULT);
        NumberQuestion q = NumberQuestion.convolutionCell(blur, 0);
        assertEquals(32 / 9.0, q.expected(), 1e-12);
        assertTrue(q.check("3.56").right()); // off by 0.0044
        assertTrue(q.check("3,556").right(), "a decimal comma is read");
        assertFalse(q.check("3.5").right()); // off by 0.056, over 0.01
        assertFalse(q.check("3.54").right()); // off by 0.0156
        // Seed 000's max pooling, first window (81.65944, 35.159847, 80.51706, 57.484264): max 81.65944
        double[][] fm = {{81.65944, 35.159847, 104.92497}, {80.51706, 57.484264, 67.63798}, {83.406845, 43.980988, 14.842911}};
        NumberQuestion pool = NumberQuestion.poolingCell(Pooling.run(fm,
                new PoolSettings(Size2.square(2), Size2.square(1), Padding.VALID, PoolSettings.Mode.MAX, 1)), 1);
        assertEquals(104.92497, pool.expected());
        assertTrue(pool.check("105").right(), "0.075 off is within 0.1% of 104.9");
        assertFalse(pool.check("104.8").right(), "0.125 off is over 0.1%");
        assertEquals("max(35.1598, 104.925, 57.4843, 67.638) = 104.925", pool.working());
    }

    @Test
    void averagePoolingShowsTheMean() {
        // 2x2 average pooling, stride 2, over the seed image: the first window [[7,2],[4,5]] -> 18/4 = 4.5
        NumberQuestion q = NumberQuestion.poolingCell(Pooling.run(IMAGE,
                new PoolSettings(Size2.square(2), Size2.square(2), Padding.VALID, PoolSettings.Mode.AVERAGE, 0)), 0);
        assertTrue(q.check("4.5").right());
        assertEquals(Verdict.Kind.WRONG, q.check("7").kind(), "7 is the max, not the average");
        assertEquals("(7 + 2 + 4 + 5) / 4 = 4.5", q.working());
    }

    @Test
    void unreadableAnswersAreNeitherRightNorWrong() {
        NumberQuestion q = NumberQuestion.convolutionCell(verticalEdge(ConvSettings.DEFAULT), 0);
        for (String t : new String[] {"", "  ", "six", "6x", "1e3", "--6", "6.0.1"}) {
            Verdict v = q.check(t);
            assertEquals(Verdict.Kind.UNREADABLE, v.kind(), t);
            assertFalse(v.counts(), t);
        }
        assertTrue(q.check("six").headline().contains("is not a number"), q.check("six").headline());
        assertEquals(Score.ZERO, Score.ZERO.add(q.check("six")));
    }

    @Test
    void shapeOfTheSeedExamples() {
        // 5x5 image, one 3x3 kernel, valid: floor((5 + 2*0 - 3)/1) + 1 = 3 -> 3 x 3 x 1
        ShapeQuestion q = ShapeQuestion.convolution(5, 5, 1, Size2.square(3), ConvSettings.DEFAULT, 1);
        assertEquals("3 x 3 x 1", q.expected());
        for (String t : new String[] {"3 x 3 x 1", "3x3x1", "(3, 3, 1)", "3 3 1", "3 \u00d7 3 \u00d7 1", "[3,3,1]"}) {
            assertTrue(q.check(t).right(), t);
        }
        Verdict wrong = q.check("5 x 5 x 1");
        assertEquals(Verdict.Kind.WRONG, wrong.kind());
        assertEquals("\u2718 Not quite: you said 5 x 5 x 1, the answer is 3 x 3 x 1", wrong.headline());
        assertEquals("out = floor((n + 2p - k)/s) + 1\nrows: floor((5 + 2*0 - 3)/1) + 1 = 3\n"
                + "columns: floor((5 + 2*0 - 3)/1) + 1 = 3\nchannels: one map per filter = 1", wrong.working());
        assertEquals(Verdict.Kind.UNREADABLE, q.check("3 x 3").kind(), "channels are part of the shape");
        assertEquals(Verdict.Kind.UNREADABLE, q.check("3 by 3 by 1").kind());

        // Seed 002, convolution over volumes: 6x6x3 image, 3x3x3 filters, two of them: (n - f + 1) = 4 -> 4 x 4 x 2
        ShapeQuestion volume = ShapeQuestion.convolution(6, 6, 3, Size2.square(3), ConvSettings.DEFAULT, 2);
        assertTrue(volume.check("4x4x2").right());
        assertFalse(volume.check("4x4x3").right(), "channels come from the filters, not the input");
        assertTrue(volume.prompt().contains("6 x 6 x 3 input with 2 3x3x3 filters"), volume.prompt());

        // Seed 002, padding: 5x5 with p = 1 and the sharpen kernel -> 5 x 5; with stride 2: floor((5 + 2 - 3)/2) + 1 = 3
        assertTrue(ShapeQuestion.convolution(5, 5, 1, Size2.square(3), ConvSettings.DEFAULT.withPadding(Padding.of(1)), 1)
                .check("5 x 5 x 1").right());
        ShapeQuestion strided = ShapeQuestion.convolution(5, 5, 1, Size2.square(3),
                ConvSettings.DEFAULT.withPadding(Padding.of(1)).withStrides(Size2.square(2)), 1);
        assertEquals("3 x 3 x 1", strided.expected());
        assertTrue(strided.working().contains("rows: floor((5 + 2*1 - 3)/2) + 1 = 3"), strided.working());

        // Seed 000: a 224x224 gray image through Conv2D(64, 3x3) gives 222 x 222 x 64
        assertEquals("222 x 222 x 64", ShapeQuestion.convolution(224, 224, 1, Size2.square(3), ConvSettings.DEFAULT, 64)
                .expected());
        // same padding keeps ceil(n/s): a 5x5 input at stride 2 -> 3 x 3
        ShapeQuestion same = ShapeQuestion.convolution(5, 5, 1, Size2.square(3),
                ConvSettings.DEFAULT.withPadding(Padding.SAME).withStrides(Size2.square(2)), 1);
        assertEquals("3 x 3 x 1", same.expected());
        assertTrue(same.working().startsWith("same padding: out = ceil(n/s)\nrows: ceil(5/2) = 3"), same.working());
    }

    @Test
    void poolingShapeKeepsTheChannels() {
        // Seed 000: MaxPooling2D(2x2, strides 1) on the 5x5 map -> 4 x 4; on 3 channels -> 4 x 4 x 3
        ShapeQuestion q = ShapeQuestion.pooling(5, 5, 3,
                new PoolSettings(Size2.square(2), Size2.square(1), Padding.VALID, PoolSettings.Mode.MAX, 1));
        assertEquals("4 x 4 x 3", q.expected());
        assertTrue(q.working().endsWith("channels: pooling keeps each channel = 3"), q.working());
        // 2x2 stride 2 on 222 x 222 x 64 -> 111 x 111 x 64
        assertTrue(ShapeQuestion.pooling(222, 222, 64, PoolSettings.max(2)).check("111 x 111 x 64").right());
    }

    @Test
    void whichFilterAsksAboutARealMapWithFourDifferentCandidates() {
        double[][] flat = {{0, 0}, {0, 0}}; // a map ReLU silenced: never asked
        double[][] a = {{1, 2}, {3, 4}};
        double[][] b = {{4, 3}, {2, 1}};
        double[][] c = {{0, 9}, {0, 0}};
        double[][] d = {{5, 5}, {5, 6}};
        List<double[][]> maps = List.of(flat, a, b, c, d);
        for (long seed = 0; seed < 40; seed++) {
            WhichFilterQuestion q = WhichFilterQuestion.pick(maps, 64, new Random(seed));
            assertNotEquals(64, q.channel(), "the flat map 0 (channel 64) is not asked");
            assertEquals(4, q.candidates().size());
            assertEquals(4, new HashSet<>(q.candidates()).size(), "four different filters");
            assertEquals(q.channel(), q.candidates().get(q.answer()));
            assertTrue(q.check(q.answer()).right());
            Verdict wrong = q.check((q.answer() + 1) % 4);
            assertEquals(Verdict.Kind.WRONG, wrong.kind());
            assertTrue(wrong.headline().endsWith("the answer is filter " + (q.channel() + 1)), wrong.headline());
            assertEquals(Verdict.Kind.UNREADABLE, q.check(4).kind());
        }
        // With a twin of the asked map among the rest, the twin is never a candidate: both would be "right".
        double[][] twin = {{1, 2}, {3, 4}};
        List<double[][]> withTwin = List.of(a, twin, b, c, d);
        for (long seed = 0; seed < 40; seed++) {
            WhichFilterQuestion q = WhichFilterQuestion.pick(withTwin, 0, new Random(seed));
            if (q.channel() <= 1) {
                assertFalse(q.candidates().contains(1 - q.channel()), q.toString());
            }
        }
        // Three maps, or only flat ones: no fair question.
        assertThrows(IllegalArgumentException.class, () -> WhichFilterQuestion.pick(List.of(a, b, c), 0, new Random(1)));
        List<double[][]> silenced = new ArrayList<>(List.of(flat, flat, flat, flat, flat));
        assertThrows(IllegalArgumentException.class, () -> WhichFilterQuestion.pick(silenced, 0, new Random(1)));
    }

    @Test
    void scoreCountsRightAndWrongButNotSlips() {
        NumberQuestion q = NumberQuestion.convolutionCell(verticalEdge(ConvSettings.DEFAULT), 0);
        Score s = Score.ZERO.add(q.check("5")).add(q.check("oops")).add(q.check("6")).add(q.check("6")).add(q.check("6"));
        assertEquals("3 of 4 right", s.text());
        assertThrows(IllegalArgumentException.class, () -> new Score(2, 1));
    }
}
