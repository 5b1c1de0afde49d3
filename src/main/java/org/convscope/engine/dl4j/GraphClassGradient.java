package org.convscope.engine.dl4j;

import static org.convscope.core.text.CoreText.tr;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.convscope.core.task.CancelToken;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.graph.vertex.impl.ElementWiseVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.graph.vertex.impl.MergeVertex;
import org.deeplearning4j.nn.graph.vertex.impl.PreprocessorVertex;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The gradient of one class score with respect to a layer's output in a graph model, for Grad-CAM: one inference
 * forward pass ({@link Dl4jGraphRunner}, every vertex's output kept), then a reverse pass over the vertices from the
 * output down to the chosen one, in reverse topological order. The class score is the last Dense layer's
 * pre-activation {@code y^c = h . W[:, c] + b[c]} (the logit, as on the chain path), so its gradient with respect to
 * that layer's input {@code h} is the column {@code W[:, c]}.
 *
 * <p>A vertex that feeds several others (a skip connection) gets the sum of their gradients. {@code Add} passes its
 * gradient to each input, {@code Concatenate} splits it along the channels, a preprocessor vertex (the channels-last
 * flatten) runs its own {@code backprop}. Layers run DL4J's {@code backpropGradient} on copies of their forward
 * inputs, with two exceptions written here because DL4J's backward assumes training: batch normalisation, whose
 * DL4J backward differentiates through the batch's own mean and variance, is the inference map
 * {@code y = gamma (x - mean) / sqrt(var + eps) + beta} with the moving statistics, so {@code dy/dx = gamma / sqrt(var
 * + eps)} per channel; dropout is the identity. The weight gradients DL4J writes on the way are not used.
 */
final class GraphClassGradient {

    /** The layer's output {@code [1, C, H, W]}, its gradient, the class and the softmax of the logits. */
    record Result(INDArray activation, INDArray gradient, int classIndex, float[] probabilities) {
    }

    private GraphClassGradient() {
    }

    /**
     * Computes the gradient.
     *
     * @param g the model's graph; the caller synchronises on its model
     * @param x the image, {@code [1, C, H, W]}, preprocessed as the model expects
     * @param target the vertex whose output is differentiated against (a layer's name)
     * @param classIndex the class, or -1 for the most likely one
     * @throws IllegalArgumentException if the class is out of range
     */
    static Result compute(ComputationGraph g, INDArray x, String target, int classIndex) {
        Map<String, INDArray> out = Dl4jGraphRunner.run(g, x, null, null, CancelToken.NEVER);
        GraphVertex[] vertices = g.getVertices();
        GraphVertex head = g.getVertex(g.getConfiguration().getNetworkOutputs().get(0));
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        if (g.getGradientsViewArray() == null) {
            g.initGradientsView(); // DL4J's layers write their weight gradients there
        }
        try {
            // the head: logits from its input h (after its preprocessor, if any)
            INDArray h = out.get(vertices[head.getInputVertices()[0].getVertexIndex()].getVertexName());
            InputPreProcessor pre = ((LayerVertex) head).getLayerPreProcessor();
            INDArray hIn = pre == null ? h : pre.preProcess(h.dup(), 1, ws);
            Layer dense = head.getLayer();
            INDArray w = dense.getParam("W");
            INDArray logits = hIn.mmul(w);
            if (dense.getParam("b") != null) {
                logits.addiRowVector(dense.getParam("b"));
            }
            float[] p = Transforms.softmax(logits.castTo(DataType.FLOAT), true).dup('c').data().asFloat();
            int c = classIndex < 0 ? argmax(p) : classIndex;
            if (c >= p.length) {
                throw new IllegalArgumentException(tr("error.engine.classes", p.length, c + 1));
            }
            INDArray eps = w.getColumn(c).dup().reshape(1, w.size(0));
            if (pre != null) {
                eps = pre.backprop(eps, 1, ws);
            }
            Map<Integer, INDArray> grads = new HashMap<>();
            grads.put(head.getInputVertices()[0].getVertexIndex(), eps);
            Set<Integer> above = descendants(g, g.getVertex(target).getVertexIndex());
            int[] order = g.topologicalSortOrder();
            int targetIndex = g.getVertex(target).getVertexIndex();
            for (int k = order.length - 1; k >= 0; k--) {
                int idx = order[k];
                INDArray e = grads.remove(idx);
                if (idx == targetIndex) {
                    if (e == null) {
                        throw new IllegalArgumentException(tr("error.engine.scoreIndependent", target));
                    }
                    return new Result(out.get(target), e, c, p);
                }
                if (e == null || !above.contains(idx)) {
                    continue;
                }
                GraphVertex v = vertices[idx];
                INDArray[] back = backward(v, e, out, vertices, ws);
                VertexIndices[] ins = v.getInputVertices();
                for (int i = 0; i < ins.length; i++) {
                    grads.merge(ins[i].getVertexIndex(), back[i], INDArray::addi);
                }
            }
            throw new IllegalArgumentException(tr("error.engine.noVertex", target));
        } finally {
            g.clearLayersStates();
        }
    }

    /** Returns the gradients with respect to a vertex's inputs, given the gradient with respect to its output. */
    private static INDArray[] backward(GraphVertex v, INDArray eps, Map<String, INDArray> out, GraphVertex[] all,
            LayerWorkspaceMgr ws) {
        VertexIndices[] ins = v.getInputVertices();
        INDArray[] inputs = new INDArray[ins.length];
        for (int i = 0; i < ins.length; i++) {
            inputs[i] = out.get(all[ins[i].getVertexIndex()].getVertexName());
        }
        if (v instanceof ElementWiseVertex) { // only Add is built
            INDArray[] r = new INDArray[ins.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = eps.dup();
            }
            return r;
        } else if (v instanceof MergeVertex) { // channels, axis 1
            INDArray[] r = new INDArray[ins.length];
            long from = 0;
            for (int i = 0; i < r.length; i++) {
                long n = inputs[i].size(1);
                r[i] = eps.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + n)).dup();
                from += n;
            }
            return r;
        } else if (v instanceof PreprocessorVertex pv) {
            return new INDArray[] {pv.getPreProcessor().backprop(eps.dup(), 1, ws)};
        }
        Layer layer = v.getLayer();
        if (layer instanceof org.deeplearning4j.nn.layers.DropoutLayer) {
            return new INDArray[] {eps.dup()};
        } else if (layer instanceof BatchNormalization && ((LayerVertex) v).getLayerPreProcessor() == null) {
            return new INDArray[] {batchNormBackward(layer, eps)};
        }
        v.setInputs(inputs[0].dup());
        ((LayerVertex) v).applyPreprocessorAndSetInput(ws); // doBackward does not set the layer's input itself
        v.setEpsilon(eps.dup());
        INDArray[] r = v.doBackward(false, ws).getSecond();
        v.clear();
        return new INDArray[] {r[0].dup()};
    }

    /** {@code dL/dx = dL/dy * gamma / sqrt(var + eps)} per channel (axis 1), with the moving variance. */
    private static INDArray batchNormBackward(Layer layer, INDArray eps) {
        var conf = (org.deeplearning4j.nn.conf.layers.BatchNormalization) layer.conf().getLayer();
        INDArray var;
        if (layer.paramTable().containsKey("log10stdev")) {
            INDArray std = Transforms.pow(Nd4j.valueArrayOf(layer.getParam("log10stdev").shape(), 10.0,
                    layer.getParam("log10stdev").dataType()), layer.getParam("log10stdev"), false);
            var = std.muli(std);
        } else {
            var = layer.getParam("var").dup();
        }
        INDArray scale = layer.getParam("gamma").reshape(-1).div(Transforms.sqrt(var.reshape(-1).addi(conf.getEps()),
                false));
        INDArray r = eps.dup();
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp(r, scale.castTo(r.dataType()), r, 1));
        return r;
    }

    /** Returns the vertices that depend on a vertex's output, the vertex itself included. */
    private static Set<Integer> descendants(ComputationGraph g, int from) {
        Set<Integer> seen = new HashSet<>();
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        todo.add(from);
        while (!todo.isEmpty()) {
            int idx = todo.pop();
            if (seen.add(idx)) {
                VertexIndices[] next = g.getVertices()[idx].getOutputVertices();
                if (next != null) {
                    for (VertexIndices n : next) {
                        todo.add(n.getVertexIndex());
                    }
                }
            }
        }
        return seen;
    }

    private static int argmax(float[] p) {
        int c = 0;
        for (int k = 1; k < p.length; k++) {
            c = p[k] > p[c] ? k : c;
        }
        return c;
    }
}
