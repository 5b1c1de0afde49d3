package org.convscope.engine.dl4j;

import static org.convscope.core.text.CoreText.tr;

import java.util.List;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.core.train.LabelledImages;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Many images through a compiled model in batches, in inference mode, for {@link Dl4jEngine#classify} (class
 * probabilities, {@code [images][classes]}) and {@link Dl4jEngine#lastHidden} (the last Dense layer's input,
 * {@code [images][units]}, for embeddings); on {@link NativeOpsNetwork} or on DL4J's layers.
 */
final class BatchInference {

    private BatchInference() {
    }

    /**
     * Checks a batch call: the model ends with a Dense layer, the batch size is positive and the images have the
     * model's input shape.
     *
     * @return the last Dense layer
     */
    static LayerSpec.Dense checkBatches(Dl4jModel m, LabelledImages images, int batchSize, String what) {
        List<LayerSpec> layers = m.spec().layers();
        if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof LayerSpec.Dense last)) {
            throw new IllegalArgumentException(tr("error.engine.needsDense", what));
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException(tr("error.train.batch", batchSize));
        }
        InputSpec in = m.spec().input();
        if (images.size() > 0 && (images.height() != in.height() || images.width() != in.width()
                || images.channels() != in.channels())) {
            throw new IllegalArgumentException(tr("error.engine.batchImages", in.height() + "x" + in.width() + "x"
                    + in.channels(), images.height() + "x" + images.width() + "x" + images.channels()));
        }
        return last;
    }

    /**
     * Returns the input of the last Dense layer for every image. On the native-ops path the first
     * {@code layers - 1} steps run; on DL4J's layers every DL4J layer before the last Dense one runs, then that
     * layer's input preprocessor (the channels-last flatten, if any).
     *
     * @param fast whether to run {@link NativeOpsNetwork}
     * @throws java.util.concurrent.CancellationException if cancelled between batches
     */
    static float[][] lastHidden(Dl4jModel m, LabelledImages images, int batchSize, CancelToken cancel, boolean fast) {
        checkBatches(m, images, batchSize, tr("error.engine.what.hidden"));
        int layers = m.spec().layers().size(); // at least 2: a Dense layer needs a Flatten (or more) before it
        float[][] result = new float[images.size()][];
        synchronized (m) {
            MultiLayerNetwork net = m.network();
            int lastDl4j = m.isGraph() ? -1 : m.outputIndex(layers - 1) - 1; // the DL4J index of the last Dense layer
            try {
                for (int from = 0; from < images.size(); from += batchSize) {
                    if (cancel.isCancelled()) {
                        throw new java.util.concurrent.CancellationException(tr("error.engine.hiddenCancelled"));
                    }
                    int count = Math.min(batchSize, images.size() - from);
                    INDArray x = Nd4jArrays.modelInput(m, images, range(from, count), fast);
                    x = m.isGraph() ? graphLastHidden(m, x)
                            : fast ? m.nativeOps().forwardFirst(x, layers - 1) : beforeDl4jLayer(net, x, lastDl4j, count);
                    float[] f = Nd4jArrays.floats(x);
                    int units = f.length / count;
                    for (int k = 0; k < count; k++) {
                        result[from + k] = java.util.Arrays.copyOfRange(f, k * units, (k + 1) * units);
                    }
                }
            } finally {
                if (!fast && net != null) {
                    net.clearLayersStates();
                }
            }
        }
        return result;
    }

    /**
     * Returns what a graph model's last (Dense) layer gets: its input layer's output, flattened channels-last where
     * it is an image (as a Flatten would).
     */
    private static INDArray graphLastHidden(Dl4jModel m, INDArray x) {
        var graph = org.convscope.core.model.ModelGraph.of(m.spec());
        int from = graph.inputsOf(m.spec().layers().size() - 1).get(0);
        if (from < 0) {
            return x;
        }
        String name = m.names().get(from);
        INDArray h = Dl4jGraphRunner.run(m.graph(), x, java.util.Set.of(name), name, CancelToken.NEVER).get(name);
        return h.rank() == 4 ? h.permute(0, 2, 3, 1).dup('c').reshape('c', h.size(0), -1) : h;
    }

    /** Runs DL4J's layers before {@code layer}, then that layer's input preprocessor: what the layer gets. */
    private static INDArray beforeDl4jLayer(MultiLayerNetwork net, INDArray x, int layer, int count) {
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        for (int i = 0; i <= layer; i++) {
            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
            if (pre != null) {
                x = pre.preProcess(x, count, ws);
            }
            if (i < layer) {
                x = net.getLayer(i).activate(x, false, ws);
            }
        }
        return x;
    }

    /**
     * Returns the class probabilities of every image: the last layer's output, with a softmax applied where that
     * layer is linear (logits).
     *
     * @param fast whether to run {@link NativeOpsNetwork} (for a graph model {@link NativeOpsGraph})
     * @throws java.util.concurrent.CancellationException if cancelled between batches
     */
    static double[][] classify(Dl4jModel m, LabelledImages images, int batchSize, CancelToken cancel, boolean fast) {
        LayerSpec.Dense last = checkBatches(m, images, batchSize, tr("error.engine.what.classify"));
        double[][] result = new double[images.size()][];
        synchronized (m) {
            for (int from = 0; from < images.size(); from += batchSize) {
                if (cancel.isCancelled()) {
                    throw new java.util.concurrent.CancellationException(tr("error.engine.classifyCancelled"));
                }
                int count = Math.min(batchSize, images.size() - from);
                INDArray x = Nd4jArrays.modelInput(m, images, range(from, count), fast);
                INDArray out = m.isGraph() ? fast ? m.nativeGraph().output(x) : Dl4jGraphRunner.output(m.graph(), x)
                        : fast ? m.nativeOps().output(x) : m.network().output(x, false);
                if (last.activation() == Activation.LINEAR) {
                    out = org.nd4j.linalg.ops.transforms.Transforms.softmax(out, true);
                }
                float[] f = Nd4jArrays.floats(out);
                int classes = (int) out.size(1);
                for (int k = 0; k < count; k++) {
                    double[] row = new double[classes];
                    for (int c = 0; c < classes; c++) {
                        row[c] = f[k * classes + c];
                    }
                    result[from + k] = row;
                }
            }
            if (!fast && m.network() != null) {
                m.network().clearLayersStates();
            }
        }
        return result;
    }

    /** Returns {@code from, from + 1, ..., from + count - 1}. */
    static int[] range(int from, int count) {
        int[] idx = new int[count];
        for (int k = 0; k < count; k++) {
            idx[k] = from + k;
        }
        return idx;
    }
}
