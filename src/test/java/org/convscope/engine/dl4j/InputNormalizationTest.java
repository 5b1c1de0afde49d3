package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import org.convscope.core.conv.Volume;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.core.train.InputNormalization;
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingListener;
import org.convscope.core.train.TrainingResult;
import org.convscope.data.CifarImages;
import org.convscope.data.CifarReader;
import org.convscope.data.CifarTrainingImages;
import org.convscope.engine.CompiledModel;
import org.convscope.io.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model's input standardisation applies the same way in forward passes, batches, training, copies and files. */
class InputNormalizationTest {

    private static final InputNormalization CIFAR = new InputNormalization(new double[] {0.4914, 0.4822, 0.4465},
            new double[] {0.2470, 0.2435, 0.2616});

    private static Volume image(long seed) {
        Random rnd = new Random(seed);
        double[] v = new double[32 * 32 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextDouble();
        }
        return new Volume(32, 32, 3, v);
    }

    @Test
    void forwardStandardisesChannelByChannelOnBothPaths() {
        for (Dl4jEngine.Kernels k : new Dl4jEngine.Kernels[] {Dl4jEngine.Kernels.LAYERS, Dl4jEngine.Kernels.NATIVE_OPS}) {
            Dl4jEngine engine = new Dl4jEngine(k);
            CompiledModel plain = engine.compile(Presets.find("tf-cifar-cnn").orElseThrow(), 3);
            CompiledModel normalised = engine.copy(plain);
            engine.setInputNormalization(normalised, CIFAR);
            Volume x = image(1);
            double[] original = x.values().clone();
            // by hand: (x - mean[c]) / std[c]
            double[] v = x.values().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] = (v[i] - CIFAR.mean()[i % 3]) / CIFAR.std()[i % 3];
            }
            Volume byHand = new Volume(32, 32, 3, v);
            assertArrayEquals(byHand.values(), engine.preprocess(normalised, x).values(), 1e-12);
            var a = engine.forward(normalised, x);
            var b = engine.forward(plain, byHand);
            for (int layer = 1; layer <= a.size(); layer++) {
                assertArrayEquals(b.layer(layer).output().values(), a.layer(layer).output().values(), 1e-5, k + " layer " + layer);
            }
            assertArrayEquals(original, x.values(), 0.0, k + ": preprocess and forward leave the caller's image as it was");
        }
    }

    @Test
    void batchesTrainingCopiesAndFilesAgree(@TempDir Path dir) throws Exception {
        CifarReader.Splits s = CifarReader.readBundledSample(CancelToken.NEVER, ProgressSink.NONE);
        CifarImages train = s.train();
        InputNormalization fromData = new InputNormalization(train.perChannelMean(), train.perChannelStd());
        Dl4jEngine engine = new Dl4jEngine();
        CompiledModel model = engine.compile(Presets.find("tf-cifar-cnn").orElseThrow(), 5);
        engine.setInputNormalization(model, fromData);
        LabelledImages test = new CifarTrainingImages(s.test());
        TrainingResult r = engine.train(model, new CifarTrainingImages(train).head(1024), test,
                new TrainConfig(1, 64, 1e-3, TrainConfig.Optimizer.ADAM, 5, true), new TrainingListener() { }, CancelToken.NEVER);
        double trainingsOwn = r.epochs().get(0).validationAccuracy();
        assertTrue(trainingsOwn > 0.15, "learns with standardised inputs: " + trainingsOwn);

        // classify (batches) and forward (one image) see the same standardised inputs as training's validation
        double[][] p = engine.classify(model, test, 100, CancelToken.NEVER);
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            int best = 0;
            for (int c = 1; c < p[i].length; c++) {
                best = p[i][c] > p[i][best] ? c : best;
            }
            right += best == test.label(i) ? 1 : 0;
        }
        assertEquals(trainingsOwn, right / (double) p.length, 1e-9);
        var out = engine.forward(model, test.image(7));
        double[] z = out.layer(out.size()).output().values();
        double max = java.util.Arrays.stream(z).max().orElseThrow();
        double sum = java.util.Arrays.stream(z).map(v -> Math.exp(v - max)).sum();
        assertEquals(Math.exp(z[0] - max) / sum, p[7][0], 1e-5, "one image forward = its row of the batch");

        Path file = dir.resolve("n.convscope.zip");
        engine.save(model, file);
        CompiledModel loaded = engine.load(file);
        assertEquals(fromData, loaded.inputNormalization().orElseThrow());
        assertEquals(fromData, engine.copy(model).inputNormalization().orElseThrow());
        assertArrayEquals(z, engine.forward(loaded, test.image(7)).layer(out.size()).output().values(), 1e-6);
    }

    @Test
    void badValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new InputNormalization(new double[] {0.5}, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new InputNormalization(new double[] {0.5, 0.1}, new double[] {1}));
        Dl4jEngine engine = new Dl4jEngine();
        CompiledModel gray = engine.compile(Presets.find("seed-conv-gray").orElseThrow(), 1);
        assertThrows(IllegalArgumentException.class, () -> engine.setInputNormalization(gray, CIFAR), "3 channels for a gray model");
    }
}
