package org.convscope.engine.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The two sums learning health takes over large float arrays, copied out in bulk a chunk at a time into one reused
 * scratch array and summed here: a handful of ND4J calls per layer cost more than the sums, and ND4J's {@code scan}
 * with a condition is 20-50 times slower. One per probe (not thread-safe); {@link HealthProbe} and
 * {@link GraphHealthProbe} share it.
 */
final class FlatScan {
    private static final int CHUNK = 1 << 16;
    private final float[] chunk = new float[CHUNK];

    /**
     * Returns the L2 norm, in double precision, of the part of a flat array that mirrors a parameter view (same
     * shape, strides and offset). A view that is one contiguous run of the flat buffer (DL4J's {@code W} always is)
     * is summed here; any other through ND4J.
     */
    double norm(INDArray flat, INDArray param) {
        long n = param.length();
        if (flat.offset() != 0 || param.elementWiseStride() != 1 || n > Integer.MAX_VALUE
                || param.offset() + n > flat.length()) {
            return HealthProbe.mirror(flat, param).norm2Number().doubleValue();
        }
        java.nio.FloatBuffer buffer = flat.data().asNioFloat();
        double sum = 0;
        for (long from = 0; from < n; from += CHUNK) {
            int len = (int) Math.min(CHUNK, n - from);
            buffer.position((int) (param.offset() + from));
            buffer.get(chunk, 0, len);
            for (int i = 0; i < len; i++) {
                sum += (double) chunk[i] * chunk[i];
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * Counts the cells {@code <= 0} of an array (no allocation for a plain c-ordered array; counting a
     * pre-activation natively would need a {@code relu} copy of the largest tensor).
     */
    long notPositive(INDArray a) {
        INDArray c = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
        java.nio.FloatBuffer buffer = c.data().asNioFloat();
        long n = c.length();
        long count = 0;
        for (long from = 0; from < n; from += CHUNK) {
            int len = (int) Math.min(CHUNK, n - from);
            buffer.position((int) (c.offset() + from));
            buffer.get(chunk, 0, len);
            for (int i = 0; i < len; i++) {
                if (chunk[i] <= 0f) {
                    count++;
                }
            }
        }
        return count;
    }
}
