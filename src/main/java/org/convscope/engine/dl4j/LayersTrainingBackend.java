package org.convscope.engine.dl4j;

import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.TrainConfig;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Stock DL4J training: a copy of the network with the configured optimiser, one {@code fit(DataSet)} per batch of
 * {@code [n, C, H, W]} images with one-hot labels. A last {@code DenseLayer} with identity activation (logits)
 * becomes an {@code OutputLayer} with softmax and multi-class cross-entropy, which has the same parameters. The
 * batch accuracy needs one extra inference pass per batch, before the update.
 */
final class LayersTrainingBackend implements TrainingBackend {
    private final Dl4jModel model;
    private final MultiLayerNetwork original;
    private final MultiLayerNetwork net;
    private final INDArray before;
    private HealthProbe health;
    /** The batch being trained: DL4J's gradient after back-propagation is the batch's sum; its updater divides. */
    private int batchSize = 1;

    LayersTrainingBackend(Dl4jModel m, TrainConfig config) {
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
        INDArray x = Nd4jArrays.layout(batch, idx.length, images, false);
        batchSize = idx.length;
        correct[0] = BatchScores.correct(net.output(x, false), y);
        java.util.List<INDArray> weightsBefore = health != null && health.measuring() ? health.weightsNow(net) : null;
        net.fit(new DataSet(x, oneHot(y, images.classCount())));
        if (weightsBefore != null) {
            health.updatesSince(net, weightsBefore);
        }
        return net.score();
    }

    /**
     * Measures health through a DL4J listener on the training network: its training forward pass's activations
     * (DL4J's list: the input, then each layer's output) and the gradient after back-propagation, before the
     * optimiser turns it into the step; the step itself is the change of the weights over {@code fit}.
     */
    @Override
    public void watch(HealthProbe probe) {
        health = probe;
        int layers = model.spec().layers().size();
        net.setListeners(new org.deeplearning4j.optimize.api.BaseTrainingListener() {
            @Override
            public void onForwardPass(org.deeplearning4j.nn.api.Model m, java.util.List<INDArray> activations) {
                for (int i = 0; i < layers && probe.measuring(); i++) {
                    int at = model.outputIndex(i);
                    if (at != Dl4jModel.FLATTEN && at < activations.size()) {
                        probe.output(i, activations.get(at));
                    }
                }
            }

            @Override
            public void onGradientCalculation(org.deeplearning4j.nn.api.Model m) {
                if (probe.measuring()) {
                    probe.gradients(net, net.getGradientsViewArray(), 1.0 / batchSize);
                }
            }
        });
    }

    @Override
    public double[] evaluate(LabelledImages images) {
        return BatchScores.evaluate(batch -> net.output(Nd4jArrays.modelInput(model, images, batch, false), false),
                images);
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
                        .updater(TrainingBackend.updater(config)).biasUpdater(TrainingBackend.updater(config))
                        .name(d.getLayerName()).build();
                c.setLayer(head);
            }
            if (c.getLayer() instanceof BaseLayer base) {
                base.setIUpdater(TrainingBackend.updater(config));
                base.setBiasUpdater(TrainingBackend.updater(config));
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

    private static INDArray oneHot(int[] y, int classes) {
        float[] data = new float[y.length * classes];
        for (int k = 0; k < y.length; k++) {
            data[k * classes + y[k]] = 1f;
        }
        return Nd4j.create(data, new long[] {y.length, classes}, 'c');
    }
}
