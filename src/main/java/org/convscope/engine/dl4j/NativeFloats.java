package org.convscope.engine.dl4j;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An ND4J float array's memory as a {@link FloatBuffer}, for {@link ChannelLoops}, which read and write it a span at
 * a time through absolute bulk gets and puts (a memory copy each) instead of copying whole tensors to the heap and
 * back: for a batch norm over {@code [64, 32, 32, 16]} that saved a third of its time.
 */
final class NativeFloats {
    private NativeFloats() {
    }

    /**
     * {@code a}'s elements in c order, indexed from 0: its own memory where {@code a} is a contiguous float array
     * (writes reach {@code a}), else a contiguous copy's (for reading only).
     */
    static FloatBuffer of(INDArray a) {
        if (!contiguous(a)) {
            a = a.dup('c');
        }
        return a.data().asNioFloat().position((int) a.offset()).slice().limit((int) a.length());
    }

    /** Zeros for {@link #zero}. */
    private static final float[] ZEROS = new float[4096];

    /**
     * Sets every element of {@code a} to 0: a Java fill of its memory where it is a contiguous float array (the
     * training step's last call of an ND4J op, each of which costs tens of microseconds more than its work); else
     * {@code assign}.
     */
    static void zero(INDArray a) {
        if (!contiguous(a)) {
            a.assign(0);
            return;
        }
        FloatBuffer f = of(a);
        int n = (int) a.length();
        for (int p = 0; p < n; p += ZEROS.length) {
            f.put(p, ZEROS, 0, Math.min(ZEROS.length, n - p));
        }
    }

    /**
     * Whether the elements lie in c order one after another, by the strides (size-1 dimensions may have any stride,
     * so a {@code [1, n]} vector in f order counts).
     */
    static boolean contiguous(INDArray a) {
        if (a.dataType() != DataType.FLOAT) {
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

    /** Whether every one of {@code arrays} that is not null is {@link #contiguous(INDArray)}, as oneDNN reads them. */
    static boolean contiguous(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a != null && !contiguous(a)) {
                return false;
            }
        }
        return true;
    }
}
