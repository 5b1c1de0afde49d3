package org.convscope.ui.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.Test;

/** The Embeddings tab's state on the bundled CIFAR-10 sample: PCA points, classes, colours, hover, click and lasso. */
class EmbeddingsViewModelTest {

    private static final Dl4jEngine ENGINE = new Dl4jEngine();

    @Test
    void pcaOfTheSampleHasOnePointPerImageWithItsClass() throws Exception {
        CompiledModel model = ENGINE.compile(Presets.find("tf-cifar-cnn").orElseThrow(), 5);
        CifarImages test = CifarReader.readBundledSample(CancelToken.NEVER, ProgressSink.NONE).test();
        EmbeddingsViewModel vm = new EmbeddingsViewModel(() -> model, () -> ENGINE, new CurrentThreadTaskExecutor(),
                token -> test);
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
        EmbeddingsViewModel vm = new EmbeddingsViewModel(() -> null, () -> ENGINE, new CurrentThreadTaskExecutor(),
                token -> {
                    throw new AssertionError("nothing to read");
                });
        vm.compute();
        assertNull(vm.plotProperty().get());
        assertEquals("No trained model yet: train one here, or open a saved model (File > Open), then Compute.",
                vm.statusProperty().get());
    }
}
