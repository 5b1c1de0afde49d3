package org.convscope.ui.featuremaps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.convscope.core.image.Raster;
import org.convscope.engine.Engine;
import org.convscope.engine.dl4j.Dl4jEngine;
import org.convscope.imaging.Images;
import org.convscope.imaging.TileRenderer;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The screen's state with the real engine, jobs run inline. */
class FeatureMapsViewModelTest {

    private static final Engine ENGINE = new Dl4jEngine();

    @Test
    void layersPagesFiltersAndExport(@TempDir Path dir) throws Exception {
        ModelSession session = new ModelSession();
        session.usePreset("seed003-bigger"); // conv2d_1 has 512 filters: 8 pages of 64
        FeatureMapsViewModel vm = new FeatureMapsViewModel(session, () -> ENGINE, new CurrentThreadTaskExecutor());
        assertEquals(0, vm.tiles().size(), "nothing is computed before the screen is shown");
        vm.activate();
        assertEquals(8, vm.tiles().size(), "conv2d: 8 filters, 8 maps");
        assertEquals(30, vm.tiles().get(0).values().length, "30 x 30 maps");
        vm.selectLayer(3);
        assertEquals(8, vm.pages());
        assertEquals(64, vm.tiles().size());
        vm.nextPage();
        assertEquals(64, vm.tiles().get(0).channel(), "page 2 starts at map 65");
        assertTrue(vm.statusProperty().get().startsWith("Maps 65-128 of 512"), vm.statusProperty().get());
        vm.setNormalisation(TileRenderer.Normalisation.PER_LAYER);
        assertEquals(1, vm.page(), "changing the scale keeps the page");

        vm.showFilters(true);
        assertEquals(64, vm.tiles().size(), "conv2d_1: 512 filters, first page");
        assertEquals(3, vm.tiles().get(0).values().length, "3 x 3 kernels");
        assertEquals(64, vm.filterRows().size());
        assertEquals(8, vm.filterRows().get(0).channels().size(), "one tile per input channel: conv2d_1 sees conv2d's 8 maps");
        assertEquals(0.0, vm.filterBias(0), "biases start at 0 (untrained)");
        assertTrue(Double.isNaN(vm.filterBias(512)), "no such filter");

        Path png = dir.resolve("filters.png");
        vm.exportPng(png);
        Raster sheet = Images.read(png, Images.DEFAULT_MAX_PIXELS);
        assertEquals(3, sheet.channels());
        assertTrue(vm.statusProperty().get().startsWith("Exported"), vm.statusProperty().get());

        session.usePreset("vgg16");
        assertTrue(vm.errorProperty().get().contains("feature maps are shown for models up to 40,000,000"),
                vm.errorProperty().get());
        assertEquals(0, vm.tiles().size());
    }

    @Test
    void trainedAndLoadedWeightsAreShownWhileTheyFitTheModel(@TempDir Path dir) throws Exception {
        ModelSession session = new ModelSession();
        session.usePreset("seed003-small");
        FeatureMapsViewModel vm = new FeatureMapsViewModel(session, () -> ENGINE, new CurrentThreadTaskExecutor());
        vm.activate();
        vm.showFilters(true);
        assertEquals(0.0, vm.filterBias(0), "untrained biases are 0");
        assertTrue(vm.statusProperty().get().contains("untrained weights"), vm.statusProperty().get());

        // a few real training batches move the biases away from 0
        var model = ENGINE.compile(session.getModel(), 5);
        var sample = org.convscope.data.CifarReader.readBundledSample(org.convscope.core.task.CancelToken.NEVER,
                org.convscope.core.task.ProgressSink.NONE);
        ENGINE.train(model, new org.convscope.data.CifarTrainingImages(sample.train()).head(128),
                new org.convscope.data.CifarTrainingImages(sample.test()).head(0),
                new org.convscope.core.train.TrainConfig(1, 32, 1e-2, org.convscope.core.train.TrainConfig.Optimizer.ADAM, 5, true),
                new org.convscope.core.train.TrainingListener() { }, org.convscope.core.task.CancelToken.NEVER);
        double trainedBias = model.biases(1)[0];
        assertTrue(Math.abs(trainedBias) > 1e-6, "training changed the first bias: " + trainedBias);

        session.setTrained(new org.convscope.app.TrainedWeights(model, org.convscope.app.WeightsVersion.trained(1, 1), "trained for this test"));
        assertEquals(trainedBias, vm.filterBias(0), 0.0, "the Filters view shows the trained weights at once");

        // the time machine: a checkpoint from before this training (a copy, untouched by the training after it)
        var before = ENGINE.compile(session.getModel(), 5);
        var snapshot = ENGINE.copy(before);
        session.setTrained(new org.convscope.app.TrainedWeights(model, org.convscope.app.WeightsVersion.trained(1, 1), "trained for this test",
                List.of(new org.convscope.app.TrainedWeights.Checkpoint(1, snapshot, org.convscope.app.WeightsVersion.trained(1, 1),
                        "epoch 1 of 1, validation accuracy 0.100"))));
        assertEquals(1, vm.checkpoints().size());
        vm.showEpoch(1);
        assertEquals(0.0, vm.filterBias(0), 0.0, "the checkpoint's untrained bias");
        assertTrue(vm.statusProperty().get().contains("weights after epoch 1 of 1"), vm.statusProperty().get());
        vm.showEpoch(0);
        assertEquals(trainedBias, vm.filterBias(0), 0.0, "back to the final weights");
        assertTrue(vm.statusProperty().get().contains("trained for this test"), vm.statusProperty().get());

        Path zip = dir.resolve("small.convscope.zip");
        ENGINE.save(model, zip);
        session.usePreset("tf-cifar-cnn");
        assertTrue(session.trainedFor(session.getModel()).isEmpty(), "another model drops the weights");
        assertTrue(vm.statusProperty().get().contains("untrained weights"), vm.statusProperty().get());

        session.openWithWeights(ENGINE.load(zip), org.convscope.app.WeightsVersion.opened(zip));
        assertEquals(org.convscope.io.Presets.find("seed003-small").orElseThrow().layers(), session.getModel().layers(),
                "the saved architecture is on the Build screen");
        assertEquals(trainedBias, vm.filterBias(0), 1e-7, "float32 weights round-trip");
        assertTrue(vm.statusProperty().get().contains("weights from small.convscope.zip"), vm.statusProperty().get());
    }
}
