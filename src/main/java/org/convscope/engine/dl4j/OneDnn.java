package org.convscope.engine.dl4j;

import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_engine_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_set_post_ops;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_append_eltwise;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_relu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_get_size;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_init_by_tag;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_set_data_handle;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_reorder_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_default_flags;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * oneDNN's CPU engine through JavaCPP's presets, and the few calls {@link DnnlConv} and {@link DnnlPool} build their
 * primitives with: memory descriptors over the ND4J arrays' own channels-last memory, memory objects whose address is
 * set per call, reorders and argument lists. Each returns false or null where oneDNN refuses, so callers fall back to
 * ND4J's ops.
 */
final class OneDnn {
    private static final dnnl_engine ENGINE = load();

    private OneDnn() {
    }

    /** Whether the presets loaded (unless {@code -Dconvscope.dnnl=false}). */
    static boolean available() {
        return ENGINE != null;
    }

    static dnnl_engine engine() {
        return ENGINE;
    }

    private static dnnl_engine load() {
        if (!Boolean.parseBoolean(System.getProperty("convscope.dnnl", "true"))) {
            return null;
        }
        try {
            dnnl_engine engine = new dnnl_engine();
            return dnnl_engine_create(engine, dnnl_cpu, 0) == dnnl_success ? engine : null;
        } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError: no oneDNN here
            return null;
        }
    }

    /** A new stream, or null; a CPU stream must not run primitives from two threads at once, so each plan has one. */
    static dnnl_stream stream() {
        dnnl_stream s = new dnnl_stream();
        return dnnl_stream_create(s, ENGINE, dnnl_stream_default_flags) == dnnl_success ? s : null;
    }

    /**
     * Points {@code m} at {@code a}'s first element (a contiguous float array), through the direct buffer
     * {@link NativeFloats} makes of it (its address already counts the array's offset).
     */
    static void handle(dnnl_memory m, INDArray a) {
        dnnl_memory_set_data_handle(m, new FloatPointer(NativeFloats.of(a)));
    }

    /** A float memory descriptor of {@code dims} in layout {@code tag} (dims in oneDNN's order: n, c, h, w), or null. */
    static dnnl_memory_desc_t md(long[] dims, int tag) {
        dnnl_memory_desc_t m = new dnnl_memory_desc_t();
        return dnnl_memory_desc_init_by_tag(m, dims.length, dims, dnnl_f32, tag) == dnnl_success ? m : null;
    }

    /** A native buffer of {@code md}'s size (kept reachable by whoever holds the memory object over it). */
    static Pointer buffer(dnnl_memory_desc_t md) {
        return new FloatPointer(Math.max(1, (dnnl_memory_desc_get_size(md) + Float.BYTES - 1) / Float.BYTES));
    }

    /** A memory object over {@code handle}, or over nothing yet (null: set per call). */
    static boolean memory(dnnl_memory m, dnnl_memory_desc_t md, Pointer handle) {
        return dnnl_memory_create(m, md, ENGINE, handle == null ? new FloatPointer(1) : handle) == dnnl_success;
    }

    static boolean reorder(dnnl_primitive r, dnnl_memory_desc_t from, dnnl_memory_desc_t to) {
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        return dnnl_reorder_primitive_desc_create(pd, from, ENGINE, to, ENGINE, null) == dnnl_success
                && dnnl_primitive_create(r, pd) == dnnl_success;
    }

    /**
     * One layer's plans (its primitives and memory objects) by the shapes they were made for (an epoch's short last
     * batch has its own), empty where oneDNN refused them, with the layer's window: kernel {@code kh x kw}, strides
     * {@code sh, sw}.
     */
    static final class Plans<P> {
        final int kh;
        final int kw;
        final int sh;
        final int sw;
        private final Map<List<Long>, Optional<P>> byShapes = new HashMap<>();

        Plans(int kh, int kw, int sh, int sw) {
            this.kh = kh;
            this.kw = kw;
            this.sh = sh;
            this.sw = sw;
        }

        /** Plans of primitives without a window (matmul): the window's fields are 0. */
        Plans() {
            this(0, 0, 0, 0);
        }

        /** The plan for {@code key}, made by {@code make} the first time; empty where refused or without oneDNN. */
        Optional<P> get(long[] key, Function<long[], P> make) {
            if (ENGINE == null) {
                return Optional.empty();
            }
            return byShapes.computeIfAbsent(Arrays.stream(key).boxed().toList(),
                    k -> Optional.ofNullable(make.apply(key)));
        }
    }

    /** Primitive attributes with one post-op, {@code max(0, v)} (oneDNN's {@code eltwise_relu}, slope 0). */
    static dnnl_primitive_attr reluAfter() {
        dnnl_primitive_attr attr = new dnnl_primitive_attr();
        dnnl_post_ops ops = new dnnl_post_ops();
        boolean ok = dnnl_primitive_attr_create(attr) == dnnl_success && dnnl_post_ops_create(ops) == dnnl_success
                && dnnl_post_ops_append_eltwise(ops, 1f, dnnl_eltwise_relu, 0f, 0f) == dnnl_success
                && dnnl_primitive_attr_set_post_ops(attr, ops) == dnnl_success;
        dnnl_post_ops_destroy(ops); // copied into the attributes
        return ok ? attr : null;
    }

    /** Runs {@code p} on {@code stream} with its {@code count} arguments and waits for it; false where either failed. */
    static boolean run(dnnl_primitive p, dnnl_stream stream, int count, dnnl_exec_arg_t args) {
        return dnnl_primitive_execute(p, stream, count, args) == dnnl_success
                && dnnl_stream_wait(stream) == dnnl_success;
    }

    /** An argument list: {@code kinds[i]} ({@code DNNL_ARG_SRC}, ...) is {@code m[i]}. */
    static dnnl_exec_arg_t args(int[] kinds, dnnl_memory... m) {
        dnnl_exec_arg_t a = new dnnl_exec_arg_t(kinds.length);
        for (int i = 0; i < kinds.length; i++) {
            a.position(i).arg(kinds[i]).memory(m[i]);
        }
        return a.position(0);
    }
}
