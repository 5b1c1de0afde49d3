package org.convscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.convscope.io.ModelJson;
import org.convscope.io.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graph models on the command line: summarised with "Connected to"; feature maps, filters (depthwise too), predict and
 * occlusion and Grad-CAM run on them; the Keras code writer refuses them (exit 2, with the reason), the PyTorch and
 * ONNX writers write them.
 */
class GraphModelCliTest {

    private static int run(StringWriter out, StringWriter err, String... args) {
        return ConvScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void theResNetPresetIsSummarisedLikeKerasFunctionalSummary() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, run(out, err, "summary", "--preset", "resnet20"), err.toString());
        String table = out.toString();
        assertTrue(table.contains("Connected to") && table.contains("input (InputLayer)"), table);
        assertTrue(table.contains("Total params: 274,442") && table.contains("Non-trainable params: 1,376"), table);
        assertTrue(table.contains("['s2b1_bn2[0][0]',") && table.contains("'s2b1_shortcut[0][0]']"), table);
    }

    @Test
    void aGraphModelRunsButOnlyKerasJsonExportsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("resnet20.convscope.json");
        ModelJson.write(Presets.find("resnet20").orElseThrow(), file);
        assertTrue(Files.readString(file).contains("\"version\" : 2"), "a graph is saved as version 2");
        StringWriter filtersErr = new StringWriter();
        assertEquals(0, run(new StringWriter(), filtersErr, "filters", "--model", file.toString(), "-l", "1", "-o",
                dir.resolve("f.png").toString()), filtersErr.toString());
        assertTrue(Files.size(dir.resolve("f.png")) > 0);
        StringWriter err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, "export", "--preset", "resnet20", "--to", "keras"), err.toString());
        assertTrue(err.toString().contains("the code writers know chains only"), err.toString());
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, new StringWriter(), "export", "--preset", "resnet20", "--to", "keras_json"));
        assertTrue(out.toString().contains("\"class_name\" : \"Functional\""), out.toString().substring(0, 200));
    }

    @Test
    void aResidualH5RunsEndToEnd(@TempDir Path dir) throws Exception {
        String h5 = Path.of("src", "test", "resources", "keras", "resnet_mini.h5").toString();
        String image = "resources/samples/chelsea.png";
        StringWriter err = new StringWriter();
        assertEquals(0, run(new StringWriter(), err, "featuremaps", "-m", h5, "-i", image, "-l", "b1_add", "-o",
                dir.resolve("maps.png").toString()), err.toString());
        assertTrue(Files.size(dir.resolve("maps.png")) > 0);
        err = new StringWriter();
        assertEquals(0, run(new StringWriter(), err, "occlusion", "-m", h5, "-i", image, "-o",
                dir.resolve("occ.png").toString()), err.toString());
        assertTrue(Files.size(dir.resolve("occ.png")) > 0);
        err = new StringWriter();
        StringWriter camOut = new StringWriter();
        Path csv = dir.resolve("cam.csv");
        assertEquals(0, run(camOut, err, "gradcam", "-m", h5, "-i", image, "-o", dir.resolve("cam.png").toString(),
                "--values", csv.toString()), err.toString());
        assertTrue(Files.size(dir.resolve("cam.png")) > 0);
        // by default the last maps every path goes through: the second block's output after its Add (8x8x16)
        assertTrue(camOut.toString().contains("Grad-CAM at layer 18 b2_out (8x8 maps, 16 channels)"),
                camOut.toString());
        assertEquals(16, Files.readAllLines(csv).stream().filter(l -> !l.isBlank()).count(), "one row per row of the 16x16 input");
        err = new StringWriter();
        camOut = new StringWriter();
        assertEquals(0, run(camOut, err, "gradcam", "-m", h5, "-i", image, "-l", "b1_add", "-o",
                dir.resolve("cam1.png").toString()), err.toString());
        assertTrue(camOut.toString().contains("Grad-CAM at layer 9 b1_add (16x16 maps, 8 channels)"),
                camOut.toString());
        err = new StringWriter();
        String separable = Path.of("src", "test", "resources", "keras", "separable_mini.h5").toString();
        assertEquals(0, run(new StringWriter(), err, "filters", "-m", separable, "-l", "dw1", "-o",
                dir.resolve("dw.png").toString()), err.toString());
        assertTrue(err.toString().contains("16 filters of 3x3x1"), err.toString());
    }

    @Test
    void aGraphModelExportsToPyTorchAndOnnx(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        Path project = dir.resolve("resnet20");
        assertEquals(0, run(new StringWriter(), err, "export", "--preset", "resnet20", "--to", "pytorch", "-o",
                project.toString()), err.toString());
        String code = Files.readString(project.resolve("model.py"));
        // the first residual join: the block's second batch normalisation plus the stem's output (the shortcut)
        assertTrue(code.contains("        x_s1b1_add = torch.add(x_s1b1_bn2, x_activation)\n"), code);
        assertTrue(code.contains("        x_dense = self.dense(x_flatten)\n        x = x_dense\n"), code);
        StringWriter onnxErr = new StringWriter();
        assertEquals(0, run(new StringWriter(), onnxErr, "export", "--preset", "resnet20", "--to", "onnx", "-o",
                dir.resolve("r.onnx").toString()), onnxErr.toString());
        assertTrue(Files.size(dir.resolve("r.onnx")) > 4 * 270_000, "274,442 float weights");
    }
}
