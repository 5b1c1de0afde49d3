package org.convscope.engine.dl4j;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_ab;
import static org.bytedeco.dnnl.global.dnnl.dnnl_ba;
import static org.bytedeco.dnnl.global.dnnl.dnnl_matmul_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;
import static org.convscope.engine.dl4j.OneDnn.args;
import static org.convscope.engine.dl4j.OneDnn.handle;
import static org.convscope.engine.dl4j.OneDnn.md;
import static org.convscope.engine.dl4j.OneDnn.memory;

import java.util.Optional;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_matmul_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code C = op(A) op(B) (+ bias)} for a Dense layer's three products ({@code z = x W + b}, {@code dW^T = dz^T x},
 * {@code dx = dz W^T}) by oneDNN's matmul through JavaCPP's presets, on the same threads as the convolutions and
 * pooling ({@link DnnlConv}, {@link DnnlPool}). ND4J's {@code gemm} took 0.25-0.46 ms for each of a 64x1024x64
 * layer's products (oneDNN's own timing, {@code DNNL_VERBOSE}) on its OpenMP threads, and its bias a second op.
 *
 * <p>{@code A} is {@code [m, k]} and {@code B} {@code [k, n]} as read; each is a contiguous row-major array, of that
 * shape or (transposed) of {@code [k, m]} / {@code [n, k]}. {@code C} is a contiguous row-major {@code [m, n]}, the
 * bias a contiguous {@code n} floats added to every row. Plans are kept per shape; where the presets cannot load or
 * oneDNN refuses, {@link #multiply} returns false and the caller uses ND4J's {@code gemm}.
 *
 * <p>Products of at most {@value #IN_JAVA} multiply-adds (the 64x64x10 of a 10-class head) are computed here in Java
 * ({@link #small}): oneDNN took 0.12-0.16 ms for each of them, most of it handing the work to its threads, where
 * the arithmetic is some 40,000 multiply-adds.
 */
final class DnnlMatmul {
    /** The most multiply-adds ({@code m k n}) computed in Java. */
    static final long IN_JAVA = 1 << 17;
    private final OneDnn.Plans<Plan> plans = new OneDnn.Plans<>();
    private float[] heapA = new float[0];
    private float[] heapB = new float[0];
    private float[] heapC = new float[0];

    /**
     * Writes {@code c = op(a) op(b) + bias} ({@code bias} null: none); {@code transA}: {@code a} holds
     * {@code A^T}, likewise {@code transB}. Returns false (and writes nothing) where oneDNN refuses.
     */
    boolean multiply(INDArray a, boolean transA, INDArray b, boolean transB, INDArray bias, INDArray c) {
        if (!OneDnn.available() || !NativeFloats.contiguous(a, b, bias, c)) {
            return false;
        }
        long m = c.size(0);
        long n = c.size(1);
        long k = transA ? a.size(0) : a.size(1);
        if (m * k * n <= IN_JAVA) {
            small((int) m, (int) k, (int) n, a, transA, b, transB, bias, c);
            return true;
        }
        long[] key = {m, k, n, transA ? 1 : 0, transB ? 1 : 0, bias == null ? 0 : 1};
        Optional<Plan> plan = plans.get(key, x -> Plan.make(m, k, n, transA, transB, bias != null));
        plan.ifPresent(p -> p.run(a, b, bias, c));
        return plan.isPresent();
    }

    /**
     * {@code c = op(a) op(b) + bias} in Java: both operands copied to the heap as row-major {@code A [m, k]} and
     * {@code B [k, n]}, then each row of {@code C} summed over {@code q} in order, {@code n} products at a time.
     */
    private void small(int m, int k, int n, INDArray a, boolean transA, INDArray b, boolean transB, INDArray bias,
            INDArray c) {
        heapA = rowMajor(a, transA, m, k, heapA);
        heapB = rowMajor(b, transB, k, n, heapB);
        if (heapC.length < n) {
            heapC = new float[n];
        }
        float[] row = heapC;
        java.nio.FloatBuffer out = NativeFloats.of(c);
        java.nio.FloatBuffer biasFloats = bias == null ? null : NativeFloats.of(bias);
        for (int i = 0; i < m; i++) {
            if (biasFloats != null) {
                biasFloats.get(0, row, 0, n);
            } else {
                java.util.Arrays.fill(row, 0, n, 0f);
            }
            for (int q = 0; q < k; q++) {
                float aiq = heapA[i * k + q];
                int off = q * n;
                for (int j = 0; j < n; j++) {
                    row[j] += aiq * heapB[off + j];
                }
            }
            out.put(i * n, row, 0, n);
        }
    }

    /** {@code x}'s floats as a row-major {@code [rows, cols]} matrix: {@code x} itself, or its transpose's. */
    private static float[] rowMajor(INDArray x, boolean transposed, int rows, int cols, float[] into) {
        float[] t = into.length >= rows * cols ? into : new float[rows * cols];
        java.nio.FloatBuffer f = NativeFloats.of(x);
        if (!transposed) {
            f.get(0, t, 0, rows * cols);
            return t;
        }
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < cols; col++) {
                t[r * cols + col] = f.get(col * rows + r); // x is [cols, rows]
            }
        }
        return t;
    }

    /** The primitive, memory objects and stream for one shape. */
    private static final class Plan {
        private dnnl_stream stream;
        private final dnnl_memory a = new dnnl_memory();
        private final dnnl_memory b = new dnnl_memory();
        private final dnnl_memory bias = new dnnl_memory();
        private final dnnl_memory c = new dnnl_memory();
        private final dnnl_primitive matmul = new dnnl_primitive();
        private dnnl_exec_arg_t matmulArgs;
        private boolean withBias;

        static Plan make(long m, long k, long n, boolean transA, boolean transB, boolean withBias) {
            Plan p = new Plan();
            p.stream = OneDnn.stream();
            p.withBias = withBias;
            dnnl_memory_desc_t aMd = md(new long[] {m, k}, transA ? dnnl_ba : dnnl_ab);
            dnnl_memory_desc_t bMd = md(new long[] {k, n}, transB ? dnnl_ba : dnnl_ab);
            dnnl_memory_desc_t biasMd = withBias ? md(new long[] {1, n}, dnnl_ab) : new dnnl_memory_desc_t();
            dnnl_memory_desc_t cMd = md(new long[] {m, n}, dnnl_ab);
            if (p.stream == null || aMd == null || bMd == null || biasMd == null || cMd == null) {
                return null;
            }
            dnnl_matmul_desc_t d = new dnnl_matmul_desc_t();
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            if (dnnl_matmul_desc_init(d, aMd, bMd, biasMd, cMd) != dnnl_success
                    || dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(d), null, OneDnn.engine(), null)
                            != dnnl_success
                    || dnnl_primitive_create(p.matmul, pd) != dnnl_success
                    || !memory(p.a, aMd, null) || !memory(p.b, bMd, null) || !memory(p.c, cMd, null)
                    || withBias && !memory(p.bias, biasMd, null)) {
                return null;
            }
            p.matmulArgs = withBias
                    ? args(new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_BIAS, DNNL_ARG_DST}, p.a, p.b, p.bias,
                            p.c)
                    : args(new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST}, p.a, p.b, p.c);
            return p;
        }

        void run(INDArray aa, INDArray ba, INDArray biasa, INDArray ca) {
            handle(a, aa);
            handle(b, ba);
            handle(c, ca);
            if (withBias) {
                handle(bias, biasa);
            }
            dnnl_primitive_execute(matmul, stream, withBias ? 4 : 3, matmulArgs);
            dnnl_stream_wait(stream);
        }
    }
}
