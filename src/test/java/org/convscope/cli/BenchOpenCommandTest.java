package org.convscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.convscope.core.analysis.ModelAnalyzer;
import org.junit.jupiter.api.Test;

/**
 * {@code convscope bench open}: the generated model is ResNet-50-sized (counted by hand below), and timing a file
 * prints one line per open with the summary's parameter count and the heap's peak (no time is asserted).
 */
class BenchOpenCommandTest {

    /** resnet_mini.json (make_graph_fixtures.py): 1,454 parameters and 72 BN running means and variances. */
    private static final long RESNET_MINI_PARAMETERS = 1_454 + 72;

    @Test
    void theGeneratedModelHasTheHandCountedParameters() {
        long stem = 7 * 7 * 3 * 64 + 4 * 64;                                  // conv without bias + BN
        long stage1 = 3 * (2 * (9 * 64 * 64) + 2 * 4 * 64);
        long stage2 = (9 * 64 * 128 + 9 * 128 * 128 + 64 * 128 + 3 * 4 * 128) // first unit, with the projection
                + 3 * (2 * (9 * 128 * 128) + 2 * 4 * 128);
        long stage3 = (9 * 128 * 256 + 9 * 256 * 256 + 128 * 256 + 3 * 4 * 256)
                + 5 * (2 * (9 * 256 * 256) + 2 * 4 * 256);
        long stage4 = (9 * 256 * 512 + 9 * 512 * 512 + 256 * 512 + 3 * 4 * 512)
                + 3 * (2 * (9 * 512 * 512) + 2 * 4 * 512);
        long dense = 512 * 1000 + 1000;
        long total = ModelAnalyzer.analyze(BenchOpenCommand.resnetWide()).totalParams();
        assertEquals(stem + stage1 + stage2 + stage3 + stage4 + dense, total);
        assertEquals(26_537_384, total);
    }

    @Test
    void timingAFilePrintsEachOpenWithTheSummarysCount() {
        Path file = Path.of("src/test/resources/onnx/resnet_mini.onnx");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = ConvScopeCli.run(new String[] {"bench", "open", "--model", file.toString(), "-n", "2"},
                new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, rc, err.toString());
        Matcher run = Pattern.compile("run (\\d): ([0-9.]+) s to the summary, CPU [0-9.]+ s \\(([0-9,]+) parameters,"
                + " \\d+ table lines, weights read\\); heap peak ([0-9,]+) MB").matcher(out.toString());
        int runs = 0;
        while (run.find()) {
            runs++;
            assertEquals(RESNET_MINI_PARAMETERS, Long.parseLong(run.group(3).replace(",", "")), out.toString());
        }
        assertEquals(2, runs, out.toString());
        assertTrue(out.toString().contains("target < 3 s"), out.toString());
    }
}
