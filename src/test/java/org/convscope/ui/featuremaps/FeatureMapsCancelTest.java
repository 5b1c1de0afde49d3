package org.convscope.ui.featuremaps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.core.task.CancelToken;
import org.convscope.engine.Activations;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.engine.dl4j.Dl4jEngine;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.ui.common.ModelSession;
import org.convscope.ui.common.TaskExecutor;
import org.junit.jupiter.api.Test;

/**
 * Cancelling a feature-map render stops its work within a second even in the middle of a long forward pass
 * (VGG16's first seven conv layers on a 448x448 image): the engine checks between layers (issue 11).
 */
class FeatureMapsCancelTest {

    private static final int SIDE = 448;

    /**
     * VGG16's blocks 1-3 (1.7 M parameters) on a 448x448 image: four times VGG16's own input, so that each layer
     * (0.05-0.3 s on two cores) stays long against thread scheduling. The test counts layers, not seconds, to decide
     * that the checks between layers stopped the pass.
     */
    private static ModelSpec vggBlocks() {
        List<LayerSpec> layers = new java.util.ArrayList<>();
        int[][] blocks = {{64, 2}, {128, 2}, {256, 3}};
        for (int[] b : blocks) {
            for (int i = 0; i < b[1]; i++) {
                layers.add(new LayerSpec.Conv2D(null, b[0], Size2.square(3), Size2.square(1), Padding.SAME,
                        Activation.RELU, true));
            }
            layers.add(new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.MAX, Size2.square(2), Size2.square(2),
                    Padding.VALID));
        }
        return new ModelSpec("vgg blocks 1-3", "", new InputSpec(SIDE, SIDE, 3), layers);
    }

    /** Runs the first job on a thread of its own and records when its work returned and how. */
    private static final class ThreadExecutor implements TaskExecutor {
        final CountDownLatch finished = new CountDownLatch(1);
        final AtomicLong finishedAt = new AtomicLong();
        final AtomicReference<Object> outcome = new AtomicReference<>();
        private int submitted;

        @Override
        public <V> JobHandle submit(BackgroundJob<V> job) {
            java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
            if (submitted++ > 0) {
                return new JobHandle() { // later renders are not run: the test follows the first one
                    @Override
                    public void cancel() {
                    }

                    @Override
                    public boolean isDone() {
                        return true;
                    }
                };
            }
            Thread t = new Thread(() -> {
                try {
                    outcome.set(job.work().run(cancelled::get, org.convscope.core.task.ProgressSink.NONE));
                } catch (Throwable e) {
                    outcome.set(e);
                } finally {
                    finishedAt.set(System.nanoTime());
                    finished.countDown();
                }
            }, "render");
            t.start();
            return new JobHandle() {
                @Override
                public void cancel() {
                    cancelled.set(true);
                }

                @Override
                public boolean isDone() {
                    return !t.isAlive();
                }
            };
        }

        @Override
        public void shutdown() {
        }
    }

    @Test
    void cancelInTheMiddleOfAForwardPassStopsWithinASecond() throws Exception {
        Dl4jEngine dl4j = new Dl4jEngine();
        int layers = vggBlocks().layers().size();
        CountDownLatch fourthLayerStarted = new CountDownLatch(1);
        AtomicLong layersStarted = new AtomicLong();
        AtomicLong startedAfterCancel = new AtomicLong(-1);
        Engine engine = new Engine() {
            @Override
            public CompiledModel compile(ModelSpec spec, long seed) {
                return dl4j.compile(spec, seed);
            }

            @Override
            public Activations forward(CompiledModel model, Volume image) {
                return dl4j.forward(model, image);
            }

            @Override
            public Activations forward(CompiledModel model, Volume image, CancelToken cancel) {
                // the engine asks before each layer: count the layers it started, and cancel once the fourth began
                return dl4j.forward(model, image, () -> {
                    if (cancel.isCancelled()) {
                        return true;
                    }
                    if (layersStarted.incrementAndGet() == 4) {
                        fourthLayerStarted.countDown();
                    }
                    return false;
                });
            }
        };
        ModelSession session = new ModelSession();
        session.opened(vggBlocks(), null);

        ThreadExecutor executor = new ThreadExecutor();
        FeatureMapsViewModel vm = new FeatureMapsViewModel(session, () -> engine, executor);
        vm.activate(); // renders layer 1: the whole forward pass, then the tiles
        assertTrue(fourthLayerStarted.await(120, TimeUnit.SECONDS), "the render reached its fourth layer");
        long startedBeforeCancel = layersStarted.get();
        long cancelAt = System.nanoTime();
        vm.selectLayer(2); // a new choice cancels the running render
        assertTrue(executor.finished.await(30, TimeUnit.SECONDS));
        double stopped = (executor.finishedAt.get() - cancelAt) / 1e9;
        System.out.printf("cancel: a feature-map render stopped %.3f s after cancel, having started %d of %d layers"
                + " (%d when cancelled)%n", stopped, layersStarted.get(), layers, startedBeforeCancel);
        assertEquals(CancelToken.CancelledException.class, executor.outcome.get().getClass(),
                "the render stopped by cancellation: " + executor.outcome.get());
        // the layer running when the user cancelled may finish (at most one more may have begun meanwhile); none after
        assertTrue(layersStarted.get() <= startedBeforeCancel + 1,
                "started " + layersStarted.get() + " layers, " + startedBeforeCancel + " when cancelled");
        assertTrue(layersStarted.get() < layers, "the pass stopped before its last layer");
        assertTrue(stopped < 1.0, "stopped " + stopped + " s after cancel");
    }
}
