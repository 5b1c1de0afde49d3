package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import java.util.Locale;
import org.convscope.app.TrainedWeights;
import org.convscope.app.TrainingData;
import org.convscope.app.TrainingPipeline;
import org.convscope.app.WeightsVersion;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.core.train.BatchEnded;
import org.convscope.core.train.EpochEnded;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingEnded;
import org.convscope.core.train.TrainingListener;
import org.convscope.core.train.TrainingResult;
import org.convscope.core.train.TrainingStarted;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.ui.common.FxBatcher;

/**
 * One training run of the Train screen on the training thread: the {@link TrainingPipeline} steps
 * {@code convscope train} runs (read and split, start from fresh or copied weights, new head, standardise, train,
 * test), with the screen's events, pause, snapshots for Predict, and a checkpoint after every epoch.
 */
final class TrainingRun {

    /** What the run produced: the result and, unless it diverged, the test results. */
    record Outcome(TrainingResult result, TrainingPipeline.TestResults test, int run) {
    }

    private final TrainViewModel vm;
    private final ModelSpec spec;
    private final CompiledModel base;
    private final TrainConfig config;
    private final int run;

    /**
     * @param base trained weights to start from (copied), or null for fresh ones
     * @param run the run's number in the session
     */
    TrainingRun(TrainViewModel vm, ModelSpec spec, CompiledModel base, TrainConfig config, int run) {
        this.vm = vm;
        this.spec = spec;
        this.base = base;
        this.config = config;
        this.run = run;
    }

    /** Runs it; called on the training thread. */
    Outcome run(TrainingPipeline.Request request, CancelToken token) throws Exception {
        Engine engine = vm.engine().get();
        TrainingData data = TrainingPipeline.read(request, spec.input(), vm.data().datasetCache(), token, ProgressSink.NONE);
        CompiledModel start = TrainingPipeline.startingNetwork(engine, spec, base, config.seed());
        CompiledModel model = TrainingPipeline.prepare(engine, start, data, request.normalise(), config.seed(), line -> { });
        vm.training(model, data, run);
        FxBatcher<Object> batcher = new FxBatcher<>(vm.fx(), vm::apply);
        TrainingResult result = engine.train(model, data.train(), data.validation(), config,
                listener(engine, model, batcher), () -> vm.control().stopRequested() || token.isCancelled());
        try {
            if (result.reason() == TrainingEnded.Reason.DIVERGED || data.test().size() == 0) {
                return new Outcome(result, null, run);
            }
            return new Outcome(result, TrainingPipeline.test(engine, model, data.test(), data.classNames(), token), run);
        } finally {
            RunMemory.trainingDone(engine, model); // the test pass's buffers: an idle app should not keep them
        }
    }

    private TrainingListener listener(Engine engine, CompiledModel model, FxBatcher<Object> batcher) {
        long bytesPerCheckpoint = 4 * Math.max(1, model.parameterCount());
        return new TrainingListener() {
            @Override
            public void onStart(TrainingStarted e) {
                batcher.offer(e);
            }

            @Override
            public void onBatch(BatchEnded e) {
                batcher.offer(e);
                vm.control().atBatchBoundary(vm.engine(), e.epoch(), e.batch());
            }

            @Override
            public void onEpoch(EpochEnded e) {
                batcher.offer(e);
                // the time machine: a copy of the weights after every epoch, while they fit the budget
                if ((vm.checkpointCount() + 1) * bytesPerCheckpoint <= TrainViewModel.CHECKPOINT_BUDGET_BYTES) {
                    vm.checkpoint(new TrainedWeights.Checkpoint(e.epoch(), engine.copy(model), WeightsVersion.trained(run,
                            e.epoch()), tr("train.checkpoint", e.epoch(), config.epochs(),
                                    String.format(Locale.ROOT, "%.3f", e.validationAccuracy()))));
                }
            }

            @Override
            public boolean wantsHealth() {
                return true; // the Learning health tab; it costs a few percent of speed (bench train --health)
            }

            @Override
            public void onHealth(org.convscope.core.train.HealthReport e) {
                batcher.offer(e);
            }

            @Override
            public void onEpochHealth(org.convscope.core.train.EpochHealth e) {
                batcher.offer(e);
            }

            @Override
            public void onEnd(TrainingEnded e) {
                batcher.offer(e);
            }
        };
    }
}
