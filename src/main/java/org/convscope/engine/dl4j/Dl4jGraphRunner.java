package org.convscope.engine.dl4j;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.convscope.core.task.CancelToken;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs a {@link ComputationGraph} vertex by vertex in inference mode, for the graph models' forward passes, batch
 * classification and last hidden layer. Not {@code ComputationGraph.output}: DL4J's {@code ActivationLayer} works in
 * place on its input when not training, which in a graph could overwrite a tensor another branch still needs; here
 * every vertex gets copies of its inputs. A vertex's output is dropped once all its consumers have run, unless asked
 * to keep it.
 */
final class Dl4jGraphRunner {

    private Dl4jGraphRunner() {
    }

    /**
     * Runs the graph on a batch.
     *
     * @param g the graph; the caller synchronises on its model
     * @param x the input, {@code [n, C, H, W]}
     * @param keep the vertices whose outputs to return (null: all)
     * @param stopAfter the vertex after which to stop (null: run all)
     * @param cancel checked before each vertex
     * @return vertex name to output, for the vertices kept that ran
     */
    static Map<String, INDArray> run(ComputationGraph g, INDArray x, Set<String> keep, String stopAfter,
            CancelToken cancel) {
        return run(g, x, keep, stopAfter, cancel, Map.of());
    }

    /**
     * Runs the graph on a batch with some vertices' outputs replaced by given arrays (the layers after them see
     * those instead); for finite-difference checks of {@link GraphClassGradient}.
     *
     * @param replace vertex name to the output to use in place of the computed one
     */
    static Map<String, INDArray> run(ComputationGraph g, INDArray x, Set<String> keep, String stopAfter,
            CancelToken cancel, Map<String, INDArray> replace) {
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        GraphVertex[] vertices = g.getVertices();
        INDArray[] out = new INDArray[vertices.length];
        int[] waiting = new int[vertices.length];
        for (GraphVertex v : vertices) {
            waiting[v.getVertexIndex()] = v.getOutputVertices() == null ? 0 : v.getOutputVertices().length;
        }
        Map<String, INDArray> result = new HashMap<>();
        g.setInput(0, x); // a PreprocessorVertex asks the graph for the batch size
        try {
            for (int idx : g.topologicalSortOrder()) {
                cancel.throwIfCancelled();
                GraphVertex v = vertices[idx];
                if (v.isInputVertex()) {
                    out[idx] = x;
                } else {
                    VertexIndices[] ins = v.getInputVertices();
                    for (int k = 0; k < ins.length; k++) {
                        int from = ins[k].getVertexIndex();
                        v.setInput(k, out[from].dup(), ws);
                        if (--waiting[from] == 0 && !kept(keep, vertices[from])) {
                            out[from] = null;
                        }
                    }
                    out[idx] = v.doForward(false, ws).dup();
                    v.clear();
                    if (replace.containsKey(v.getVertexName())) {
                        out[idx] = replace.get(v.getVertexName()).dup();
                    }
                }
                if (kept(keep, v)) {
                    result.put(v.getVertexName(), out[idx]);
                }
                if (v.getVertexName().equals(stopAfter)) {
                    break;
                }
            }
        } finally {
            g.clearLayersStates();
        }
        return result;
    }

    private static boolean kept(Set<String> keep, GraphVertex v) {
        return keep == null || keep.contains(v.getVertexName());
    }

    /** Returns the graph's output (its last layer's) for a batch. */
    static INDArray output(ComputationGraph g, INDArray x) {
        String name = g.getConfiguration().getNetworkOutputs().get(0);
        return run(g, x, Set.of(name), null, CancelToken.NEVER).get(name);
    }
}
