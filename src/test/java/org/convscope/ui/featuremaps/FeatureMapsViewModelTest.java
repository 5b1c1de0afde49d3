package org.convscope.ui.featuremaps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.convscope.app.TrainedWeights;
import org.convscope.app.Versioned;
import org.convscope.app.WeightsVersion;
import org.convscope.core.edit.ModelEdits;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.engine.CompiledModel;
import org.convscope.imaging.FeatureTile;
import org.convscope.imaging.ModelInput;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.ui.common.TaskExecutor;
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

        vm.showFilters(false);
        vm.showNumbers(vm.tiles().get(0));
        session.usePreset("vgg16");
        assertTrue(vm.errorProperty().get().contains("feature maps are shown for models up to 40,000,000"),
                vm.errorProperty().get());
        assertEquals(0, vm.tiles().size());
        // the header says the model is refused, not "Maps 1-64 of 64" of the model before
        assertEquals("Model refused: VGG16 (ImageNet) is too big to show its feature maps here.", vm.statusProperty().get());
        assertEquals(1, vm.pages());
        assertNull(vm.numbers().tileProperty().get(), "no numbers of the model before");
        assertEquals(NumbersPanel.clickATile(), vm.numbers().titleProperty().get());
    }

    @Test
    void trainedAndLoadedWeightsAreShownWhileTheyFitTheModel(@TempDir Path dir) throws Exception {
        ModelSession session = new ModelSession();
        session.usePreset("seed003-small");
        FeatureMapsViewModel vm = new FeatureMapsViewModel(session, () -> ENGINE, new CurrentThreadTaskExecutor());
        vm.activate();
        vm.showFilters(true);
        assertEquals(0.0, vm.filterBias(0), "untrained biases are 0");
        assertTrue(vm.statusProperty().get().contains("(untrained weights (seed 42); click a filter"),
                vm.statusProperty().get());

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
        session.setTrained(new org.convscope.app.TrainedWeights(model, org.convscope.app.WeightsVersion.trained(1, 2), "trained for this test",
                List.of(new org.convscope.app.TrainedWeights.Checkpoint(1, snapshot, org.convscope.app.WeightsVersion.trained(1, 1),
                        "epoch 1 of 1, validation accuracy 0.100"))));
        assertEquals(1, vm.checkpoints().size());
        assertEquals("final: run 1, after epoch 2", vm.weightsChoiceLabel(0), "the Weights choice names each version");
        assertEquals("run 1, after epoch 1", vm.weightsChoiceLabel(1));
        vm.showEpoch(1);
        assertEquals(0.0, vm.filterBias(0), 0.0, "the checkpoint's untrained bias");
        assertTrue(vm.statusProperty().get().contains("(run 1, after epoch 1;"), vm.statusProperty().get());
        assertEquals("run 1, after epoch 1", vm.shownWeightsProperty().get().label());
        vm.showEpoch(0);
        assertEquals(trainedBias, vm.filterBias(0), 0.0, "back to the final weights");
        assertTrue(vm.statusProperty().get().contains("(run 1, after epoch 2;"), vm.statusProperty().get());
        assertEquals(session.getWeights(), vm.shownWeightsProperty().get());

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

    /** Holds submitted jobs until {@link #runAll}, so a test sees the screen between a change and its render. */
    private static final class QueueExecutor implements TaskExecutor {
        private final Queue<BackgroundJob<?>> jobs = new ArrayDeque<>();
        private final CurrentThreadTaskExecutor inline = new CurrentThreadTaskExecutor();

        @Override
        public <V> JobHandle submit(BackgroundJob<V> job) {
            jobs.add(job);
            return new JobHandle() {
                @Override
                public void cancel() {
                    jobs.remove(job);
                }

                @Override
                public boolean isDone() {
                    return !jobs.contains(job);
                }
            };
        }

        void runAll() {
            while (!jobs.isEmpty()) {
                inline.submit(jobs.poll());
            }
        }

        @Override
        public void shutdown() {
        }
    }

    /** Map {@code channel} of the first layer for chelsea.png, computed here with the engine from {@code model}. */
    private static double[][] firstLayerMap(CompiledModel model, ModelSpec spec, int channel) throws Exception {
        var image = MapsRender.load("chelsea.png");
        return ENGINE.forward(model, ModelInput.prepare(image, spec.input()), CancelToken.NEVER).layer(1).output()
                .channel(channel);
    }

    private static void assertSameMap(double[][] expected, double[][] actual) {
        assertEquals(expected.length, actual.length);
        for (int r = 0; r < expected.length; r++) {
            assertArrayEquals(expected[r], actual[r], 1e-6, "row " + r);
        }
    }

    private static LayerSpec.Conv2D withFilters(LayerSpec layer, int filters) {
        LayerSpec.Conv2D c = (LayerSpec.Conv2D) layer;
        return new LayerSpec.Conv2D(c.userName(), filters, c.kernel(), c.strides(), c.padding(), c.activation(), c.useBias());
    }

    @Test
    void theNumbersPanelNeverShowsNumbersOfOtherWeightsThanItNames() throws Exception {
        ModelSession session = new ModelSession();
        session.usePreset("seed003-small"); // conv2d: 10 filters
        QueueExecutor jobs = new QueueExecutor();
        FeatureMapsViewModel vm = new FeatureMapsViewModel(session, () -> ENGINE, jobs);
        vm.activate();
        jobs.runAll();
        FeatureTile clicked = vm.tiles().get(2);
        vm.showNumbers(clicked);
        Versioned<FeatureTile> shown = vm.numbers().tileProperty().get();
        WeightsVersion untrained = session.getWeights();
        assertEquals(untrained, shown.weights());
        assertSameMap(firstLayerMap(ENGINE.compile(session.getModel(), 42), session.getModel(), 2), shown.value().values());
        assertTrue(vm.numbers().titleProperty().get().startsWith("Map 3: min "), vm.numbers().titleProperty().get());
        assertTrue(vm.numbers().titleProperty().get().endsWith("\nlayer 1, untrained weights (seed 42)"),
                vm.numbers().titleProperty().get());

        // retraining: other weights for the same model. Until they are rendered, nothing of the old ones is shown.
        CompiledModel retrained = ENGINE.compile(session.getModel(), 7);
        WeightsVersion run1 = WeightsVersion.trained(1, 3);
        session.setTrained(new TrainedWeights(retrained, run1, "trained 3 epochs"));
        assertNull(vm.numbers().tileProperty().get());
        assertEquals(0, vm.tiles().size());
        assertEquals(null, vm.shownWeightsProperty().get());
        assertEquals("The numbers of map 3 were computed from untrained weights (seed 42). The weights changed (now run 1,"
                + " after epoch 3): computing them again...", vm.numbers().titleProperty().get());
        assertEquals("The weights changed (now run 1, after epoch 3): computing the maps again...", vm.statusProperty().get());
        jobs.runAll();
        shown = vm.numbers().tileProperty().get();
        assertEquals(run1, shown.weights(), "the same map, recomputed from the new weights");
        assertEquals(2, shown.value().channel());
        assertTrue(vm.numbers().titleProperty().get().endsWith("\nlayer 1, run 1, after epoch 3"),
                vm.numbers().titleProperty().get());
        double[][] retrainedMap = firstLayerMap(retrained, session.getModel(), 2);
        assertSameMap(retrainedMap, shown.value().values());
        assertNotEquals(clicked.values()[5][5], shown.value().values()[5][5], "other weights, other numbers");
        assertTrue(vm.statusProperty().get().startsWith("Maps 1-10 of 10 for chelsea.png (run 1, after epoch 3)"),
                vm.statusProperty().get());

        // a model edit (12 filters): fresh weights again, named as such
        ModelSpec before = session.getModel();
        session.apply(ModelEdits.replace(0, withFilters(before.layers().get(0), 12), "Set filters of conv2d to 12", null));
        assertNull(vm.numbers().tileProperty().get());
        assertTrue(vm.numbers().titleProperty().get().startsWith("The numbers of map 3 were computed from run 1, after "
                + "epoch 3. The model changed (now untrained weights (seed 42))"), vm.numbers().titleProperty().get());
        jobs.runAll();
        shown = vm.numbers().tileProperty().get();
        assertEquals(session.getWeights(), shown.weights());
        assertNotEquals(untrained, shown.weights(), "the edited model's fresh weights are another version");
        assertSameMap(firstLayerMap(ENGINE.compile(session.getModel(), 42), session.getModel(), 2), shown.value().values());
        assertEquals(12, vm.tiles().size());

        // an edit that leaves no map 3: the panel is emptied, not left showing the old numbers
        session.apply(ModelEdits.replace(0, withFilters(before.layers().get(0), 2), "Set filters of conv2d to 2", null));
        jobs.runAll();
        assertNull(vm.numbers().tileProperty().get());
        assertEquals(NumbersPanel.clickATile(), vm.numbers().titleProperty().get());
        assertEquals(2, vm.tiles().size());
    }
}
