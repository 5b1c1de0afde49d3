package org.convscope.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convscope.app.WeightsVersion;
import org.convscope.core.train.TrainConfig;
import org.convscope.engine.Engine;
import org.convscope.engine.dl4j.Dl4jEngine;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.Test;

/** The Train screen's state training a graph model, the {@code mobilenet-mini} preset, on the bundled sample. */
class GraphTrainViewModelTest {

    private static final Engine ENGINE = new Dl4jEngine();

    @Test
    void aGraphPresetTrainsWithCurvesAndNewWeights() {
        ModelSession session = new ModelSession();
        session.usePreset("mobilenet-mini");
        WeightsVersion before = session.getWeights();
        TrainViewModel vm = new TrainViewModel(session, () -> ENGINE, new CurrentThreadTaskExecutor(), Runnable::run);
        vm.start(new TrainConfig(1, 32, 1e-3, TrainConfig.Optimizer.ADAM, 42, true), 96);
        assertFalse(vm.runningProperty().get());
        assertTrue(vm.statusProperty().get().startsWith("Finished."), vm.statusProperty().get());
        assertEquals(3, vm.curves().batchLoss().size(), "96 images in batches of 32");
        assertEquals(1, vm.curves().epochLoss().size());
        assertEquals(1, vm.curves().validationAccuracy().size());
        double firstLoss = vm.curves().batchLoss().get(0).y();
        assertTrue(firstLoss > 1.0 && firstLoss < 5.0, "about ln 10 = 2.3 before learning: " + firstLoss);
        assertEquals(1.0, vm.progressProperty().get(), 1e-9);
        assertTrue(vm.hasTrainedProperty().get());
        assertNotEquals(before, session.getWeights(), "the session now holds the trained weights");
        assertTrue(session.trainedFor(session.getModel()).isPresent());

        // Predict and Why? with the trained weights: Grad-CAM and occlusion both work on a graph model
        vm.predictions().predict(java.nio.file.Path.of("resources/samples/chelsea.png"));
        var p = vm.predictions().predictionProperty().get();
        assertTrue(p != null, vm.statusProperty().get());
        assertEquals(3, p.classes().size(), "the three most likely classes");
        vm.predictions().explain(PredictionViewModel.Method.GRAD_CAM);
        var cam = vm.predictions().explanationProperty().get();
        assertTrue(cam != null, vm.statusProperty().get());
        assertFalse(vm.statusProperty().get().startsWith("Cannot explain"), vm.statusProperty().get());
        assertEquals(32, cam.heat().length, "the map enlarged to the 32 x 32 input");
        assertEquals(32, cam.heat()[0].length);
        vm.predictions().explain(PredictionViewModel.Method.OCCLUSION);
        var e = vm.predictions().explanationProperty().get();
        assertTrue(e != null, vm.statusProperty().get());
        assertEquals(32, e.heat().length, "a drop per pixel of the 32 x 32 input");
        assertEquals(32, e.heat()[0].length);
    }

    @Test
    void stoppingAGraphRunKeepsWhatWasTrained() {
        ModelSession session = new ModelSession();
        session.usePreset("mobilenet-mini");
        TrainViewModel[] holder = new TrainViewModel[1];
        // The "FX thread" stops training once the first batch has been drawn.
        TrainViewModel vm = new TrainViewModel(session, () -> ENGINE, new CurrentThreadTaskExecutor(), r -> {
            r.run();
            if (!holder[0].curves().batchLoss().isEmpty()) {
                holder[0].stop();
            }
        });
        holder[0] = vm;
        vm.start(new TrainConfig(2, 16, 1e-3, TrainConfig.Optimizer.ADAM, 42, true), 64);
        assertTrue(vm.statusProperty().get().startsWith("Stopped"), vm.statusProperty().get());
        assertEquals(1, vm.curves().batchLoss().size(), "stops at the next batch boundary");
        assertTrue(vm.hasTrainedProperty().get(), "the stopped run's weights are kept");
    }
}
