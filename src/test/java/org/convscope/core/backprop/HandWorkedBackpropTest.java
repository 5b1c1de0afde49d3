package org.convscope.core.backprop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convscope.core.conv.PoolSettings;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.junit.jupiter.api.Test;

/**
 * A training step worked by hand: 4x4 input, two 2x2 kernels, stride 1, ReLU, 2x2 max pooling, Dense 2 -> 2, label 0.
 *
 * <pre>
 * X = 1 2 0 1    K1 = 1 0    K2 =  0 1    Z1 = X[r][c] + X[r+1][c+1]    Z2 = X[r][c+1] - X[r+1][c]
 *     0 1 3 1         0 1         -1 0    Z1 = 2 5 1   Z2 =  2 -1 -2
 *     2 0 1 0                                  0 2 3        -1  3  0
 *     1 1 0 2                                  3 0 3        -1  0  0
 * max pool 2x2 (one window, top-left): max(2, 5, 0, 2) = 5 at Z1[0][1]; max(2, 0, 0, 3) = 3 at Z2[1][1]; x = (5, 3)
 * W = 0.1 -0.1   o = (5*0.1 + 3*0.2, 5*(-0.1) + 3*0.1) = (1.1, -0.2)
 *     0.2  0.1   p1 = 1 / (1 + e^1.3) = q = 0.2141650, p0 = 1 - q;  loss = log(1 + e^-1.3) = 0.2410085
 * delta = (-q, q); dW = x^T delta = ((-5q, 5q), (-3q, 3q)); dx = delta W^T = (-0.2q, -0.1q) = (g1, g2)
 * dA1[0][1] = g1, dA2[1][1] = g2 (the winners), ReLU passes both (5 > 0, 3 > 0)
 * dK1[i][j] = g1 * X[i][1+j] = g1 * (2 0 / 1 3);  dK2[i][j] = g2 * X[1+i][1+j] = g2 * (1 3 / 0 1)
 * dX[0][1] = g1*K1[0][0] = g1, dX[1][2] = g1*K1[1][1] + g2*K2[0][1] = g1 + g2, dX[2][1] = g2*K2[1][0] = -g2
 * </pre>
 */
class HandWorkedBackpropTest {

    static final double[][] X = {{1, 2, 0, 1}, {0, 1, 3, 1}, {2, 0, 1, 0}, {1, 1, 0, 2}};
    static final double Q = 1 / (1 + Math.exp(1.3));
    static final double G1 = -0.2 * Q;
    static final double G2 = -0.1 * Q;
    private static final double TOL = 1e-12;

    static TinyCnn net(PoolSettings.Mode mode) {
        return new TinyCnn(new double[][][] {{{1, 0}, {0, 1}}, {{0, 1}, {-1, 0}}}, new double[] {0, 0}, Size2.square(1),
                Padding.VALID, true, mode, 2, new double[][] {{0.1, -0.1}, {0.2, 0.1}}, new double[] {0, 0});
    }

    @Test
    void forwardAndLossAsWorkedByHand() {
        ForwardPass fp = Forward.run(net(PoolSettings.Mode.MAX), X, 0);
        assertArrayEquals(new double[][] {{2, 5, 1}, {0, 2, 3}, {3, 0, 3}}, fp.z()[0]);
        assertArrayEquals(new double[][] {{2, 0, 0}, {0, 3, 0}, {0, 0, 0}}, fp.a()[1]);
        assertArrayEquals(new double[] {5, 3}, fp.flat());
        assertArrayEquals(new double[] {1.1, -0.2}, fp.logits(), TOL);
        assertEquals(0.2141650169574414, fp.probs()[1], TOL);
        assertEquals(0.24100845383299216, fp.loss(), TOL);
        assertEquals("loss = -log(p_true) = -log(p[0]) = -log(0.7858) = 0.241", fp.lossLine());
        assertEquals("o[0] = 0 + 5*0.1 + 3*0.2 = 1.1", fp.logitLine(0));
        assertEquals("p[1] = e^(-0.2) / (e^1.1 + e^(-0.2)) = 0.2142", fp.probabilityLine(1));
    }

    @Test
    void denseStageAsWorkedByHand() {
        DenseBackward d = BackwardPass.of(net(PoolSettings.Mode.MAX), X, 0).dense();
        assertArrayEquals(new double[] {-Q, Q}, d.delta(), TOL);
        assertArrayEquals(new double[][] {{-5 * Q, 5 * Q}, {-3 * Q, 3 * Q}}, d.dW());
        assertArrayEquals(new double[] {-Q, Q}, d.db(), TOL);
        assertArrayEquals(new double[] {G1, G2}, d.dx(), TOL);
        assertEquals("delta[0] = p[0] - y[0] = 0.7858 - 1 = -0.2142", d.deltaLine(0));
        assertEquals("dW[1][0] = x[1] * delta[0] = 3*(-0.2142) = -0.6425", d.weightLine(1, 0));
        assertEquals("dx[1] = delta[0]*W[1][0] + delta[1]*W[1][1] = (-0.2142)*0.2 + 0.2142*0.1 = -0.0214",
                d.inputLine(1));
    }

    @Test
    void maxPoolingSendsTheGradientToEachWinner() {
        BackwardPass bp = BackwardPass.of(net(PoolSettings.Mode.MAX), X, 0);
        PoolBackward p = bp.pool();
        assertArrayEquals(new double[][] {{G1}}, p.dP()[0]);
        assertArrayEquals(new int[] {0, 1}, p.winner(0, 0, 0));
        assertArrayEquals(new int[] {1, 1}, p.winner(1, 0, 0));
        assertArrayEquals(new double[][] {{0, G1, 0}, {0, 0, 0}, {0, 0, 0}}, p.dA()[0]);
        assertArrayEquals(new double[][] {{0, 0, 0}, {0, G2, 0}, {0, 0, 0}}, p.dA()[1]);
        assertEquals("dP1[0][0] = dx[0] = -0.0428", p.unflattenLine(0, 0, 0));
        assertEquals("dP2[0][0] = g = -0.0214; max(2, 0, 0, 3) = 3 was won by A2[1][1]: it gets -0.0214, "
                + "the other 3 cells get 0", p.windowLine(1, 0, 0));
        assertTrue(bp.relu().mask()[1][1][1]);
        assertFalse(bp.relu().mask()[1][0][1]);
        assertEquals("Z2[0][1] = -1 <= 0, so dZ2[0][1] = 0 (dA was 0)", bp.relu().line(1, 0, 1));
    }

    @Test
    void theWorkedLinesSpeakTheUsersLanguageWithTheSameNumbers() {
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMAN);
            BackwardPass bp = BackwardPass.of(net(PoolSettings.Mode.MAX), X, 0);
            assertEquals("Verlust = -log(p_wahr) = -log(p[0]) = -log(0.7858) = 0.241",
                    Forward.run(net(PoolSettings.Mode.MAX), X, 0).lossLine());
            assertEquals("Z2[0][1] = -1 <= 0, also dZ2[0][1] = 0 (dA war 0)", bp.relu().line(1, 0, 1));
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("es"));
            assertEquals("Z1[0][1] = 5 > 0, así que dZ1[0][1] = dA1[0][1] = -0.0428", bp.relu().line(0, 0, 1));
        } finally {
            java.util.Locale.setDefault(before);
        }
    }

    @Test
    void averagePoolingSpreadsTheGradientEvenly() {
        BackwardPass bp = BackwardPass.of(net(PoolSettings.Mode.AVERAGE), X, 0);
        // averages: A1 (2+5+0+2)/4 = 2.25, A2 (2+0+0+3)/4 = 1.25
        assertArrayEquals(new double[] {2.25, 1.25}, bp.forward().flat(), TOL);
        // o = (2.25*0.1 + 1.25*0.2, 2.25*(-0.1) + 1.25*0.1) = (0.475, -0.1), p1 = 1 / (1 + e^0.575), g = -0.2*p1
        double g = -0.2 / (1 + Math.exp(0.575));
        assertEquals(g, bp.dense().dx()[0], TOL);
        assertArrayEquals(new double[][] {{g / 4, g / 4, 0}, {g / 4, g / 4, 0}, {0, 0, 0}}, bp.pool().dA()[0]);
        assertTrue(bp.pool().windowLine(0, 0, 0).endsWith("each of the 4 cells gets g / 2^2 = -0.072 / 4 = -0.018"));
        assertThrows(IllegalStateException.class, () -> bp.pool().winner(0, 0, 0));
        // ReLU: Z1[1][0] = 0 is not positive, so its share stops there
        assertEquals(0, bp.relu().dZ()[0][1][0]);
        assertEquals(g / 4, bp.relu().dZ()[0][1][1], TOL);
    }

    @Test
    void convStageAsWorkedByHand() {
        ConvBackward c = BackwardPass.of(net(PoolSettings.Mode.MAX), X, 0).conv();
        assertArrayEquals(new double[][] {{2 * G1, 0}, {G1, 3 * G1}}, c.dK()[0]);
        assertArrayEquals(new double[][] {{G2, 3 * G2}, {0, G2}}, c.dK()[1]);
        assertArrayEquals(new double[] {G1, G2}, c.db(), TOL);
        double[][] dX = c.dX();
        assertEquals(G1, dX[0][1], TOL);
        assertEquals(G1 + G2, dX[1][2], TOL);
        assertEquals(-G2, dX[2][1], TOL);
        assertEquals(0, dX[3][3]);
        KernelGradStep s = c.weightStep(0, 3);
        assertEquals(3 * G1, s.sum(), TOL);
        assertArrayEquals(new double[][] {{1, 3, 1}, {0, 1, 0}, {1, 0, 2}}, s.inputs());
        assertEquals("dK1[1][1] = sum of dY1[r][c] * X[r*1 + 1][c*1 + 1] = 0*1 + (-0.0428)*3 + 0*1 + 0*0 + 0*1 + 0*0"
                + " + 0*1 + 0*0 + 0*2 = -0.1285", s.expression());
        InputGradStep in = c.inputStep(1 * 4 + 2);
        assertEquals(8, in.terms().size(), "windows (0..1, 1..2) of both kernels cover X[1][2]");
        assertEquals(G1 + G2, in.sum(), TOL);
        assertEquals("dX[0][0] = dY1[0][0]*K1[0][0] + dY2[0][0]*K2[0][0] = 0*1 + 0*0 = 0", c.inputStep(0).expression());
        assertEquals("db2 = sum of dY2 = 0 + 0 + 0 + 0 + (-0.0214) + 0 + 0 + 0 + 0 = -0.0214", c.biasLine(1));
    }

    @Test
    void sgdAndTheFirstAdamStepAsWorkedByHand() {
        TinyCnn net = net(PoolSettings.Mode.MAX);
        Gradients g = BackwardPass.of(net, X, 0).gradients();
        Update sgd = Optimizer.sgd(0.1).step(net, g);
        assertEquals(1 - 0.1 * 2 * G1, sgd.after().kernels()[0][0][0], TOL);
        assertEquals("K1[0][0]: w_new = w - lr*g = 1 - 0.1*(-0.0857) = 1.0086", sgd.line(0, 0));
        assertTrue(Forward.run(sgd.after(), X, 0).loss() < 0.241, "one SGD step lowers the loss");
        // Adam's first step: m^ = g, v^ = g^2, so every weight with g != 0 moves by lr*|g|/(|g| + eps) ~ lr
        Update adam = Optimizer.adam(0.01).step(net, g);
        double g00 = 2 * G1;
        assertEquals(1 + 0.01 * -g00 / (-g00 + 1e-8), adam.after().kernels()[0][0][0], TOL);
        assertEquals(0, adam.after().kernels()[0][0][1], TOL);
        assertEquals(-0.1 - 0.01 * (5 * Q) / (5 * Q + 1e-8), adam.after().denseW()[0][1], TOL);
        assertEquals("K1[0][0] (t=1, g=-0.0857): m = 0.9*0 + 0.1*(-0.0857) = -0.0086; v = 0.999*0 + 0.001*(-0.0857)^2"
                + " = 7.339e-06; m^ = m/(1 - 0.9^1) = -0.0857; v^ = v/(1 - 0.999^1) = 0.0073; step = lr*m^/(sqrt(v^)"
                + " + eps) = 0.01*(-0.0857)/(0.0857 + 1e-08) = -0.01; w_new = w - step = 1 - (-0.01) = 1.01",
                adam.line(0, 0));
    }

    @Test
    void rejectsALabelOutsideTheClassesAndADenseLayerOfTheWrongSize() {
        TinyCnn net = net(PoolSettings.Mode.MAX);
        assertThrows(IllegalArgumentException.class, () -> Forward.run(net, X, 2));
        double[][] big = new double[5][5];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Forward.run(net, big, 0));
        assertTrue(e.getMessage().contains("8 numbers"), e.getMessage());
    }
}
