package org.convscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.convscope.io.ModelJson;
import org.convscope.io.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line speaks one language: every command that takes a model takes {@code -m/--model FILE} and
 * {@code -p/--preset NAME}, output files are {@code -o/--out}, and a file of a kind a command cannot use is named for
 * what it is, with what to do.
 */
class ModelArgumentsTest {

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ConvScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    /** Parses without running; returns the innermost command's parse result. */
    private static CommandLine.ParseResult parse(String... args) {
        CommandLine.ParseResult r = new CommandLine(new ConvScopeCli()).parseArgs(args);
        while (r.hasSubcommand()) {
            r = r.subcommand();
        }
        return r;
    }

    private static final String IMG = "resources/samples/camera.png";

    /** A Keras 3 .keras file: a zip of config.json, metadata.json and model.weights.h5. */
    static Path kerasV3(Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (String e : new String[] {"metadata.json", "config.json", "model.weights.h5"}) {
                z.putNextEntry(new ZipEntry(e));
                z.write("{}".getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return Files.write(file, bytes.toByteArray());
    }

    /** The first bytes of an ONNX ModelProto: ir_version 8, producer_name "tf2onnx", then the graph field's tag. */
    static Path onnx(Path file) throws IOException {
        return Files.write(file, new byte[] {0x08, 0x08, 0x12, 0x07, 't', 'f', '2', 'o', 'n', 'n', 'x', 0x3A, 0x02, 0, 0});
    }

    @Test
    void everyCommandThatTakesAModelTakesModelAndPresetOptions() {
        String[][] commands = {
            {"summary"},
            {"featuremaps", "-i", IMG, "-l", "1", "-o", "x.png"},
            {"filters", "-l", "1", "-o", "x.png"},
            {"export", "--to", "keras"},
            {"bench", "train"},
            {"bench", "forward"},
            {"predict", IMG},
            {"evaluate"},
            {"gradcam", "-i", IMG, "-o", "x.png"},
            {"occlusion", "-i", IMG, "-o", "x.png"},
            {"embed", "--method", "pca", "-o", "x.png"},
        };
        for (String[] c : commands) {
            for (String flag : new String[] {"-m", "--model"}) {
                String[] args = concat(c, flag, "net.convscope.zip");
                assertEquals(Path.of("net.convscope.zip"), parse(args).matchedOptionValue("--model", null),
                        String.join(" ", args));
            }
            for (String flag : new String[] {"-p", "--preset"}) {
                String[] args = concat(c, flag, "lenet5");
                assertEquals("lenet5", parse(args).matchedOptionValue("--preset", null), String.join(" ", args));
            }
        }
        assertEquals(Path.of("k.h5"), parse("import-keras", "-m", "k.h5", "-o", "x.zip").matchedOptionValue("--model", null));
    }

    @Test
    void outputFilesAreDashOEverywhere() {
        String[][] commands = {
            {"featuremaps", "-p", "lenet5", "-i", IMG, "-l", "1"},
            {"filters", "-p", "lenet5", "-l", "1"},
            {"export", "-p", "lenet5", "--to", "keras"},
            {"gradcam", "-m", "a.zip", "-i", IMG},
            {"occlusion", "-m", "a.zip", "-i", IMG},
            {"embed", "-m", "a.zip", "--method", "pca"},
            {"import-keras", "k.h5"},
            {"convolve", "-i", "m.csv", "-k", "sobel-vertical"},
            {"pool", "-i", "m.csv"},
            {"augment", "cat.png"},
        };
        for (String[] c : commands) {
            for (String flag : new String[] {"-o", "--out"}) {
                String[] args = concat(c, flag, "out.png");
                assertEquals(Path.of("out.png"), parse(args).matchedOptionValue("--out", null), String.join(" ", args));
            }
        }
    }

    @Test
    void theModelOptionGivesWhatTheParameterAndThePresetGive(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lenet.convscope.json");
        ModelJson.write(Presets.find("lenet5").orElseThrow(), file);
        Result positional = run("summary", file.toString());
        Result option = run("summary", "-m", file.toString());
        Result preset = run("summary", "-p", "lenet5");
        assertEquals(0, option.code(), option.err());
        assertEquals(positional.out(), option.out());
        assertEquals(preset.out(), option.out());
        assertTrue(option.out().contains("Total params: 61,706"), option.out());

        Result export = run("export", "--model", file.toString(), "--to", "keras");
        assertEquals(0, export.code(), export.err());
        assertTrue(export.out().contains("keras.Sequential"), export.out());

        Result two = run("summary", file.toString(), "-m", dir.resolve("other.json").toString());
        assertEquals(2, two.code());
        assertTrue(two.err().startsWith("Error: two model files given"), two.err());
    }

    @Test
    void aFilesContentDecidesNotItsName(@TempDir Path dir) throws Exception {
        Path h5 = Files.copy(Path.of("src/test/resources/keras/small_sequential.h5"), dir.resolve("download.bin"));
        Result r = run("summary", "-m", h5.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Total params: 453"), r.out());
    }

    @Test
    void kerasThreeAndOnnxFilesAreNamedWithWhatToDo(@TempDir Path dir) throws Exception {
        Path keras = kerasV3(dir.resolve("model.keras"));
        Path onnx = onnx(dir.resolve("model.onnx"));
        for (String[] args : new String[][] {
                {"summary", keras.toString()},
                {"summary", "-m", keras.toString()},
                {"featuremaps", "-m", keras.toString(), "-i", IMG, "-l", "1", "-o", dir.resolve("x.png").toString()},
                {"import-keras", keras.toString(), "-o", dir.resolve("x.json").toString()}}) {
            // a Keras 3 file is read now (KerasV3ImportTest); this one's config.json is "{}", and the error says where
            Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertTrue(r.err().startsWith("Error in " + keras + " at config.json $.class_name: expected \"Sequential\""),
                    r.err());
            assertFalse(r.err().contains("not valid JSON"), r.err());
        }
        for (String[] args : new String[][] {
                {"summary", onnx.toString()},
                {"predict", "-m", onnx.toString(), IMG},
                {"import-keras", "-m", onnx.toString(), "-o", dir.resolve("x.json").toString()}}) {
            Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertTrue(args[0].equals("import-keras")
                    ? r.err().startsWith("Error: model.onnx is an ONNX model, not a Keras file: use it as it is")
                    : r.err().contains("model.onnx is not a valid ONNX file: its protobuf data is damaged or truncated"),
                    r.err());
        }
        Path renamed = onnx(dir.resolve("model.bin"));
        assertTrue(run("summary", renamed.toString()).err().contains("model.bin is not a valid ONNX file"),
                "known by its bytes, whatever its name: read as ONNX");
        Result image = run("summary", IMG);
        assertEquals(2, image.code());
        assertTrue(image.err().startsWith("Error: camera.png is a PNG image, not a model. Give images with -i/--image,"
                + " and the model with -m/--model FILE or -p/--preset NAME."), image.err());
    }

    @Test
    void commandsThatNeedWeightsSayAModelFileOrPresetHasNone(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("untrained.json");
        ModelJson.write(Presets.find("tf-cifar-cnn").orElseThrow(), file);
        for (String[] args : new String[][] {
                {"gradcam", "-m", file.toString(), "-i", IMG, "-o", dir.resolve("cam.png").toString()},
                {"occlusion", "--model", file.toString(), "-i", IMG, "-o", dir.resolve("occ.png").toString()},
                {"predict", "-m", file.toString(), IMG},
                {"evaluate", "-m", file.toString()},
                {"embed", "-m", file.toString(), "--method", "pca", "-o", dir.resolve("e.png").toString()}}) {
            Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("Error: untrained.json is a ConvScope model file without trained weights; "
                    + args[0] + " needs a trained model."), r.err());
            assertTrue(r.err().contains("convscope train --model " + file + " --save trained.convscope.zip"), r.err());
            assertFalse(r.err().contains("archive"), r.err());
        }
        Result preset = run("predict", "-p", "tf-cifar-cnn", IMG);
        assertEquals(2, preset.code());
        assertTrue(preset.err().startsWith("Error: the preset tf-cifar-cnn has no trained weights; predict needs a trained"
                + " model. Train one and save it, then give that file: convscope train --preset tf-cifar-cnn --save"), preset.err());
        assertFalse(Files.exists(dir.resolve("cam.png")), "nothing is written");
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
