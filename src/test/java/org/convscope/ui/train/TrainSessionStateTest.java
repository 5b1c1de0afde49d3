package org.convscope.ui.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.convscope.core.edit.ModelEdits;
import org.convscope.core.image.Raster;
import org.convscope.core.model.InputSpec;
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.TrainConfig;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.engine.Explanations;
import org.convscope.engine.dl4j.Dl4jEngine;
import org.convscope.imaging.ModelInput;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.convscope.ui.common.ModelSession;
import org.convscope.ui.common.TaskExecutor;
import org.junit.jupiter.api.Test;

/**
 * The Train screen against the session's weights: results name the weights they come from, retraining replaces or
 * clears them, Predict and Why? during training use a copy taken at a batch boundary, a queued Grad-CAM uses the
 * weights it names, and a model change clears the last run and says what can be trained.
 */
class TrainSessionStateTest {

    private static final Engine ENGINE = new Dl4jEngine();
    private static final Path CAT = Path.of("resources/samples/chelsea.png");

    private static TrainConfig oneEpoch(long seed) {
        return new TrainConfig(1, 64, 1e-3, TrainConfig.Optimizer.ADAM, seed, true);
    }

    /** Runs jobs at once, except those whose title is held: they wait for {@link #release}. */
    private static final class HoldingExecutor implements TaskExecutor {
        private final CurrentThreadTaskExecutor now = new CurrentThreadTaskExecutor();
        private final List<BackgroundJob<?>> held = new ArrayList<>();
        private Set<String> hold = Set.of();

        @Override
        public <V> JobHandle submit(BackgroundJob<V> job) {
            if (hold.contains(job.title())) {
                held.add(job);
                return null;
            }
            return now.submit(job);
        }

        void release() {
            hold = Set.of();
            List<BackgroundJob<?>> jobs = new ArrayList<>(held);
            held.clear();
            jobs.forEach(now::submit);
        }

        @Override
        public void shutdown() {
        }
    }

    private static double[] probabilities(CompiledModel model, Raster image) {
        var input = ModelInput.prepare(image, model.spec().input());
        return ENGINE.classify(model, LabelledImages.of(1, input.height(), input.width(), input.channels(), 1, i -> 0,
                i -> input), 1, () -> false)[0];
    }

    @Test
    void afterRetrainingThePredictionAndResultsAreTheNewWeightsAndAQueuedGradCamUsesTheWeightsItNames() throws Exception {
        ModelSession session = new ModelSession();
        HoldingExecutor executor = new HoldingExecutor();
        TrainViewModel vm = new TrainViewModel(session, () -> ENGINE, executor, Runnable::run);
        vm.start(oneEpoch(1), 256);
        var first = session.getWeights();
        assertEquals("run 1, after epoch 1", first.label());
        assertEquals(first, vm.results().reportProperty().get().weights(), "the results name the weights of run 1");
        vm.predictions().predict(CAT);
        var p1 = vm.predictions().predictionProperty().get();
        assertEquals(first, p1.weights().version());
        assertTrue(vm.statusProperty().get().endsWith("run 1, after epoch 1"), vm.statusProperty().get());

        executor.hold = Set.of("Why?");
        vm.predictions().explain(PredictionViewModel.Method.GRAD_CAM); // queued behind the next run
        vm.start(oneEpoch(2), 256);
        var second = session.getWeights();
        assertEquals("run 2, after epoch 1", second.label());
        var report = vm.results().reportProperty().get();
        assertEquals(second, report.weights(), "the test results are run 2's");
        var p2 = vm.predictions().predictionProperty().get();
        assertEquals(second, p2.weights().version(), "the prediction was made again with run 2's weights");
        CompiledModel model2 = session.trainedFor(session.getModel()).orElseThrow().model();
        assertArrayEquals(probabilities(model2, p2.image()), top3(p2, model2), 0.0);
        assertNull(vm.predictions().explanationProperty().get(), "no explanation of run 1's prediction is shown");

        executor.release(); // the queued Grad-CAM was for run 1's prediction: the one shown (run 2's) is explained
        var cam = vm.predictions().explanationProperty().get();
        assertEquals(second, cam.weights());
        assertTrue(cam.detail().endsWith("run 2, after epoch 1"), cam.detail());
        var expected = Explanations.gradCam(ENGINE, model2, cam.input(), -1, 0);
        for (int row = 0; row < cam.heat().length; row++) {
            assertArrayEquals(expected.cam().map()[row], cam.heat()[row], 1e-9);
        }
    }

    /** The probabilities of the prediction's classes, looked up in the model's full answer. */
    private static double[] top3(PredictionViewModel.Prediction p, CompiledModel model) {
        double[] all = probabilities(model, p.image());
        double[] out = all.clone();
        List<String> names = org.convscope.data.CifarImages.STANDARD_CLASS_NAMES;
        for (int k = 0; k < p.classes().size(); k++) {
            out[names.indexOf(p.classes().get(k))] = p.probabilities()[k];
        }
        return out; // equal to all only if every shown probability is the model's
    }

    @Test
    void predictDuringTrainingUsesACopyTakenAtABatchBoundary() throws Exception {
        ModelSession session = new ModelSession();
        Raster cat = org.convscope.imaging.Images.read(CAT, 1L << 26);
        TrainViewModel[] holder = new TrainViewModel[1];
        boolean[] asked = {false};
        String[] statusWhenAsked = {null};
        // the "FX thread": once two batches are drawn, Predict and Why? are asked for while training goes on
        TrainViewModel vm = new TrainViewModel(session, () -> ENGINE, new CurrentThreadTaskExecutor(), r -> {
            r.run();
            if (!asked[0] && holder[0].curves().batchLoss().size() == 2) {
                asked[0] = true;
                holder[0].predictions().predict(cat, "cat", PredictionViewModel.Method.GRAD_CAM);
                statusWhenAsked[0] = holder[0].statusProperty().get();
                assertNull(holder[0].predictions().predictionProperty().get(), "nothing waits: the copy comes at the boundary");
            }
        });
        holder[0] = vm;
        List<PredictionViewModel.Prediction> seen = new ArrayList<>();
        List<PredictionViewModel.Explanation> explained = new ArrayList<>();
        vm.predictions().predictionProperty().addListener((o, a, b) -> seen.add(b));
        vm.predictions().explanationProperty().addListener((o, a, b) -> explained.add(b));
        vm.start(new TrainConfig(1, 32, 1e-3, TrainConfig.Optimizer.ADAM, 3, true), 256);

        assertTrue(statusWhenAsked[0].startsWith("Taking a copy of the weights"), statusWhenAsked[0]);
        PredictionViewModel.Prediction during = seen.get(0);
        assertEquals("run 1, after batch 2 of epoch 1", during.weights().version().label());
        assertEquals("run 1, after batch 2 of epoch 1", explained.get(0).weights().label());
        CompiledModel copy = during.weights().model();
        CompiledModel trained = session.trainedFor(session.getModel()).orElseThrow().model();
        assertFalse(java.util.Arrays.equals(copy.biases(1), trained.biases(1)), "the copy kept batch 2's weights");
        double[] p = probabilities(copy, cat);
        assertEquals(java.util.Arrays.stream(p).max().orElseThrow(), during.probabilities()[0], 0.0);
        // after the run the prediction is made again with the final weights, and explained again
        var now = vm.predictions().predictionProperty().get();
        assertEquals(session.getWeights(), now.weights().version());
        assertEquals("run 1, after epoch 1", now.weights().version().label());
        assertEquals(session.getWeights(), vm.predictions().explanationProperty().get().weights());
    }

    @Test
    void predictAskedAfterTheLastBatchIsAnsweredWithTheFinalWeights() throws Exception {
        ModelSession session = new ModelSession();
        Raster cat = org.convscope.imaging.Images.read(CAT, 1L << 26);
        TrainViewModel[] holder = new TrainViewModel[1];
        boolean[] asked = {false};
        // asked once the epoch has ended: no batch boundary is left to take a copy at
        TrainViewModel vm = new TrainViewModel(session, () -> ENGINE, new CurrentThreadTaskExecutor(), r -> {
            r.run();
            if (!asked[0] && holder[0].curves().trainAccuracy().size() == 1) {
                asked[0] = true;
                holder[0].predictions().predict(cat, "cat", null);
            }
        });
        holder[0] = vm;
        vm.start(oneEpoch(4), 128);
        assertTrue(asked[0]);
        var p = vm.predictions().predictionProperty().get();
        assertEquals(session.getWeights(), p.weights().version(), "answered, not left waiting");
        assertEquals("run 1, after epoch 1", p.weights().version().label());
    }

    @Test
    void aModelChangeClearsTheRunAndAModelThatCannotTakeImagesGetsAFix() throws Exception {
        ModelSession session = new ModelSession();
        TrainViewModel vm = new TrainViewModel(session, () -> ENGINE, new CurrentThreadTaskExecutor(), Runnable::run);
        assertFalse(vm.hasTrainedProperty().get(), "Save is off before anything is trained");
        vm.start(oneEpoch(1), 256);
        vm.predictions().predict(CAT);
        assertTrue(vm.hasTrainedProperty().get());
        assertFalse(vm.speedProperty().get().contains("ETA"), "no ETA once the run is over: " + vm.speedProperty().get());

        InputSpec in = session.getModel().input();
        session.apply(ModelEdits.setInput(new InputSpec(in.height(), in.width(), 4), "4 channels", null));
        assertTrue(vm.curves().batchLoss().isEmpty() && vm.curves().validationAccuracy().isEmpty()
                && vm.curves().learningRates().isEmpty(), "the old curves are gone");
        assertNull(vm.results().reportProperty().get());
        assertNull(vm.predictions().predictionProperty().get());
        assertFalse(vm.hasTrainedProperty().get(), "nothing trained for this model: Save is off");
        assertTrue(vm.statusProperty().get().startsWith("The model changed: the last run's curves, test results and"
                + " prediction are cleared. The model takes 4 input channels"), vm.statusProperty().get());
        assertEquals("Use 3 input channels", vm.fitProperty().get().fixLabel());

        vm.start(oneEpoch(1), 256);
        assertTrue(vm.statusProperty().get().endsWith("Fix: Use 3 input channels."), vm.statusProperty().get());
        assertTrue(vm.curves().batchLoss().isEmpty(), "refused: nothing ran");

        vm.applyFix();
        assertEquals(3, session.getModel().input().channels());
        assertNull(vm.fitProperty().get());
        assertTrue(vm.statusProperty().get().startsWith("Use 3 input channels: done (Edit > Undo takes it back)."),
                vm.statusProperty().get());
        session.undo();
        assertEquals(4, session.getModel().input().channels(), "the fix is one undoable edit");
    }

    @Test
    void theStatusSaysWhatWillBeTrainedOnAndNothingOutlivesStop() {
        ModelSession session = new ModelSession();
        TrainViewModel[] holder = new TrainViewModel[1];
        List<String> speedAfterStop = new ArrayList<>();
        TrainViewModel vm = new TrainViewModel(session, () -> ENGINE, new CurrentThreadTaskExecutor(), r -> {
            r.run();
            if (holder[0].curves().batchLoss().size() >= 2 && !holder[0].control().stopRequested()) {
                holder[0].stop();
                speedAfterStop.add(holder[0].speedProperty().get());
            }
        });
        holder[0] = vm;
        assertEquals("Ready to train on the bundled CIFAR-10 sample (2,000 training and 500 test images).",
                vm.statusProperty().get());
        Path folder = Path.of("..", "shared", "datasets", "cifar-10");
        vm.data().setData(folder);
        assertEquals("Ready to train on CIFAR-10 from " + folder + " (50,000 training and 10,000 test images).",
                vm.statusProperty().get());
        vm.data().setData(null);
        vm.start(new TrainConfig(3, 32, 1e-3, TrainConfig.Optimizer.ADAM, 42, true), 256);
        assertEquals(List.of(""), speedAfterStop, "Stop clears the ETA at once");
        assertEquals("", vm.speedProperty().get());
        assertTrue(vm.statusProperty().get().startsWith("Stopped"), vm.statusProperty().get());
        assertNotEquals(null, session.trainedFor(session.getModel()).orElse(null), "stopping keeps what was trained");
    }
}
