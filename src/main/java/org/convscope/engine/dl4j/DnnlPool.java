package org.convscope.engine.dl4j;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nhwc;
import static org.bytedeco.dnnl.global.dnnl.dnnl_pooling_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_pooling_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_pooling_avg_exclude_padding;
import static org.bytedeco.dnnl.global.dnnl.dnnl_pooling_max;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_workspace_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;
import static org.convscope.engine.dl4j.OneDnn.args;
import static org.convscope.engine.dl4j.OneDnn.buffer;
import static org.convscope.engine.dl4j.OneDnn.handle;
import static org.convscope.engine.dl4j.OneDnn.md;
import static org.convscope.engine.dl4j.OneDnn.memory;

import java.util.Optional;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_pooling_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max pooling's training pass by oneDNN's pooling kernels on the channels-last arrays themselves ({@code [n, H, W, C]}
 * in, {@code [n, oh, ow, C]} out), keeping the forward pass's <em>workspace</em> (which cell of each window won) for
 * the backward pass, which then only routes each output's gradient to its winner. ND4J's {@code maxpool2d_bp} runs
 * the forward pass again to find the winners before the same backward kernel. Padded cells never win (oneDNN leaves
 * them out of the max, as ND4J's same mode does). Average pooling runs on the same kernels (padded cells out of the
 * divisor, as ND4J's {@code avgpool2d} with divisor mode 0), where ND4J's op ran on its own OpenMP threads beside the
 * presets' pool: ResNet-20's 8x8 global average took 1.12 + 0.77 ms a batch.
 *
 * <p>Plans are made per set of shapes and kept (an epoch's short last batch has its own). A backward pass uses the
 * workspace of the last {@link #forward} with the same shapes; where there was none, or oneDNN refuses the shapes,
 * the methods return false and {@link PoolStep} uses ND4J's ops.
 */
final class DnnlPool {
    private final OneDnn.Plans<Plan> plans;
    private final boolean max;

    /** Max pooling over {@code kh x kw} windows with strides {@code sh, sw}. */
    DnnlPool(int kh, int kw, int sh, int sw) {
        this(kh, kw, sh, sw, true);
    }

    /** Max pooling, or with {@code max} false average pooling without the padded cells. */
    DnnlPool(int kh, int kw, int sh, int sw, boolean max) {
        plans = new OneDnn.Plans<>(kh, kw, sh, sw);
        this.max = max;
    }

    /**
     * Writes the max of each window of {@code x} into {@code out} and keeps which cell won, for {@link #backward}.
     * Both must be contiguous c-order float arrays. Returns false (and writes nothing) where oneDNN refuses.
     *
     * @param padTop rows left out above the input (those below follow from the shapes)
     * @param padLeft columns left out left of it
     */
    boolean forward(INDArray x, INDArray out, int padTop, int padLeft) {
        Optional<Plan> plan = plan(x, out, padTop, padLeft);
        plan.ifPresent(p -> p.forward(x, out));
        return plan.isPresent();
    }

    /**
     * Writes {@code dL/dx} into {@code gin} (shaped as the last forward pass's input, zero where a cell won no window)
     * from {@code dL/d(out)} in {@code eps}, by the winners the last {@link #forward} of these shapes kept. Returns
     * false (and writes nothing) where no forward pass of these shapes ran.
     */
    boolean backward(INDArray eps, INDArray gin, int padTop, int padLeft) {
        Optional<Plan> plan = plan(gin, eps, padTop, padLeft);
        return plan.isPresent() && plan.get().backward(eps, gin);
    }

    private Optional<Plan> plan(INDArray x, INDArray out, int padTop, int padLeft) {
        long[] key = {x.size(0), x.size(1), x.size(2), x.size(3), out.size(1), out.size(2), padTop, padLeft};
        return plans.get(key, k -> Plan.make(k, plans.kh, plans.kw, plans.sh, plans.sw, max));
    }

    /** The primitives, memory objects, workspace and stream for one set of shapes. */
    private static final class Plan {
        private final dnnl_memory x = new dnnl_memory();
        private final dnnl_memory out = new dnnl_memory();
        private final dnnl_memory workspace = new dnnl_memory();
        private final dnnl_memory eps = new dnnl_memory();
        private final dnnl_memory gin = new dnnl_memory();
        private final dnnl_primitive fwd = new dnnl_primitive();
        private final dnnl_primitive bwd = new dnnl_primitive();
        private dnnl_stream stream;
        private dnnl_exec_arg_t fwdArgs;
        private dnnl_exec_arg_t bwdArgs;
        /** The workspace's buffer; kept reachable as long as the plan. */
        private Pointer workspaceBuffer;
        /** Whether the backward pass may run: after a forward pass for max pooling, always for the average. */
        private boolean winnersKept;
        /** Arguments of each pass: 3 with max pooling's workspace, 2 without. */
        private int argCount = 3;

        /** Builds the plan for {@code key} ({@code n, H, W, C, oh, ow, padTop, padLeft}), or null where oneDNN refuses. */
        static Plan make(long[] key, int kh, int kw, int sh, int sw, boolean max) {
            int alg = max ? dnnl_pooling_max : dnnl_pooling_avg_exclude_padding;
            long n = key[0];
            long c = key[3];
            long[] strides = {sh, sw};
            long[] kernel = {kh, kw};
            long[] padL = {key[6], key[7]};
            // cells past the last window (an odd last row of a 2x2 pooling) are left out: no right padding
            long[] padR = {Math.max(0, (key[4] - 1) * sh + kh - key[1] - key[6]),
                Math.max(0, (key[5] - 1) * sw + kw - key[2] - key[7])};
            Plan p = new Plan();
            p.stream = OneDnn.stream();
            dnnl_memory_desc_t xMd = md(new long[] {n, c, key[1], key[2]}, dnnl_nhwc);
            dnnl_memory_desc_t outMd = md(new long[] {n, c, key[4], key[5]}, dnnl_nhwc);
            if (p.stream == null || xMd == null || outMd == null) {
                return null;
            }
            dnnl_pooling_desc_t fd = new dnnl_pooling_desc_t();
            dnnl_primitive_desc fpd = new dnnl_primitive_desc();
            dnnl_pooling_desc_t bd = new dnnl_pooling_desc_t();
            dnnl_primitive_desc bpd = new dnnl_primitive_desc();
            if (dnnl_pooling_forward_desc_init(fd, dnnl_forward_training, alg, xMd, outMd, strides, kernel,
                    padL, padR) != dnnl_success
                    || dnnl_primitive_desc_create(fpd, new const_dnnl_op_desc_t(fd), null, OneDnn.engine(), null)
                            != dnnl_success
                    || dnnl_pooling_backward_desc_init(bd, alg, xMd, outMd, strides, kernel, padL, padR)
                            != dnnl_success
                    || dnnl_primitive_desc_create(bpd, new const_dnnl_op_desc_t(bd), null, OneDnn.engine(), fpd)
                            != dnnl_success
                    || dnnl_primitive_create(p.fwd, fpd) != dnnl_success
                    || dnnl_primitive_create(p.bwd, bpd) != dnnl_success) {
                return null;
            }
            if (!memory(p.x, xMd, null) || !memory(p.out, outMd, null) || !memory(p.eps, outMd, null)
                    || !memory(p.gin, xMd, null)) {
                return null;
            }
            if (!max) { // the average's gradient needs no record of the forward pass
                p.fwdArgs = args(new int[] {DNNL_ARG_SRC, DNNL_ARG_DST}, p.x, p.out);
                p.bwdArgs = args(new int[] {DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC}, p.eps, p.gin);
                p.argCount = 2;
                p.winnersKept = true;
                return p;
            }
            dnnl_memory_desc_t wsMd = dnnl_primitive_desc_query_md(fpd, dnnl_query_workspace_md, 0);
            p.workspaceBuffer = buffer(wsMd);
            if (!memory(p.workspace, wsMd, p.workspaceBuffer)) {
                return null;
            }
            p.fwdArgs = args(new int[] {DNNL_ARG_SRC, DNNL_ARG_DST, DNNL_ARG_WORKSPACE}, p.x, p.out, p.workspace);
            p.bwdArgs = args(new int[] {DNNL_ARG_DIFF_DST, DNNL_ARG_WORKSPACE, DNNL_ARG_DIFF_SRC}, p.eps, p.workspace,
                    p.gin);
            return p;
        }

        void forward(INDArray xa, INDArray outa) {
            handle(x, xa);
            handle(out, outa);
            dnnl_primitive_execute(fwd, stream, argCount, fwdArgs);
            dnnl_stream_wait(stream);
            winnersKept = true;
        }

        boolean backward(INDArray epsa, INDArray gina) {
            if (!winnersKept) {
                return false;
            }
            handle(eps, epsa);
            handle(gin, gina);
            dnnl_primitive_execute(bwd, stream, argCount, bwdArgs);
            dnnl_stream_wait(stream);
            return true;
        }
    }
}
