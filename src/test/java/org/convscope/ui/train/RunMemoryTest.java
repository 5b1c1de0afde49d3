package org.convscope.ui.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.convscope.app.TrainingData;
import org.convscope.core.conv.Volume;
import org.convscope.core.task.CancelToken;
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingListener;
import org.convscope.core.train.TrainingResult;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.engine.dl4j.Dl4jEngine;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.Test;

/** What the Train screen lets go of when a run ends ({@link RunMemory}), and that what the user sees stays. */
class RunMemoryTest {

    private static final Engine REAL = new Dl4jEngine();

    @Test
    void aFinishedRunReleasesTheTrainedModelsWorkingMemoryAfterItsTestPassAndKeepsWhatTheUserSees() {
        ModelSession session = new ModelSession(); // tf-cifar-cnn
        LoggingEngine engine = new LoggingEngine(REAL);
        TrainViewModel vm = new TrainViewModel(session, () -> engine, new CurrentThreadTaskExecutor(), Runnable::run);
        vm.start(new TrainConfig(2, 64, 1e-3, TrainConfig.Optimizer.ADAM, 42, true), 256);

        var trained = session.trainedFor(session.getModel()).orElseThrow();
        // the engine was asked to release the trained network's memory once, after the test pass, and nothing ran since
        List<String> log = engine.log;
        assertEquals("release", log.get(log.size() - 1), log.toString());
        assertEquals("classify", log.get(log.size() - 2), "the test pass comes before the release: " + log);
        assertEquals(1, Collections.frequency(log, "release"), log.toString());
        assertSame(trained.model(), engine.released);

        // what the user sees stays: curves, results and the time machine, whose checkpoints keep their weights
        assertEquals(8, vm.curves().batchLoss().size(), "2 epochs of 256 images in batches of 64");
        assertNotNull(vm.results().reportProperty().get(), "the confusion matrix and gallery");
        assertEquals(500, vm.lastData().test().size(), "the bundled sample's test images stay for the gallery");
        assertEquals(0, vm.lastData().train().size(), "the training images went");
        assertEquals(2, trained.checkpoints().size());
        CompiledModel epoch1 = trained.checkpoints().get(0).model();
        CompiledModel epoch2 = trained.checkpoints().get(1).model();
        for (int f = 0; f < 32; f++) {
            assertArrayEquals(trained.model().filters(1)[f].values(), epoch2.filters(1)[f].values(), 0.0,
                    "the last checkpoint's filter " + f + " is the final model's");
        }
        assertFalse(java.util.Arrays.equals(epoch1.filters(1)[0].values(), epoch2.filters(1)[0].values()),
                "epoch 2 moved the first filter on");
        // and the released network still computes what it did: the test results' probabilities again
        var report = vm.results().reportProperty().get();
        double[][] again = REAL.classify(trained.model(), vm.lastData().test(), 256, CancelToken.NEVER);
        for (int i = 0; i < again.length; i++) {
            int top = org.convscope.core.train.Evaluation.topK(again[i], 1)[0];
            assertEquals(report.predicted()[i], top, "test image " + i);
        }
    }

    @Test
    void aFinishedRunKeepsTheTestImagesAndTheSplitsDescription() {
        LabelledImages train = images(40);
        LabelledImages test = images(10);
        TrainingData shared = new TrainingData(TrainingData.Source.BUNDLED, train, test, test, List.of("a", "b"), null,
                List.of("data: 40 training and 10 validation images"));
        TrainingData kept = RunMemory.kept(shared);
        assertEquals(0, kept.train().size());
        assertEquals(List.of(32, 32, 3, 2), List.of(kept.train().height(), kept.train().width(), kept.train().channels(),
                kept.train().classCount()));
        assertSame(test, kept.test());
        assertSame(test, kept.validation(), "validation on the test images: they stay");
        assertEquals(shared.notes(), kept.notes());
        assertEquals(shared.classNames(), kept.classNames());

        TrainingData heldOut = new TrainingData(TrainingData.Source.BUNDLED, train, images(4), test, List.of("a", "b"),
                null, List.of());
        TrainingData keptHeldOut = RunMemory.kept(heldOut);
        assertEquals(0, keptHeldOut.validation().size(), "held-out validation images go with the training images");
        assertSame(test, keptHeldOut.test());
    }

    private static LabelledImages images(int n) {
        return LabelledImages.of(n, 32, 32, 3, 2, i -> i % 2, i -> new Volume(32, 32, 3, new double[32 * 32 * 3]));
    }

    /** The real engine, logging the calls of a run in order. */
    private static final class LoggingEngine implements Engine {
        private final Engine real;
        private final List<String> log = Collections.synchronizedList(new ArrayList<>());
        private volatile CompiledModel released;

        LoggingEngine(Engine real) {
            this.real = real;
        }

        @Override
        public CompiledModel compile(org.convscope.core.model.ModelSpec spec, long seed) {
            return real.compile(spec, seed);
        }

        @Override
        public org.convscope.engine.Activations forward(CompiledModel model, Volume image) {
            log.add("forward");
            return real.forward(model, image);
        }

        @Override
        public double[][] classify(CompiledModel model, LabelledImages images, int batchSize, CancelToken cancel) {
            log.add("classify");
            return real.classify(model, images, batchSize, cancel);
        }

        @Override
        public void setInputNormalization(CompiledModel model, org.convscope.core.train.InputNormalization normalization) {
            real.setInputNormalization(model, normalization);
        }

        @Override
        public CompiledModel copy(CompiledModel model) {
            return real.copy(model);
        }

        @Override
        public TrainingResult train(CompiledModel model, LabelledImages train, LabelledImages validation,
                TrainConfig config, TrainingListener listener, CancelToken cancel) {
            log.add("train");
            return real.train(model, train, validation, config, listener, cancel);
        }

        @Override
        public void releaseWorkingMemory(CompiledModel model) {
            log.add("release");
            released = model;
            real.releaseWorkingMemory(model);
        }
    }
}
