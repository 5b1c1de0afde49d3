package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.core.train.BatchEnded;
import org.convscope.core.train.EpochEnded;
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingEnded;
import org.convscope.core.train.TrainingListener;
import org.convscope.core.train.TrainingResult;
import org.convscope.core.train.TrainingStarted;
import org.convscope.data.CifarReader;
import org.convscope.data.CifarTrainingImages;
import org.convscope.engine.CompiledModel;
import org.convscope.io.Presets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Training with the DL4J engine on the bundled CIFAR-10 sample. */
class Dl4jTrainerTest {

    private static LabelledImages train;
    private static LabelledImages test;
    private final Dl4jEngine engine = new Dl4jEngine();

    @BeforeAll
    static void load() throws Exception {
        CifarReader.Splits s = CifarReader.readBundledSample(CancelToken.NEVER, ProgressSink.NONE);
        train = new CifarTrainingImages(s.train().shuffled(7));
        test = new CifarTrainingImages(s.test());
    }

    private static ModelSpec preset(String id) {
        return Presets.find(id).orElseThrow();
    }

    /** Records every event. */
    static class Recorder implements TrainingListener {
        final List<TrainingStarted> starts = new ArrayList<>();
        final List<BatchEnded> batches = new ArrayList<>();
        final List<EpochEnded> epochs = new ArrayList<>();
        final List<TrainingEnded> ends = new ArrayList<>();

        @Override public void onStart(TrainingStarted e) { starts.add(e); }
        @Override public void onBatch(BatchEnded e) { batches.add(e); }
        @Override public void onEpoch(EpochEnded e) { epochs.add(e); }
        @Override public void onEnd(TrainingEnded e) { ends.add(e); }
    }

    @Test
    void runningOutOfMemoryStopsAtTheBatchWithAdvice() {
        // images 0-127 load; reading image 150 (in the third batch of 64) fails as a full heap would
        LabelledImages failing = new LabelledImages() {
            private final LabelledImages inner = train.head(256);
            @Override public int size() { return inner.size(); }
            @Override public int height() { return inner.height(); }
            @Override public int width() { return inner.width(); }
            @Override public int channels() { return inner.channels(); }
            @Override public int classCount() { return inner.classCount(); }
            @Override public int label(int i) { return inner.label(i); }
            @Override public void copyImage(int i, float[] dst, int offset) {
                if (i == 150) {
                    throw new OutOfMemoryError("Java heap space");
                }
                inner.copyImage(i, dst, offset);
            }
        };
        CompiledModel model = engine.compile(preset("tf-cifar-cnn"), 4);
        double[] before = model.biases(1);
        Recorder r = new Recorder();
        TrainingResult result = engine.train(model, failing, test.head(0),
                new TrainConfig(1, 64, 1e-3, TrainConfig.Optimizer.ADAM, 3, false), r, CancelToken.NEVER);
        assertEquals(TrainingEnded.Reason.OUT_OF_MEMORY, result.reason());
        assertEquals(2, r.batches.size(), "two full batches before the one that failed");
        assertTrue(result.end().message().contains("epoch 1, batch 3") && result.end().message().contains("smaller batch than 64"),
                result.end().message());
        assertFalse(Arrays.equals(before, model.biases(1)), "the two batches' training is kept");
        assertEquals(List.of(result.end()), r.ends);
    }

    @Test
    void aScheduleChangesTheRateFromTheSecondEpochOnBothPaths() {
        for (Dl4jEngine.Kernels k : new Dl4jEngine.Kernels[] {Dl4jEngine.Kernels.LAYERS, Dl4jEngine.Kernels.NATIVE_OPS}) {
            Dl4jEngine e = new Dl4jEngine(k);
            TrainConfig constant = new TrainConfig(2, 64, 1e-3, TrainConfig.Optimizer.ADAM, 5, true);
            TrainConfig stepped = constant.withSchedule(new org.convscope.core.train.LearningRateSchedule(
                    org.convscope.core.train.LearningRateSchedule.Kind.STEP, 1)); // epoch 2 at 0.0005
            List<Double> a = e.train(e.compile(preset("tf-cifar-cnn"), 1), train.head(256), test.head(0), constant,
                    new TrainingListener() { }, CancelToken.NEVER).batchLosses();
            List<Double> b = e.train(e.compile(preset("tf-cifar-cnn"), 1), train.head(256), test.head(0), stepped,
                    new TrainingListener() { }, CancelToken.NEVER).batchLosses();
            assertEquals(a.subList(0, 5), b.subList(0, 5), k + ": epoch 1 and the first batch of epoch 2 (its loss"
                    + " comes before the first smaller step) are the same");
            assertTrue(!a.get(5).equals(b.get(5)), k + ": the second step of epoch 2 is smaller");
        }
    }

    @Test
    void augmentationChangesTheBatchesReproducibly() {
        TrainConfig plain = new TrainConfig(1, 64, 1e-3, TrainConfig.Optimizer.ADAM, 5, true);
        TrainConfig augmented = plain.withAugmentation(org.convscope.core.train.Augmentation.FLIP_AND_SHIFT_4);
        List<Double> a = engine.train(engine.compile(preset("tf-cifar-cnn"), 1), train.head(256), test.head(0), augmented,
                new TrainingListener() { }, CancelToken.NEVER).batchLosses();
        List<Double> b = engine.train(engine.compile(preset("tf-cifar-cnn"), 1), train.head(256), test.head(0), augmented,
                new TrainingListener() { }, CancelToken.NEVER).batchLosses();
        List<Double> c = engine.train(engine.compile(preset("tf-cifar-cnn"), 1), train.head(256), test.head(0), plain,
                new TrainingListener() { }, CancelToken.NEVER).batchLosses();
        assertEquals(a, b, "the same seed gives the same augmented batches");
        assertEquals(4, a.size());
        assertTrue(!a.get(0).equals(c.get(0)), "the first batch already differs from the unaugmented one");
        assertTrue(a.stream().allMatch(Double::isFinite));
    }

    @Test
    void theModelHoldsEachEpochsWeightsWhenTheListenerHearsOfIt() {
        for (Dl4jEngine.Kernels k : new Dl4jEngine.Kernels[] {Dl4jEngine.Kernels.LAYERS, Dl4jEngine.Kernels.NATIVE_OPS}) {
            Dl4jEngine e = new Dl4jEngine(k);
            CompiledModel model = e.compile(preset("tf-cifar-cnn"), 2);
            double[] initial = model.biases(1);
            List<CompiledModel> copies = new ArrayList<>();
            TrainingListener copier = new TrainingListener() {
                @Override
                public void onEpoch(EpochEnded ended) {
                    copies.add(e.copy(model));
                }
            };
            e.train(model, train.head(256), test.head(0), new TrainConfig(2, 64, 1e-3, TrainConfig.Optimizer.ADAM, 3, true),
                    copier, CancelToken.NEVER);
            assertEquals(2, copies.size());
            assertFalse(Arrays.equals(initial, copies.get(0).biases(1)), k + ": epoch 1's copy is trained");
            assertFalse(Arrays.equals(copies.get(0).biases(1), copies.get(1).biases(1)), k + ": epoch 2 moved on");
            assertArrayEquals(model.biases(1), copies.get(1).biases(1), 0.0, k + ": the last copy is the final model");
        }
    }

    @Test
    void twoEpochsLowerTheLossAndReportEveryStep() {
        CompiledModel model = engine.compile(preset("seed003-small"), 1);
        double[] biasBefore = model.biases(4);
        Recorder r = new Recorder();
        TrainConfig config = new TrainConfig(2, 32, 1e-3, TrainConfig.Optimizer.ADAM, 3, true);
        TrainingResult result = engine.train(model, train.head(512), test.head(200), config, r, CancelToken.NEVER);

        assertEquals(TrainingEnded.Reason.COMPLETED, result.reason());
        assertEquals(List.of(new TrainingStarted(2, 16)), r.starts);
        assertEquals(2 * 16, r.batches.size());
        assertEquals(2, r.epochs.size());
        assertEquals(1, r.ends.size());
        assertEquals(TrainingEnded.Reason.COMPLETED, r.ends.get(0).reason());
        assertEquals(r.epochs, result.epochs());
        assertEquals(32, result.batchLosses().size());
        BatchEnded last = r.batches.get(r.batches.size() - 1);
        assertEquals(2, last.epoch());
        assertEquals(16, last.batch());
        double firstBatchLoss = r.batches.get(0).loss();
        double lastEpochMean = r.batches.subList(16, 32).stream().mapToDouble(BatchEnded::loss).average().orElseThrow();
        assertTrue(lastEpochMean < firstBatchLoss, lastEpochMean + " vs first batch " + firstBatchLoss);
        for (BatchEnded b : r.batches) {
            assertTrue(b.accuracy() >= 0 && b.accuracy() <= 1, b.toString());
            assertTrue(Double.isFinite(b.loss()) && b.loss() > 0, b.toString());
            assertTrue(b.imagesPerSecond() > 0, b.toString());
        }
        for (EpochEnded e : r.epochs) {
            assertTrue(e.trainAccuracy() >= 0 && e.trainAccuracy() <= 1, e.toString());
            assertTrue(e.validationAccuracy() >= 0 && e.validationAccuracy() <= 1, e.toString());
            assertTrue(Double.isFinite(e.validationLoss()) && e.validationLoss() > 0, e.toString());
        }
        // the trained weights are in the compiled model
        assertFalse(Arrays.equals(biasBefore, model.biases(4)));
    }

    @Test
    void sameSeedGivesTheSameLosses() {
        TrainConfig config = new TrainConfig(1, 32, 1e-3, TrainConfig.Optimizer.ADAM, 5, true);
        double[] a = losses(config);
        double[] b = losses(config);
        assertEquals(5, a.length);
        assertArrayEquals(a, b);
        double[] other = losses(new TrainConfig(1, 32, 1e-3, TrainConfig.Optimizer.ADAM, 6, true));
        assertFalse(Arrays.equals(a, other), "another seed shuffles differently");
    }

    private double[] losses(TrainConfig config) {
        CompiledModel model = engine.compile(preset("seed003-small"), 11);
        TrainingResult r = engine.train(model, train.head(160), test.head(0), config, TrainingListener.NONE,
                CancelToken.NEVER);
        return r.batchLosses().stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void cancelStopsWithinOneBatch() {
        CompiledModel model = engine.compile(preset("seed003-small"), 1);
        AtomicInteger seen = new AtomicInteger();
        Recorder r = new Recorder() {
            @Override public void onBatch(BatchEnded e) {
                super.onBatch(e);
                seen.incrementAndGet();
            }
        };
        TrainingResult result = engine.train(model, train.head(512), test.head(100),
                new TrainConfig(2, 32, 1e-3, TrainConfig.Optimizer.ADAM, 1, true), r, () -> seen.get() >= 3);
        assertEquals(TrainingEnded.Reason.CANCELLED, result.reason());
        assertTrue(r.batches.size() >= 3 && r.batches.size() <= 4, "batches " + r.batches.size());
        assertTrue(r.epochs.isEmpty());
        assertEquals(List.of(result.end()), r.ends);
    }

    @Test
    void hugeLearningRateDivergesAndKeepsTheWeights() {
        CompiledModel model = engine.compile(preset("seed003-small"), 1);
        double[] before = model.biases(4);
        Recorder r = new Recorder();
        TrainingResult result = engine.train(model, train.head(256), test.head(0),
                new TrainConfig(2, 32, 1e9, TrainConfig.Optimizer.SGD_MOMENTUM, 1, true), r, CancelToken.NEVER);
        assertEquals(TrainingEnded.Reason.DIVERGED, result.reason(), result.batchLosses().toString());
        assertTrue(result.end().message().contains("learning rate"), result.end().message());
        assertEquals(List.of(result.end()), r.ends);
        assertArrayEquals(before, model.biases(4));
    }

    @Test
    void logitsModelTrainsWithSoftmaxCrossEntropyAndReportsSpeed() {
        // tf-cifar-cnn ends with Dense(10, linear): trained as logits with softmax cross-entropy
        CompiledModel model = engine.compile(preset("tf-cifar-cnn"), 1);
        Recorder r = new Recorder();
        TrainingResult result = engine.train(model, train.head(512), test.head(0),
                new TrainConfig(1, 64, 1e-3, TrainConfig.Optimizer.ADAM, 1, true), r, CancelToken.NEVER);
        assertEquals(TrainingEnded.Reason.COMPLETED, result.reason());
        assertEquals(8, r.batches.size());
        // untrained ten-class softmax: about ln 10
        assertEquals(Math.log(10), r.batches.get(0).loss(), 0.5);
        double ips = 512 / r.epochs.get(0).seconds();
        System.out.printf(Locale.ROOT, "tf-cifar-cnn batch 64: %.0f training images/s (%d cores)%n", ips,
                Runtime.getRuntime().availableProcessors());
        // the compiled model still outputs logits (no softmax): values need not sum to 1
        double sum = Arrays.stream(engine.forward(model, train.image(0)).layer(8).output().values()).sum();
        assertTrue(Math.abs(sum - 1) > 1e-3, "logits sum " + sum);
    }

    @Test
    void refusesModelsWithoutAClassifierHead() {
        CompiledModel model = engine.compile(preset("seed-conv-gray"), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.train(model,
                train.head(32), test.head(0), TrainConfig.defaults(), TrainingListener.NONE, CancelToken.NEVER));
        assertTrue(e.getMessage().contains("Dense"), e.getMessage());
    }

    @Test
    void cifarPixelsAreScaledToUnit() {
        double[] v = train.image(0).values();
        double max = Arrays.stream(v).max().orElseThrow();
        assertTrue(Arrays.stream(v).min().orElseThrow() >= 0 && max <= 1 && max > 0.2, "max " + max);
        assertEquals(10, train.classCount());
        assertEquals(2000, train.size());
    }
}
