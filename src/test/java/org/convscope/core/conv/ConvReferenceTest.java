package org.convscope.core.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Convolution and pooling against numpy: {@code src/test/resources/reference/conv/gen_conv_cases.py}
 * generated {@code conv_cases.json} (random matrices, every stride/padding combination, multi-channel,
 * flipped kernels). Integer cases must match exactly; float cases within 1e-9.
 */
class ConvReferenceTest {

    static Stream<Arguments> cases() throws IOException {
        try (InputStream in = ConvReferenceTest.class.getResourceAsStream("/reference/conv/conv_cases.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Arguments> out = new ArrayList<>();
            int i = 0;
            for (JsonNode c : root.get("cases")) {
                out.add(Arguments.of(i++ + " " + c.get("kind").asText() + " " + c.get("padding").asText(), c));
            }
            return out.stream();
        }
    }

    private static Padding padding(String p) {
        return p.equals("valid") ? Padding.VALID : p.equals("same") ? Padding.SAME : Padding.of(Integer.parseInt(p));
    }

    private static Size2 pair(JsonNode n) {
        return new Size2(n.get(0).asInt(), n.get(1).asInt());
    }

    private static Volume volume(JsonNode hwc) {
        int h = hwc.size();
        int w = hwc.get(0).size();
        int c = hwc.get(0).get(0).size();
        double[] v = new double[h * w * c];
        for (int r = 0; r < h; r++) {
            for (int col = 0; col < w; col++) {
                for (int k = 0; k < c; k++) {
                    v[(r * w + col) * c + k] = hwc.get(r).get(col).get(k).asDouble();
                }
            }
        }
        return new Volume(h, w, c, v);
    }

    private static double[][] matrix(JsonNode rows) {
        double[][] m = new double[rows.size()][rows.get(0).size()];
        for (int r = 0; r < m.length; r++) {
            for (int c = 0; c < m[0].length; c++) {
                m[r][c] = rows.get(r).get(c).asDouble();
            }
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesNumpy(String name, JsonNode c) {
        double[][] expected = matrix(c.get("output"));
        double[][] actual;
        double tolerance;
        if (c.get("kind").asText().equals("conv")) {
            ConvSettings s = new ConvSettings(pair(c.get("strides")), padding(c.get("padding").asText()),
                    c.get("bias").asDouble(), c.get("relu").asBoolean(), c.get("flip").asBoolean());
            ConvTrace t = Convolution.run(volume(c.get("input")), volume(c.get("kernel")), s);
            actual = t.output();
            tolerance = c.get("integer").asBoolean() ? 0 : 1e-9;
            // Every step's details agree with the output it explains.
            for (int i = 0; i < t.steps(); i++) {
                ConvStep step = t.step(i);
                assertEquals(actual[step.outRow()][step.outCol()], step.output(), 1e-12);
            }
        } else {
            String mode = c.get("mode").asText();
            PoolSettings s = new PoolSettings(pair(c.get("pool")), pair(c.get("strides")),
                    padding(c.get("padding").asText()), mode.equals("max") ? PoolSettings.Mode.MAX
                    : mode.equals("avg") ? PoolSettings.Mode.AVERAGE : PoolSettings.Mode.MIXED, c.get("lambda").asDouble());
            actual = Pooling.run(matrix(c.get("input")), s).output();
            tolerance = 1e-9;
        }
        assertEquals(expected.length, actual.length, "rows");
        for (int r = 0; r < expected.length; r++) {
            assertEquals(expected[r].length, actual[r].length, "columns");
            for (int col = 0; col < expected[r].length; col++) {
                assertEquals(expected[r][col], actual[r][col], tolerance, "cell " + r + "," + col);
            }
        }
    }
}
