package org.convscope.core.backprop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.ToDoubleFunction;
import org.convscope.core.conv.ConvSettings;
import org.convscope.core.conv.ConvTrace;
import org.convscope.core.conv.Convolution;
import org.convscope.core.conv.PoolSettings;
import org.convscope.core.conv.Pooling;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each backward stage against central differences {@code (L(v + h) - L(v - h)) / 2h}: the loss is recomputed from the
 * stage's own input (logits, Dense input, pooled maps, pooling input, conv output, parameters, image) with every
 * later layer as the forward pass runs it, so a wrong stage cannot hide behind a right one.
 */
class FiniteDifferenceTest {

    private static final double H = 1e-6;
    private static final double TOL = 1e-6;

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> cases() throws java.io.IOException {
        return BackpropFixtureTest.cases();
    }

    private static double derivative(double[] v, int i, ToDoubleFunction<double[]> loss) {
        double keep = v[i];
        v[i] = keep + H;
        double up = loss.applyAsDouble(v);
        v[i] = keep - H;
        double down = loss.applyAsDouble(v);
        v[i] = keep;
        return (up - down) / (2 * H);
    }

    private static void check(double[] at, double[] gradient, ToDoubleFunction<double[]> loss, String what) {
        for (int i = 0; i < at.length; i++) {
            assertEquals(derivative(at, i, loss), gradient[i], TOL, what + "[" + i + "]");
        }
    }

    /** Loss from the Dense input x. */
    private static double fromFlat(TinyCnn net, double[] x, int label) {
        double[] o = net.denseB().clone();
        for (int k = 0; k < o.length; k++) {
            for (int i = 0; i < x.length; i++) {
                o[k] += x[i] * net.denseW()[i][k];
            }
        }
        return Forward.crossEntropy(o, label);
    }

    /** Loss from the pooling input A (maps flattened one after the other). */
    private static double fromA(TinyCnn net, double[] a, int f, int h, int w, int label) {
        PoolSettings ps = new PoolSettings(Size2.square(net.poolSize()), Size2.square(net.poolSize()), Padding.VALID,
                net.poolMode(), net.poolMode() == PoolSettings.Mode.MAX ? 1 : 0);
        double[] flat = null;
        for (int k = 0; k < f; k++) {
            double[] one = new double[h * w];
            System.arraycopy(a, k * h * w, one, 0, h * w);
            double[] pooled = Mat.flat(Pooling.run(Mat.unflat(one, h, w), ps).output());
            if (flat == null) {
                flat = new double[f * pooled.length];
            }
            System.arraycopy(pooled, 0, flat, k * pooled.length, pooled.length);
        }
        return fromFlat(net, flat, label);
    }

    private static double[] stack(double[][][] maps) {
        int n = maps[0].length * maps[0][0].length;
        double[] out = new double[maps.length * n];
        for (int f = 0; f < maps.length; f++) {
            System.arraycopy(Mat.flat(maps[f]), 0, out, f * n, n);
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyStageMatchesCentralDifferences(String name, JsonNode c) {
        checkAllStages(BackpropFixtureTest.network(c), BackpropFixtureTest.matrix(c.get("input")), c.get("label").asInt());
    }

    /** 'same' padding with stride 2 and an even kernel (PyTorch has no 'same' with strides, so no fixture). */
    @Test
    void samePaddingWithStrideTwo() {
        double[][] x = new double[7][6];
        java.util.Random r = new java.util.Random(7);
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = Math.round((2 * r.nextDouble() - 1) * 100) / 100.0;
            }
        }
        double[][][] k = {{{0.3, -0.5}, {0.8, 0.1}}, {{-0.7, 0.2}, {0.4, 0.9}}};
        // 7x6, stride 2, same: 4x3 maps; average pool 1 keeps all 24 numbers
        TinyCnn net = new TinyCnn(k, new double[] {0.05, -0.1}, Size2.square(2), Padding.SAME, true,
                PoolSettings.Mode.AVERAGE, 1, TinyCnn.randomDense(24, 3, 5), new double[] {0.1, 0, -0.1});
        checkAllStages(net, x, 1);
    }

    private static void checkAllStages(TinyCnn net, double[][] x, int label) {
        BackwardPass bp = BackwardPass.of(net, x, label);
        ForwardPass fp = bp.forward();
        check(fp.logits().clone(), bp.dense().delta(), o -> Forward.crossEntropy(o, label), "delta");
        check(fp.flat().clone(), bp.dense().dx(), v -> fromFlat(net, v, label), "dx");
        int f = net.filters();
        int h = fp.z()[0].length;
        int w = fp.z()[0][0].length;
        check(stack(fp.a()), stack(bp.pool().dA()), v -> fromA(net, v, f, h, w, label), "dA");
        check(stack(fp.z()), stack(bp.relu().dZ()), v -> {
            double[] a = v.clone();
            for (int i = 0; i < a.length && net.relu(); i++) {
                a[i] = Math.max(0, a[i]);
            }
            return fromA(net, a, f, h, w, label);
        }, "dZ");
        double[][] p = net.parameters();
        double[][] g = bp.gradients().flat();
        for (int t = 0; t < p.length; t++) {
            int tensor = t;
            check(p[t], g[t], v -> Forward.run(net.withParameters(replace(p, tensor, v)), x, label).loss(),
                    net.parameterNames().get(t));
        }
        check(Mat.flat(x), Mat.flat(bp.conv().dX()),
                v -> Forward.run(net, Mat.unflat(v, x.length, x[0].length), label).loss(), "dX");
    }

    private static double[][] replace(double[][] p, int t, double[] v) {
        double[][] out = p.clone();
        out[t] = v.clone();
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void kernelGradientIsAConvolutionOfTheInputWithDyAndInputGradientIsTheFullConvolution(String name, JsonNode c) {
        TinyCnn net = BackpropFixtureTest.network(c);
        double[][] x = BackpropFixtureTest.matrix(c.get("input"));
        BackwardPass bp = BackwardPass.of(net, x, c.get("label").asInt());
        ConvBackward cb = bp.conv();
        var g = cb.geometry();
        double[][][] dZ = bp.relu().dZ();
        double[][] dXsum = new double[x.length][x[0].length];
        for (int f = 0; f < net.filters(); f++) {
            // dK = X (padded) cross-correlated with dY spread s apart: one output cell per kernel weight
            int kh = net.kernels()[0].length;
            int kw = net.kernels()[0][0].length;
            double[][] dilated = new double[(g.outHeight() - 1) * g.strides().h() + 1][(g.outWidth() - 1) * g.strides().w() + 1];
            for (int r = 0; r < g.outHeight(); r++) {
                for (int col = 0; col < g.outWidth(); col++) {
                    dilated[r * g.strides().h()][col * g.strides().w()] = dZ[f][r][col];
                }
            }
            double[][] padded = new double[x.length + g.padTop() + g.padBottom()][x[0].length + g.padLeft() + g.padRight()];
            for (int r = 0; r < x.length; r++) {
                System.arraycopy(x[r], 0, padded[r + g.padTop()], g.padLeft(), x[0].length);
            }
            double[][] asConv = Convolution.run(Volume.of(padded), Volume.of(dilated), ConvSettings.DEFAULT).output();
            double[][] dK = cb.dK()[f];
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    assertEquals(asConv[i][j], dK[i][j], 1e-12, "dK" + (f + 1) + "[" + i + "][" + j + "] as a convolution");
                    assertEquals(dK[i][j], cb.weightStep(f, i * kw + j).sum(), 1e-12, "weight step");
                }
            }
            ConvTrace full = cb.fullConvolution(f);
            for (int y = 0; y < x.length; y++) {
                for (int xx = 0; xx < x[0].length; xx++) {
                    int fy = y + g.padTop();
                    int fx = xx + g.padLeft();
                    boolean inside = fy < full.geometry().outHeight() && fx < full.geometry().outWidth();
                    dXsum[y][xx] += inside ? full.output(fy, fx) : 0;
                }
            }
        }
        double[][] dX = cb.dX();
        for (int y = 0; y < x.length; y++) {
            for (int xx = 0; xx < x[0].length; xx++) {
                assertEquals(dX[y][xx], dXsum[y][xx], 1e-12, "full convolution at " + y + "," + xx);
                assertEquals(dX[y][xx], cb.inputStep(y * x[0].length + xx).sum(), 1e-12, "input step");
            }
        }
    }
}
