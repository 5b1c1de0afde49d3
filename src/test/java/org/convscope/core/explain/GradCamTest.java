package org.convscope.core.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.convscope.core.conv.Volume;
import org.junit.jupiter.api.Test;

/** Grad-CAM's arithmetic, worked by hand. */
class GradCamTest {

    @Test
    void weightsAreMeanGradientsAndTheMapIsTheirReluCombination() {
        // A (2x2x2): channel 0 = [[45, 54], [81, 90]], channel 1 = [[5, 6], [9, 10]] (channels-last storage)
        Volume a = new Volume(2, 2, 2, new double[] {45, 5, 54, 6, 81, 9, 90, 10});
        // G: channel 0 = [[1, -1], [2, 0]] -> alpha0 = 2/4 = 0.5; channel 1 = [[0.5, 0.5], [-3, 1]] -> alpha1 = -0.25
        Volume g = new Volume(2, 2, 2, new double[] {1, 0.5, -1, 0.5, 2, -3, 0, 1});
        GradCam cam = GradCam.of(a, g, 2, 2);
        assertArrayEquals(new double[] {0.5, -0.25}, cam.alpha(), 1e-12);
        // 0.5 * 45 - 0.25 * 5 = 21.25; 27 - 1.5 = 25.5; 40.5 - 2.25 = 38.25; 45 - 2.5 = 42.5
        assertArrayEquals(new double[] {21.25, 25.5}, cam.coarse()[0], 1e-12);
        assertArrayEquals(new double[] {38.25, 42.5}, cam.coarse()[1], 1e-12);
        assertEquals(42.5, cam.max(), 1e-12);
    }

    @Test
    void negativeEvidenceIsCutAtZero() {
        Volume a = new Volume(1, 2, 2, new double[] {10, 1, 1, 10});
        // alpha = (1, -2): cell 0 = 10 - 2 = 8, cell 1 = 1 - 20 = -19 -> 0
        Volume g = new Volume(1, 2, 2, new double[] {1, -2, 1, -2});
        GradCam cam = GradCam.of(a, g, 1, 2);
        assertArrayEquals(new double[] {8, 0}, cam.coarse()[0], 1e-12);
    }

    @Test
    void upsamplingIsBilinearWithPixelCentresAligned() {
        // 2x2 [[0, 1], [2, 3]] to 4x4: output row y reads source row y/2 - 1/4, clamped: 0, 0.25, 0.75, 1
        double[][] up = GradCam.upsample(new double[][] {{0, 1}, {2, 3}}, 4, 4);
        assertArrayEquals(new double[] {0, 0.25, 0.75, 1}, up[0], 1e-12);
        assertArrayEquals(new double[] {0.5, 0.75, 1.25, 1.5}, up[1], 1e-12);
        assertArrayEquals(new double[] {1.5, 1.75, 2.25, 2.5}, up[2], 1e-12);
        assertArrayEquals(new double[] {2, 2.25, 2.75, 3}, up[3], 1e-12);
        // same size is the identity
        assertArrayEquals(new double[] {2, 3}, GradCam.upsample(new double[][] {{0, 1}, {2, 3}}, 2, 2)[1], 1e-12);
    }
}
