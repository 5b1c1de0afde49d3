package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.convscope.core.conv.Volume;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingEnded;
import org.convscope.core.train.TrainingListener;
import org.convscope.core.train.TrainingResult;
import org.convscope.data.CifarReader;
import org.convscope.data.CifarTrainingImages;
import org.convscope.engine.Activations;
import org.convscope.engine.CompiledModel;
import org.convscope.io.Presets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The graph presets train through {@link Dl4jTrainer} ({@link GraphTrainingBackend}) on the bundled CIFAR-10
 * sample, frozen layers stay as they were, and a trained graph model saved as {@code .convscope.zip} opens with the
 * same outputs.
 */
class GraphTrainingTest {

    private static LabelledImages train;
    private final Dl4jEngine engine = new Dl4jEngine();

    @BeforeAll
    static void load() throws Exception {
        CifarReader.Splits s = CifarReader.readBundledSample(CancelToken.NEVER, ProgressSink.NONE);
        train = new CifarTrainingImages(s.train().shuffled(7));
    }

    private CompiledModel compile(String preset, long seed) {
        return engine.compile(Presets.find(preset).orElseThrow(), seed);
    }

    /**
     * 20 steps of Adam on one fixed batch of 8 images: the training loss falls well below where it started (8 images
     * keep this affordable: a ResNet-20 step on DL4J's CPU layers takes seconds on a busy machine).
     */
    @ParameterizedTest
    @ValueSource(strings = {"resnet20", "mobilenet-mini"})
    void twentyStepsOnOneBatchLowerTheLoss(String preset) {
        CompiledModel model = compile(preset, 3);
        TrainConfig config = new TrainConfig(20, 8, 2e-3, TrainConfig.Optimizer.ADAM, 5, false);
        TrainingResult result = engine.train(model, train.head(8), train.head(0), config, TrainingListener.NONE,
                CancelToken.NEVER);
        assertEquals(TrainingEnded.Reason.COMPLETED, result.end().reason(), result.end().toString());
        List<Double> losses = result.batchLosses();
        assertEquals(20, losses.size());
        double first = losses.get(0);
        double lastFive = losses.subList(15, 20).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        // ten classes: about ln 10 = 2.3 at the start; memorising 8 images takes it far lower
        assertTrue(first > 1.0 && first < 6, "initial loss " + first);
        assertTrue(lastFive < 0.5 * first, preset + ": " + losses);
    }

    @Test
    void frozenLayersKeepTheirWeights() {
        CompiledModel model = compile("resnet20", 4);
        Volume[] stemBefore = model.filters(1);
        double[] denseBiasBefore = model.biases(model.spec().layers().size());
        TrainConfig config = new TrainConfig(1, 8, 1e-2, TrainConfig.Optimizer.ADAM, 5, false).withFrozenLayers(3);
        engine.train(model, train.head(16), train.head(0), config, TrainingListener.NONE, CancelToken.NEVER);
        Volume[] stemAfter = model.filters(1);
        for (int f = 0; f < stemBefore.length; f++) {
            assertArrayEquals(stemBefore[f].values(), stemAfter[f].values(), 0.0, "frozen filter " + f);
        }
        double[] denseBiasAfter = model.biases(model.spec().layers().size());
        assertTrue(!java.util.Arrays.equals(denseBiasBefore, denseBiasAfter), "the head learns");
    }

    @Test
    void aTrainedGraphModelSavesAndOpensWithTheSameOutputs(@TempDir Path dir) throws Exception {
        CompiledModel model = compile("mobilenet-mini", 6);
        engine.train(model, train.head(16), train.head(0), new TrainConfig(1, 8, 1e-3, TrainConfig.Optimizer.ADAM,
                5, false), TrainingListener.NONE, CancelToken.NEVER);
        Path file = dir.resolve("mobilenet.convscope.zip");
        engine.save(model, file);
        CompiledModel opened = engine.load(file);
        assertTrue(opened.spec().isGraph());
        assertEquals(model.spec(), opened.spec());
        assertEquals(model.parameterCount(), opened.parameterCount());
        float[] pixels = new float[32 * 32 * 3];
        train.copyImage(3, pixels, 0);
        double[] v = new double[pixels.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = pixels[i];
        }
        Volume image = new Volume(32, 32, 3, v);
        Activations a = engine.forward(model, image);
        Activations b = engine.forward(opened, image);
        assertEquals(a.layers().size(), b.layers().size());
        for (int i = 0; i < a.layers().size(); i++) {
            assertArrayEquals(a.layers().get(i).output().values(), b.layers().get(i).output().values(), 0.0,
                    a.layers().get(i).name());
        }
        assertArrayEquals(engine.classify(model, train.head(8), 8, CancelToken.NEVER)[5],
                engine.classify(opened, train.head(8), 8, CancelToken.NEVER)[5], 0.0);
    }
}
