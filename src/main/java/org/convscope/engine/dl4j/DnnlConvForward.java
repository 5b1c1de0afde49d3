package org.convscope.engine.dl4j;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_direct;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_format_tag_any;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nhwc;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;
import static org.bytedeco.dnnl.global.dnnl.dnnl_x;
import static org.convscope.engine.dl4j.OneDnn.args;
import static org.convscope.engine.dl4j.OneDnn.buffer;
import static org.convscope.engine.dl4j.OneDnn.handle;
import static org.convscope.engine.dl4j.OneDnn.md;
import static org.convscope.engine.dl4j.OneDnn.memory;

import java.util.Optional;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A Conv2D layer's forward pass, {@code z = conv(x, W) + b} on channels-last arrays ({@code [n, H, W, C]} in,
 * {@code [n, oh, ow, out]} out, weights {@code [out, in, kh, kw]}), by oneDNN's kernels through JavaCPP's presets,
 * the weights put in the kernel's layout by {@link BlockedWeights}. ND4J's {@code conv2d} runs the same kind of
 * kernel on its own copy of oneDNN (2.3), which reorders the weights on every call (0.32 ms a TF CNN batch, 3.8 ms a
 * ResNet-20 batch). Both copies run on the one OpenMP runtime ND4J loads (the presets' {@code libdnnl} links
 * {@code libgomp.so.1}, which that satisfies; their bundled TBB library is loaded but not used).
 *
 * <p>Plans are made per set of shapes and kept; where the presets cannot load or oneDNN refuses the shapes,
 * {@link #forward} returns false and {@link ConvStep} keeps ND4J's {@code conv2d}.
 */
final class DnnlConvForward {
    private final OneDnn.Plans<Plan> plans;

    DnnlConvForward(int kh, int kw, int sh, int sw) {
        plans = new OneDnn.Plans<>(kh, kw, sh, sw);
    }

    /**
     * Writes {@code z = conv(x, w) + b} ({@code b} null: no bias). All arrays must be contiguous c-order float arrays.
     * Returns false (and writes nothing) where oneDNN refuses these shapes.
     *
     * @param padTop rows of zeros above the input (those below follow from the shapes)
     * @param padLeft columns of zeros left of it
     */
    boolean forward(INDArray x, INDArray w, INDArray b, INDArray z, int padTop, int padLeft) {
        return forward(x, w, b, z, padTop, padLeft, false);
    }

    /**
     * As {@link #forward(INDArray, INDArray, INDArray, INDArray, int, int)}, and with {@code relu} writes
     * {@code max(0, conv(x, w) + b)} instead: ReLU applied by the kernel as it stores each value (a oneDNN post-op), so
     * the layer needs no second pass over its output.
     */
    boolean forward(INDArray x, INDArray w, INDArray b, INDArray z, int padTop, int padLeft, boolean relu) {
        long[] key = {x.size(0), x.size(1), x.size(2), x.size(3), z.size(1), z.size(2), z.size(3), padTop, padLeft,
            b == null ? 0 : 1, relu ? 1 : 0};
        Optional<Plan> plan = plans.get(key, k -> Plan.make(k, plans.kh, plans.kw, plans.sh, plans.sw));
        plan.ifPresent(p -> p.run(x, w, b, z));
        return plan.isPresent();
    }

    /**
     * A convolution's memory descriptors from a plan key ({@code n, ih, iw, ci, oh, ow, co, padTop, padLeft, bias,
     * relu...}) and its window: input and output channels-last, weights in whatever layout the kernel picks, the bias (an
     * empty descriptor without one), and the padding after the input, {@code (o - 1) s + k - i - before} (negative
     * where the last cells are in no window). {@link DnnlConv} builds its backward primitives on the same.
     */
    record Shapes(dnnl_memory_desc_t x, dnnl_memory_desc_t z, dnnl_memory_desc_t wAny, dnnl_memory_desc_t bias,
            long[] strides, long[] padL, long[] padR) {
        /** The descriptors for {@code key}, or null where oneDNN refuses one. */
        static Shapes of(long[] key, int kh, int kw, int sh, int sw) {
            long n = key[0];
            long ih = key[1];
            long iw = key[2];
            long ci = key[3];
            long oh = key[4];
            long ow = key[5];
            long co = key[6];
            dnnl_memory_desc_t x = md(new long[] {n, ci, ih, iw}, dnnl_nhwc);
            dnnl_memory_desc_t z = md(new long[] {n, co, oh, ow}, dnnl_nhwc);
            dnnl_memory_desc_t w = md(new long[] {co, ci, kh, kw}, dnnl_format_tag_any);
            dnnl_memory_desc_t b = key[9] == 1 ? md(new long[] {co}, dnnl_x) : new dnnl_memory_desc_t();
            if (x == null || z == null || w == null || b == null) {
                return null;
            }
            return new Shapes(x, z, w, b, new long[] {sh, sw}, new long[] {key[7], key[8]},
                    new long[] {(oh - 1) * sh + kh - ih - key[7], (ow - 1) * sw + kw - iw - key[8]});
        }

        /** The forward (training) primitive descriptor: this class's kernel and the backward passes' hint; or null. */
        dnnl_primitive_desc forward() {
            return forward(false);
        }

        /** As {@link #forward()}, with {@code relu} applied to each output as the kernel stores it; or null. */
        dnnl_primitive_desc forward(boolean relu) {
            dnnl_convolution_desc_t fd = new dnnl_convolution_desc_t();
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            dnnl_primitive_attr attr = relu ? OneDnn.reluAfter() : null;
            boolean ok = (!relu || attr != null)
                    && dnnl_convolution_forward_desc_init(fd, dnnl_forward_training, dnnl_convolution_direct, x, wAny,
                            bias, z, strides, padL, padR) == dnnl_success
                    && dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(fd), attr, OneDnn.engine(), null)
                            == dnnl_success;
            if (attr != null) {
                dnnl_primitive_attr_destroy(attr); // the primitive descriptor keeps its own copy
            }
            return ok ? pd : null;
        }
    }

    /** The primitive, memory objects, weight table and stream for one set of shapes. */
    private static final class Plan {
        private dnnl_stream stream;
        private final dnnl_memory x = new dnnl_memory();
        private final dnnl_memory wKernel = new dnnl_memory();
        private final dnnl_memory b = new dnnl_memory();
        private final dnnl_memory z = new dnnl_memory();
        private final dnnl_primitive conv = new dnnl_primitive();
        private dnnl_exec_arg_t convArgs;
        private boolean bias;
        private BlockedWeights weights;
        /** The kernel-layout weight buffer; kept reachable as long as the plan. */
        private Pointer owned;

        /** Builds the plan for {@code key} (as {@link #forward} makes it), or null where oneDNN refuses. */
        static Plan make(long[] key, int kh, int kw, int sh, int sw) {
            Plan p = new Plan();
            p.stream = OneDnn.stream();
            p.bias = key[9] == 1;
            Shapes c = Shapes.of(key, kh, kw, sh, sw);
            dnnl_primitive_desc pd = c == null ? null : c.forward(key[10] == 1);
            if (p.stream == null || pd == null || dnnl_primitive_create(p.conv, pd) != dnnl_success) {
                return null;
            }
            dnnl_memory_desc_t xMd = c.x();
            dnnl_memory_desc_t zMd = c.z();
            dnnl_memory_desc_t bMd = c.bias();
            dnnl_memory_desc_t wMd = dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0);
            p.owned = buffer(wMd);
            p.weights = BlockedWeights.of(wMd, p.owned);
            if (p.weights == null || !memory(p.x, xMd, null) || !memory(p.z, zMd, null)
                    || !memory(p.wKernel, wMd, p.owned) || p.bias && !memory(p.b, bMd, null)) {
                return null;
            }
            p.convArgs = p.bias
                    ? args(new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_BIAS, DNNL_ARG_DST}, p.x, p.wKernel,
                            p.b, p.z)
                    : args(new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST}, p.x, p.wKernel, p.z);
            return p;
        }

        void run(INDArray xa, INDArray wa, INDArray ba, INDArray za) {
            weights.scatter(NativeFloats.of(wa));
            handle(x, xa);
            handle(z, za);
            if (bias) {
                handle(b, ba);
            }
            dnnl_primitive_execute(conv, stream, bias ? 4 : 3, convArgs);
            dnnl_stream_wait(stream);
        }
    }
}
