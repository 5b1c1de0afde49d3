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

/** {@code convscope export --to pytorch|onnx} on the command line: what it writes, and what it refuses. */
class ExportPyTorchCliTest {

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ConvScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void pytorchWritesTheProjectWithTheOptionsAndKeepsAnExistingFolderWithoutForce(@TempDir Path dir) throws Exception {
        Path project = dir.resolve("tf");
        Result r = run("export", "--to", "pytorch", "-p", "tf-cifar-cnn", "-o", project.toString(), "--epochs", "5",
                "--batch", "64", "--optimizer", "sgd");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("(fresh weights)"), r.err());
        String settings = Files.readString(project.resolve("settings.json"));
        assertTrue(settings.contains("\"epochs\": 5") && settings.contains("\"batch_size\": 64")
                && settings.contains("\"optimizer\": \"sgd\""), settings);
        assertTrue(Files.readString(project.resolve("model.py")).contains("nn.Linear(1024, 64, bias=True)"));
        assertTrue(Files.readString(project.resolve("README.md")).contains("--rdzv-backend=c10d"));

        Files.writeString(project.resolve("notes.txt"), "mine");
        Result again = run("export", "--to", "pytorch", "-p", "tf-cifar-cnn", "-o", project.toString());
        assertEquals(ConvScopeCli.EXIT_BAD_INPUT, again.code());
        assertTrue(again.err().contains("exists; --force replaces it"), again.err());
        assertTrue(Files.exists(project.resolve("notes.txt")));
        Result forced = run("export", "--to", "pytorch", "-p", "tf-cifar-cnn", "-o", project.toString(), "--force");
        assertEquals(0, forced.code(), forced.err());
        assertFalse(Files.exists(project.resolve("notes.txt")));
        assertTrue(Files.readString(project.resolve("settings.json")).contains("\"epochs\": 2"), "the default again");
    }

    @Test
    void pytorchAndOnnxNeedAnOutputAndOnnxWritesAFileConvScopeOpens(@TempDir Path dir) {
        Result noOut = run("export", "--to", "pytorch", "-p", "tf-cifar-cnn");
        assertEquals(ConvScopeCli.EXIT_BAD_INPUT, noOut.code());
        assertTrue(noOut.err().contains("-o DIR"), noOut.err());
        Path onnx = dir.resolve("m.onnx");
        Result r = run("export", "--to", "onnx", "-p", "lenet5", "-o", onnx.toString());
        assertEquals(0, r.code(), r.err());
        Result summary = run("summary", "-m", onnx.toString());
        assertEquals(0, summary.code(), summary.err());
        Result preset = run("summary", "-p", "lenet5");
        String total = preset.out().lines().filter(l -> l.startsWith("Total params")).findFirst().orElseThrow();
        assertTrue(summary.out().contains(total), "the same parameter count: " + total + "\n" + summary.out());
    }

    @Test
    void aTrainedModelFileCarriesItsWeightsInPyTorchsLayout(@TempDir Path dir) throws Exception {
        var engine = org.convscope.app.Engines.create();
        var model = engine.compile(org.convscope.io.Presets.find("tf-cifar-cnn").orElseThrow(), 3);
        Path zip = dir.resolve("tf.convscope.zip");
        engine.save(model, zip);
        Result r = run("export", "--to", "pytorch", "-m", zip.toString(), "-o", dir.resolve("p").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("(with the trained weights)"), r.err());
        String manifest = Files.readString(dir.resolve("p/weights/weights.json"));
        for (String key : new String[] {"conv2d.weight", "conv2d_2.bias", "dense.weight", "dense_1.bias"}) {
            assertTrue(manifest.contains("\"" + key + "\""), key + " in " + manifest);
        }
        // conv2d's kernel (3, 3, 3, 32) as PyTorch's (32, 3, 3, 3): 864 float32 values after the .npy header
        long size = Files.size(dir.resolve("p/weights/conv2d.weight.npy"));
        assertEquals(864 * 4, size - 128, "a 128-byte header, then the values");
    }

    @Test
    void theTrainingOptionsReachSettingsJsonAndNormalizeTakesTheSamplesStatistics(@TempDir Path dir) throws Exception {
        Path project = dir.resolve("p");
        Result r = run("export", "--to", "pytorch", "-p", "tf-cifar-cnn", "-o", project.toString(), "--schedule", "step:2",
                "--normalize", "--augment", "--lr", "0.01");
        assertEquals(0, r.code(), r.err());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(project.resolve("settings.json").toFile());
        assertEquals("step", json.get("schedule").get("kind").asText());
        assertEquals(2, json.get("schedule").get("every").asInt());
        assertTrue(json.get("augmentation").get("horizontal_flip").asBoolean());
        assertEquals(4, json.get("augmentation").get("width_shift_range").asDouble(), "FLIP_AND_SHIFT_4: 4 pixels");
        var stats = org.convscope.app.TrainingPipeline.read(new org.convscope.app.TrainingPipeline.Request(null, false, 0,
                true), org.convscope.io.Presets.find("tf-cifar-cnn").orElseThrow().input(), dir,
                org.convscope.core.task.CancelToken.NEVER, org.convscope.core.task.ProgressSink.NONE).statistics();
        for (int c = 0; c < 3; c++) {
            assertEquals(stats.mean()[c], json.get("normalization").get("mean").get(c).asDouble(), 1e-12);
            assertEquals(stats.std()[c], json.get("normalization").get("std").get(c).asDouble(), 1e-12);
            assertTrue(stats.mean()[c] > 0.3 && stats.mean()[c] < 0.6 && stats.std()[c] > 0.15, "CIFAR-like numbers");
        }
        assertTrue(r.err().contains("inputs standardised"), r.err());
        Result bad = run("export", "--to", "pytorch", "-p", "tf-cifar-cnn", "-o", dir.resolve("q").toString(),
                "--schedule", "weekly");
        assertEquals(ConvScopeCli.EXIT_BAD_INPUT, bad.code());
        assertTrue(bad.err().contains("--schedule must be"), bad.err());
        assertFalse(Files.exists(dir.resolve("q")));
    }
}
