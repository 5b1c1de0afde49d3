package org.convscope.engine.dl4j;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_0;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_1;
import static org.bytedeco.dnnl.global.dnnl.dnnl_a;
import static org.bytedeco.dnnl.global.dnnl.dnnl_binary_add;
import static org.bytedeco.dnnl.global.dnnl.dnnl_binary_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_relu_use_dst_for_bwd;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;
import static org.convscope.engine.dl4j.OneDnn.args;
import static org.convscope.engine.dl4j.OneDnn.handle;
import static org.convscope.engine.dl4j.OneDnn.md;
import static org.convscope.engine.dl4j.OneDnn.memory;

import java.util.Optional;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_binary_desc_t;
import org.bytedeco.dnnl.dnnl_eltwise_desc_t;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The graph path's element-wise passes over whole tensors by oneDNN's kernels, on both cores: the sum of two tensors
 * (a residual Add, or two layers' gradients for the layer feeding both), optionally with the ReLU after it, and ReLU's
 * gradient from its output, {@code dx = y > 0 ? dy : 0}. Each reads and writes every float of its tensors once; the
 * Java loops ({@link ChannelLoops}) did the same on one thread while oneDNN's worker waited. Arrays are taken as flat
 * runs of floats (they must be contiguous and of one length); plans are kept per kind and length. Each method returns
 * false where the presets do not load or oneDNN refuses, and the caller uses its loops.
 */
final class DnnlElementwise {
    private static final int SUM = 0;
    private static final int SUM_RELU = 1;
    private static final int RELU_GRADIENT = 2;
    private final OneDnn.Plans<Plan> plans = new OneDnn.Plans<>();

    /** {@code out = a + b}, then {@code max(0, out)} when {@code relu}; {@code out} may be {@code a} or {@code b}. */
    boolean add(INDArray a, INDArray b, INDArray out, boolean relu) {
        return run(relu ? SUM_RELU : SUM, a, b, out);
    }

    /** {@code dx = y > 0 ? dy : 0}: ReLU's gradient from its output {@code y}; {@code dx} may be {@code y}'s array. */
    boolean reluGradient(INDArray y, INDArray dy, INDArray dx) {
        return run(RELU_GRADIENT, y, dy, dx);
    }

    private boolean run(int kind, INDArray first, INDArray second, INDArray out) {
        long n = out.length();
        if (first.length() != n || second.length() != n || !NativeFloats.contiguous(first, second, out)) {
            return false;
        }
        Optional<Plan> plan = plans.get(new long[] {kind, n}, k -> Plan.make(kind, n));
        return plan.isPresent() && plan.get().run(first, second, out);
    }

    /** One primitive over {@code n} floats with its three memory objects (two in, one out) and stream. */
    private static final class Plan {
        private final dnnl_memory in0 = new dnnl_memory();
        private final dnnl_memory in1 = new dnnl_memory();
        private final dnnl_memory out = new dnnl_memory();
        private final dnnl_primitive primitive = new dnnl_primitive();
        private dnnl_stream stream;
        private dnnl_exec_arg_t args;

        static Plan make(int kind, long n) {
            Plan p = new Plan();
            p.stream = OneDnn.stream();
            dnnl_memory_desc_t data = md(new long[] {n}, dnnl_a);
            dnnl_primitive_desc pd = data == null ? null : kind == RELU_GRADIENT ? reluGradient(data) : sum(data,
                    kind == SUM_RELU);
            if (p.stream == null || pd == null || dnnl_primitive_create(p.primitive, pd) != dnnl_success
                    || !memory(p.in0, data, null) || !memory(p.in1, data, null) || !memory(p.out, data, null)) {
                return null;
            }
            p.args = kind == RELU_GRADIENT
                    ? args(new int[] {DNNL_ARG_DST, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC}, p.in0, p.in1, p.out)
                    : args(new int[] {DNNL_ARG_SRC_0, DNNL_ARG_SRC_1, DNNL_ARG_DST}, p.in0, p.in1, p.out);
            return p;
        }

        private static dnnl_primitive_desc sum(dnnl_memory_desc_t data, boolean relu) {
            dnnl_binary_desc_t d = new dnnl_binary_desc_t();
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            dnnl_primitive_attr attr = relu ? OneDnn.reluAfter() : null;
            boolean ok = (!relu || attr != null) && dnnl_binary_desc_init(d, dnnl_binary_add, data, data, data)
                    == dnnl_success && dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(d), attr,
                            OneDnn.engine(), null) == dnnl_success;
            if (attr != null) {
                dnnl_primitive_attr_destroy(attr);
            }
            return ok ? pd : null;
        }

        /** ReLU's backward pass from its output, built on the forward pass of that kind oneDNN asks for as a hint. */
        private static dnnl_primitive_desc reluGradient(dnnl_memory_desc_t data) {
            dnnl_eltwise_desc_t fd = new dnnl_eltwise_desc_t();
            dnnl_primitive_desc hint = new dnnl_primitive_desc();
            dnnl_eltwise_desc_t bd = new dnnl_eltwise_desc_t();
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            boolean ok = dnnl_eltwise_forward_desc_init(fd, dnnl_forward_training, dnnl_eltwise_relu_use_dst_for_bwd,
                    data, 0f, 0f) == dnnl_success
                    && dnnl_primitive_desc_create(hint, new const_dnnl_op_desc_t(fd), null, OneDnn.engine(), null)
                            == dnnl_success
                    && dnnl_eltwise_backward_desc_init(bd, dnnl_eltwise_relu_use_dst_for_bwd, data, data, 0f, 0f)
                            == dnnl_success
                    && dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(bd), null, OneDnn.engine(), hint)
                            == dnnl_success;
            return ok ? pd : null;
        }

        boolean run(INDArray a, INDArray b, INDArray c) {
            handle(in0, a);
            handle(in1, b);
            handle(out, c);
            return OneDnn.run(primitive, stream, 3, args);
        }
    }
}
