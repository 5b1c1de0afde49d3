package org.convscope.engine.dl4j;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_backward_data_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_backward_weights_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_direct;
import static org.bytedeco.dnnl.global.dnnl.dnnl_oihw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;
import static org.convscope.engine.dl4j.OneDnn.args;
import static org.convscope.engine.dl4j.OneDnn.buffer;
import static org.convscope.engine.dl4j.OneDnn.handle;
import static org.convscope.engine.dl4j.OneDnn.md;
import static org.convscope.engine.dl4j.OneDnn.memory;
import static org.convscope.engine.dl4j.OneDnn.reorder;

import java.util.Optional;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A Conv2D layer's backward pass by oneDNN's direct kernels on the channels-last arrays themselves, through JavaCPP's
 * oneDNN presets: {@code dL/dx [n, H, W, C]} (backward data), {@code dL/dW [out, in, kh, kw]} and {@code dL/db}
 * (backward weights). ND4J's {@code conv2d_bp} computes the same through its own copy of oneDNN but asks for
 * {@code convolution_auto}, which takes the Winograd backward-data kernel, and reorders every tensor to a blocked
 * layout and back: for a 32x32x16 layer at batch 64, 5.6-7.7 ms against 1.0 + 0.9 ms here. Only the weights
 * (a few thousand floats) are reordered, to and from the layout the kernels want, in Java ({@link BlockedWeights};
 * oneDNN's reorder primitive where the layout is not a plain blocked one).
 *
 * <p>The primitives are made for one set of shapes and kept per set (an epoch's short last batch has its own).
 * Where the presets cannot load or oneDNN refuses the shapes, {@link #available} / {@link #backward} say so and
 * {@link ConvStep} keeps its other ways.
 */
final class DnnlConv {
    private final OneDnn.Plans<Plan> plans;

    DnnlConv(int kh, int kw, int sh, int sw) {
        plans = new OneDnn.Plans<>(kh, kw, sh, sw);
    }

    /** Whether oneDNN's presets loaded (unless {@code -Dconvscope.dnnl=false}). */
    static boolean available() {
        return OneDnn.available();
    }

    /**
     * Writes {@code dL/dW} into {@code gw} ({@code [out, in, kh, kw]}), {@code dL/db} into {@code gb} (null: no bias)
     * and, when {@code gin} is not null, {@code dL/dx} into it ({@code [n, H, W, C]}). All arrays must be contiguous
     * c-order float arrays. Returns false (and writes nothing) where oneDNN refuses these shapes.
     *
     * @param padTop rows of zeros above the input (those below follow from the shapes)
     * @param padLeft columns of zeros left of it
     */
    boolean backward(INDArray x, INDArray w, INDArray dz, INDArray gin, INDArray gw, INDArray gb, int padTop,
            int padLeft) {
        long[] key = {x.size(0), x.size(1), x.size(2), x.size(3), dz.size(1), dz.size(2), dz.size(3), padTop, padLeft,
            gb == null ? 0 : 1, gin == null ? 0 : 1};
        Optional<Plan> plan = plans.get(key, k -> Plan.make(k, plans.kh, plans.kw, plans.sh, plans.sw));
        plan.ifPresent(p -> p.run(x, w, dz, gin, gw, gb));
        return plan.isPresent();
    }

    /**
     * The primitives, memory objects and stream for one set of shapes; the arrays' addresses are set on every call.
     * Each plan has its own stream, so layers trained on different threads never share one.
     */
    private static final class Plan {
        private dnnl_stream stream;
        private final dnnl_memory x = new dnnl_memory();
        private final dnnl_memory dz = new dnnl_memory();
        private final dnnl_memory gin = new dnnl_memory();
        private final dnnl_memory w = new dnnl_memory();
        private final dnnl_memory gw = new dnnl_memory();
        private final dnnl_memory gb = new dnnl_memory();
        private final dnnl_memory wData = new dnnl_memory();
        private final dnnl_memory gwKernel = new dnnl_memory();
        private final dnnl_primitive toKernel = new dnnl_primitive();
        private final dnnl_primitive data = new dnnl_primitive();
        private final dnnl_primitive weights = new dnnl_primitive();
        private final dnnl_primitive fromKernel = new dnnl_primitive();
        private dnnl_exec_arg_t toKernelArgs;
        private dnnl_exec_arg_t dataArgs;
        private dnnl_exec_arg_t weightsArgs;
        private dnnl_exec_arg_t fromKernelArgs;
        private boolean bias;
        private boolean input;
        /** Java tables for the weight reorders (null: oneDNN's reorder primitives run instead). */
        private BlockedWeights wBlocked;
        private BlockedWeights gwBlocked;
        /** Kernel-layout buffers oneDNN works in; kept reachable as long as the plan. */
        private Pointer[] owned;

        /** Builds the plan for {@code key} (as {@link DnnlConv#backward} makes it), or null where oneDNN refuses. */
        static Plan make(long[] key, int kh, int kw, int sh, int sw) {
            Plan p = new Plan();
            p.stream = OneDnn.stream();
            p.bias = key[9] == 1;
            p.input = key[10] == 1;
            dnnl_engine eng = OneDnn.engine();
            DnnlConvForward.Shapes c = DnnlConvForward.Shapes.of(key, kh, kw, sh, sw);
            dnnl_memory_desc_t wUser = md(new long[] {key[6], key[3], kh, kw}, dnnl_oihw);
            dnnl_primitive_desc hint = c == null ? null : c.forward();
            if (p.stream == null || wUser == null || hint == null) {
                return null;
            }
            dnnl_memory_desc_t xMd = c.x();
            dnnl_memory_desc_t zMd = c.z();
            dnnl_memory_desc_t wAny = c.wAny();
            dnnl_memory_desc_t bMd = c.bias();
            long[] strides = c.strides();
            long[] padL = c.padL();
            long[] padR = c.padR();
            dnnl_convolution_desc_t wd = new dnnl_convolution_desc_t();
            dnnl_primitive_desc wpd = new dnnl_primitive_desc();
            if (dnnl_convolution_backward_weights_desc_init(wd, dnnl_convolution_direct, xMd, wAny, bMd, zMd, strides,
                    padL, padR) != dnnl_success
                    || dnnl_primitive_desc_create(wpd, new const_dnnl_op_desc_t(wd), null, eng, hint) != dnnl_success
                    || dnnl_primitive_create(p.weights, wpd) != dnnl_success) {
                return null;
            }
            dnnl_memory_desc_t gwKernelMd = dnnl_primitive_desc_query_md(wpd, dnnl_query_diff_weights_md, 0);
            Pointer gwBuffer = buffer(gwKernelMd);
            p.gwBlocked = BlockedWeights.of(gwKernelMd, gwBuffer);
            Pointer wDataBuffer = null;
            if (!reorder(p.fromKernel, gwKernelMd, wUser)
                    || !memory(p.x, xMd, null) || !memory(p.dz, zMd, null) || !memory(p.gw, wUser, null)
                    || !memory(p.gwKernel, gwKernelMd, gwBuffer) || p.bias && !memory(p.gb, bMd, null)) {
                return null;
            }
            if (p.input) {
                dnnl_convolution_desc_t dd = new dnnl_convolution_desc_t();
                dnnl_primitive_desc dpd = new dnnl_primitive_desc();
                if (dnnl_convolution_backward_data_desc_init(dd, dnnl_convolution_direct, xMd, wAny, zMd, strides,
                        padL, padR) != dnnl_success
                        || dnnl_primitive_desc_create(dpd, new const_dnnl_op_desc_t(dd), null, eng, hint) != dnnl_success
                        || dnnl_primitive_create(p.data, dpd) != dnnl_success) {
                    return null;
                }
                dnnl_memory_desc_t wDataMd = dnnl_primitive_desc_query_md(dpd, dnnl_query_weights_md, 0);
                wDataBuffer = buffer(wDataMd);
                p.wBlocked = BlockedWeights.of(wDataMd, wDataBuffer);
                if (!reorder(p.toKernel, wUser, wDataMd) || !memory(p.gin, xMd, null) || !memory(p.w, wUser, null)
                        || !memory(p.wData, wDataMd, wDataBuffer)) {
                    return null;
                }
                p.toKernelArgs = args(new int[] {DNNL_ARG_FROM, DNNL_ARG_TO}, p.w, p.wData);
                p.dataArgs = args(new int[] {DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_SRC}, p.dz, p.wData,
                        p.gin);
            }
            p.weightsArgs = p.bias
                    ? args(new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS, DNNL_ARG_DIFF_BIAS}, p.x,
                            p.dz, p.gwKernel, p.gb)
                    : args(new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS}, p.x, p.dz, p.gwKernel);
            p.fromKernelArgs = args(new int[] {DNNL_ARG_FROM, DNNL_ARG_TO}, p.gwKernel, p.gw);
            p.owned = new Pointer[] {gwBuffer, wDataBuffer};
            return p;
        }

        void run(INDArray xa, INDArray wa, INDArray dza, INDArray gina, INDArray gwa, INDArray gba) {
            dnnl_stream st = stream;
            handle(x, xa);
            handle(dz, dza);
            handle(gw, gwa);
            if (bias) {
                handle(gb, gba);
            }
            if (input) {
                handle(gin, gina);
                if (wBlocked != null) {
                    wBlocked.scatter(NativeFloats.of(wa));
                } else {
                    handle(w, wa);
                    dnnl_primitive_execute(toKernel, st, 2, toKernelArgs);
                }
                dnnl_primitive_execute(data, st, 3, dataArgs);
            }
            dnnl_primitive_execute(weights, st, bias ? 4 : 3, weightsArgs);
            if (gwBlocked == null) {
                dnnl_primitive_execute(fromKernel, st, 2, fromKernelArgs);
            }
            dnnl_stream_wait(st);
            if (gwBlocked != null) {
                gwBlocked.gather(NativeFloats.of(gwa));
            }
        }
    }
}
