package org.convscope.app;

import static org.convscope.core.text.CoreText.tr;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.core.train.EpochEnded;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingEnded;
import org.convscope.core.train.TrainingListener;
import org.convscope.core.train.TrainingResult;
import org.convscope.data.CifarFormatException;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.imaging.ImageLoadException;

/**
 * The checkpoints of a training run, for animations through the epochs outside the app: those a lesson saved with its
 * run holds, or those of a run trained now with the training pipeline both front ends share (a copy of the weights
 * after every epoch, as the Train screen keeps them for the time machine).
 *
 * @param checkpoints the weights after each epoch, oldest first
 * @param epochs the run's epoch count, for "epoch k of N"
 */
public record RunCheckpoints(List<TrainedWeights.Checkpoint> checkpoints, int epochs) {

    /** The key of the Train screen's epochs setting in a lesson. */
    static final String TRAIN_EPOCHS = "train-epochs";

    /** Copies the list. */
    public RunCheckpoints {
        checkpoints = List.copyOf(checkpoints);
    }

    /**
     * The run a lesson holds.
     *
     * @param file a lesson saved with its run
     * @param engine rebuilds the weights
     * @throws IOException if the lesson cannot be read, or it holds no run (the message says how to make one)
     */
    public static RunCheckpoints ofLesson(Path file, Supplier<? extends Engine> engine) throws IOException {
        LessonState lesson = LessonFiles.open(file, engine);
        if (lesson.checkpoints().isEmpty()) {
            throw new IOException(tr("error.lesson.noRun", file.getFileName()));
        }
        List<TrainedWeights.Checkpoint> c = lesson.checkpoints();
        int last = c.get(c.size() - 1).epoch();
        int planned = last;
        try { // the Train screen's epochs setting: a run stopped early shows "epoch 3 of 10"
            planned = Integer.parseInt(lesson.lesson().train().settings().getOrDefault(TRAIN_EPOCHS, "").strip());
        } catch (NumberFormatException e) {
            // not saved: the last checkpoint's epoch
        }
        return new RunCheckpoints(c, Math.max(last, planned));
    }

    /**
     * Trains now and keeps the weights after every epoch.
     *
     * @param engine trains
     * @param spec the model
     * @param start trained weights to start from (copied, never changed), or null for fresh ones from the seed
     * @param request the data (null data: the bundled CIFAR-10 sample)
     * @param config epochs, batch, optimiser, seed
     * @param cache where an archive is unpacked
     * @param notes receives what the pipeline did (the data, a new head, the last epoch's line)
     * @throws IOException if the data cannot be read
     * @throws IllegalArgumentException if training diverged or ran out of memory before an epoch ended
     */
    public static RunCheckpoints train(Engine engine, ModelSpec spec, CompiledModel start, TrainingPipeline.Request request,
            TrainConfig config, Path cache, Consumer<String> notes, CancelToken cancel, ProgressSink progress)
            throws IOException, CifarFormatException, ImageLoadException {
        TrainingData data = TrainingPipeline.read(request, spec.input(), cache, cancel, progress);
        data.notes().forEach(notes);
        CompiledModel model = TrainingPipeline.prepare(engine, TrainingPipeline.startingNetwork(engine, spec, start,
                config.seed()), data, request.normalise(), config.seed(), notes);
        List<TrainedWeights.Checkpoint> kept = new ArrayList<>();
        TrainingResult result = engine.train(model, data.train(), data.validation(), config,
                keeper(engine, model, config, kept, notes, progress), cancel);
        if (result.reason() == TrainingEnded.Reason.DIVERGED || kept.isEmpty()) {
            throw new IllegalArgumentException(tr("error.gif.noEpoch", result.end().message()));
        }
        return new RunCheckpoints(kept, config.epochs());
    }

    /** A listener that keeps a copy of the weights after every epoch, as the Train screen's time machine does. */
    private static TrainingListener keeper(Engine engine, CompiledModel model, TrainConfig config,
            List<TrainedWeights.Checkpoint> kept, Consumer<String> notes, ProgressSink progress) {
        return new TrainingListener() {
            @Override
            public void onEpoch(EpochEnded e) {
                String line = String.format(Locale.ROOT, "epoch %d of %d, validation accuracy %.3f", e.epoch(),
                        config.epochs(), e.validationAccuracy());
                kept.add(new TrainedWeights.Checkpoint(e.epoch(), engine.copy(model), WeightsVersion.trained(1, e.epoch()),
                        line));
                notes.accept(line);
                progress.progress(e.epoch(), config.epochs(), line);
            }
        };
    }
}
