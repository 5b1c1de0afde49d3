package org.convscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a teacher's script sees it: output, errors and exit codes. */
class ConvScopeCliTest {

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ConvScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void summaryOfPresetPrintsKerasTable() {
        Result r = run("summary", "--preset", "seed003-bigger");
        assertEquals(0, r.code(), r.err());
        // Seed 003: the bigger CIFAR-10 model.
        assertTrue(r.out().contains(" conv2d_1 (Conv2D)               (None, 13, 13, 512)       37376"), r.out());
        assertTrue(r.out().contains(" conv2d_2 (Conv2D)               (None, 4, 4, 256)         1179904"), r.out());
        assertTrue(r.out().contains("Total params: 1,628,214\n"), r.out());
        assertTrue(r.out().contains("Trainable params: 1,628,214\n"), r.out());
        assertTrue(r.out().contains("Non-trainable params: 0\n"), r.out());
    }

    @Test
    void summaryOfFileWithMacsAndFormulas(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.convscope.json");
        Files.writeString(file, "{\"format\":\"convscope-model\",\"version\":1,\"name\":\"mini\","
                + "\"input\":{\"height\":7,\"width\":7,\"channels\":3},"
                + "\"layers\":[{\"type\":\"Conv2D\",\"filters\":2,\"kernel_size\":3,\"strides\":2,\"padding\":1}]}");
        Result r = run("summary", file.toString(), "--macs", "--formulas");
        assertEquals(0, r.code(), r.err());
        // floor((7 + 2*1 - 3)/2) + 1 = 4; params 3*3*3*2 + 2 = 56; MACs 4*4*2 * 3*3*3 = 864
        assertTrue(r.out().contains("(None, 4, 4, 2)"), r.out());
        assertTrue(r.out().contains("Total params: 56"), r.out());
        assertTrue(r.out().contains("MACs per image: 864"), r.out());
        assertTrue(r.out().contains("floor((7 + 2*1 - 3)/2) + 1 = 4"), r.out());
    }

    @Test
    void impossibleModelExitsTwoWithLayerFormulaAndFix(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"format\":\"convscope-model\",\"version\":1,"
                + "\"input\":{\"height\":3,\"width\":3,\"channels\":1},"
                + "\"layers\":[{\"type\":\"Conv2D\",\"filters\":4,\"kernel_size\":5}]}");
        Result r = run("summary", file.toString());
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().contains("Layer 1 (conv2d, Conv2D)"), r.err());
        assertTrue(r.err().contains("floor((3 - 5)/1) + 1 = -1"), r.err());
        assertTrue(r.err().contains("padding=\"same\""), r.err());
        assertTrue(!r.err().contains("Exception") && !r.err().contains("\tat "), r.err());
    }

    @Test
    void malformedFileExitsTwoWithJsonPath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"format\":\"convscope-model\",\"version\":1,"
                + "\"input\":{\"height\":3,\"width\":3,\"channels\":1},"
                + "\"layers\":[{\"type\":\"Conv3D\"}]}");
        Result r = run("summary", file.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("$.layers[0].type"), r.err());
        assertTrue(r.err().contains("Conv3D"), r.err());
    }

    @Test
    void missingFileAndUnknownPresetExitTwo() {
        Result missing = run("summary", "/no/such/model.json");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("file not found"), missing.err());
        Result preset = run("summary", "--preset", "alexnet");
        assertEquals(2, preset.code());
        assertTrue(preset.err().contains("tf-cifar-cnn"), preset.err());
    }

    @Test
    void presetsListsEveryPresetWithItsParameterCount() {
        Result r = run("presets");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("vgg16"), r.out());
        assertTrue(r.out().contains("138,357,544"), r.out());
        assertTrue(r.out().contains("122,570"), r.out());
        assertTrue(r.out().contains("274,442"), r.out()); // resnet20, a graph model
        assertEquals(11, r.out().lines().filter(l -> l.matches("\\S+ +[0-9,]+ params .*")).count(), r.out());
    }

    @Test
    void exportThenImportKerasJsonGivesTheSameModel(@TempDir Path dir) throws Exception {
        Path keras = dir.resolve("vgg.keras.json");
        Result export = run("export", "--preset", "vgg16", "--to", "keras_json", "-o", keras.toString());
        assertEquals(0, export.code(), export.err());
        Path back = dir.resolve("vgg.convscope.json");
        Result imported = run("import-keras", keras.toString(), "-o", back.toString());
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.err().contains("(22 layers)"), imported.err());
        var original = org.convscope.io.Presets.find("vgg16").orElseThrow();
        var read = org.convscope.io.ModelJson.read(back);
        assertEquals(original.input(), read.input());
        assertEquals(original.layers(), read.layers());
        assertTrue(run("summary", back.toString()).out().contains("Total params: 138,357,544"));
    }

    @Test
    void exportPrintsKerasAndDl4jCodeAndRefusesBrokenModels(@TempDir Path dir) throws IOException {
        Result keras = run("export", "--preset", "keras-mnist-convnet", "--to", "keras");
        assertEquals(0, keras.code(), keras.err());
        assertTrue(keras.out().contains("layers.Dropout(0.5)"), keras.out());
        assertTrue(keras.out().contains("keras.Input(shape=(28, 28, 1))"), keras.out());
        Result dl4j = run("export", "--preset", "keras-mnist-convnet", "--to", "dl4j");
        assertTrue(dl4j.out().contains("InputType.convolutional(28, 28, 1)"), dl4j.out());
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\":\"convscope-model\",\"version\":1,"
                + "\"input\":{\"height\":8,\"width\":8,\"channels\":1},"
                + "\"layers\":[{\"type\":\"Dense\",\"units\":4}]}");
        Result refused = run("export", bad.toString(), "--to", "keras");
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("Insert Flatten"), refused.err());
        Result notKeras = run("import-keras", bad.toString(), "-o", dir.resolve("x.json").toString());
        assertEquals(2, notKeras.code());
        assertTrue(notKeras.err().startsWith("Error in "), notKeras.err());
    }

    @Test
    void convolveTracesTheSeedExampleAndPoolsWithKerasDefaults(@TempDir Path dir) throws IOException {
        Path m = dir.resolve("m.csv");
        Files.writeString(m, "# seed 002, Example 2\n7,2,3,3,8\n4,5,3,8,4\n3,3,2,8,4\n2,8,7,2,7\n5,4,4,5,4\n");
        Result conv = run("convolve", "-i", m.toString(), "-k", "vertical-edge", "--trace");
        assertEquals(0, conv.code(), conv.err());
        assertTrue(conv.out().startsWith("[0,0] 7*1 + 2*0 + 3*(-1) + 4*1 + 5*0 + 3*(-1) + 3*1 + 3*0 + 2*(-1) = 6\n"), conv.out());
        assertTrue(conv.err().contains("-> output 3x3"), conv.err());
        // Output matrix printed as CSV after the trace; first row 6,-9,-8
        assertTrue(conv.out().contains("\n6,-9,-8\n"), conv.out());

        Result pool = run("pool", "-i", m.toString(), "-k", "2");
        assertEquals(0, pool.code(), pool.err());
        assertTrue(pool.err().contains("stride 2x2") && pool.err().contains("-> output 2x2"), pool.err());
        assertEquals("7,8\n8,8\n", pool.out());

        Path out = dir.resolve("o.csv");
        Result padded = run("convolve", "-i", m.toString(), "-k", "sharpen", "--padding", "same", "--bias", "1",
                "--relu", "-o", out.toString());
        assertEquals(0, padded.code(), padded.err());
        // 5*7 - 2 - 4 + 1 = 30 at the top-left corner (zeros outside)
        assertTrue(Files.readString(out).startsWith("30,"), Files.readString(out));
    }

    @Test
    void convolveRejectsBadInputWithExitTwo(@TempDir Path dir) throws IOException {
        Path m = dir.resolve("m.csv");
        Files.writeString(m, "1,2\n3,x\n");
        Result bad = run("convolve", "-i", m.toString(), "-k", "sharpen");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("line 2, value 2: \"x\" is not a number"), bad.err());
        Files.writeString(m, "1,2\n3,4\n");
        Result tooBig = run("convolve", "-i", m.toString(), "-k", "sharpen");
        assertEquals(2, tooBig.code());
        assertTrue(tooBig.err().contains("floor((2 - 3)/1) + 1 = 0"), tooBig.err());
        assertEquals(2, run("convolve", "-i", m.toString(), "-k", "blurry").code());
        assertEquals(2, run("pool", "-i", m.toString(), "--padding", "-1").code());
    }

    @Test
    void helpAndVersion() {
        Result help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("summary") && help.out().contains("presets"), help.out());
        Result version = run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("ConvScope "), version.out());
        assertEquals(2, run("--no-such-option").code());
    }
}
