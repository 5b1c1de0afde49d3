package org.convscope.core.backprop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.convscope.core.conv.PoolSettings;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The training step against PyTorch autograd: {@code src/test/resources/backprop/make_fixture.py} built the same
 * networks in float64 and wrote every forward value, gradient, one SGD step and two {@code torch.optim.Adam} steps
 * to {@code backprop_fixture.json}. Everything must agree within 1e-5.
 */
class BackpropFixtureTest {

    private static final double TOL = 1e-5;

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : fixture().get("cases")) {
            out.add(Arguments.of(c.get("name").asText(), c));
        }
        return out.stream();
    }

    static JsonNode fixture() throws IOException {
        try (InputStream in = BackpropFixtureTest.class.getResourceAsStream("/backprop/backprop_fixture.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    static double[] vector(JsonNode n) {
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = n.get(i).asDouble();
        }
        return v;
    }

    static double[][] matrix(JsonNode n) {
        double[][] m = new double[n.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = vector(n.get(i));
        }
        return m;
    }

    static double[][][] cube(JsonNode n) {
        double[][][] m = new double[n.size()][][];
        for (int i = 0; i < m.length; i++) {
            m[i] = matrix(n.get(i));
        }
        return m;
    }

    /** Builds the case's network from its JSON set-up. */
    static TinyCnn network(JsonNode c) {
        return new TinyCnn(cube(c.get("kernels")), vector(c.get("conv_bias")), Size2.square(c.get("stride").asInt()),
                c.get("padding").isInt() ? Padding.of(c.get("padding").asInt()) : Padding.SAME, c.get("relu").asBoolean(),
                c.get("pool").asText().equals("max") ? PoolSettings.Mode.MAX : PoolSettings.Mode.AVERAGE,
                c.get("q").asInt(), matrix(c.get("dense_w")), vector(c.get("dense_b")));
    }

    static void near(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOL, what + "[" + i + "]");
        }
    }

    static void near(double[][] expected, double[][] actual, String what) {
        assertEquals(expected.length, actual.length, what + " rows");
        for (int i = 0; i < expected.length; i++) {
            near(expected[i], actual[i], what + "[" + i + "]");
        }
    }

    static void near(double[][][] expected, double[][][] actual, String what) {
        assertEquals(expected.length, actual.length, what + " maps");
        for (int i = 0; i < expected.length; i++) {
            near(expected[i], actual[i], what + "[" + i + "]");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardAndLossMatchPyTorch(String name, JsonNode c) {
        ForwardPass fp = Forward.run(network(c), matrix(c.get("input")), c.get("label").asInt());
        JsonNode f = c.get("forward");
        near(cube(f.get("z")), fp.z(), "z");
        near(cube(f.get("a")), fp.a(), "a");
        double[][][] pooled = new double[fp.pools().length][][];
        for (int k = 0; k < pooled.length; k++) {
            pooled[k] = fp.pools()[k].output();
        }
        near(cube(f.get("pooled")), pooled, "pooled");
        near(vector(f.get("flat")), fp.flat(), "flat");
        near(vector(f.get("logits")), fp.logits(), "logits");
        near(vector(f.get("probs")), fp.probs(), "probs");
        assertEquals(f.get("loss").asDouble(), fp.loss(), TOL, "loss");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyGradientMatchesAutograd(String name, JsonNode c) {
        BackwardPass bp = BackwardPass.of(network(c), matrix(c.get("input")), c.get("label").asInt());
        JsonNode g = c.get("grads");
        near(vector(g.get("delta")), bp.dense().delta(), "delta = p - y");
        near(matrix(g.get("dW")), bp.dense().dW(), "dW");
        near(vector(g.get("db")), bp.dense().db(), "db");
        near(vector(g.get("dx")), bp.dense().dx(), "dx");
        near(cube(g.get("dP")), bp.pool().dP(), "dP");
        near(cube(g.get("dA")), bp.pool().dA(), "dA");
        near(cube(g.get("dZ")), bp.relu().dZ(), "dZ");
        near(cube(g.get("dK")), bp.conv().dK(), "dK");
        near(vector(g.get("dConvBias")), bp.conv().db(), "conv bias");
        near(matrix(g.get("dX")), bp.conv().dX(), "dX");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sgdStepMatchesTorchOptimSgd(String name, JsonNode c) {
        TinyCnn net = network(c);
        double[][] x = matrix(c.get("input"));
        int label = c.get("label").asInt();
        Update u = Optimizer.sgd(c.get("lr_sgd").asDouble()).step(net, BackwardPass.of(net, x, label).gradients());
        JsonNode expected = c.get("sgd").get(0);
        sameParameters(expected, u.after());
        assertEquals(expected.get("loss_after").asDouble(), Forward.run(u.after(), x, label).loss(), TOL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void twoAdamStepsMatchTorchOptimAdam(String name, JsonNode c) {
        TinyCnn net = network(c);
        double[][] x = matrix(c.get("input"));
        int label = c.get("label").asInt();
        Optimizer adam = Optimizer.adam(c.get("lr_adam").asDouble());
        for (int step = 0; step < 2; step++) {
            net = adam.step(net, BackwardPass.of(net, x, label).gradients()).after();
            JsonNode expected = c.get("adam").get(step);
            sameParameters(expected, net);
            assertEquals(expected.get("loss_after").asDouble(), Forward.run(net, x, label).loss(), TOL,
                    "loss after Adam step " + (step + 1));
        }
        assertEquals(2, adam.steps());
    }

    private static void sameParameters(JsonNode expected, TinyCnn net) {
        near(cube(expected.get("kernels")), net.kernels(), "kernels");
        near(vector(expected.get("conv_bias")), net.convBias(), "conv bias");
        near(matrix(expected.get("dense_w")), net.denseW(), "dense W");
        near(vector(expected.get("dense_b")), net.denseB(), "dense b");
    }
}
