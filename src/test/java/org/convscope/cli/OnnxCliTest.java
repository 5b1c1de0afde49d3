package org.convscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands that take a model take a PyTorch-exported {@code .onnx} file (the fixture chain.onnx) with its weights. */
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
    void aPyTorchResNetOpensAsAGraphToViewAndIsNotRunAsAChain() {
        String resnet = "src/test/resources/onnx/resnet_mini.onnx";
        Result r = run("summary", "-m", resnet);
        assertEquals(0, r.code(), r.err());
        // torch: 1,454 parameters; BatchNorm's running means and variances 72 (make_graph_fixtures.py)
        assertTrue(r.out().contains("Total params: 1,526\nTrainable params: 1,454\nNon-trainable params: 72"), r.out());
        assertTrue(r.out().contains("Connected to"), r.out());
        assertTrue(r.out().contains("add (Add)"), r.out());
        assertTrue(r.err().contains("is a graph model (its layers branch and join)"), r.err());
        Result predict = run("predict", "-m", resnet, IMG);
        assertEquals(2, predict.code());
        assertEquals("", predict.out());
        assertTrue(predict.err().contains("graph models can be viewed but not yet run"), predict.err());
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
        // the top 3 classes, most probable first, from the file's 10-unit softmax
        String[] lines = predict.out().strip().split("\\R");
        assertEquals(3, lines.length, predict.out());
        double previous = 1;
        for (String line : lines) {
            double p = Double.parseDouble(line.strip().replaceAll(".*\\s", ""));
            assertTrue(p > 0 && p <= previous, predict.out());
            previous = p;
        }
    }
}
