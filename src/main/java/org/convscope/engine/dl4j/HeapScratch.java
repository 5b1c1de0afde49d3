package org.convscope.engine.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reusable heap float arrays for {@link ChannelLoops}, shared by the steps of one network (which run one at a time),
 * and bulk copies between them and ND4J arrays (a memory copy: about 0.1 ms for a 4 MB tensor, against about 1 ms
 * for one ND4J broadcast op over it). Contents are stale until written.
 */
final class HeapScratch {
    private final float[][] slots = new float[2][];

    /** Returns slot 0 or 1 with room for {@code n} floats. */
    float[] get(int slot, int n) {
        float[] a = slots[slot];
        if (a == null || a.length < n) {
            slots[slot] = a = new float[n];
        }
        return a;
    }

    /** Drops the arrays; the next {@link #get} allocates. */
    void release() {
        slots[0] = null;
        slots[1] = null;
    }

    /** Copies all of {@code a}'s elements, in c order, into {@code into}; returns the count. */
    static int read(INDArray a, float[] into) {
        int n = (int) a.length();
        if (!contiguous(a)) {
            a = a.dup('c');
        }
        a.data().asNioFloat().position((int) a.offset()).get(into, 0, n);
        return n;
    }

    /** Copies the first {@code a.length()} floats of {@code from} into {@code a}, a contiguous c-order array. */
    static void write(float[] from, INDArray a) {
        if (!contiguous(a)) {
            throw new IllegalArgumentException("not a contiguous array " + a.shapeInfoToString());
        }
        a.data().asNioFloat().position((int) a.offset()).put(from, 0, (int) a.length());
    }

    /** Whether the elements lie in c order one after another (size-1 dimensions may have any stride). */
    private static boolean contiguous(INDArray a) {
        if (a.ordering() != 'c' || a.dataType() != org.nd4j.linalg.api.buffer.DataType.FLOAT) {
            return false;
        }
        long expected = 1;
        for (int d = a.rank() - 1; d >= 0; d--) {
            if (a.size(d) != 1 && a.stride(d) != expected) {
                return false;
            }
            expected *= a.size(d);
        }
        return true;
    }
}
