package org.convscope.engine.dl4j;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;
import static org.bytedeco.dnnl.global.dnnl.dnnl_backward;
import static org.bytedeco.dnnl.global.dnnl.dnnl_batch_normalization_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_batch_normalization_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_fuse_norm_relu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nc;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nhwc;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_impl_info_str;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_workspace_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_global_stats;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_scale;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_shift;
import static org.bytedeco.dnnl.global.dnnl.dnnl_x;
import static org.convscope.engine.dl4j.OneDnn.args;
import static org.convscope.engine.dl4j.OneDnn.buffer;
import static org.convscope.engine.dl4j.OneDnn.handle;
import static org.convscope.engine.dl4j.OneDnn.md;
import static org.convscope.engine.dl4j.OneDnn.memory;

import java.util.Optional;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_batch_normalization_desc_t;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation over the last (channel) axis of {@code [n, H, W, C]} or {@code [n, C]} by oneDNN's kernels on
 * the arrays themselves, with the ReLU after it fused where asked ({@code y = max(0, gamma (x - mean) / sqrt(var +
 * eps) + beta)}, the kernel keeping which outputs were positive for the backward pass). The mean and variance are
 * given: {@link BatchNormStep} computes the batch's with ND4J's float sum in pixel order (oneDNN's own sums differ in
 * the last bits, by up to {@code 5e-6} in the output, enough to flip the fused ReLU at an output near 0 against
 * DL4J's layer, which {@code NativeOpsGraphTest} saw). With batch statistics the backward pass gives {@code dL/dx}
 * through them; with moving statistics (inference, frozen layers) they are constants. {@code dL/dgamma} and
 * {@code dL/dbeta} are written straight into the flat gradient. The Java loops ({@link ChannelLoops}) ran on one core for the forward pass and
 * read each tensor two or three times: ResNet-20's 19 batch norms took about 60 ms of its 170 ms training step.
 *
 * <p>Plans are made per shape and kind and kept; {@link #backward} uses the plan, statistics and workspace of the
 * last {@link #forward}. Where the presets do not load or oneDNN refuses, the methods return false and
 * {@link BatchNormStep} uses its loops.
 */
final class DnnlBatchNorm {
    private final OneDnn.Plans<Plan> plans = new OneDnn.Plans<>();
    private final float eps;
    private Plan last;

    DnnlBatchNorm(float eps) {
        this.eps = eps;
    }

    /**
     * Writes {@code y} from {@code x} (both contiguous float arrays of one shape, channels last), with {@code gamma}
     * and {@code beta} ({@code C} contiguous floats each), normalised by the given {@code mean} and (biased)
     * {@code var}: with {@code batchStatistics} they are the batch's own, and the backward pass takes the gradient
     * through them; otherwise (the moving statistics) they are constants. Returns false where oneDNN refuses (then
     * nothing is written) or fails.
     */
    boolean forward(INDArray x, INDArray y, INDArray gamma, INDArray beta, float[] mean, float[] var,
            boolean batchStatistics, boolean relu) {
        long c = x.size(x.rank() - 1);
        long[] key = {x.rank(), x.size(0), x.rank() == 4 ? x.size(1) : 1, x.rank() == 4 ? x.size(2) : 1, c,
            batchStatistics ? 1 : 0, relu ? 1 : 0};
        if (x.rank() != 4 && x.rank() != 2 || gamma.length() != c || beta.length() != c || mean.length != c
                || !NativeFloats.contiguous(x, y, gamma, beta) || x.length() != y.length()) {
            return false;
        }
        Optional<Plan> plan = plans.get(key, k -> Plan.make(k, eps));
        if (plan.isEmpty()) {
            return false;
        }
        last = plan.get();
        return last.forward(x, y, gamma, beta, mean, var);
    }

    /**
     * Writes {@code dL/dx} into {@code dx} and {@code dL/dgamma}, {@code dL/dbeta} into {@code gGamma}, {@code gBeta}
     * from {@code dL/dy} in {@code dy}, for the input {@code x} of the last {@link #forward} (its statistics and, with
     * ReLU, which outputs were positive). Returns false where no forward pass ran or oneDNN failed.
     */
    boolean backward(INDArray x, INDArray dy, INDArray dx, INDArray gamma, INDArray gGamma, INDArray gBeta) {
        if (last == null || !NativeFloats.contiguous(x, dy, dx, gamma, gGamma, gBeta)) {
            return false;
        }
        return last.backward(x, dy, dx, gamma, gGamma, gBeta);
    }

    /** The primitives, memory objects, statistics and workspace for one shape and kind. */
    private static final class Plan {
        private dnnl_stream stream;
        private final dnnl_memory x = new dnnl_memory();
        private final dnnl_memory y = new dnnl_memory();
        private final dnnl_memory scale = new dnnl_memory();
        private final dnnl_memory shift = new dnnl_memory();
        private final dnnl_memory mean = new dnnl_memory();
        private final dnnl_memory var = new dnnl_memory();
        private final dnnl_memory workspace = new dnnl_memory();
        private final dnnl_memory dy = new dnnl_memory();
        private final dnnl_memory dx = new dnnl_memory();
        private final dnnl_memory dScale = new dnnl_memory();
        private final dnnl_memory dShift = new dnnl_memory();
        private final dnnl_primitive fwd = new dnnl_primitive();
        private final dnnl_primitive bwd = new dnnl_primitive();
        private dnnl_exec_arg_t fwdArgs;
        private dnnl_exec_arg_t bwdArgs;
        private int fwdCount;
        private int bwdCount;
        /** The statistics the last forward pass used ({@code C} floats each), which the backward pass reads. */
        private FloatPointer meanBuffer;
        private FloatPointer varBuffer;
        /** The ReLU's workspace; kept reachable as long as the plan. */
        private Pointer workspaceBuffer;

        /** Builds the plan for {@code key} ({@code rank, n, h, w, c, batch statistics, relu}), or null. */
        static Plan make(long[] key, float eps) {
            long c = key[4];
            boolean relu = key[6] == 1;
            Plan p = new Plan();
            p.stream = OneDnn.stream();
            boolean batchStatistics = key[5] == 1;
            dnnl_memory_desc_t data = key[0] == 4 ? md(new long[] {key[1], c, key[2], key[3]}, dnnl_nhwc)
                    : md(new long[] {key[1], c}, dnnl_nc);
            dnnl_memory_desc_t channel = md(new long[] {c}, dnnl_x);
            if (p.stream == null || data == null || channel == null) {
                return null;
            }
            int flags = dnnl_use_scale | dnnl_use_shift | (relu ? dnnl_fuse_norm_relu : 0);
            // the forward pass always takes the statistics it is given; the backward pass treats them as the batch's
            // (training: dL/dx through them) or as constants, and is built on a forward pass of that kind
            dnnl_primitive_desc fpd = forward(data, eps, flags | dnnl_use_global_stats);
            dnnl_primitive_desc hint = batchStatistics ? forward(data, eps, flags) : fpd;
            int bflags = batchStatistics ? flags : flags | dnnl_use_global_stats;
            dnnl_batch_normalization_desc_t bd = new dnnl_batch_normalization_desc_t();
            dnnl_primitive_desc bpd = new dnnl_primitive_desc();
            if (fpd == null || hint == null || !implementation(fpd).equals(implementation(hint))
                    || dnnl_batch_normalization_backward_desc_init(bd, dnnl_backward, data, data, eps, bflags)
                            != dnnl_success
                    || dnnl_primitive_desc_create(bpd, new const_dnnl_op_desc_t(bd), null, OneDnn.engine(), hint)
                            != dnnl_success
                    || dnnl_primitive_create(p.fwd, fpd) != dnnl_success
                    || dnnl_primitive_create(p.bwd, bpd) != dnnl_success) {
                return null;
            }
            p.meanBuffer = new FloatPointer(c);
            p.varBuffer = new FloatPointer(c);
            if (!memory(p.x, data, null) || !memory(p.y, data, null) || !memory(p.dy, data, null)
                    || !memory(p.dx, data, null) || !memory(p.scale, channel, null) || !memory(p.shift, channel, null)
                    || !memory(p.dScale, channel, null) || !memory(p.dShift, channel, null)
                    || !memory(p.mean, channel, p.meanBuffer) || !memory(p.var, channel, p.varBuffer)) {
                return null;
            }
            if (relu) {
                dnnl_memory_desc_t wsMd = dnnl_primitive_desc_query_md(fpd, dnnl_query_workspace_md, 0);
                p.workspaceBuffer = buffer(wsMd);
                if (!memory(p.workspace, wsMd, p.workspaceBuffer)) {
                    return null;
                }
            }
            p.arguments(relu);
            return p;
        }

        /** A forward-training primitive descriptor with {@code flags}, or null where oneDNN refuses. */
        private static dnnl_primitive_desc forward(dnnl_memory_desc_t data, float eps, int flags) {
            dnnl_batch_normalization_desc_t d = new dnnl_batch_normalization_desc_t();
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            return dnnl_batch_normalization_forward_desc_init(d, dnnl_forward_training, data, eps, flags) == dnnl_success
                    && dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(d), null, OneDnn.engine(), null)
                            == dnnl_success ? pd : null;
        }

        /**
         * The kernel oneDNN picked ({@code "bnorm_tbb_jit:avx512_core"}, ...): the backward pass reads the fused
         * ReLU's workspace as the forward pass it was built on writes it, so the one that runs must be the same.
         */
        private static String implementation(dnnl_primitive_desc pd) {
            org.bytedeco.javacpp.PointerPointer<?> info = new org.bytedeco.javacpp.PointerPointer<>(1);
            return dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, info) == dnnl_success
                    ? info.getString(0) : "";
        }

        /** The forward and backward argument lists; the workspace only with the fused ReLU. */
        private void arguments(boolean relu) {
            int[] fk = relu ? new int[] {DNNL_ARG_SRC, DNNL_ARG_SCALE, DNNL_ARG_SHIFT, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE,
                DNNL_ARG_DST, DNNL_ARG_WORKSPACE}
                    : new int[] {DNNL_ARG_SRC, DNNL_ARG_SCALE, DNNL_ARG_SHIFT, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE,
                        DNNL_ARG_DST};
            fwdArgs = relu ? args(fk, x, scale, shift, mean, var, y, workspace) : args(fk, x, scale, shift, mean, var, y);
            fwdCount = fk.length;
            int[] bk = relu ? new int[] {DNNL_ARG_SRC, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_DIFF_DST,
                DNNL_ARG_SCALE, DNNL_ARG_SHIFT, DNNL_ARG_DIFF_SRC, DNNL_ARG_DIFF_SCALE, DNNL_ARG_DIFF_SHIFT,
                DNNL_ARG_WORKSPACE}
                    : new int[] {DNNL_ARG_SRC, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_DIFF_DST, DNNL_ARG_SCALE,
                        DNNL_ARG_SHIFT, DNNL_ARG_DIFF_SRC, DNNL_ARG_DIFF_SCALE, DNNL_ARG_DIFF_SHIFT};
            // the backward pass takes the shift too, though it reads only the scale: the forward pass's beta
            bwdArgs = relu ? args(bk, x, mean, var, dy, scale, shift, dx, dScale, dShift, workspace)
                    : args(bk, x, mean, var, dy, scale, shift, dx, dScale, dShift);
            bwdCount = bk.length;
        }

        boolean forward(INDArray xa, INDArray ya, INDArray gamma, INDArray beta, float[] m, float[] v) {
            meanBuffer.put(m);
            varBuffer.put(v);
            handle(x, xa);
            handle(y, ya);
            handle(scale, gamma);
            handle(shift, beta);
            return OneDnn.run(fwd, stream, fwdCount, fwdArgs);
        }

        boolean backward(INDArray xa, INDArray dya, INDArray dxa, INDArray gamma, INDArray gGamma, INDArray gBeta) {
            handle(x, xa);
            handle(dy, dya);
            handle(dx, dxa);
            handle(scale, gamma);
            handle(dScale, gGamma);
            handle(dShift, gBeta);
            return OneDnn.run(bwd, stream, bwdCount, bwdArgs);
        }
    }
}
