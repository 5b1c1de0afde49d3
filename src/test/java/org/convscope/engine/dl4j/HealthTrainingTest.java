package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.convscope.core.conv.Volume;
import org.convscope.core.task.CancelToken;
import org.convscope.core.train.EpochHealth;
import org.convscope.core.train.HealthReport;
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.LayerHealth;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingListener;
import org.convscope.core.train.TrainingResult;
import org.convscope.core.train.WeightHistogram;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Measuring learning health leaves training exactly as it is (the same losses with and without), reports every
 * measured batch and every epoch (0 included) with histograms holding every weight, and leaves frozen layers out.
 */
class HealthTrainingTest {

    static LabelledImages images(int n) {
        Random r = new Random(9);
        List<Volume> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] v = new double[8 * 8 * 3];
            for (int k = 0; k < v.length; k++) {
                v[k] = (float) (r.nextDouble() - 0.5 + 0.2 * (i % 3));
            }
            images.add(new Volume(8, 8, 3, v));
        }
        return LabelledImages.of(n, 8, 8, 3, 3, i -> i % 3, images::get);
    }

    /** Records health events. */
    static final class Recorder implements TrainingListener {
        final List<HealthReport> reports = new ArrayList<>();
        final List<EpochHealth> epochs = new ArrayList<>();

        @Override
        public boolean wantsHealth() {
            return true;
        }

        @Override
        public void onHealth(HealthReport e) {
            reports.add(e);
        }

        @Override
        public void onEpochHealth(EpochHealth e) {
            epochs.add(e);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Dl4jEngine.Kernels.class, names = {"LAYERS", "NATIVE_OPS"})
    void healthChangesNothingAndReportsEveryBatchAndEpoch(Dl4jEngine.Kernels kernels) {
        Dl4jEngine engine = new Dl4jEngine(kernels);
        LabelledImages data = images(40);
        TrainConfig config = new TrainConfig(2, 8, 0.01, TrainConfig.Optimizer.ADAM, 4, true);
        TrainingResult plain = engine.train(engine.compile(HealthReferenceTest.small(), 3), data, data.head(10), config,
                TrainingListener.NONE, CancelToken.NEVER);
        Recorder rec = new Recorder();
        TrainingResult watched = engine.train(engine.compile(HealthReferenceTest.small(), 3), data, data.head(10),
                config, rec, CancelToken.NEVER);
        assertEquals(plain.batchLosses(), watched.batchLosses(), "the same losses, batch by batch");
        // 5 batches per epoch, at most one in 4 measured, and always the last: batch 5 of each epoch
        assertEquals(List.of(5, 5), rec.reports.stream().map(HealthReport::batch).toList());
        assertEquals(List.of(1, 3, 4, 6, 7), rec.reports.get(0).layers().stream().map(LayerHealth::layer).toList());
        assertEquals(List.of(0, 1, 2), rec.epochs.stream().map(EpochHealth::epoch).toList());
        // weights: conv 3*3*3*4 = 108, conv 3*3*4*5 = 180, dense 20*6 = 120, dense 6*3 = 18
        assertEquals(List.of(108L, 180L, 120L, 18L), rec.epochs.get(2).histograms().stream()
                .map(WeightHistogram::total).toList());
        assertEquals(rec.epochs.get(0).histograms().get(0).limit(), rec.epochs.get(2).histograms().get(0).limit(),
                "the same bins every epoch");
    }

    @ParameterizedTest
    @EnumSource(value = Dl4jEngine.Kernels.class, names = {"LAYERS", "NATIVE_OPS"})
    void frozenLayersAreLeftOut(Dl4jEngine.Kernels kernels) {
        Dl4jEngine engine = new Dl4jEngine(kernels);
        LabelledImages data = images(16);
        Recorder rec = new Recorder();
        engine.train(engine.compile(HealthReferenceTest.small(), 3), data, data.head(0),
                new TrainConfig(1, 8, 0.01, TrainConfig.Optimizer.SGD_MOMENTUM, 4, true).withFrozenLayers(3), rec,
                CancelToken.NEVER);
        assertEquals(List.of(4, 6, 7), rec.reports.get(0).layers().stream().map(LayerHealth::layer).toList());
        rec.reports.get(0).layers().stream().filter(LayerHealth::hasWeights)
                .forEach(h -> assertEquals(true, h.gradientNorm() > 0 && h.updateRatio() > 0, h.toString()));
    }
}
