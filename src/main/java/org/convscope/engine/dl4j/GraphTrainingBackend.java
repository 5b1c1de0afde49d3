package org.convscope.engine.dl4j;

import static org.convscope.core.text.CoreText.tr;

import java.util.HashSet;
import java.util.Set;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.TrainConfig;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Stock DL4J training of a graph model, as {@link LayersTrainingBackend} does for chains: a copy of the
 * {@link ComputationGraph} with the configured optimiser, one {@code fit(DataSet)} per batch of {@code [n, C, H, W]}
 * images with one-hot labels, the parameters copied back at each epoch's end. A last {@code DenseLayer} with
 * identity activation (logits) becomes an {@code OutputLayer} with softmax and multi-class cross-entropy (the same
 * parameters). The first {@code frozenLayers} layers of the model (in listed order) are wrapped in DL4J's
 * {@code FrozenLayer} (run in inference mode, never updated), the joins and flattens among them in a
 * {@code FrozenVertex}, which DL4J's backward pass skips as it skips frozen layers. The batch accuracy and evaluation run the copy with {@link Dl4jGraphRunner}.
 */
final class GraphTrainingBackend implements TrainingBackend {
    private final Dl4jModel model;
    private final ComputationGraph original;
    private final ComputationGraph net;
    private final INDArray before;
    /** Measures learning health, or null. */
    private GraphHealthProbe health;
    private int batchSize;

    GraphTrainingBackend(Dl4jModel m, TrainConfig config) {
        model = m;
        original = m.graph();
        net = trainingGraph(m, config);
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
        correct[0] = BatchScores.correct(Dl4jGraphRunner.output(net, x), y);
        batchSize = idx.length;
        java.util.List<INDArray> weightsBefore = health != null && health.measuring() ? health.weightsNow(net) : null;
        net.fit(new DataSet(x, oneHot(y, images.classCount())));
        if (weightsBefore != null) {
            health.updatesSince(net, weightsBefore);
        }
        return net.score();
    }

    /**
     * Measures health with {@code probe} from now on, through a DL4J listener on the training graph: the vertex
     * outputs of its training forward pass (the very pass that back-propagates: {@code computeGradientAndScore} hands
     * them over, no extra pass) and the gradient after back-propagation, before the optimiser turns it into the step;
     * the step itself is the change of the weights over {@code fit}. The probe ignores unmeasured batches.
     */
    GraphHealthProbe watch(GraphHealthProbe probe) {
        health = probe;
        net.setListeners(new org.deeplearning4j.optimize.api.BaseTrainingListener() {
            @Override
            public void onForwardPass(org.deeplearning4j.nn.api.Model m, java.util.Map<String, INDArray> activations) {
                probe.outputs(activations);
            }

            @Override
            public void onGradientCalculation(org.deeplearning4j.nn.api.Model m) {
                if (probe.measuring()) {
                    probe.gradients(net, net.getGradientsViewArray(), 1.0 / batchSize);
                }
            }
        });
        return probe;
    }

    @Override
    public double[] evaluate(LabelledImages images) {
        return BatchScores.evaluate(batch -> Dl4jGraphRunner.output(net,
                Nd4jArrays.modelInput(model, images, batch, false)), images);
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

    /**
     * Builds a graph like the model's with the configured optimiser, a softmax cross-entropy head and the frozen
     * layers wrapped; the parameters keep their order and values.
     *
     * @throws IllegalArgumentException if the model does not end with a Dense layer
     */
    static ComputationGraph trainingGraph(Dl4jModel m, TrainConfig config) {
        var layers = m.spec().layers();
        if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof LayerSpec.Dense)) {
            throw new IllegalArgumentException(tr("error.engine.trainNeedsDense"));
        }
        Set<String> frozen = new HashSet<>();
        for (int i = 0; i < config.frozenLayers(); i++) {
            frozen.add(m.names().get(i));
        }
        ComputationGraphConfiguration conf = m.graph().getConfiguration().clone();
        String output = conf.getNetworkOutputs().get(0);
        // DL4J's backward pass skips frozen vertices; a join (Add, Concatenate) or flatten among the first layers is
        // frozen too, or it would wait for a gradient its frozen consumers never send ("errors not set")
        conf.getVertices().replaceAll((vertex, v) -> frozen.contains(vertex) && !(v instanceof LayerVertex)
                ? new org.deeplearning4j.nn.conf.graph.FrozenVertex(v) : v);
        conf.getVertices().forEach((vertex, v) -> {
            if (!(v instanceof LayerVertex lv)) {
                return;
            }
            NeuralNetConfiguration c = lv.getLayerConf();
            c.setSeed(config.seed());
            if (vertex.equals(output) && c.getLayer() instanceof DenseLayer d) {
                c.setLayer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(d.getNIn()).nOut(d.getNOut()).hasBias(d.hasBias())
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX)
                        .weightInit(WeightInit.XAVIER_UNIFORM).name(d.getLayerName()).build());
            }
            if (c.getLayer() instanceof BaseLayer base) {
                base.setIUpdater(TrainingBackend.updater(config));
                base.setBiasUpdater(TrainingBackend.updater(config));
            }
            String layer = vertex.contains("/") ? vertex.substring(0, vertex.indexOf('/')) : vertex;
            if (frozen.contains(layer) || frozen.contains(vertex)) {
                c.setLayer(new org.deeplearning4j.nn.conf.layers.misc.FrozenLayer(c.getLayer()));
            }
        });
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        if (net.numParams() != m.graph().numParams()) {
            throw new IllegalStateException("the training graph has " + net.numParams() + " parameters, the model "
                    + m.graph().numParams());
        }
        net.setParams(m.graph().params().dup());
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
