package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link Nd4jArrays#floats}: row-major values of whole arrays and of views (offsets, column-major orders, strided
 * columns), whether read straight from the buffer or through a copy. The source holds 0, 1, 2, ... so every expected
 * value is its own index arithmetic.
 */
class Nd4jArraysTest {

    private static INDArray counting(long... shape) {
        int n = 1;
        for (long s : shape) {
            n *= (int) s;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return Nd4j.create(v, shape, 'c');
    }

    @Test
    void wholeArraysInRowMajorOrder() {
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, Nd4jArrays.floats(counting(2, 3)));
        // the same values stored column-major: element [r, c] is still r * 3 + c
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, Nd4jArrays.floats(counting(2, 3).dup('f')));
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, Nd4jArrays.floats(counting(1, 6).reshape('c', 1, 2, 3)));
        assertArrayEquals(new float[] {0, 1, 2, 3}, Nd4jArrays.floats(counting(1, 4))); // a row: strides [1, 1]
        assertArrayEquals(new float[] {0, 1, 2}, Nd4jArrays.floats(counting(3, 1)));
    }

    @Test
    void viewsWithOffsetsReadOnlyTheirOwnValues() {
        INDArray flat = counting(1, 10);
        assertArrayEquals(new float[] {4, 5, 6}, Nd4jArrays.floats(flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(4, 7))));
        INDArray m = counting(3, 4);
        assertArrayEquals(new float[] {8, 9, 10, 11}, Nd4jArrays.floats(m.getRow(2)));
        assertArrayEquals(new float[] {1, 5, 9}, Nd4jArrays.floats(m.getColumn(1))); // strided
        INDArray cube = counting(2, 2, 3);
        assertArrayEquals(new float[] {6, 7, 8, 9, 10, 11}, Nd4jArrays.floats(cube.get(NDArrayIndex.point(1))));
        // a parameter-style view: [2, 2] of a flat vector from offset 3, reshaped
        INDArray params = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(3, 7)).reshape('c', 2, 2);
        assertArrayEquals(new float[] {3, 4, 5, 6}, Nd4jArrays.floats(params));
    }

    @Test
    void doublesAreCastToFloats() {
        INDArray d = Nd4j.create(new double[] {0.5, -2}, new long[] {2}, DataType.DOUBLE);
        assertArrayEquals(new float[] {0.5f, -2f}, Nd4jArrays.floats(d));
    }
}
