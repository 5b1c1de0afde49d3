package org.convscope.ui.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.convscope.app.TrainedWeights;
import org.convscope.app.WeightsVersion;
import org.convscope.core.edit.ModelEdits;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.data.CifarImages;
import org.convscope.data.CifarReader;
import org.convscope.data.CifarTrainingImages;
import org.convscope.embed.Embedder;
import org.convscope.embed.Pca;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.dl4j.Dl4jEngine;
import org.convscope.imaging.ClassPalette;
import org.convscope.io.Presets;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.convscope.ui.common.ModelSession;
import org.convscope.ui.common.TaskExecutor;
import org.junit.jupiter.api.Test;

/** The Embeddings tab's state on the bundled CIFAR-10 sample: PCA points, classes, colours, hover, click and lasso. */
class EmbeddingsViewModelTest {

    private static final Dl4jEngine ENGINE = new Dl4jEngine();

    /** A session on tf-cifar-cnn whose trained weights are {@code model}'s. */
    private static ModelSession trainedSession(CompiledModel model, WeightsVersion version) {
        ModelSession session = new ModelSession();
        session.usePreset("tf-cifar-cnn");
        session.setTrained(new TrainedWeights(model, version, "weights for this test"));
        return session;
    }

    @Test
    void pcaOfTheSampleHasOnePointPerImageWithItsClass() throws Exception {
        CompiledModel model = ENGINE.compile(Presets.find("tf-cifar-cnn").orElseThrow(), 5);
        CifarImages test = CifarReader.readBundledSample(CancelToken.NEVER, ProgressSink.NONE).test();
        EmbeddingsViewModel vm = new EmbeddingsViewModel(trainedSession(model, WeightsVersion.trained(1, 1)),
                () -> ENGINE, new CurrentThreadTaskExecutor(), token -> test);
        vm.countProperty().set(300);
        vm.compute();
        EmbeddingsViewModel.Plot plot = vm.plotProperty().get();
        assertTrue(plot != null, vm.statusProperty().get());
        Embedder.Embedding e = plot.embedding();
        assertEquals(300, e.size());
        assertEquals(Embedder.Method.PCA, e.method());
        assertEquals(CifarImages.STANDARD_CLASS_NAMES, plot.classNames());
        int[] perClass = new int[10];
        for (int i = 0; i < 300; i++) {
            assertEquals(test.label(i), e.labels()[i], "true class of image " + i);
            perClass[e.labels()[i]]++;
        }
        // the points are the PCA of the last hidden layer
        float[][] hidden = ENGINE.lastHidden(model, new CifarTrainingImages(test.range(0, 300)), 64, CancelToken.NEVER);
        double[][] x = new double[300][];
        for (int i = 0; i < 300; i++) {
            x[i] = new double[hidden[i].length];
            for (int a = 0; a < x[i].length; a++) {
                x[i][a] = hidden[i][a];
            }
        }
        double[][] expected = Pca.project(x, 2, CancelToken.NEVER).points();
        for (int i = 0; i < 300; i++) {
            assertArrayEquals(expected[i], e.points()[i], 1e-9, "point " + i);
        }
        // predictions are the model's own
        double[][] p = ENGINE.classify(model, new CifarTrainingImages(test.range(0, 300)), 64, CancelToken.NEVER);
        for (int i = 0; i < 300; i++) {
            assertEquals(p[i][e.predicted()[i]], java.util.Arrays.stream(p[i]).max().orElseThrow(), 0.0);
        }
        assertTrue(vm.statusProperty().get().startsWith("PCA of 300 images' 64-value last hidden layer"),
                vm.statusProperty().get());
        assertTrue(plot.caption(0).startsWith("true: " + test.className(0) + "\npredicted: "), plot.caption(0));

        // each class has its own colour and shape
        Set<Integer> colours = new HashSet<>();
        Set<ClassPalette.Shape> shapes = new HashSet<>();
        for (int k = 0; k < 10; k++) {
            colours.add(ClassPalette.colour(k));
            shapes.add(ClassPalette.shape(k));
        }
        assertEquals(10, colours.size());
        assertEquals(5, shapes.size());

        // hover and click find the nearest point within the radius; a lasso around everything selects all
        double[] q = e.points()[17];
        int near = vm.nearest(q[0] + 1e-9, q[1], 1e-6);
        assertTrue(near == 17 || e.points()[near][0] == q[0] && e.points()[near][1] == q[1]);
        vm.select(near);
        assertEquals(List.of(near), vm.selection());
        assertTrue(vm.statusProperty().get().startsWith("Selected 1 image ("), vm.statusProperty().get());
        vm.selectInside(new double[] {-1e9, -1e9, 1e9, -1e9, 1e9, 1e9, -1e9, 1e9});
        assertEquals(300, vm.selection().size());
        assertTrue(vm.statusProperty().get().startsWith("Selected 300 images (" + perClass[0] + " airplane, "
                + perClass[1] + " automobile, " + perClass[2] + " bird,"), vm.statusProperty().get());
        vm.select(-1);
        assertTrue(vm.selection().isEmpty());
    }

    @Test
    void lassoUsesTheEvenOddRule() {
        double[][] points = {{0.5, 0.5}, {1.5, 0.5}, {0.5, 1.5}, {3, 3}, {1.9, 1.9}};
        // an L shape: (0,0)-(2,0)-(2,1)-(1,1)-(1,2)-(0,2); (1.5, 0.5) and (0.5, 1.5) inside, (1.9, 1.9) in the notch
        double[] l = {0, 0, 2, 0, 2, 1, 1, 1, 1, 2, 0, 2};
        assertEquals(List.of(0, 1, 2), EmbeddingsViewModel.inside(points, l));
        assertEquals(List.of(), EmbeddingsViewModel.inside(points, new double[] {0, 0, 1, 1}));
    }

    @Test
    void withoutATrainedModelItSaysWhatToDo() {
        EmbeddingsViewModel vm = new EmbeddingsViewModel(new ModelSession(), () -> ENGINE, new CurrentThreadTaskExecutor(),
                token -> {
                    throw new AssertionError("nothing to read");
                });
        vm.compute();
        assertNull(vm.plotProperty().get());
        assertEquals("No trained model yet: train one here, or open a saved model (File > Open), then Compute.",
                vm.statusProperty().get());
    }

    /**
     * Runs a submitted job only when asked (inline); {@code cancelled} says whether it was cancelled meanwhile, for
     * the job's work to check.
     */
    private static final class DeferredExecutor implements TaskExecutor {
        private BackgroundJob<?> job;
        private boolean cancelled;

        @Override
        public <V> JobHandle submit(BackgroundJob<V> submitted) {
            job = submitted;
            cancelled = false;
            return new JobHandle() {
                @Override
                public void cancel() {
                    cancelled = true;
                }

                @Override
                public boolean isDone() {
                    return job == null;
                }
            };
        }

        void run() {
            BackgroundJob<?> j = job;
            job = null;
            new CurrentThreadTaskExecutor().submit(j);
        }

        @Override
        public void shutdown() {
        }
    }

    @Test
    void aPlotOfOtherWeightsIsClearedWithTheReason() throws Exception {
        CifarImages test = CifarReader.readBundledSample(CancelToken.NEVER, ProgressSink.NONE).test();
        CompiledModel first = ENGINE.compile(Presets.find("tf-cifar-cnn").orElseThrow(), 5);
        WeightsVersion run1 = WeightsVersion.trained(1, 3);
        ModelSession session = trainedSession(first, run1);
        DeferredExecutor jobs = new DeferredExecutor();
        EmbeddingsViewModel vm = new EmbeddingsViewModel(session, () -> ENGINE, jobs, token -> {
            if (jobs.cancelled) {
                throw new CancelToken.CancelledException();
            }
            return test;
        });
        vm.countProperty().set(40);
        vm.compute();
        jobs.run();
        assertEquals(run1, vm.plotProperty().get().weights(), "the plot names its weights");
        assertTrue(vm.statusProperty().get().endsWith(". Weights: run 1, after epoch 3."), vm.statusProperty().get());
        vm.select(3);

        // retraining: the plot of run 1 goes, and the status line says why
        CompiledModel second = ENGINE.compile(Presets.find("tf-cifar-cnn").orElseThrow(), 9);
        WeightsVersion run2 = WeightsVersion.trained(2, 1);
        session.setTrained(new TrainedWeights(second, run2, "run 2"));
        assertNull(vm.plotProperty().get());
        assertTrue(vm.selection().isEmpty());
        assertEquals("The plot was computed from run 1, after epoch 3; the weights changed (now run 2, after epoch 1):"
                + " Compute again.", vm.statusProperty().get());
        vm.compute();
        jobs.run();
        EmbeddingsViewModel.Plot plot = vm.plotProperty().get();
        assertEquals(run2, plot.weights());
        // its predictions are the new weights' own (the engine's argmax for each image)
        double[][] p = ENGINE.classify(second, new CifarTrainingImages(test.range(0, 40)), 64, CancelToken.NEVER);
        for (int i = 0; i < 40; i++) {
            assertEquals(java.util.Arrays.stream(p[i]).max().orElseThrow(), p[i][plot.embedding().predicted()[i]], 0.0);
        }

        // a computation running when the weights change is stopped, never shown as the new weights' plot
        vm.compute();
        session.setTrained(new TrainedWeights(first, WeightsVersion.trained(3, 2), "run 3"));
        assertNull(vm.plotProperty().get());
        jobs.run();
        assertNull(vm.plotProperty().get());
        assertEquals("Stopped: the weights changed (now run 3, after epoch 2). Compute again.", vm.statusProperty().get());

        // a model edit: the trained weights no longer fit, so there is nothing to plot
        vm.compute();
        jobs.run();
        assertTrue(vm.plotProperty().get() != null, vm.statusProperty().get());
        LayerSpec last = session.getModel().layers().get(session.getModel().layers().size() - 1);
        LayerSpec.Dense d = (LayerSpec.Dense) last;
        session.apply(ModelEdits.replace(session.getModel().layers().size() - 1,
                new LayerSpec.Dense(d.userName(), 12, d.activation(), d.useBias()), "Set units to 12", null));
        assertNull(vm.plotProperty().get());
        assertEquals("The plot was computed from run 3, after epoch 2; the weights changed (now untrained weights (seed 42)):"
                + " Compute again.", vm.statusProperty().get());
    }
}
