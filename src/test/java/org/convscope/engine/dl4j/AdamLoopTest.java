package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * {@link AdamLoop} against DL4J's own Adam updater followed by {@code params.subi(step)} (what it replaces): the
 * parameters, the step left in the gradient array and both moment estimates after each of six steps with fresh
 * gradients, on 100,000 parameters (split over the cores) and on 1,000 (one part), with the default settings and
 * with other betas, epsilon and learning rate.
 */
class AdamLoopTest {
    @BeforeAll
    static void nd4j() {
        Dl4jRuntime.selectNativeBuild();
    }

    @Test
    void stepsMatchDl4jsAdamUpdater() {
        check(100_000, new Adam(1e-3));
        check(1_000, new Adam(0.05, 0.8, 0.95, 1e-4));
    }

    @Test
    void declinesArraysThatAreNotContiguous() {
        INDArray state = Nd4j.zeros(DataType.FLOAT, 1, 20);
        INDArray strided = Nd4j.zeros(DataType.FLOAT, 10, 2).getColumn(0);
        assertFalse(AdamLoop.apply(new Adam(1e-3), state, strided, Nd4j.zeros(DataType.FLOAT, 10), 0, 0));
    }

    /**
     * A parameter whose gradient stays 0 after one step: its first moment is {@code 0.1 g 0.9^k} after {@code k} more
     * steps, subnormal from k = 740-820 with ND4J's op; here it is 0 by then (the sweep at step 640 finds
     * {@code 0.3 * 0.9^639 < 2^-90}) and never subnormal on the way.
     */
    @Test
    void aMomentWithNoGradientReachesZeroWithoutTurningSubnormal() {
        Adam config = new Adam(1e-3);
        INDArray params = Nd4j.ones(DataType.FLOAT, 1, 4);
        INDArray state = Nd4j.zeros(DataType.FLOAT, 1, 8);
        INDArray g = Nd4j.createFromArray(new float[] {1e-3f, -2e-2f, 0.5f, 3f}).reshape(1, 4);
        assertTrue(AdamLoop.apply(config, state, g, params, 0, 0));
        assertEquals(0.1f * 3f, state.getFloat(3), 1e-7f); // m = (1 - b1) g
        for (int it = 1; it < 800; it++) {
            g.assign(0);
            assertTrue(AdamLoop.apply(config, state, g, params, it, 0));
            for (float m : state.data().asFloat()) {
                assertTrue(m == 0 || Math.abs(m) >= Float.MIN_NORMAL, "step " + it + ": moment " + m);
            }
        }
        for (int k = 0; k < 4; k++) {
            assertEquals(0f, state.getFloat(k), "first moment " + k + " after 799 steps without gradient");
            assertTrue(state.getFloat(4 + k) > 0, "second moment " + k + " still there"); // 0.999^799 of it
        }
    }

    private static void check(int n, Adam config) {
        Nd4j.getRandom().setSeed(n);
        INDArray params = Nd4j.randn(DataType.FLOAT, 1, n);
        INDArray refParams = params.dup();
        INDArray state = Nd4j.zeros(DataType.FLOAT, 1, 2L * n);
        INDArray refState = state.dup();
        GradientUpdater<?> ref = config.instantiate(refState, true);
        for (int it = 0; it < 6; it++) {
            INDArray g = Nd4j.randn(DataType.FLOAT, 1, n).muli(it % 2 == 0 ? 0.1 : 3.0);
            INDArray refG = g.dup();
            ref.applyUpdater(refG, it, 0);
            refParams.subi(refG);
            assertTrue(AdamLoop.apply(config, state, g, params, it, 0));
            String what = n + " parameters, step " + (it + 1);
            close(refG, g, what + ": step");
            close(refParams, params, what + ": parameters");
            close(refState, state, what + ": moments");
        }
    }

    /**
     * Equal to within 1e-5 of the array's largest magnitude: ND4J's op may fuse multiply-adds that Java rounds twice,
     * and where {@code b1 m} and {@code (1 - b1) g} nearly cancel, that rounding is large beside the result.
     */
    private static void close(INDArray expected, INDArray actual, String what) {
        float[] e = expected.data().asFloat();
        float[] a = actual.data().asFloat();
        assertEquals(e.length, a.length, what);
        double scale = 0;
        for (float v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-5 * scale, what + " at " + i);
        }
    }
}
