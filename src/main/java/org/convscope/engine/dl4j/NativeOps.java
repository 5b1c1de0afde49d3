package org.convscope.engine.dl4j;

import org.convscope.core.model.TensorShape;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the {@link NativeStep}s share: calling an ND4J custom op by name, reusable output arrays, and activations
 * computed into a given array (native ReLU where it can, DL4J's own {@code IActivation} otherwise).
 */
final class NativeOps {

    private NativeOps() {
    }

    /** Runs an ND4J custom op ({@code conv2d}, {@code maxpool2d_bp}, ...) from inputs into outputs. */
    static void exec(String op, INDArray[] in, INDArray[] out, int... iargs) {
        DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder(op).addInputs(in).addOutputs(out);
        b.addIntegerArguments(iargs);
        Nd4j.exec(b.build());
    }

    /**
     * Rows (dim 1) or columns (dim 2) of padding before an {@code [n, H, W, C]} input, from ND4J's conv/pool
     * {@code iargs} ({@code kH, kW, sH, sW, pH, pW, dH, dW, same, ...}): the explicit amount, or in same mode the
     * smaller half of what the output's size needs, {@code ((out - 1) s + k - in) / 2} (TF and ND4J put the extra after).
     */
    static int paddingBefore(int[] iargs, INDArray in, INDArray out, int dim) {
        if (iargs[8] == 0) {
            return iargs[3 + dim];
        }
        return (int) Math.max(0, ((out.size(dim) - 1) * iargs[1 + dim] + iargs[dim - 1] - in.size(dim)) / 2);
    }

    /** Returns {@code [n, h, w, c]} for a batch of {@code n} tensors of an image shape. */
    static long[] spatial(int n, TensorShape shape) {
        TensorShape.Spatial s = (TensorShape.Spatial) shape;
        return new long[] {n, s.height(), s.width(), s.channels()};
    }

    /** Returns the activation function of a DL4J layer with weights. */
    static IActivation activationOf(Layer layer) {
        return ((BaseLayer) layer.conf().getLayer()).getActivationFn();
    }

    /** Whether an activation is DL4J's plain ReLU, which the steps compute with native ops into their buffers. */
    static boolean isRelu(IActivation act) {
        return act instanceof org.nd4j.linalg.activations.impl.ActivationReLU r
                && r.equals(new org.nd4j.linalg.activations.impl.ActivationReLU());
    }

    /**
     * Applies an activation from {@code z} into {@code out} (a different array), leaving {@code z} as it was; the
     * identity returns {@code z} itself.
     */
    static INDArray activate(IActivation act, INDArray z, INDArray out, boolean training) {
        if (isRelu(act)) {
            return relu(z, out);
        }
        if (act instanceof org.nd4j.linalg.activations.impl.ActivationIdentity) {
            return z; // no copy: the identity's backward returns eps and never writes into z
        }
        out.assign(z);
        return act.getActivation(out, training); // DL4J activations work in place
    }

    /**
     * {@code out = max(0, z)}: in Java over the arrays' memory where both are contiguous float arrays of one length
     * ({@link ChannelLoops#relu}; ND4J's op costs tens of microseconds a call and runs on its own OpenMP threads,
     * beside the oneDNN presets' pool), else ND4J's {@code RectifiedLinear}. Returns {@code out}.
     */
    static INDArray relu(INDArray z, INDArray out) {
        if (NativeFloats.contiguous(z, out) && z.length() == out.length()) {
            ChannelLoops.relu(NativeFloats.of(z), NativeFloats.of(out), (int) z.length());
        } else {
            Nd4j.exec(new org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear(z, out, 0.0));
        }
        return out;
    }

    /**
     * Returns dL/dz for an activation, computed into {@code z}'s own array (z is not needed afterwards). ReLU's is
     * {@link ChannelLoops#reluMask} over the arrays' memory (ND4J's {@code relu_bp} runs a per-element function
     * object: 0.77 ms for {@code [64, 15, 15, 32]}, this 0.15-0.2 ms); {@code relu_bp} where {@code z} is not one
     * contiguous float array (the gradient is the same; a masked element may be -0 where {@code relu_bp} gives 0).
     */
    static INDArray activationGradient(IActivation act, INDArray z, INDArray eps) {
        return activationGradient(act, z, eps, null);
    }

    /**
     * As {@link #activationGradient(IActivation, INDArray, INDArray)}, ReLU's on oneDNN's kernel ({@code dnnl}, the
     * calling step's own; null: none) where it takes the arrays: both cores instead of one (the TF CNN's max poolings'
     * backward passes at batch 32, with ReLU's gradient on the pooled tensor, 1.16-1.27 -> 0.85-1.00 ms and
     * 0.57-0.73 -> 0.40-0.46).
     */
    static INDArray activationGradient(IActivation act, INDArray z, INDArray eps, DnnlElementwise dnnl) {
        if (dnnl != null && isRelu(act) && dnnl.reluGradient(z, eps, z)) {
            return z;
        }
        if (isRelu(act) && NativeFloats.contiguous(z) && z.length() == eps.length()) {
            java.nio.FloatBuffer y = NativeFloats.of(z);
            ChannelLoops.reluMask(y, NativeFloats.of(eps), y, (int) z.length());
            return z;
        }
        if (isRelu(act)) {
            Nd4j.exec(DynamicCustomOp.builder("relu_bp").addInputs(z, eps).addOutputs(z)
                    .addFloatingPointArguments(0.0).build());
            return z;
        }
        return act.backprop(z, eps).getFirst();
    }

    /**
     * One reusable array: allocating a fresh multi-megabyte ND4J array costs more than the ReLU computed into it
     * (about 4 ms against 0.5 ms for {@code [64, 30, 30, 32]}), so every step keeps its outputs and reallocates only
     * when the batch size changes. Contents are stale until written.
     */
    static final class Buffer {
        /** While a {@link NativeOpsNetwork} builds its steps: the buffers they create, so it can release them. */
        private static final ThreadLocal<java.util.List<Buffer>> CREATED = new ThreadLocal<>();
        private INDArray array;

        Buffer() {
            java.util.List<Buffer> created = CREATED.get();
            if (created != null) {
                created.add(this);
            }
        }

        INDArray get(long... shape) {
            INDArray a = array;
            if (a == null || !java.util.Arrays.equals(a.shape(), shape)) {
                array = a = Nd4j.createUninitialized(DataType.FLOAT, shape);
            }
            return a;
        }

        /** Drops the array (its native memory goes with the next garbage collection); the next get allocates. */
        void release() {
            array = null;
        }

        /** Runs {@code build} and returns the buffers created meanwhile on this thread. */
        static java.util.List<Buffer> createdBy(Runnable build) {
            java.util.List<Buffer> created = new java.util.ArrayList<>();
            java.util.List<Buffer> outer = CREATED.get();
            CREATED.set(created);
            try {
                build.run();
            } finally {
                CREATED.set(outer);
            }
            return created;
        }
    }
}
