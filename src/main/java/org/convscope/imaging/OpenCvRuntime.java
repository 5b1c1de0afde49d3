package org.convscope.imaging;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/**
 * Loads OpenCV's native library (bundled in the openpnp jar) once, before images are decoded.
 *
 * <p>{@code nu.pattern.OpenCV.loadLocally()} extracts the library for this platform to a temporary
 * folder and loads it.
 */
public final class OpenCvRuntime {

    private static volatile boolean loaded;

    private OpenCvRuntime() {
    }

    /**
     * Loads OpenCV if not yet loaded and checks one operation.
     *
     * @return a description, e.g. {@code OpenCV 4.9.0}
     */
    public static synchronized String load() {
        if (!loaded) {
            nu.pattern.OpenCV.loadLocally();
            loaded = true;
        }
        Mat m = new Mat(2, 2, CvType.CV_8UC1, new Scalar(7));
        double sum = Core.sumElems(m).val[0];
        m.release();
        if (sum != 28) {
            throw new IllegalStateException("OpenCV computed a wrong sum (" + sum + ", expected 28)");
        }
        return "OpenCV " + Core.VERSION;
    }
}
