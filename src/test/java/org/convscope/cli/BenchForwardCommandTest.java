package org.convscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code convscope bench forward} runs and prints the single-image forward and the feature-map grid, each as a median
 * and a p90 (no timing is asserted: these machines vary), and picks the grid's layer as the screen's page would.
 */
class BenchForwardCommandTest {

    private static final Pattern FORWARD = Pattern.compile(
            "batch 1, every layer's output \\(the feature-map screen's pass\\): median ([0-9.]+) ms, p90 ([0-9.]+) ms"
                    + " \\(target < 3 ms: (met|NOT met)\\)");
    private static final Pattern GRID = Pattern.compile(
            "feature-map grid, (\\d+) maps (\\d+)x(\\d+) of layer (\\d+) \\(([^)]+)\\) as 96-px tiles: median ([0-9.]+) ms,"
                    + " p90 ([0-9.]+) ms \\(target < 50 ms: (met|NOT met)\\)");

    private static String bench(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = ConvScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, rc, err.toString());
        return out.toString();
    }

    @Test
    void tfCifarCnnPrintsTheForwardAndTheGridOfConv2() {
        String out = bench("bench", "forward", "-n", "7", "-b", "8");
        Matcher f = FORWARD.matcher(out);
        assertTrue(f.find(), out);
        assertTrue(Double.parseDouble(f.group(2)) >= Double.parseDouble(f.group(1)), "p90 >= median: " + out);
        Matcher g = GRID.matcher(out);
        assertTrue(g.find(), out);
        // 32x32 -> conv 3x3: 30 -> pool: 15 -> conv 3x3 with 64 filters: 13x13x64, the first layer with 64 maps
        assertEquals("64", g.group(1));
        assertEquals("13", g.group(2));
        assertEquals("13", g.group(3));
        assertEquals("3", g.group(4));
        assertTrue(Double.parseDouble(g.group(7)) >= Double.parseDouble(g.group(6)), "p90 >= median: " + out);
        assertTrue(out.contains("img/s="), out);
    }

    @Test
    void aModelWithFewerMapsShowsItsWidestLayer() {
        // LeNet-5: 6 maps 28x28, pooled to 14x14, then 16 maps 10x10 (layer 3), pooled to 5x5 (also 16, later)
        String out = bench("bench", "forward", "-p", "lenet5", "-n", "3", "-b", "4");
        Matcher g = GRID.matcher(out);
        assertTrue(g.find(), out);
        assertEquals("16", g.group(1));
        assertEquals("10", g.group(2));
        assertEquals("3", g.group(4));
    }
}
