package org.convscope.ui.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.convscope.core.train.BatchEnded;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingListener;
import org.convscope.engine.Engine;
import org.convscope.engine.dl4j.Dl4jEngine;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.convscope.ui.common.FxBatcher;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.Test;

/** A real (small) training run through the screen's state, jobs and event drains inline. */
class TrainViewModelTest {

    private static final Engine ENGINE = new Dl4jEngine();

    @Test
    void aModelShownOnlyUpToAnUnsupportedLayerIsNotTrainedPredictedOrEvaluated() throws Exception {
        ModelSession session = new ModelSession();
        TrainViewModel vm = new TrainViewModel(session, () -> ENGINE, new CurrentThreadTaskExecutor(), Runnable::run);
        java.nio.file.Path h5 = java.nio.file.Path.of("src/test/resources/keras/partial_mini.h5"); // cut at a PReLU
        session.openWithWeights(ENGINE.importKeras(h5).model(), org.convscope.app.WeightsVersion.imported(h5));
        String why = "needs the whole model, but partial_mini.h5 is shown only up to its first unsupported"
                + " layer, prelu (PReLU)";
        vm.start(new TrainConfig(1, 64, 1e-3, TrainConfig.Optimizer.ADAM, 1, true), 64);
        assertFalse(vm.runningProperty().get());
        assertTrue(vm.statusProperty().get().contains("Training " + why), vm.statusProperty().get());
        vm.predictions().predict(java.nio.file.Path.of("resources/samples/chelsea.png"));
        assertEquals(null, vm.predictions().predictionProperty().get());
        assertTrue(vm.statusProperty().get().startsWith("Cannot predict chelsea.png: Predict " + why),
                vm.statusProperty().get());
        vm.evaluate();
        assertTrue(vm.statusProperty().get().startsWith("Cannot evaluate: Evaluate " + why), vm.statusProperty().get());
    }

    @Test
    void fineTuningStartsFromTheSessionsWeightsWithTheFirstLayersFrozen() throws Exception {
        ModelSession session = new ModelSession();
        TrainViewModel vm = new TrainViewModel(session, () -> ENGINE, new CurrentThreadTaskExecutor(), Runnable::run);
        vm.setStartFromTrained(true);
        vm.start(new TrainConfig(1, 64, 1e-3, TrainConfig.Optimizer.ADAM, 1, true), 256);
        assertTrue(vm.statusProperty().get().startsWith("There are no trained weights"), vm.statusProperty().get());
        assertFalse(vm.runningProperty().get());

        var opened = ENGINE.compile(org.convscope.io.Presets.find("tf-cifar-cnn").orElseThrow(), 9);
        var before1 = opened.filters(1)[0].values().clone();
        var before3 = opened.filters(3)[0].values().clone();
        session.openWithWeights(opened, org.convscope.app.WeightsVersion.opened(java.nio.file.Path.of("opened.convscope.zip")));
        vm.start(new TrainConfig(1, 64, 1e-3, TrainConfig.Optimizer.ADAM, 1, true).withFrozenLayers(2), 256);
        var tuned = session.trainedFor(session.getModel()).orElseThrow().model();
        assertTrue(tuned != opened, "the run trains a copy");
        assertArrayEquals(before1, tuned.filters(1)[0].values(), 0.0, "conv2d is frozen");
        assertFalse(java.util.Arrays.equals(before3, tuned.filters(3)[0].values()), "conv2d_1 learned");
        assertArrayEquals(before3, opened.filters(3)[0].values(), 0.0, "the opened weights are untouched");
        // fresh weights again (the same seed as the opened ones): every layer learns
        vm.setStartFromTrained(false);
        vm.start(new TrainConfig(1, 64, 1e-3, TrainConfig.Optimizer.ADAM, 9, true), 256);
        var fresh = session.trainedFor(session.getModel()).orElseThrow().model();
        assertFalse(java.util.Arrays.equals(before1, fresh.filters(1)[0].values()), "fresh weights learn in every layer");
    }

    @Test
    void anOpenedTrainedModelIsEvaluatedOnTheTestImages() throws Exception {
        ModelSession session = new ModelSession();
        TrainViewModel vm = new TrainViewModel(session, () -> ENGINE, new CurrentThreadTaskExecutor(), Runnable::run);
        vm.evaluate();
        assertTrue(vm.statusProperty().get().startsWith("Train a model or open a trained one"), vm.statusProperty().get());
        // a model "opened" with untrained weights from a fixed seed: its own predictions, counted here independently
        var model = ENGINE.compile(org.convscope.io.Presets.find("tf-cifar-cnn").orElseThrow(), 5);
        session.openWithWeights(model, org.convscope.app.WeightsVersion.opened(java.nio.file.Path.of("opened.convscope.zip")));
        vm.evaluate();
        TestResultsViewModel.Report r = vm.results().reportProperty().get();
        var test = org.convscope.data.CifarReader.readBundledSample(org.convscope.core.task.CancelToken.NEVER,
                org.convscope.core.task.ProgressSink.NONE).test();
        double[][] p = ENGINE.classify(model, new org.convscope.data.CifarTrainingImages(test), 64, () -> false);
        int right = 0;
        for (int k = 0; k < p.length; k++) {
            int best = 0;
            for (int c = 1; c < p[k].length; c++) {
                best = p[k][c] > p[k][best] ? c : best;
            }
            assertEquals(best, r.predicted()[k]);
            right += best == test.label(k) ? 1 : 0;
        }
        assertEquals(500, r.evaluation().total());
        assertEquals(right / 500.0, r.evaluation().accuracy(), 1e-12);
        assertEquals(25, vm.results().gallery().size(), "the first 25 test images");
        assertTrue(vm.statusProperty().get().startsWith(String.format(java.util.Locale.ROOT, "Test accuracy %.3f on 500 images",
                right / 500.0)), vm.statusProperty().get());
    }

    @Test
    void aTrainedModelCanBeSavedAndLoadedBack(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ModelSession session = new ModelSession();
        TrainViewModel vm = new TrainViewModel(session, () -> ENGINE, new CurrentThreadTaskExecutor(), Runnable::run);
        assertFalse(vm.hasTrainedProperty().get());
        vm.start(new TrainConfig(1, 64, 1e-3, TrainConfig.Optimizer.ADAM, 42, true), 128);
        assertTrue(vm.hasTrainedProperty().get());
        java.nio.file.Path file = dir.resolve("t.convscope.zip");
        vm.saveTrained(file);
        assertTrue(vm.statusProperty().get().startsWith("Saved the trained model"), vm.statusProperty().get());
        assertEquals(session.getModel(), ENGINE.load(file).spec());

        java.nio.file.Path csv = dir.resolve("history.csv");
        vm.saveHistory(csv);
        List<String> lines = java.nio.file.Files.readAllLines(csv);
        assertEquals("epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds", lines.get(0));
        String[] epoch1 = lines.get(1).split(",");
        assertEquals("1", epoch1[0]);
        assertEquals(vm.curves().validationAccuracy().get(0).y(), Double.parseDouble(epoch1[4]), 0.0, "exact, not rounded");
        assertEquals("batch,index,loss", lines.get(2));
        assertEquals(2 + 1 + 2, lines.size(), "one epoch, then 128 images in 2 batches of 64");

        java.nio.file.Path png = dir.resolve("charts.png");
        byte[] rgb = new byte[4 * 3 * 3];
        rgb[0] = (byte) 200;
        vm.exportPng(new org.convscope.core.image.Raster(4, 3, 3, rgb), png);
        var back = org.convscope.imaging.Images.read(png, 1000);
        assertEquals(3, back.width());
        assertEquals(200, back.get(0, 0, 0));
    }

    @Test
    void aRunFillsTheCurvesAndFinishes() {
        ModelSession session = new ModelSession(); // tf-cifar-cnn
        TrainViewModel vm = new TrainViewModel(session, () -> ENGINE, new CurrentThreadTaskExecutor(), Runnable::run);
        vm.start(new TrainConfig(1, 64, 1e-3, TrainConfig.Optimizer.ADAM, 42, true), 256);
        assertFalse(vm.runningProperty().get());
        assertEquals(4, vm.curves().batchLoss().size(), "256 images in batches of 64");
        assertEquals(1, vm.curves().trainAccuracy().size());
        assertEquals(1, vm.curves().validationAccuracy().size());
        assertEquals(1, vm.curves().epochLoss().size());
        assertEquals(1, vm.curves().validationLoss().size());
        assertEquals(List.of(new TrainViewModel.Point(1, 1e-3)), vm.curves().learningRates());
        assertEquals(1.0, vm.progressProperty().get(), 1e-9);
        assertTrue(vm.statusProperty().get().startsWith("Finished."), vm.statusProperty().get());
        double firstLoss = vm.curves().batchLoss().get(0).y();
        assertTrue(firstLoss > 1.5 && firstLoss < 3.5, "about ln 10 = 2.3 before learning: " + firstLoss);
        assertTrue(vm.speedProperty().get().matches("\\d+ images/s    took \\d+ s"), "no ETA once finished: "
                + vm.speedProperty().get());
    }

    @Test
    void aRunEndsWithTheConfusionMatrixAndAGalleryOfPredictions() throws Exception {
        ModelSession session = new ModelSession();
        TrainViewModel vm = new TrainViewModel(session, () -> ENGINE, new CurrentThreadTaskExecutor(), Runnable::run);
        assertEquals(null, vm.results().reportProperty().get());
        vm.start(new TrainConfig(1, 64, 1e-3, TrainConfig.Optimizer.ADAM, 42, true), 512);
        TestResultsViewModel.Report r = vm.results().reportProperty().get();
        assertTrue(r != null);
        long[][] m = r.evaluation().matrix();
        assertEquals(500, r.evaluation().total(), "the sample's 500 test images");
        for (int t = 0; t < 10; t++) {
            long row = 0;
            for (long v : m[t]) {
                row += v;
            }
            assertEquals(50, row, "the sample has 50 test images per class");
        }
        // the report and the last epoch's validation measure the same weights on the same images
        double lastVal = vm.curves().validationAccuracy().get(vm.curves().validationAccuracy().size() - 1).y();
        assertEquals(lastVal, r.evaluation().accuracy(), 1e-9);

        assertEquals(25, vm.results().gallery().size(), "the seed's 5x5 grid");
        for (GalleryItem g : vm.results().gallery()) {
            assertEquals(g.truth().equals(g.predicted()), g.right());
            assertEquals(r.className(g.index()), g.truth());
            assertEquals(32, g.image().width());
        }
        // one cell: the most frequent mistake
        int bt = 0;
        int bp = 1;
        for (int t = 0; t < 10; t++) {
            for (int p = 0; p < 10; p++) {
                if (t != p && m[t][p] > m[bt][bp]) {
                    bt = t;
                    bp = p;
                }
            }
        }
        vm.results().showCell(bt, bp);
        assertEquals(Math.min(60, m[bt][bp]), vm.results().gallery().size());
        for (GalleryItem g : vm.results().gallery()) {
            assertEquals(r.evaluation().classes().get(bt), g.truth());
            assertEquals(r.evaluation().classes().get(bp), g.predicted());
            assertFalse(g.right());
        }
        assertTrue(vm.results().galleryTitleProperty().get().contains(" predicted as "), vm.results().galleryTitleProperty().get());

        // predict one of the user's images: the three most likely classes of the trained model's softmax
        vm.predictions().predict(java.nio.file.Path.of("resources/samples/chelsea.png"));
        PredictionViewModel.Prediction p = vm.predictions().predictionProperty().get();
        assertEquals(3, p.classes().size());
        assertTrue(p.probabilities()[0] >= p.probabilities()[1] && p.probabilities()[1] >= p.probabilities()[2]);
        var trained = session.trainedFor(session.getModel()).orElseThrow().model();
        var out = ENGINE.forward(trained, org.convscope.imaging.ModelInput.prepare(
                org.convscope.imaging.Images.read(java.nio.file.Path.of("resources/samples/chelsea.png"), 1L << 26),
                session.getModel().input()));
        double[] z = out.layer(out.size()).output().values(); // tf-cifar-cnn ends in logits
        double max = java.util.Arrays.stream(z).max().orElseThrow();
        double sum = java.util.Arrays.stream(z).map(v -> Math.exp(v - max)).sum();
        int best = 0;
        for (int i = 1; i < z.length; i++) {
            best = z[i] > z[best] ? i : best;
        }
        assertEquals(r.evaluation().classes().get(best), p.classes().get(0));
        assertEquals(1 / sum, p.probabilities()[0], 1e-6, "softmax of the top logit");
        assertTrue(vm.statusProperty().get().startsWith("chelsea.png: " + p.classes().get(0)), vm.statusProperty().get());

        // why: the occlusion map of the predicted class over the 32x32 input, its probability the prediction's
        vm.predictions().explain(PredictionViewModel.Method.OCCLUSION);
        PredictionViewModel.Explanation ex = vm.predictions().explanationProperty().get();
        assertEquals(p.classes().get(0), ex.className());
        assertEquals(p.probabilities()[0], ex.probability(), 1e-6);
        assertEquals("a grey patch of 8x8 pixels moved 2 pixels at a time; run 1, after epoch 1", ex.detail(),
                "the patch and the weights, without 'a 8x8'");
        assertEquals(32, ex.heat().length);
        assertEquals(32, ex.heat()[0].length);
        var input = ex.input();
        var occlusion = org.convscope.engine.Explanations.occlusion(ENGINE, trained, input, best, 8, 2, 0.5, () -> false);
        assertArrayEquals(occlusion.drops()[5], ex.heat()[5], 1e-9, "the engine's occlusion map of the top class");

        // why, Grad-CAM: the top class at conv2d_2 (4x4x64), enlarged to 32x32, equal to the engine's
        vm.predictions().explain(PredictionViewModel.Method.GRAD_CAM);
        PredictionViewModel.Explanation cam = vm.predictions().explanationProperty().get();
        assertEquals(PredictionViewModel.Method.GRAD_CAM, cam.method());
        assertEquals(p.probabilities()[0], cam.probability(), 1e-6);
        assertTrue(cam.detail().startsWith("layer conv2d_2, 4x4 maps, 64 channels"), cam.detail());
        var expected = org.convscope.engine.Explanations.gradCam(ENGINE, trained, input, best, 5);
        for (int row = 0; row < 32; row++) {
            assertArrayEquals(expected.cam().map()[row], cam.heat()[row], 1e-9);
        }

        // a test image from the gallery: predicted and explained with Grad-CAM in one go
        GalleryItem item = vm.results().gallery().get(0);
        vm.predictions().predict(item.image(), "test image " + (item.index() + 1), PredictionViewModel.Method.GRAD_CAM);
        assertEquals(item.predicted(), vm.predictions().predictionProperty().get().classes().get(0));
        assertEquals(item.predicted(), vm.predictions().explanationProperty().get().className());
        assertEquals(PredictionViewModel.Method.GRAD_CAM, vm.predictions().explanationProperty().get().method());

        vm.predictions().predict(java.nio.file.Path.of("no-such-image.png"));
        assertTrue(vm.statusProperty().get().startsWith("Cannot predict no-such-image.png"), vm.statusProperty().get());
    }

    @Test
    void theFullDataSetFromAFolder() {
        java.nio.file.Path shared = java.nio.file.Path.of("..", "shared", "datasets", "cifar-10");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(shared),
                "skipped: ../shared/datasets/cifar-10 (the real CIFAR-10) is not here");
        ModelSession session = new ModelSession();
        TrainViewModel vm = new TrainViewModel(session, () -> ENGINE, new CurrentThreadTaskExecutor(), Runnable::run);
        vm.data().setData(shared);
        assertTrue(vm.data().dataDescriptionProperty().get().contains("50,000 training and 10,000 test images"));
        vm.start(new TrainConfig(1, 64, 1e-3, TrainConfig.Optimizer.ADAM, 42, true), 1024);
        assertEquals(16, vm.curves().batchLoss().size(), "1,024 of the 50,000 images in batches of 64");
        assertEquals(10_000, vm.results().reportProperty().get().evaluation().total(), "evaluated on the official test batch");
        assertTrue(vm.results().reportProperty().get().evaluation().accuracy() > 0.15, "above chance after 1,024 images");
    }

    @Test
    void downloadWithProgressThenUseTheArchive(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        byte[] fixture = new byte[300_000];
        new java.util.Random(9).nextBytes(fixture);
        String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(fixture));
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        server.createContext("/c.tar.gz", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, fixture.length);
            try (var out = ex.getResponseBody()) {
                out.write(fixture);
            }
        });
        server.start();
        try {
            TrainViewModel vm = new TrainViewModel(new ModelSession(), () -> ENGINE, new CurrentThreadTaskExecutor(),
                    Runnable::run, dir);
            vm.setDownloadSource(java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/c.tar.gz"), md5);
            vm.download();
            assertFalse(vm.runningProperty().get());
            assertFalse(vm.downloadingProperty().get());
            java.nio.file.Path archive = dir.resolve("cifar-10-binary.tar.gz");
            assertTrue(vm.statusProperty().get().startsWith("Downloaded and checked " + archive), vm.statusProperty().get());
            assertEquals(fixture.length, java.nio.file.Files.size(archive));
            assertTrue(vm.data().dataDescriptionProperty().get().contains(archive.toString()), vm.data().dataDescriptionProperty().get());
            vm.download();
            assertEquals(1, requests.get(), "a checked archive is not downloaded twice");

            vm.setDownloadSource(java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/c.tar.gz"), md5);
            java.nio.file.Files.delete(archive);
            vm.setDownloadSource(java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/c.tar.gz"),
                    "0123456789abcdef0123456789abcdef");
            vm.download();
            assertTrue(vm.statusProperty().get().startsWith("The download failed:")
                    && vm.statusProperty().get().contains("is damaged"), vm.statusProperty().get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void previewShowsRandomImagesAndTheDataStatistics() {
        TrainViewModel vm = new TrainViewModel(new ModelSession(), () -> ENGINE, new CurrentThreadTaskExecutor(), Runnable::run);
        vm.previewData(1);
        assertEquals(25, vm.data().preview().size());
        String text = vm.data().previewTextProperty().get();
        assertTrue(text.startsWith("2,000 training, 500 validation and 500 test images. Per-channel mean 0."), text);
        assertTrue(text.contains("Per class: airplane 200, automobile 200,"), text);
        // the sample's mean is close to the full data set's published 0.4914 for red
        double red = Double.parseDouble(text.replaceAll(".*Per-channel mean ([0-9.]+),.*", "$1"));
        assertEquals(0.4914, red, 0.02);
        for (GalleryItem g : vm.data().preview()) {
            assertEquals(32, g.image().height());
        }
    }

    @Test
    void normalisedRunsKeepTheDataStatisticsWithTheModel() throws Exception {
        ModelSession session = new ModelSession();
        TrainViewModel vm = new TrainViewModel(session, () -> ENGINE, new CurrentThreadTaskExecutor(), Runnable::run);
        vm.data().setNormalise(true);
        vm.start(new TrainConfig(1, 64, 1e-3, TrainConfig.Optimizer.ADAM, 42, true), 256);
        var model = session.trainedFor(session.getModel()).orElseThrow().model();
        var sample = org.convscope.data.CifarReader.readBundledSample(org.convscope.core.task.CancelToken.NEVER,
                org.convscope.core.task.ProgressSink.NONE);
        // the statistics of the 256 images trained on (as 'convscope train --limit 256 --normalize'), here from
        // CifarImages' exact integer sums; the pipeline sums pixels / 255 as floats
        var first256 = sample.train().range(0, 256);
        assertArrayEquals(first256.perChannelMean(), model.inputNormalization().orElseThrow().mean(), 1e-6);
        assertArrayEquals(first256.perChannelStd(), model.inputNormalization().orElseThrow().std(), 1e-6);
        assertEquals(model.inputNormalization(), session.trainedFor(session.getModel()).orElseThrow().checkpoints().get(0)
                .model().inputNormalization(), "checkpoints carry it too");
    }

    @Test
    void heldOutValidationUsesATenthOfTheTrainingImagesAndTheReportTheTestSet() {
        TrainViewModel vm = new TrainViewModel(new ModelSession(), () -> ENGINE, new CurrentThreadTaskExecutor(), Runnable::run);
        vm.data().setHoldOutValidation(true);
        vm.start(new TrainConfig(1, 64, 1e-3, TrainConfig.Optimizer.ADAM, 42, true), 2000);
        // 2,000 sample images: 200 held out, 1,800 trained on in batches of 64 -> 29 batches
        assertEquals(29, vm.curves().batchLoss().size());
        assertEquals(1.0, vm.epochProgressProperty().get(), 1e-12);
        assertEquals(500, vm.results().reportProperty().get().evaluation().total(), "the report is on the 500 test images");
    }

    @Test
    void theRateChartShowsTheScheduleForTheWholeRun() {
        TrainViewModel vm = new TrainViewModel(new ModelSession(), () -> ENGINE, new CurrentThreadTaskExecutor(), Runnable::run);
        vm.start(new TrainConfig(4, 64, 0.01, TrainConfig.Optimizer.ADAM, 42, true,
                org.convscope.core.train.Augmentation.NONE, new org.convscope.core.train.LearningRateSchedule(
                        org.convscope.core.train.LearningRateSchedule.Kind.STEP, 2)), 128);
        assertEquals(List.of(new TrainViewModel.Point(1, 0.01), new TrainViewModel.Point(2, 0.01),
                new TrainViewModel.Point(3, 0.005), new TrainViewModel.Point(4, 0.005)), vm.curves().learningRates());
        assertEquals(4, vm.curves().epochLoss().size());
    }

    @Test
    void everyEpochLeavesACheckpoint() {
        ModelSession session = new ModelSession();
        TrainViewModel vm = new TrainViewModel(session, () -> ENGINE, new CurrentThreadTaskExecutor(), Runnable::run);
        vm.start(new TrainConfig(2, 64, 1e-3, TrainConfig.Optimizer.ADAM, 42, true), 256);
        var weights = session.trainedFor(session.getModel()).orElseThrow();
        assertEquals(2, weights.checkpoints().size());
        assertEquals(1, weights.checkpoints().get(0).epoch());
        assertTrue(weights.checkpoints().get(0).description().startsWith("epoch 1 of 2, validation accuracy "));
        double[] finalBias = weights.model().biases(1);
        double[] epoch2 = weights.checkpoints().get(1).model().biases(1);
        double[] epoch1 = weights.checkpoints().get(0).model().biases(1);
        org.junit.jupiter.api.Assertions.assertArrayEquals(finalBias, epoch2, 0.0, "the last checkpoint is the final model");
        assertFalse(java.util.Arrays.equals(epoch1, epoch2), "epoch 2 moved the weights on");
    }

    @Test
    void stopKeepsWhatWasTrained() {
        ModelSession session = new ModelSession();
        RecordingEngine engine = new RecordingEngine(ENGINE);
        TrainViewModel[] holder = new TrainViewModel[1];
        // The "FX thread" stops training once two batches have been drawn.
        TrainViewModel vm = new TrainViewModel(session, () -> engine, new CurrentThreadTaskExecutor(), r -> {
            r.run();
            if (holder[0].curves().batchLoss().size() >= 2) {
                holder[0].stop();
            }
        });
        holder[0] = vm;
        vm.start(new TrainConfig(3, 32, 1e-3, TrainConfig.Optimizer.ADAM, 42, true), 256);
        assertTrue(vm.statusProperty().get().startsWith("Stopped"), vm.statusProperty().get());
        assertEquals(2, vm.curves().batchLoss().size(), "stops at the next batch boundary: no batch after the one that asked");
        assertTrue(vm.hasTrainedProperty().get(), "the stopped run's weights are kept");
        var kept = session.trainedFor(session.getModel()).orElseThrow().model();

        // The reference: the same starting weights trained on the same images for exactly two batches.
        var reference = ENGINE.copy(engine.initial);
        AtomicInteger batches = new AtomicInteger();
        ENGINE.train(reference, engine.train, engine.validation, engine.config, new TrainingListener() {
            @Override
            public void onBatch(BatchEnded e) {
                batches.incrementAndGet();
            }
        }, () -> batches.get() >= 2);
        assertEquals(2, batches.get());
        for (int layer : new int[] {1, 3, 5}) { // the three Conv2D layers of the default preset
            double[] initial = engine.initial.filters(layer)[0].values();
            double[] after = kept.filters(layer)[0].values();
            assertFalse(java.util.Arrays.equals(initial, after), "conv layer " + layer + " learned in two batches");
            assertArrayEquals(reference.filters(layer)[0].values(), after, 1e-6, "conv layer " + layer
                    + " holds the weights after the second batch");
        }
        int last = kept.spec().layers().size();
        assertFalse(java.util.Arrays.equals(engine.initial.biases(last), kept.biases(last)), "the head's biases learned");
        assertArrayEquals(reference.biases(last), kept.biases(last), 1e-6, "the head's biases after the second batch");
    }

    /** The real engine, remembering what the screen trained: the starting weights, the images and the settings. */
    private static final class RecordingEngine implements Engine {
        private final Engine real;
        private org.convscope.engine.CompiledModel initial;
        private org.convscope.core.train.LabelledImages train;
        private org.convscope.core.train.LabelledImages validation;
        private TrainConfig config;

        RecordingEngine(Engine real) {
            this.real = real;
        }

        @Override
        public org.convscope.engine.CompiledModel compile(org.convscope.core.model.ModelSpec spec, long seed) {
            return real.compile(spec, seed);
        }

        @Override
        public org.convscope.engine.Activations forward(org.convscope.engine.CompiledModel model,
                org.convscope.core.conv.Volume image) {
            return real.forward(model, image);
        }

        @Override
        public double[][] classify(org.convscope.engine.CompiledModel model, org.convscope.core.train.LabelledImages images,
                int batchSize, org.convscope.core.task.CancelToken cancel) {
            return real.classify(model, images, batchSize, cancel);
        }

        @Override
        public void setInputNormalization(org.convscope.engine.CompiledModel model,
                org.convscope.core.train.InputNormalization normalization) {
            real.setInputNormalization(model, normalization);
        }

        @Override
        public org.convscope.engine.CompiledModel copy(org.convscope.engine.CompiledModel model) {
            return real.copy(model);
        }

        @Override
        public org.convscope.core.train.TrainingResult train(org.convscope.engine.CompiledModel model,
                org.convscope.core.train.LabelledImages train, org.convscope.core.train.LabelledImages validation,
                TrainConfig config, TrainingListener listener, org.convscope.core.task.CancelToken cancel) {
            this.initial = real.copy(model);
            this.train = train;
            this.validation = validation;
            this.config = config;
            return real.train(model, train, validation, config, listener, cancel);
        }
    }

    @Test
    void batcherSchedulesOneDrainForManyEvents() {
        List<Runnable> pending = new ArrayList<>();
        List<List<Integer>> drains = new ArrayList<>();
        FxBatcher<Integer> b = new FxBatcher<>(pending::add, drains::add);
        for (int i = 0; i < 100; i++) {
            b.offer(i);
        }
        assertEquals(1, pending.size(), "one runLater for 100 events");
        pending.get(0).run();
        assertEquals(1, drains.size());
        assertEquals(100, drains.get(0).size());
        assertEquals(99, drains.get(0).get(99));
        b.offer(100);
        assertEquals(2, pending.size(), "a new drain after the last one ran");
    }
}
