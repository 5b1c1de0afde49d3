package org.convscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that take a model take a PyTorch-exported {@code .onnx} file (the fixtures chain.onnx and the graph
 * resnet_mini.onnx) with its weights.
 */
class OnnxCliTest {

    private static final String CHAIN = "src/test/resources/onnx/chain.onnx";
    private static final String IMG = "resources/samples/camera.png";

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ConvScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void summaryCountsEveryWeightInTheFile() {
        Result r = run("summary", "-m", CHAIN);
        assertEquals(0, r.code(), r.err());
        // conv 3*4*9+4, batch norm 4*4, conv 4*6*9+6, Gemm 96*10+10
        assertTrue(r.out().contains("Total params: 1,320"), r.out());
        assertTrue(r.out().contains("(None, 12, 12, 4)"), r.out());
        assertTrue(r.out().contains("Model: \"chain.onnx\""), "named after the file, not PyTorch's torch_jit: " + r.out());
    }

    @Test
    void aPyTorchResNetOpensAsAGraphWithItsWeightsAndPredicts() {
        String resnet = "src/test/resources/onnx/resnet_mini.onnx";
        Result r = run("summary", "-m", resnet);
        assertEquals(0, r.code(), r.err());
        // torch: 1,454 parameters; BatchNorm's running means and variances 72 (make_graph_fixtures.py)
        assertTrue(r.out().contains("Total params: 1,526\nTrainable params: 1,454\nNon-trainable params: 72"), r.out());
        assertTrue(r.out().contains("Connected to"), r.out());
        assertTrue(r.out().contains("add (Add)"), r.out());
        assertFalse(r.err().contains("graph model"), "nothing is refused or left out: " + r.err());
        Result predict = run("predict", "-m", resnet, "-i", IMG);
        assertEquals(0, predict.code(), predict.err());
        assertTopThree(predict.out());
    }

    /** Three lines, one a class, most probable first, each ending in its probability; together at most 1. */
    private static void assertTopThree(String out) {
        String[] lines = out.strip().split("\\R");
        assertEquals(3, lines.length, out);
        double previous = 1;
        double sum = 0;
        for (String line : lines) {
            double p = Double.parseDouble(line.strip().replaceAll(".*\\s", ""));
            assertTrue(p > 0 && p <= previous, out);
            previous = p;
            sum += p;
        }
        assertTrue(sum <= 1 + 1e-3, out); // printed rounded
    }

    @Test
    void featureMapsFiltersPredictGradCamAndOcclusionRunOnIt(@TempDir Path dir) throws Exception {
        String[][] commands = {
            {"featuremaps", "-m", CHAIN, "-i", IMG, "-l", "1", "-o", dir.resolve("maps.png").toString()},
            {"filters", "-m", CHAIN, "-l", "1", "-o", dir.resolve("filters.png").toString()},
            {"gradcam", "-m", CHAIN, "-i", IMG, "-o", dir.resolve("cam.png").toString()},
            {"occlusion", "-m", CHAIN, "-i", IMG, "-o", dir.resolve("occ.png").toString()},
        };
        for (String[] args : commands) {
            Result r = run(args);
            assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
            Path png = Path.of(args[args.length - 1]);
            assertTrue(Files.size(png) > 0, png.toString());
        }
        Result predict = run("predict", "-m", CHAIN, IMG);
        assertEquals(0, predict.code(), predict.err());
        assertTopThree(predict.out()); // the top 3 classes from the file's 10-unit softmax
    }
}
