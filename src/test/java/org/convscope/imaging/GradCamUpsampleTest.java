package org.convscope.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.convscope.core.explain.GradCam;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** Grad-CAM's bilinear enlargement (pure Java in core) against OpenCV's INTER_LINEAR resize. */
class GradCamUpsampleTest {

    @BeforeAll
    static void openCv() {
        OpenCvRuntime.load();
    }

    @Test
    void matchesOpenCvOnRandomMaps() {
        Random random = new Random(7);
        int[][] sizes = {{2, 2, 32, 32}, {6, 6, 32, 32}, {14, 14, 224, 224}, {3, 5, 17, 29}, {4, 4, 4, 4}};
        for (int[] s : sizes) {
            double[][] m = new double[s[0]][s[1]];
            Mat mat = new Mat(s[0], s[1], CvType.CV_64FC1);
            for (int r = 0; r < s[0]; r++) {
                for (int c = 0; c < s[1]; c++) {
                    m[r][c] = random.nextDouble() * 10;
                    mat.put(r, c, m[r][c]);
                }
            }
            Mat big = new Mat();
            Imgproc.resize(mat, big, new Size(s[3], s[2]), 0, 0, Imgproc.INTER_LINEAR);
            double[][] ours = GradCam.upsample(m, s[2], s[3]);
            for (int r = 0; r < s[2]; r++) {
                for (int c = 0; c < s[3]; c++) {
                    assertEquals(big.get(r, c)[0], ours[r][c], 1e-9, "at " + r + "," + c + " for " + s[0] + "x" + s[1]
                            + " -> " + s[2] + "x" + s[3]);
                }
            }
        }
    }
}
