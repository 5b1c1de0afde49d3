package org.convscope.engine.dl4j;

import static org.bytedeco.dnnl.global.dnnl.dnnl_blocked;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_get_size;

import java.nio.FloatBuffer;
import org.bytedeco.dnnl.dnnl_blocking_desc_t;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Moves a small weight tensor between its plain c-order layout ({@code [out, in, kh, kw]}) and a blocked layout
 * oneDNN's kernels want ({@code ABcd16a16b} and the like), in Java, through a table of where each element goes.
 * oneDNN's own reorder primitive took 0.14-0.34 ms for a 64x32x3x3 or 64x64x3x3 tensor (a few tens of thousands of
 * floats) on a busy two-core machine, twice per layer and batch; the table makes it a copy in and a copy out.
 *
 * <p>A blocked layout (oneDNN's {@code dnnl_blocking_desc_t}) puts logical element {@code (i0, i1, ...)} at
 * {@code offset0 + sum_d (i_d / B_d) * strides[d] + inner}, where {@code B_d} is the product of the inner blocks
 * over dimension {@code d} and {@code inner} the element's place in the inner blocks, the last block innermost.
 * Elements of the padding (dimensions rounded up to a whole block) are not in the table: the buffer is zeroed once
 * and {@link #scatter} never writes there; {@link #gather} never reads there.
 */
final class BlockedWeights {
    /** Where plain element {@code i} (c order over the logical dimensions) lies in the blocked buffer. */
    private final int[] place;
    private final float[] plain;
    private final float[] blocked;
    private final FloatBuffer buffer;

    private BlockedWeights(int[] place, int blockedFloats, FloatBuffer buffer) {
        this.place = place;
        this.plain = new float[place.length];
        this.blocked = new float[blockedFloats];
        this.buffer = buffer;
    }

    /**
     * The table for {@code md} over {@code buffer} (a native buffer of {@code md}'s size, which this zeroes), or null
     * where {@code md} is not a plain blocked float layout (then oneDNN's reorder is kept).
     */
    static BlockedWeights of(dnnl_memory_desc_t md, Pointer buffer) {
        if (md.format_kind() != dnnl_blocked || md.data_type() != dnnl_f32) {
            return null;
        }
        long floats = dnnl_memory_desc_get_size(md) / Float.BYTES;
        int nd = md.ndims();
        long[] dims = new long[nd];
        long count = 1;
        for (int d = 0; d < nd; d++) {
            dims[d] = md.dims().get(d);
            count *= dims[d];
            if (md.padded_offsets().get(d) != 0) {
                return null;
            }
        }
        if (count > Integer.MAX_VALUE || floats > Integer.MAX_VALUE) {
            return null;
        }
        dnnl_blocking_desc_t b = md.format_desc_blocking();
        int nb = b.inner_nblks();
        long[] strides = new long[nd];
        for (int d = 0; d < nd; d++) {
            strides[d] = b.strides().get(d);
        }
        long[] blks = new long[nb];
        int[] idxs = new int[nb];
        for (int k = 0; k < nb; k++) {
            blks[k] = b.inner_blks().get(k);
            idxs[k] = (int) b.inner_idxs().get(k);
        }
        int[] place = places(dims, md.offset0(), strides, blks, idxs);
        for (int p : place) {
            if (p < 0 || p >= floats) {
                return null;
            }
        }
        Pointer.memset(buffer, 0, floats * Float.BYTES);
        return new BlockedWeights(place, (int) floats, new FloatPointer(buffer).capacity(floats).asBuffer());
    }

    /**
     * Each plain element's offset in the blocked layout: dimensions {@code dims} (c order), outer strides
     * {@code strides} (per dimension, in floats), inner blocks {@code blks} over dimensions {@code idxs} (outermost
     * first), starting at {@code offset0}.
     */
    static int[] places(long[] dims, long offset0, long[] strides, long[] blks, int[] idxs) {
        int nd = dims.length;
        long[] perDim = new long[nd];
        java.util.Arrays.fill(perDim, 1);
        for (int k = 0; k < blks.length; k++) {
            perDim[idxs[k]] *= blks[k];
        }
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        int[] place = new int[(int) count];
        long[] idx = new long[nd];
        for (int i = 0; i < count; i++) {
            long off = offset0;
            for (int d = 0; d < nd; d++) {
                off += idx[d] / perDim[d] * strides[d];
            }
            // inner blocks: the last is innermost; a dimension blocked twice splits its index, the later block inner
            long inner = 0;
            long[] left = perDim.clone();
            for (int k = 0; k < blks.length; k++) {
                int d = idxs[k];
                left[d] /= blks[k];
                inner = inner * blks[k] + idx[d] % (left[d] * blks[k]) / left[d];
            }
            place[i] = (int) (off + inner);
            for (int d = nd - 1; d >= 0 && ++idx[d] == dims[d]; d--) {
                idx[d] = 0;
            }
        }
        return place;
    }

    /** Writes {@code from} (the plain tensor's floats, c order) into the blocked buffer. */
    void scatter(FloatBuffer from) {
        from.get(0, plain, 0, plain.length);
        for (int i = 0; i < place.length; i++) {
            blocked[place[i]] = plain[i];
        }
        buffer.put(0, blocked, 0, blocked.length);
    }

    /** Writes the blocked buffer's elements into {@code to} (the plain tensor's floats, c order). */
    void gather(FloatBuffer to) {
        buffer.get(0, blocked, 0, blocked.length);
        for (int i = 0; i < place.length; i++) {
            plain[i] = blocked[place[i]];
        }
        to.put(0, plain, 0, plain.length);
    }
}
