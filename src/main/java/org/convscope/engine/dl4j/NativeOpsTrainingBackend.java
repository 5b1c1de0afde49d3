package org.convscope.engine.dl4j;

import org.convscope.core.model.Activation;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.TrainConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Training on the native-ops path ({@link NativeOpsNetwork} for chains, {@link NativeOpsGraph} for graph models) on
 * the compiled network's own parameters:
 * channels-last {@code [n, H, W, C]} batches, one gradient pass and one optimiser step over the flat gradient per
 * batch (one updater whose state covers all parameters); the batch accuracy comes from the training forward pass
 * itself. A copy of the parameters taken at the start is put back when training diverges.
 */
final class NativeOpsTrainingBackend implements TrainingBackend {
    private final Dl4jModel model;
    private final Pass fast;
    private final INDArray before;
    private final GradientUpdater<?> updater;
    /** The updater's state view (Adam: m, then v), which {@link AdamLoop} updates in place of the updater. */
    private final INDArray updaterState;
    private final boolean logits;
    private final int frozen;
    /** The batch's images, rewritten in place each batch (a fresh 0.8 MB ND4J array per batch costs more). */
    private final NativeOps.Buffer input = new NativeOps.Buffer();
    private int iteration;
    private HealthProbe health;
    /** Measures a graph model's learning health, or null. */
    private GraphHealthProbe graphHealth;
    private int epoch;

    NativeOpsTrainingBackend(Dl4jModel m, TrainConfig config) {
        model = m;
        frozen = config.frozenLayers();
        fast = m.isGraph() ? m.nativeGraph() : m.nativeOps();
        before = fast.params().dup();
        IUpdater u = TrainingBackend.updater(config);
        long n = fast.params().length();
        updaterState = Nd4j.zeros(DataType.FLOAT, 1, u.stateSize(n));
        updater = u.instantiate(updaterState, true);
        LayerSpec last = m.spec().layers().get(m.spec().layers().size() - 1);
        logits = ((LayerSpec.Dense) last).activation() == Activation.LINEAR;
    }

    @Override
    public double trainBatch(float[] batch, LabelledImages images, int[] idx, int[] y, int[] correct) {
        float[][] probs = new float[idx.length][images.classCount()];
        INDArray x = input.get(idx.length, images.height(), images.width(), images.channels());
        x.data().asNioFloat().put(batch, 0, (int) x.length());
        double loss = fast.computeGradient(x, y, probs, frozen);
        int right = 0;
        for (int k = 0; k < y.length; k++) {
            if (argMax(probs[k]) == y[k]) {
                right++;
            }
        }
        correct[0] = right;
        if (Double.isFinite(loss)) {
            boolean measure = health != null && health.measuring();
            boolean measureGraph = graphHealth != null && graphHealth.measuring();
            if (measure) {
                health.gradients(model.network(), fast.gradient(), 1);
            }
            if (measureGraph) {
                graphHealth.gradients(model.graph(), fast.gradient(), 1);
            }
            boolean stepped = updater.getConfig() instanceof Adam adam
                    && AdamLoop.apply(adam, updaterState, fast.gradient(), fast.params(), iteration, epoch);
            if (!stepped) {
                INDArray g = fast.gradient().reshape(1, fast.gradient().length()); // a view, as the updater's state
                updater.applyUpdater(g, iteration, epoch);
            }
            iteration++;
            if (measure) {
                health.updates(model.network(), fast.gradient()); // the updater turned the gradient into the step
            }
            if (measureGraph) {
                graphHealth.updates(model.graph(), fast.gradient());
            }
            if (!stepped) {
                fast.params().subi(fast.gradient());
            }
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
        return BatchScores.evaluate(batch -> {
            INDArray out = fast.output(Nd4jArrays.modelInput(model, images, batch, true));
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
    public void watch(HealthProbe probe) {
        health = probe;
        fast.watchOutputs((out, layer) -> probe.output(layer, out));
    }

    /**
     * Measures a graph model's health with {@code probe} from now on: the training pass's outputs by layer name, the
     * gradient before the updater and the step after it, on the batches the probe measures.
     */
    GraphHealthProbe watch(GraphHealthProbe probe) {
        graphHealth = probe;
        fast.watchOutputs((out, layer) -> probe.output(model.names().get(layer), out));
        return probe;
    }

    @Override
    public void close() {
        fast.watchOutputs(null);
    }

    /** A native-ops network this backend trains: a flat gradient over the flat parameters, filled per batch. */
    interface Pass {
        /** The network's flat parameters (the DL4J network's own array). */
        INDArray params();

        /** The flat gradient of the last {@link #computeGradient} call, laid out like {@link #params()}. */
        INDArray gradient();

        /**
         * One forward and backward pass on softmax cross-entropy over the last Dense layer's logits; fills
         * {@link #gradient()} and returns the mean loss.
         *
         * @param frozen layers (in listed order) that run in inference mode and get no gradient
         */
        double computeGradient(INDArray x, int[] labels, float[][] probabilities, int frozen);

        /** The last layer's output for a channels-last batch in inference mode, {@code [n, units]}. */
        INDArray output(INDArray x);

        /** Lets {@code watcher} see each layer's training-pass output (and its index), or stops with null. */
        void watchOutputs(java.util.function.ObjIntConsumer<INDArray> watcher);
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
}
