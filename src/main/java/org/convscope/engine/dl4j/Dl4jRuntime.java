package org.convscope.engine.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads ND4J's native backend once, ahead of the first real use.
 *
 * <p>The first start unpacks native libraries to {@code ~/.javacpp/cache} (a few seconds); later
 * starts take under a second. The app runs this in the background while the window is already up.
 */
public final class Dl4jRuntime {

    private Dl4jRuntime() {
    }

    /**
     * Loads the backend and runs one small computation to prove it works.
     *
     * @return a description of the backend, e.g. {@code ND4J CPU (2 cores)}
     * @throws IllegalStateException if the backend computes a wrong result
     */
    public static String warmUp() {
        INDArray a = Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {2, 2});
        double trace = a.mmul(a).getDouble(0, 0) + a.mmul(a).getDouble(1, 1);
        if (trace != 29.0) { // [[1,2],[3,4]]^2 = [[7,10],[15,22]], trace 29
            throw new IllegalStateException("ND4J computed a wrong matrix product (trace " + trace + ", expected 29)");
        }
        String backend = Nd4j.getBackend().getClass().getSimpleName().replace("Backend", "").toUpperCase(java.util.Locale.ROOT);
        return "ND4J " + backend + " (" + Runtime.getRuntime().availableProcessors() + " cores)";
    }
}
