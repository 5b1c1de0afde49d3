package org.convscope.ui.train;

import org.convscope.app.Engines;
import org.convscope.app.TrainingData;
import org.convscope.core.train.LabelledImages;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;

/**
 * What the Train screen lets go of when a run has ended, so that the idle app gives its memory back: the trained
 * network's working buffers (the test pass left them sized for batches of 256), the run's training images (154 MB for
 * CIFAR-10's 50,000 at one byte a value; the test images stay for the results' gallery), and then, on a background
 * thread, garbage, the heap G1 no longer needs ({@code MaxHeapFreeRatio}) and the C heap's free pages
 * ({@link Engines#releaseMemory}). Nothing the user sees goes: the curves, the checkpoints of the time machine (small
 * copies of the weights, about 0.5 MB each for {@code tf-cifar-cnn}) and the results stay.
 */
final class RunMemory {

    /** How long after a run the background release waits: the screens redraw for the new weights meanwhile. */
    private static final long SETTLE_MILLIS = 2000;

    private RunMemory() {
    }

    /** On the training thread, once the run and its test pass are done: the engine's buffers for the model go. */
    static void trainingDone(Engine engine, CompiledModel model) {
        engine.releaseWorkingMemory(model);
    }

    /** When a run has ended on the FX thread: {@link #releaseLater}, and returns what of its data to keep ({@link #kept}). */
    static TrainingData afterRun(TrainingData d) {
        releaseLater();
        return kept(d);
    }

    /**
     * The data a finished run keeps: its split's description, statistics and test images; the training images (and
     * held-out validation images, unless they are the test images) are replaced by empty sets of the same shape.
     */
    static TrainingData kept(TrainingData d) {
        if (d == null) {
            return null;
        }
        LabelledImages validation = d.validation() == d.test() ? d.test() : empty(d.validation());
        return new TrainingData(d.source(), empty(d.train()), validation, d.test(), d.classNames(), d.statistics(),
                d.notes());
    }

    /** Gives garbage, unused heap and free native pages back to the system on a daemon thread, after a moment. */
    static void releaseLater() {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(SETTLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            try {
                Engines.releaseMemory();
            } catch (RuntimeException | LinkageError e) {
                // best effort: memory not given back is no reason to bother the user
            }
        }, "convscope-after-run-release");
        t.setDaemon(true);
        t.start();
    }

    private static LabelledImages empty(LabelledImages like) {
        return LabelledImages.of(0, like.height(), like.width(), like.channels(), like.classCount(), i -> 0, i -> null);
    }
}
