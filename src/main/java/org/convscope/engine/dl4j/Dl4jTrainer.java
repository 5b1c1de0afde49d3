package org.convscope.engine.dl4j;

import static org.convscope.core.text.CoreText.tr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.core.train.BatchEnded;
import org.convscope.core.train.EpochEnded;
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingEnded;
import org.convscope.core.train.TrainingListener;
import org.convscope.core.train.TrainingResult;
import org.convscope.core.train.TrainingStarted;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training for {@link Dl4jEngine#train}: the epochs and mini-batches (shuffling, augmentation, the model's input
 * standardisation), the listener's events and how a run ends (completed, cancelled, out of memory, diverged). One
 * batch's forward, backward and optimiser step are a {@link TrainingBackend}'s: DL4J's own layers
 * ({@link LayersTrainingBackend}, which trains a copy of the network with the configured optimiser and copies the
 * parameters back) or the native-ops path ({@link NativeOpsTrainingBackend}, on the compiled network's own
 * parameters). The trained parameters stay in the compiled network, except after divergence. The next batch is
 * gathered, augmented and standardised on another thread while the current one trains ({@link BatchPrefetch}).
 */
final class Dl4jTrainer {

    private final Dl4jModel m;
    private final LabelledImages train;
    private final LabelledImages validation;
    private final TrainConfig config;
    private final TrainingListener listener;
    private final CancelToken cancel;
    private final TrainingBackend backend;
    private final Random shuffler;
    private final Random augmenter;
    private final int imageSize;
    private final float[] scratch;
    private final int batches;
    private final int[] order;
    private final List<EpochEnded> epochs = new ArrayList<>();
    private final List<Double> losses = new ArrayList<>();
    /** Measures learning health when the listener wants it, else null. */
    private final HealthProbe health;
    /** Measures learning health of a graph model when the listener wants it, else null. */
    private final GraphHealthProbe graphHealth;
    private BatchPrefetch prefetch;

    private Dl4jTrainer(Dl4jModel m, LabelledImages train, LabelledImages validation, TrainConfig config,
            TrainingListener listener, CancelToken cancel, TrainingBackend backend) {
        this.m = m;
        this.train = train;
        this.validation = validation;
        this.config = config;
        this.listener = listener;
        this.cancel = cancel;
        this.backend = backend;
        shuffler = new Random(config.seed());
        augmenter = new Random(config.seed() * 31 + 17);
        imageSize = train.height() * train.width() * train.channels();
        scratch = new float[imageSize];
        batches = config.batchesPerEpoch(train.size());
        order = new int[train.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // learning health reads a MultiLayerNetwork's layers by index, a graph's by vertex name
        health = listener.wantsHealth() && !m.isGraph() ? new HealthProbe(m, config.frozenLayers(), batches) : null;
        if (health != null) {
            backend.watch(health);
        }
        GraphHealthProbe probe = listener.wantsHealth() && m.isGraph()
                ? new GraphHealthProbe(m, config.frozenLayers(), batches) : null;
        graphHealth = probe == null ? null : backend instanceof GraphTrainingBackend g ? g.watch(probe)
                : backend instanceof NativeOpsTrainingBackend n ? n.watch(probe) : null;
    }

    /**
     * Trains a model; see {@link org.convscope.engine.Engine#train}.
     *
     * @param fast whether to train on {@link NativeOpsNetwork} (or {@link NativeOpsGraph} for a graph model) rather
     *        than DL4J's layers
     */
    static TrainingResult train(Dl4jModel m, LabelledImages train, LabelledImages validation, TrainConfig config,
            TrainingListener listener, CancelToken cancel, boolean fast) {
        checkArguments(m, train, validation, config);
        synchronized (m) {
            TrainingBackend backend = fast ? new NativeOpsTrainingBackend(m, config)
                    : m.isGraph() ? new GraphTrainingBackend(m, config) : new LayersTrainingBackend(m, config);
            Nd4j.getRandom().setSeed(config.seed());
            return new Dl4jTrainer(m, train, validation, config, listener, cancel, backend).run();
        }
    }

    private static void checkArguments(Dl4jModel m, LabelledImages train, LabelledImages validation,
            TrainConfig config) {
        check(m, train, "training");
        check(m, validation, "validation");
        if (train.size() == 0) {
            throw new IllegalArgumentException(tr("error.engine.noTrainingImages"));
        }
        if (validation.size() > 0 && validation.classCount() != train.classCount()) {
            throw new IllegalArgumentException(tr("error.engine.validationClasses", validation.classCount(), train.classCount()));
        }
        int layerCount = m.spec().layers().size();
        if (config.frozenLayers() >= layerCount) {
            throw new IllegalArgumentException(tr("error.engine.frozenAll", config.frozenLayers(), layerCount));
        }
    }

    private TrainingResult run() {
        listener.onStart(new TrainingStarted(config.epochs(), batches));
        if (health != null) {
            listener.onEpochHealth(health.epochEnded(0, m.network()));
        }
        if (graphHealth != null) {
            listener.onEpochHealth(graphHealth.epochEnded(0, m.graph()));
        }
        TrainingEnded end = null;
        try (BatchPrefetch next = new BatchPrefetch(this::prepare)) {
            prefetch = next;
            for (int epoch = 1; epoch <= config.epochs() && end == null; epoch++) {
                end = epoch(epoch);
            }
            if (end == null) {
                end = new TrainingEnded(TrainingEnded.Reason.COMPLETED,
                        tr(config.epochs() == 1 ? "train.end.completed1" : "train.end.completed", config.epochs()));
            }
            backend.finish(end.reason() != TrainingEnded.Reason.DIVERGED);
        } finally {
            backend.close();
        }
        listener.onEnd(end);
        return new TrainingResult(end, epochs, losses);
    }

    /** Trains one epoch (1-based) and reports it; returns how training ended, or null to go on. */
    private TrainingEnded epoch(int epoch) {
        long epochStart = System.nanoTime();
        backend.setLearningRate(config.learningRate(epoch), epoch);
        if (config.shuffle()) {
            shuffle(order, shuffler);
        }
        int n = order.length;
        double lossSum = 0;
        long correctSum = 0;
        prefetch.start(0, batchValues(0));
        for (int b = 0; b < batches; b++) {
            if (cancel.isCancelled()) {
                return new TrainingEnded(TrainingEnded.Reason.CANCELLED,
                        tr("train.end.cancelled", epoch, b, batches));
            }
            long t0 = System.nanoTime();
            int count = Math.min(config.batchSize(), n - b * config.batchSize());
            int[] correct = new int[1];
            double loss;
            if (health != null) {
                health.begin(b + 1);
            }
            if (graphHealth != null) {
                graphHealth.begin(b + 1);
            }
            try {
                BatchPrefetch.Batch batch = prefetch.take();
                if (b + 1 < batches) {
                    prefetch.start(b + 1, batchValues(b + 1)); // while this one trains
                }
                loss = backend.trainBatch(batch.images(), train, batch.idx(), batch.labels(), correct);
            } catch (OutOfMemoryError | RuntimeException e) {
                if (!(e instanceof OutOfMemoryError) && !outOfNativeMemory(e)) {
                    throw e;
                }
                return outOfMemory(epoch, b, e); // at the batch boundary: this batch's optimiser step did not happen
            }
            losses.add(loss);
            if (!Double.isFinite(loss)) {
                return diverged(epoch, b, loss);
            }
            lossSum += loss * count;
            correctSum += correct[0];
            double seconds = Math.max((System.nanoTime() - t0) / 1e9, 1e-9);
            listener.onBatch(new BatchEnded(epoch, b + 1, batches, loss, correct[0] / (double) count, count / seconds));
            if (health != null && health.measuring()) {
                listener.onHealth(health.report(epoch, b + 1));
            }
            if (graphHealth != null && graphHealth.measuring()) {
                listener.onHealth(graphHealth.report(epoch, b + 1));
            }
        }
        double[] val = backend.evaluate(validation);
        backend.epochEnded(); // the compiled model holds this epoch's weights when the listener sees it
        EpochEnded e = new EpochEnded(epoch, lossSum / n, correctSum / (double) n, val[0], val[1],
                (System.nanoTime() - epochStart) / 1e9);
        epochs.add(e);
        listener.onEpoch(e);
        if (health != null) {
            listener.onEpochHealth(health.epochEnded(epoch, m.network()));
        }
        if (graphHealth != null) {
            listener.onEpochHealth(graphHealth.epochEnded(epoch, m.graph()));
        }
        return null;
    }

    /** The number of values in a batch (0-based) of this epoch: images times {@code H*W*C}. */
    private int batchValues(int b) {
        return Math.min(config.batchSize(), order.length - b * config.batchSize()) * imageSize;
    }

    /**
     * Gathers a batch (0-based, in this epoch's order) into {@code into}, augments it (when asked) and standardises
     * it; runs on {@link BatchPrefetch}'s thread, one batch at a time and in order.
     */
    private BatchPrefetch.Batch prepare(int b, float[] into) {
        int from = b * config.batchSize();
        int[] idx = new int[Math.min(config.batchSize(), order.length - from)];
        System.arraycopy(order, from, idx, 0, idx.length);
        float[] batch = Nd4jArrays.hwc(train, idx, into);
        if (!config.augmentation().none()) {
            for (int k = 0; k < idx.length; k++) {
                config.augmentation().apply(batch, k * imageSize, train.height(), train.width(), train.channels(),
                        augmenter, scratch);
            }
        }
        m.normalize(batch); // the model's input standardisation, after augmentation
        return new BatchPrefetch.Batch(idx, batch, BatchScores.labels(train, idx));
    }

    private TrainingEnded outOfMemory(int epoch, int b, Throwable e) {
        return new TrainingEnded(TrainingEnded.Reason.OUT_OF_MEMORY, tr("train.end.outOfMemory", epoch, b + 1,
                e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), config.batchSize()));
    }

    private TrainingEnded diverged(int epoch, int b, double loss) {
        return new TrainingEnded(TrainingEnded.Reason.DIVERGED, tr(Double.isNaN(loss) ? "train.end.divergedNaN"
                : "train.end.divergedInfinite", epoch, b + 1, number(config.learningRate()),
                number(config.learningRate() / 10)));
    }

    /** ND4J reports a failed native allocation as a RuntimeException, not an OutOfMemoryError. */
    private static boolean outOfNativeMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (t instanceof OutOfMemoryError || m != null && (m.contains("Failed to allocate") || m.contains("Cannot allocate")
                    || m.contains("out of memory"))) {
                return true;
            }
        }
        return false;
    }

    private static void check(Dl4jModel m, LabelledImages images, String what) {
        List<LayerSpec> layers = m.spec().layers();
        LayerSpec last = layers.isEmpty() ? null : layers.get(layers.size() - 1);
        if (!(last instanceof LayerSpec.Dense d)
                || (d.activation() != Activation.SOFTMAX && d.activation() != Activation.LINEAR)) {
            throw new IllegalArgumentException(tr("error.engine.trainNeedsSoftmax"));
        }
        InputSpec in = m.spec().input();
        if (images.size() > 0 && (images.height() != in.height() || images.width() != in.width()
                || images.channels() != in.channels())) {
            throw new IllegalArgumentException(tr(what.equals("training") ? "error.engine.trainingImages"
                    : "error.engine.validationImages", in.height() + "x" + in.width() + "x" + in.channels(),
                    images.height() + "x" + images.width() + "x" + images.channels()));
        }
        if (images.size() > 0 && d.units() != images.classCount()) {
            throw new IllegalArgumentException(tr(what.equals("training") ? "error.engine.trainingUnits"
                    : "error.engine.validationUnits", d.units(), images.classCount()));
        }
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
