package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.convscope.core.conv.Volume;
import org.convscope.core.task.CancelToken;
import org.convscope.core.train.LabelledImages;
import org.convscope.io.Presets;
import org.junit.jupiter.api.Test;

/**
 * {@link Dl4jEngine#releaseWorkingMemory}: the native-ops path's reusable arrays, sized by the last pass, go; the
 * weights and what the model computes stay.
 */
class ReleaseWorkingMemoryTest {

    @Test
    void aClassifyPassesBuffersGoAndTheNextPassGivesTheSameProbabilities() throws Exception {
        Dl4jEngine engine = new Dl4jEngine(Dl4jEngine.Kernels.NATIVE_OPS);
        Dl4jModel m = (Dl4jModel) engine.compile(Presets.find("tf-cifar-cnn").orElseThrow(), 3);
        Random rnd = new Random(9);
        double[][] pixels = new double[300][32 * 32 * 3];
        for (double[] p : pixels) {
            for (int i = 0; i < p.length; i++) {
                p[i] = rnd.nextDouble();
            }
        }
        LabelledImages images = LabelledImages.of(300, 32, 32, 3, 10, i -> i % 10, i -> new Volume(32, 32, 3, pixels[i]));
        double[][] before = engine.classify(m, images, 256, CancelToken.NEVER);
        long held = heldBytes(m);
        // batch 256: megabytes (16 MB for tf-cifar-cnn today)
        assertTrue(held > 1 << 20, "buffers held after a pass: " + held);

        engine.releaseWorkingMemory(m);
        assertEquals(0, heldBytes(m), "no buffer left");

        double[][] after = engine.classify(m, images, 256, CancelToken.NEVER);
        for (int i = 0; i < before.length; i++) {
            assertArrayEquals(before[i], after[i], 0.0, "image " + i);
        }
        assertTrue(heldBytes(m) >= held, "allocated again by the next pass");
    }

    /** The bytes of the arrays the model's native-ops steps hold now (read from their private fields). */
    private static long heldBytes(Dl4jModel m) throws ReflectiveOperationException {
        var buffersField = NativeOpsNetwork.class.getDeclaredField("buffers");
        buffersField.setAccessible(true);
        var arrayField = NativeOps.Buffer.class.getDeclaredField("array");
        arrayField.setAccessible(true);
        long bytes = 0;
        for (Object b : (List<?>) buffersField.get(m.nativeOps())) {
            var a = (org.nd4j.linalg.api.ndarray.INDArray) arrayField.get(b);
            bytes += a == null ? 0 : a.length() * a.dataType().width();
        }
        return bytes;
    }
}
