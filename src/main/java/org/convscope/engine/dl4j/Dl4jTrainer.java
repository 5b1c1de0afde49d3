package org.convscope.engine.dl4j;

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
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Training for {@link Dl4jEngine#train}: mini-batches of {@code [n, C, H, W]} float arrays with one-hot labels,
 * one {@code MultiLayerNetwork.fit(DataSet)} per batch.
 *
 * <p>Training runs on a copy of the compiled network built from its configuration with the configured optimiser
 * (the compiled network keeps Adam(0.001) for display); a last {@code DenseLayer} with identity activation
 * (logits, as in {@code tf-cifar-cnn}) becomes an {@code OutputLayer} with softmax and multi-class cross-entropy,
 * which has the same parameters. The trained parameters are copied back into the compiled network, except
 * after divergence. The batch accuracy needs one extra inference pass per batch, before the update.
 */
final class Dl4jTrainer {

    private static final int EVAL_BATCH = 256;

    private Dl4jTrainer() {
    }

    static TrainingResult train(Dl4jModel m, LabelledImages train, LabelledImages validation, TrainConfig config,
            TrainingListener listener, CancelToken cancel, boolean fast) {
        check(m, train, "training");
        check(m, validation, "validation");
        if (train.size() == 0) {
            throw new IllegalArgumentException("there are no training images");
        }
        if (validation.size() > 0 && validation.classCount() != train.classCount()) {
            throw new IllegalArgumentException("the validation images have " + validation.classCount()
                    + " classes, the training images " + train.classCount());
        }
        int layerCount = m.spec().layers().size();
        if (config.frozenLayers() >= layerCount) {
            throw new IllegalArgumentException("freezing " + config.frozenLayers() + " layers leaves nothing to train: the"
                    + " model has " + layerCount + " layers, and at least the last must learn");
        }
        synchronized (m) {
            Backend backend = fast ? new NativeBackend(m, config) : new LayersBackend(m, config);
            Nd4j.getRandom().setSeed(config.seed());
            Random shuffler = new Random(config.seed());
            Random augmenter = new Random(config.seed() * 31 + 17);
            int imageSize = train.height() * train.width() * train.channels();
            float[] scratch = new float[imageSize];
            int n = train.size();
            int batches = config.batchesPerEpoch(n);
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            List<EpochEnded> epochs = new ArrayList<>();
            List<Double> losses = new ArrayList<>();
            listener.onStart(new TrainingStarted(config.epochs(), batches));
            TrainingEnded end = null;
            try {
                for (int epoch = 1; epoch <= config.epochs() && end == null; epoch++) {
                    long epochStart = System.nanoTime();
                    backend.setLearningRate(config.learningRate(epoch), epoch);
                    if (config.shuffle()) {
                        shuffle(order, shuffler);
                    }
                    double lossSum = 0;
                    long correctSum = 0;
                    for (int b = 0; b < batches; b++) {
                        if (cancel.isCancelled()) {
                            end = new TrainingEnded(TrainingEnded.Reason.CANCELLED, String.format(Locale.ROOT,
                                    "Training was stopped in epoch %d after %d of %d batches.", epoch, b, batches));
                            break;
                        }
                        long t0 = System.nanoTime();
                        int from = b * config.batchSize();
                        int count = Math.min(config.batchSize(), n - from);
                        int[] idx = new int[count];
                        System.arraycopy(order, from, idx, 0, count);
                        int[] correct = new int[1];
                        double loss;
                        try {
                            float[] batch = hwc(train, idx);
                            if (!config.augmentation().none()) {
                                for (int k = 0; k < count; k++) {
                                    config.augmentation().apply(batch, k * imageSize, train.height(), train.width(),
                                            train.channels(), augmenter, scratch);
                                }
                            }
                            m.normalize(batch); // the model's input standardisation, after augmentation
                            loss = backend.trainBatch(batch, train, idx, labels(train, idx), correct);
                        } catch (OutOfMemoryError | RuntimeException e) {
                            if (!(e instanceof OutOfMemoryError) && !outOfNativeMemory(e)) {
                                throw e;
                            }
                            // at the batch boundary: the optimiser step of this batch did not happen
                            end = new TrainingEnded(TrainingEnded.Reason.OUT_OF_MEMORY, String.format(Locale.ROOT,
                                    "Memory ran out in epoch %d, batch %d (%s). Try a smaller batch than %d or a smaller"
                                            + " model, or give Java more memory; the weights are kept as after the"
                                            + " last full batch.", epoch, b + 1, e.getMessage() == null
                                            ? e.getClass().getSimpleName() : e.getMessage(), config.batchSize()));
                            break;
                        }
                        losses.add(loss);
                        if (!Double.isFinite(loss)) {
                            end = new TrainingEnded(TrainingEnded.Reason.DIVERGED, String.format(Locale.ROOT,
                                    "The loss became %s in epoch %d, batch %d: the updates were too large. Try a"
                                            + " lower learning rate than %s (for example %s); the weights were"
                                            + " left as they were before training.",
                                    Double.isNaN(loss) ? "NaN" : "infinite", epoch, b + 1,
                                    number(config.learningRate()), number(config.learningRate() / 10)));
                            break;
                        }
                        lossSum += loss * count;
                        correctSum += correct[0];
                        double seconds = Math.max((System.nanoTime() - t0) / 1e9, 1e-9);
                        listener.onBatch(new BatchEnded(epoch, b + 1, batches, loss, correct[0] / (double) count,
                                count / seconds));
                    }
                    if (end != null) {
                        break;
                    }
                    double[] val = backend.evaluate(validation);
                    backend.epochEnded(); // the compiled model holds this epoch's weights when the listener sees it
                    EpochEnded e = new EpochEnded(epoch, lossSum / n, correctSum / (double) n, val[0], val[1],
                            (System.nanoTime() - epochStart) / 1e9);
                    epochs.add(e);
                    listener.onEpoch(e);
                }
                if (end == null) {
                    end = new TrainingEnded(TrainingEnded.Reason.COMPLETED, "Trained " + config.epochs()
                            + (config.epochs() == 1 ? " epoch." : " epochs."));
                }
                backend.finish(end.reason() != TrainingEnded.Reason.DIVERGED);
            } finally {
                backend.close();
            }
            listener.onEnd(end);
            return new TrainingResult(end, epochs, losses);
        }
    }

    /** How one batch is trained and images are evaluated: DL4J's own layers, or the native-ops path. */
    private interface Backend {
        /**
         * Trains on one batch; returns its loss (before the update) and stores the number right in {@code correct[0]}.
         *
         * @param batch the images of {@code idx}, channels-last one after another (augmented when asked)
         */
        double trainBatch(float[] batch, LabelledImages images, int[] idx, int[] labels, int[] correct);

        /** Returns {@code [loss, accuracy]} over all images in inference mode, or NaNs for none. */
        double[] evaluate(LabelledImages images);

        /** Sets the optimiser's learning rate for the epoch that starts (1-based). */
        void setLearningRate(double rate, int epoch);

        /** Makes the compiled model hold the weights trained so far (listeners may copy them as a checkpoint). */
        default void epochEnded() {
        }

        /** Keeps the trained weights in the compiled model, or restores the ones from before training. */
        void finish(boolean keep);

        void close();
    }

    /** Stock DL4J: a copy of the network with the configured optimiser, one {@code fit(DataSet)} per batch. */
    private static final class LayersBackend implements Backend {
        private final Dl4jModel model;
        private final MultiLayerNetwork original;
        private final MultiLayerNetwork net;
        private final INDArray before;

        LayersBackend(Dl4jModel m, TrainConfig config) {
            model = m;
            original = m.network();
            net = trainingNetwork(original, config, frozenDl4jLayers(m, config.frozenLayers()));
            before = original.params().dup();
        }

        @Override
        public void epochEnded() {
            original.setParams(net.params());
        }

        @Override
        public void setLearningRate(double rate, int epoch) {
            net.setLearningRate(rate);
        }

        @Override
        public double trainBatch(float[] batch, LabelledImages images, int[] idx, int[] y, int[] correct) {
            INDArray x = layout(batch, idx.length, images, false);
            correct[0] = correct(net.output(x, false), y);
            net.fit(new DataSet(x, oneHot(y, images.classCount())));
            return net.score();
        }

        @Override
        public double[] evaluate(LabelledImages images) {
            return Dl4jTrainer.evaluate(batch -> net.output(modelInput(model, images, batch, false), false), images);
        }

        @Override
        public void finish(boolean keep) {
            original.setParams(keep ? net.params() : before);
        }

        @Override
        public void close() {
            net.clearLayersStates();
            original.clearLayersStates();
        }
    }

    /**
     * The native-ops path ({@link NativeOpsNetwork}) on the compiled network's own parameters: channels-last
     * batches, one gradient pass and one optimiser step over the flat gradient per batch; the batch accuracy comes
     * from the training forward pass itself. A copy of the parameters taken at the start is put back when training
     * diverges.
     */
    private static final class NativeBackend implements Backend {
        private final Dl4jModel model;
        private final NativeOpsNetwork fast;
        private final INDArray before;
        private final GradientUpdater<?> updater;
        private final boolean logits;
        private final int frozen;
        private int iteration;
        private int epoch;

        NativeBackend(Dl4jModel m, TrainConfig config) {
            model = m;
            frozen = config.frozenLayers();
            fast = m.nativeOps();
            before = fast.params().dup();
            IUpdater u = updater(config);
            long n = fast.params().length();
            updater = u.instantiate(Nd4j.zeros(DataType.FLOAT, 1, u.stateSize(n)), true);
            LayerSpec last = m.spec().layers().get(m.spec().layers().size() - 1);
            logits = ((LayerSpec.Dense) last).activation() == Activation.LINEAR;
        }

        @Override
        public double trainBatch(float[] batch, LabelledImages images, int[] idx, int[] y, int[] correct) {
            float[][] probs = new float[idx.length][images.classCount()];
            double loss = fast.computeGradient(layout(batch, idx.length, images, true), y, probs, frozen);
            int right = 0;
            for (int k = 0; k < y.length; k++) {
                if (argMax(probs[k]) == y[k]) {
                    right++;
                }
            }
            correct[0] = right;
            if (Double.isFinite(loss)) {
                INDArray g = fast.gradient().reshape(1, fast.gradient().length()); // a view, as the updater's state
                updater.applyUpdater(g, iteration++, epoch);
                fast.params().subi(fast.gradient());
            }
            return loss;
        }

        @Override
        public void setLearningRate(double rate, int epoch) {
            updater.getConfig().setLrAndSchedule(rate, null);
            this.epoch = epoch - 1;
        }

        @Override
        public double[] evaluate(LabelledImages images) {
            return Dl4jTrainer.evaluate(batch -> {
                INDArray out = fast.output(modelInput(model, images, batch, true));
                return logits ? Transforms.softmax(out, false) : out;
            }, images);
        }

        @Override
        public void finish(boolean keep) {
            if (!keep) {
                fast.params().assign(before);
            }
        }

        @Override
        public void close() {
        }
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

    private static int argMax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Returns {@code [loss, accuracy]} of a model's probabilities over all images, or NaNs for none. */
    private static double[] evaluate(java.util.function.Function<int[], INDArray> probabilities, LabelledImages images) {
        if (images.size() == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double loss = 0;
        long correct = 0;
        for (int from = 0; from < images.size(); from += EVAL_BATCH) {
            int count = Math.min(EVAL_BATCH, images.size() - from);
            int[] idx = new int[count];
            for (int k = 0; k < count; k++) {
                idx[k] = from + k;
            }
            int[] y = labels(images, idx);
            INDArray probs = probabilities.apply(idx);
            correct += correct(probs, y);
            float[] p = Nd4jArrays.floats(probs);
            int classes = (int) probs.size(1);
            for (int k = 0; k < count; k++) {
                loss -= Math.log(Math.max(p[k * classes + y[k]], 1e-7));
            }
        }
        return new double[] {loss / images.size(), correct / (double) images.size()};
    }

    private static void check(Dl4jModel m, LabelledImages images, String what) {
        List<LayerSpec> layers = m.spec().layers();
        LayerSpec last = layers.isEmpty() ? null : layers.get(layers.size() - 1);
        if (!(last instanceof LayerSpec.Dense d)
                || (d.activation() != Activation.SOFTMAX && d.activation() != Activation.LINEAR)) {
            throw new IllegalArgumentException("training needs a model that ends with a Dense layer with softmax"
                    + " (or linear, read as logits) activation, one unit per class");
        }
        InputSpec in = m.spec().input();
        if (images.size() > 0 && (images.height() != in.height() || images.width() != in.width()
                || images.channels() != in.channels())) {
            throw new IllegalArgumentException("the model expects " + in.height() + "x" + in.width() + "x"
                    + in.channels() + " images, the " + what + " images are " + images.height() + "x"
                    + images.width() + "x" + images.channels());
        }
        if (images.size() > 0 && d.units() != images.classCount()) {
            throw new IllegalArgumentException("the last Dense layer has " + d.units() + " units but the "
                    + what + " images have " + images.classCount() + " classes");
        }
    }

    /** Returns how many DL4J layers compute the first {@code modelLayers} layers of the model. */
    static int frozenDl4jLayers(Dl4jModel m, int modelLayers) {
        int count = 0;
        for (int i = 0; i < modelLayers; i++) {
            if (m.outputIndex(i) != Dl4jModel.FLATTEN) {
                count = Math.max(count, m.outputIndex(i));
            }
        }
        return count;
    }

    /** Builds a network like {@code original} with the configured optimiser and a softmax cross-entropy head. */
    static MultiLayerNetwork trainingNetwork(MultiLayerNetwork original, TrainConfig config) {
        return trainingNetwork(original, config, 0);
    }

    /**
     * Builds a network like {@code original} with the configured optimiser and a softmax cross-entropy head, its first
     * {@code frozen} DL4J layers wrapped in DL4J's {@code FrozenLayer} (inference mode, no updates, no back-propagation
     * into them); the parameters keep their order.
     */
    static MultiLayerNetwork trainingNetwork(MultiLayerNetwork original, TrainConfig config, int frozen) {
        MultiLayerConfiguration conf = original.getLayerWiseConfigurations().clone();
        int last = conf.getConfs().size() - 1;
        for (int i = 0; i <= last; i++) {
            NeuralNetConfiguration c = conf.getConf(i);
            c.setSeed(config.seed());
            if (i == last && c.getLayer() instanceof DenseLayer d) {
                OutputLayer head = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(d.getNIn()).nOut(d.getNOut()).hasBias(d.hasBias())
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX)
                        .weightInit(WeightInit.XAVIER_UNIFORM)
                        .updater(updater(config)).biasUpdater(updater(config))
                        .name(d.getLayerName()).build();
                c.setLayer(head);
            }
            if (c.getLayer() instanceof BaseLayer base) {
                base.setIUpdater(updater(config));
                base.setBiasUpdater(updater(config));
            }
            if (i < frozen) {
                c.setLayer(new org.deeplearning4j.nn.conf.layers.misc.FrozenLayer(c.getLayer()));
            }
        }
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        if (net.numParams() != original.numParams()) {
            throw new IllegalStateException("the training network has " + net.numParams() + " parameters, the model "
                    + original.numParams());
        }
        net.setParams(original.params().dup());
        return net;
    }

    private static IUpdater updater(TrainConfig config) {
        return switch (config.optimizer()) {
            case ADAM -> new Adam(config.learningRate());
            case SGD_MOMENTUM -> new Nesterovs(config.learningRate(), 0.9);
        };
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** Returns the images one after another, channels-last: {@link LabelledImages}' own order. */
    static float[] hwc(LabelledImages images, int[] idx) {
        int size = images.height() * images.width() * images.channels();
        float[] out = new float[idx.length * size];
        for (int k = 0; k < idx.length; k++) {
            images.copyImage(idx[k], out, k * size);
        }
        return out;
    }

    /** Returns the images as a float {@code [n, H, W, C]} array: {@link LabelledImages}' own order, no reordering. */
    static INDArray featuresNhwc(LabelledImages images, int[] idx) {
        return layout(hwc(images, idx), idx.length, images, true);
    }

    /**
     * Returns a batch as the model's first layer gets it: standardised as the model says, channels-last
     * {@code [n, H, W, C]} for the native-ops path or channels-first {@code [n, C, H, W]} for DL4J's layers.
     */
    static INDArray modelInput(Dl4jModel m, LabelledImages images, int[] idx, boolean channelsLast) {
        float[] batch = hwc(images, idx);
        m.normalize(batch);
        return layout(batch, idx.length, images, channelsLast);
    }

    /** Wraps channels-last batch values as {@code [n, H, W, C]}, or reorders them to {@code [n, C, H, W]}. */
    static INDArray layout(float[] hwc, int n, LabelledImages shape, boolean channelsLast) {
        return channelsLast ? Nd4j.create(hwc, new long[] {n, shape.height(), shape.width(), shape.channels()}, 'c')
                : nchw(hwc, n, shape.height(), shape.width(), shape.channels());
    }

    /** Reorders channels-last images into a float {@code [n, C, H, W]} array. */
    static INDArray nchw(float[] hwc, int n, int h, int w, int c) {
        int size = h * w * c;
        float[] out = new float[n * size];
        for (int k = 0; k < n; k++) {
            int base = k * size;
            for (int r = 0; r < h; r++) {
                for (int col = 0; col < w; col++) {
                    int src = base + (r * w + col) * c;
                    for (int ch = 0; ch < c; ch++) {
                        out[base + (ch * h + r) * w + col] = hwc[src + ch];
                    }
                }
            }
        }
        return Nd4j.create(out, new long[] {n, c, h, w}, 'c');
    }

    /** Returns the images as a float {@code [n, C, H, W]} array. */
    static INDArray features(LabelledImages images, int[] idx) {
        return nchw(hwc(images, idx), idx.length, images.height(), images.width(), images.channels());
    }

    private static int[] labels(LabelledImages images, int[] idx) {
        int[] y = new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            int label = images.label(idx[k]);
            if (label < 0 || label >= images.classCount()) {
                throw new IllegalArgumentException("label " + label + " of image " + idx[k] + " is outside 0-"
                        + (images.classCount() - 1));
            }
            y[k] = label;
        }
        return y;
    }

    private static INDArray oneHot(int[] y, int classes) {
        float[] data = new float[y.length * classes];
        for (int k = 0; k < y.length; k++) {
            data[k * classes + y[k]] = 1f;
        }
        return Nd4j.create(data, new long[] {y.length, classes}, 'c');
    }

    private static int correct(INDArray probs, int[] y) {
        INDArray arg = Nd4j.argMax(probs, 1).castTo(DataType.LONG);
        long[] predicted = arg.toLongVector();
        int correct = 0;
        for (int k = 0; k < y.length; k++) {
            if (predicted[k] == y[k]) {
                correct++;
            }
        }
        return correct;
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
