package org.convscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.convscope.core.conv.Volume;
import org.convscope.core.image.Raster;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.dl4j.Dl4jEngine;
import org.convscope.imaging.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line with Keras .h5 files (src/test/resources/keras, made by make_fixture.py): import-keras to a trained
 * model, summary, predict, and fine-tuning with train --model --freeze-to --data FOLDER.
 */
class KerasCliTest {

    private static final Path DIR = Path.of("src", "test", "resources", "keras");

    private static int run(StringWriter out, StringWriter err, String... args) {
        return ConvScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void importKerasKeepsTheWeights(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path zip = dir.resolve("small.convscope.zip");
        assertEquals(0, run(out, err, "import-keras", DIR.resolve("small_sequential.h5").toString(), "-o", zip.toString()),
                err.toString());
        assertTrue(err.toString().contains("Wrote " + zip + " (5 layers, 453 weights from Keras 2.13.1)"), err.toString());
        // the saved model gives the NumPy reference output
        JsonNode expected = new ObjectMapper().readTree(Files.readString(DIR.resolve("small_sequential.expected.json")));
        double[] x = new double[192];
        for (int i = 0; i < x.length; i++) {
            x[i] = expected.get("input").get(i).asDouble();
        }
        Dl4jEngine engine = new Dl4jEngine();
        double[] p = engine.forward(engine.load(zip), new Volume(8, 8, 3, x)).layer(5).output().values();
        for (int k = 0; k < 5; k++) {
            assertEquals(expected.get("outputs").get("dense").get(k).asDouble(), p[k], 1e-4);
        }
    }

    @Test
    void partlySupportedModelListsWhatIsLeftOut(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, run(out, err, "summary", DIR.resolve("partial_mini.h5").toString()), err.toString());
        assertTrue(out.toString().contains("Total params: 124"), out.toString()); // Conv1 3*3*3*4 (no bias) + bn 4*4
        String e = err.toString();
        assertTrue(e.contains("Note: Shown: the first 2 layer(s)") && e.contains("Not supported: PReLU (1): prelu"), e);
    }

    @Test
    void aResidualH5IsSummarisedWholeAndPredictsTheReference(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path h5 = DIR.resolve("resnet_mini.h5");
        assertEquals(0, run(out, err, "summary", h5.toString()), err.toString());
        String table = out.toString();
        assertTrue(table.contains("Connected to") && table.contains("Total params: 5,362")
                && table.contains("Non-trainable params: 112"), table); // the 5,362 float values in the file
        assertTrue(table.contains(" b2_add (Add)                  (None, 8, 8, 16)          0         ['b2_bn2[0][0]',"),
                table);
        Path png = dir.resolve("x.png");
        Images.writePng(new Raster(16, 16, 3, new byte[16 * 16 * 3]), png);
        StringWriter out2 = new StringWriter();
        StringWriter err2 = new StringWriter();
        assertEquals(0, run(out2, err2, "predict", "-m", h5.toString(), png.toString()), err2.toString());
        // a black image is zeros however pixels are scaled: the NumPy reference of the file's model for zeros
        Path zeros = dir.resolve("zeros.json");
        Files.writeString(zeros, "{\"input_shape\": [16, 16, 3], \"input\": [" + "0,".repeat(16 * 16 * 3 - 1) + "0]}");
        String python = org.convscope.testing.Python.withModules("numpy", "h5py");
        var ref = org.convscope.testing.Python.exec(java.util.List.of(python, "graph_reference.py", "resnet_mini.h5",
                zeros.toString()), DIR, java.util.Map.of(), 120);
        assertEquals(0, ref.exit(), ref.output());
        var probs = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ref.output()).get("predictions");
        String[] lines = out2.toString().strip().split("\\R");
        assertEquals(3, lines.length, out2.toString());
        double previous = 1;
        for (String line : lines) {
            String[] parts = line.trim().split(" +");
            int k = Integer.parseInt(parts[1]);
            double p = Double.parseDouble(parts[2]);
            assertEquals(probs.get(k).asDouble(), p, 0.0005, line);
            assertTrue(p <= previous, "top three in order: " + out2);
            previous = p;
        }
    }

    @Test
    void predictUsesTheFilesWeights(@TempDir Path dir) throws Exception {
        Random r = new Random(1);
        byte[] px = new byte[8 * 8 * 3];
        r.nextBytes(px);
        Path png = dir.resolve("x.png");
        Images.writePng(new Raster(8, 8, 3, px), png);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path h5 = DIR.resolve("small_sequential.h5");
        assertEquals(0, run(out, err, "predict", "-m", h5.toString(), png.toString()), err.toString());
        // the same image through the engine directly: the printed top class and probability agree
        Dl4jEngine engine = new Dl4jEngine();
        CompiledModel m = engine.importKeras(h5).model();
        double[] p = engine.forward(m, new Raster(8, 8, 3, px).toVolume(true)).layer(5).output().values();
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            best = p[k] > p[best] ? k : best;
        }
        String first = out.toString().strip().split("\\R")[0];
        assertEquals(String.format(java.util.Locale.ROOT, "%-12s %.3f", "class " + best, p[best]), first);
    }

    /** Three classes of 16x16 images: reddish, greenish, bluish, six each. */
    static Path classFolders(Path dir) throws Exception {
        Random r = new Random(9);
        String[] names = {"blue", "green", "red"};
        for (int c = 0; c < 3; c++) {
            Path sub = Files.createDirectories(dir.resolve(names[c]));
            for (int i = 0; i < 6; i++) {
                byte[] px = new byte[16 * 16 * 3];
                for (int k = 0; k < px.length; k++) {
                    int ch = k % 3; // RGB
                    boolean strong = (c == 0 && ch == 2) || (c == 1 && ch == 1) || (c == 2 && ch == 0);
                    px[k] = (byte) (r.nextInt(80) + (strong ? 170 : 0));
                }
                Images.writePng(new Raster(16, 16, 3, px), sub.resolve("img" + i + ".png"));
            }
        }
        Files.writeString(dir.resolve("README.txt"), "not a class");
        return dir;
    }

    @Test
    void fineTuningOnAFolderFreezesAndGetsANewHead(@TempDir Path dir) throws Exception {
        Path data = classFolders(dir.resolve("colours"));
        Path h5 = DIR.resolve("small_sequential.h5");
        Path saved = dir.resolve("tuned.convscope.zip");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run(out, err, "train", "--model", h5.toString(), "--freeze-to", "batch_normalization", "--data",
                data.toString(), "--epochs", "2", "--batch", "4", "--out", saved.toString());
        assertEquals(0, code, err.toString() + out);
        String o = out.toString();
        assertTrue(o.contains("data: 15 training and 3 validation images in 3 classes"), o);
        assertTrue(o.contains("new head: the last Dense layer (5 units) is replaced by one with 3 units"), o);
        assertTrue(o.contains("frozen: layers 1-2 (up to batch_normalization) keep their weights"), o);
        assertTrue(o.contains("classes: 0=blue 1=green 2=red"), o);
        Dl4jEngine engine = new Dl4jEngine();
        CompiledModel tuned = engine.load(saved);
        assertEquals(java.util.List.of("blue", "green", "red"), tuned.classNames(), "the folders' names are kept");
        CompiledModel original = engine.importKeras(h5).model();
        assertEquals(3, ((org.convscope.core.model.LayerSpec.Dense) tuned.spec().layers().get(4)).units());
        for (int f = 0; f < 4; f++) {
            assertArrayEquals(original.filters(1)[f].values(), tuned.filters(1)[f].values(), 0.0, "frozen filter " + f);
        }
        assertArrayEquals(original.biases(1), tuned.biases(1), 0.0);
    }

    @Test
    void gradCamReadsAnH5ModelFile(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path png = dir.resolve("cam.png");
        assertEquals(0, run(out, err, "gradcam", "-m", DIR.resolve("small_sequential.h5").toString(), "-i",
                "resources/samples/chelsea.png", "-c", "2", "-o", png.toString()), err.toString());
        assertTrue(out.toString().contains("Grad-CAM at layer 2 batch_normalization (8x8 maps, 4 channels)"), out.toString());
        assertTrue(out.toString().startsWith("class 2: p="), "a 5-class model's classes are not CIFAR-10's: " + out);
        assertTrue(Files.exists(png));
    }

    @Test
    void anH5DeclaringAHugeDenseIsRefusedBeforeAnythingIsAllocated() {
        // huge_dense.h5 (10 KB, make_keras3_fixture.py) declares a (30000, 60000) Dense kernel and stores no chunk
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(2, run(out, err, "summary", DIR.resolve("huge_dense.h5").toString()));
        String e = err.toString();
        assertTrue(e.contains("huge_dense.h5: layer dense declares a kernel of 1,800,000,000 weights, which would need"
                + " 6.7 GB as float32"), e);
        assertTrue(e.startsWith("Error in "), e);
        assertEquals("", out.toString());
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertTrue(after - before < 1L << 30, "nothing near the declared size was allocated: " + (after - before));
    }

    @Test
    void unknownFreezeLayerIsRefused() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(2, run(out, err, "train", "--model", DIR.resolve("small_sequential.h5").toString(), "--freeze-to",
                "conv9"));
        assertTrue(err.toString().contains("no layer \"conv9\"") && err.toString().contains("conv2d, batch_normalization"),
                err.toString());
    }
}
