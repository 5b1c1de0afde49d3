package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.convscope.core.conv.Volume;
import org.convscope.core.task.CancelToken;
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingEnded;
import org.convscope.core.train.TrainingListener;
import org.convscope.core.train.TrainingResult;
import org.convscope.engine.ImportedModel;
import org.junit.jupiter.api.Test;

/**
 * Fine-tuning (TrainConfig.frozenLayers) on both training paths: the frozen layers' parameters, batch-norm moving
 * statistics included, are bit for bit what they were, while the layers after them learn. The model is the imported
 * small_sequential.h5 (Conv2D, BatchNormalization, MaxPooling2D, Flatten, Dense).
 */
class FineTuningTest {

    /** 40 random 8x8x3 images in 5 classes; the class brightens one channel so that there is something to learn. */
    static LabelledImages images() {
        Random r = new Random(3);
        Volume[] v = new Volume[40];
        for (int i = 0; i < v.length; i++) {
            double[] d = new double[8 * 8 * 3];
            for (int k = 0; k < d.length; k++) {
                d[k] = r.nextDouble() * 0.5 + (k % 3 == (i % 5) % 3 ? 0.4 : 0);
            }
            v[i] = new Volume(8, 8, 3, d);
        }
        return LabelledImages.of(v.length, 8, 8, 3, 5, i -> i % 5, i -> v[i]);
    }

    /** All parameters of model layer {@code i} (0-based), flattened in DL4J's order. */
    private static float[] params(ImportedModel m, int i) {
        Dl4jModel d = (Dl4jModel) m.model();
        return Nd4jArrays.floats(d.network().getLayer(d.outputIndex(i) - 1).params());
    }

    private static ImportedModel trained(Dl4jEngine.Kernels kernels, int frozen, float[][] before) throws Exception {
        Dl4jEngine engine = new Dl4jEngine(kernels);
        ImportedModel m = engine.importKeras(KerasImportTest.DIR.resolve("small_sequential.h5"));
        for (int i : new int[] {0, 1, 4}) {
            before[i] = params(m, i);
        }
        TrainConfig config = new TrainConfig(2, 8, 0.01, TrainConfig.Optimizer.ADAM, 5, true).withFrozenLayers(frozen);
        TrainingResult r = engine.train(m.model(), images(), images().head(10), config, new TrainingListener() { },
                CancelToken.NEVER);
        assertEquals(TrainingEnded.Reason.COMPLETED, r.reason());
        return m;
    }

    @Test
    void frozenLayersKeepTheirParametersOnBothPaths() throws Exception {
        for (Dl4jEngine.Kernels kernels : List.of(Dl4jEngine.Kernels.LAYERS, Dl4jEngine.Kernels.NATIVE_OPS)) {
            float[][] before = new float[5][];
            ImportedModel m = trained(kernels, 2, before); // Conv2D and BatchNormalization frozen
            assertArrayEquals(before[0], params(m, 0), 0f, kernels + ": conv weights and biases unchanged");
            assertArrayEquals(before[1], params(m, 1), 0f, kernels + ": gamma, beta, moving mean and variance unchanged");
            assertFalse(Arrays.equals(before[4], params(m, 4)), kernels + ": the Dense layer learned");
        }
    }

    @Test
    void withoutFreezingEveryLayerLearns() throws Exception {
        for (Dl4jEngine.Kernels kernels : List.of(Dl4jEngine.Kernels.LAYERS, Dl4jEngine.Kernels.NATIVE_OPS)) {
            float[][] before = new float[5][];
            ImportedModel m = trained(kernels, 0, before);
            assertFalse(Arrays.equals(before[0], params(m, 0)), kernels + ": conv learned");
            assertFalse(Arrays.equals(before[1], params(m, 1)), kernels + ": batch norm learned");
            assertFalse(Arrays.equals(before[4], params(m, 4)), kernels + ": dense learned");
        }
    }

    @Test
    void freezingEveryLayerIsRefused() throws Exception {
        Dl4jEngine engine = new Dl4jEngine();
        ImportedModel m = engine.importKeras(KerasImportTest.DIR.resolve("small_sequential.h5"));
        TrainConfig config = TrainConfig.defaults().withFrozenLayers(5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.train(m.model(), images(),
                images().head(0), config, new TrainingListener() { }, CancelToken.NEVER));
        assertTrue(e.getMessage().contains("nothing to train"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.defaults().withFrozenLayers(-1));
    }
}
