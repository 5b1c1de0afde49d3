package org.convscope.engine.dl4j;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer of {@link NativeOpsGraph} that takes several inputs ({@code Add}, {@code Concatenate}), on channels-last
 * {@code [n, H, W, C]} arrays.
 */
interface JoinStep {
    /** Computes the output from the inputs, in the order the layer names them. */
    INDArray forward(INDArray[] in);

    /**
     * Returns dL/d(input) for each input, from dL/d(output). The arrays may be shared (Add hands the same one to
     * every input): callers must not write into them.
     */
    INDArray[] backward(INDArray eps);

    /**
     * Add: the element-wise sum, one pass over the inputs' memory ({@link DnnlElementwise} for two inputs where
     * oneDNN's presets load, else {@link ChannelLoops#add}); its gradient passes
     * unchanged to every input. With the ReLU that follows it fused ({@link #forward(INDArray[], boolean)}) the output
     * is {@code max(0, sum)} and backward first zeroes the gradient where that output is not positive.
     */
    final class Add implements JoinStep {
        /** oneDNN's kernels for two inputs (declines where the presets do not load). */
        private final DnnlElementwise dnnl = new DnnlElementwise();
        private final NativeOps.Buffer outBuffer = new NativeOps.Buffer();
        private final NativeOps.Buffer gradientBuffer = new NativeOps.Buffer();
        private int inputs;
        private INDArray reluOutput;

        @Override
        public INDArray forward(INDArray[] in) {
            return forward(in, false);
        }

        /** The sum, then {@code max(0, sum)} when {@code relu} (backward then applies the ReLU's gradient too). */
        INDArray forward(INDArray[] in, boolean relu) {
            inputs = in.length;
            int n = (int) in[0].length();
            java.nio.FloatBuffer[] terms = new java.nio.FloatBuffer[in.length];
            for (int k = 0; k < in.length; k++) {
                if (in[k].length() != n) {
                    throw new IllegalArgumentException("Add of different shapes " + java.util.Arrays.toString(
                            in[0].shape()) + " and " + java.util.Arrays.toString(in[k].shape()));
                }
                terms[k] = NativeFloats.of(in[k]);
            }
            INDArray out = outBuffer.get(in[0].shape());
            if (!(in.length == 2 && dnnl.add(in[0], in[1], out, relu))) {
                ChannelLoops.add(terms, NativeFloats.of(out), n, relu);
            }
            reluOutput = relu ? out : null;
            return out;
        }

        @Override
        public INDArray[] backward(INDArray eps) {
            INDArray g = eps;
            if (reluOutput != null) {
                g = gradientBuffer.get(reluOutput.shape());
                if (!dnnl.reluGradient(reluOutput, eps, g)) {
                    ChannelLoops.reluMask(NativeFloats.of(reluOutput), NativeFloats.of(eps), NativeFloats.of(g),
                            (int) eps.length());
                }
                reluOutput = null;
            }
            INDArray[] all = new INDArray[inputs];
            java.util.Arrays.fill(all, g);
            return all;
        }
    }

    /** Concatenate along the channels (Keras' last axis); its gradient is sliced back along the channels. */
    final class Concatenate implements JoinStep {
        private final NativeOps.Buffer outBuffer = new NativeOps.Buffer();
        private final NativeOps.Buffer[] gradients;
        private final long[] channels;

        Concatenate(int inputs) {
            gradients = new NativeOps.Buffer[inputs];
            for (int k = 0; k < inputs; k++) {
                gradients[k] = new NativeOps.Buffer();
            }
            channels = new long[inputs];
        }

        @Override
        public INDArray forward(INDArray[] in) {
            int last = in[0].rank() - 1;
            long[] shape = in[0].shape().clone();
            shape[last] = 0;
            for (int k = 0; k < in.length; k++) {
                channels[k] = in[k].size(last);
                shape[last] += channels[k];
            }
            INDArray out = outBuffer.get(shape);
            long from = 0;
            for (int k = 0; k < in.length; k++) {
                slice(out, from, from + channels[k]).assign(in[k]);
                from += channels[k];
            }
            return out;
        }

        @Override
        public INDArray[] backward(INDArray eps) {
            INDArray[] g = new INDArray[channels.length];
            long from = 0;
            for (int k = 0; k < channels.length; k++) {
                INDArray part = slice(eps, from, from + channels[k]);
                g[k] = gradients[k].get(part.shape()).assign(part);
                from += channels[k];
            }
            return g;
        }

        private static INDArray slice(INDArray a, long from, long to) {
            return a.rank() == 4 ? a.get(all(), all(), all(), interval(from, to)) : a.get(all(), interval(from, to));
        }
    }
}
