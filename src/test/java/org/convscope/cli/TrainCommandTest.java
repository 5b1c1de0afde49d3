package org.convscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The train command on the bundled sample. */
class TrainCommandTest {

    private static int run(StringWriter out, StringWriter err, String... args) {
        return ConvScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void oneEpochPrintsTheEpochLine() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run(out, err, "train", "--preset", "seed003-small", "--epochs", "1", "--batch", "64");
        assertEquals(0, code, err.toString());
        String[] lines = out.toString().strip().split("\\R");
        assertEquals(3, lines.length, out.toString());
        assertEquals("data: 2,000 training and 500 validation images (bundled sample)", lines[0]);
        assertTrue(lines[1].matches("epoch 1/1 loss=\\d+\\.\\d{4} acc=[01]\\.\\d{3} val_loss=\\d+\\.\\d{4}"
                + " val_acc=[01]\\.\\d{3} img/s=\\d+ \\(\\d+\\.\\d s\\)"), lines[1]);
        assertTrue(lines[2].startsWith("Trained 1 epoch."), lines[2]);
    }

    @Test
    void fullDataSetFromTheSharedFolder() {
        java.nio.file.Path shared = java.nio.file.Path.of("..", "shared", "datasets", "cifar-10");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(shared),
                "skipped: ../shared/datasets/cifar-10 (the real CIFAR-10) is not here");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run(out, err, "train", "--preset", "tf-cifar-cnn", "--data", shared.toString(), "--limit", "3000",
                "--epochs", "1", "--batch", "64");
        assertEquals(0, code, err.toString());
        String[] lines = out.toString().strip().split("\\R");
        assertTrue(lines[0].startsWith("data: 50,000 training and 10,000 validation images"), lines[0]);
        // one epoch on 3,000 real images, validated on all 10,000 test images: well above chance (0.1)
        assertEquals("training on the first 3,000 of them", lines[1]);
        double val = Double.parseDouble(lines[2].replaceAll(".*val_acc=([01]\\.\\d{3}).*", "$1"));
        assertTrue(val > 0.2, lines[2]);
    }

    @Test
    void aModelTooBigForTheHeapIsRefusedBeforeBuildingButSummaryStillCounts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // 224 x 224 x 3 -> Flatten (150,528) -> Dense(100,000): 15 billion weights, 60 GB as float32
        var monster = new org.convscope.core.model.ModelSpec("monster", "", new org.convscope.core.model.InputSpec(224, 224, 3),
                java.util.List.of(new org.convscope.core.model.LayerSpec.Flatten(null),
                        new org.convscope.core.model.LayerSpec.Dense(null, 100_000, org.convscope.core.model.Activation.RELU, true),
                        new org.convscope.core.model.LayerSpec.Dense(null, 10, org.convscope.core.model.Activation.SOFTMAX, true)));
        java.nio.file.Path file = dir.resolve("monster.convscope.json");
        org.convscope.io.ModelJson.write(monster, file);
        for (String[] args : new String[][] {
                {"train", file.toString()},
                {"featuremaps", file.toString(), "-i", "resources/samples/chelsea.png", "-l", "1", "-o", dir.resolve("m.png").toString()}}) {
            StringWriter err = new StringWriter();
            long t0 = System.nanoTime();
            assertEquals(2, run(new StringWriter(), err, args), err.toString());
            assertTrue(err.toString().contains("This model needs ") && err.toString().contains(" GB "), err.toString());
            assertTrue((System.nanoTime() - t0) / 1e9 < 5, "refused from the estimate, without allocating");
        }
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, new StringWriter(), "summary", file.toString()));
        // 150,528 * 100,000 + 100,000 = 15,052,900,000; then 100,000 * 10 + 10 = 1,000,010
        assertTrue(out.toString().contains("Total params: 15,053,900,010"), out.toString());
    }

    @Test
    void normalizeAndAugmentOptions() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, run(out, err, "train", "--preset", "seed003-small", "--epochs", "1", "--limit", "128", "--normalize",
                "--augment"), err.toString());
        assertTrue(out.toString().contains("inputs standardised: mean [0.4"), out.toString());
    }

    @Test
    void missingDataFolderIsBadInput() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, "train", "--preset", "tf-cifar-cnn", "--data", "no/such/folder"));
        assertTrue(err.toString().contains("no/such/folder"), err.toString());
    }

    @Test
    void badInputExitsWithTwo() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, "train", "--preset", "seed003-small", "--epochs", "0"));
        assertTrue(err.toString().contains("epochs"), err.toString());
        assertEquals(2, run(new StringWriter(), new StringWriter(), "train", "--preset", "no-such-preset"));
        assertEquals(2, run(new StringWriter(), new StringWriter(), "train", "--preset", "seed-conv-gray", "--limit", "10"));
    }

    @Test
    void divergedRunExplainsAndExitsWithOne() {
        StringWriter err = new StringWriter();
        int code = run(new StringWriter(), err, "train", "--preset", "seed003-small", "--epochs", "1", "--lr", "1e9",
                "--optimizer", "sgd", "--limit", "128");
        assertEquals(1, code, err.toString());
        assertTrue(err.toString().contains("learning rate"), err.toString());
    }

    @Test
    void saveWritesAModelThatLoadsBack(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        StringWriter err = new StringWriter();
        java.nio.file.Path file = dir.resolve("small.convscope.zip");
        int code = run(new StringWriter(), err, "train", "--preset", "seed003-small", "--epochs", "1", "--batch", "64",
                "--limit", "128", "--save", file.toString());
        assertEquals(0, code, err.toString());
        assertTrue(err.toString().contains("Saved the trained model to " + file), err.toString());
        var loaded = new org.convscope.engine.dl4j.Dl4jEngine().load(file);
        assertEquals(226_390, loaded.parameterCount(), "seed 003's small CIFAR-10 model");
        assertEquals(org.convscope.data.CifarImages.STANDARD_CLASS_NAMES, loaded.classNames(), "trained on CIFAR-10: its names");

        StringWriter evalOut = new StringWriter();
        StringWriter evalErr = new StringWriter();
        assertEquals(0, run(evalOut, evalErr, "evaluate", "-m", file.toString()), evalErr.toString());
        String[] lines = evalOut.toString().split("\\R");
        assertTrue(lines[0].matches("accuracy 0\\.\\d{4} on 500 images .*"), lines[0]);
        assertEquals(12, lines.length, "accuracy line, header, one row per class");
        long counted = 0;
        for (int r = 2; r < 12; r++) {
            String[] cells = lines[r].trim().split("\\s+");
            for (int c = 1; c <= 10; c++) {
                counted += Long.parseLong(cells[c]);
            }
        }
        assertEquals(500, counted, "every test image lands in one cell of the confusion matrix");

        StringWriter predOut = new StringWriter();
        StringWriter predErr = new StringWriter();
        assertEquals(0, run(predOut, predErr, "predict", "-m", file.toString(), "-i", "resources/samples/chelsea.png"),
                predErr.toString());
        String[] top = predOut.toString().split("\\R");
        assertEquals(3, top.length);
        double p1 = Double.parseDouble(top[0].trim().split("\\s+")[1]);
        double p3 = Double.parseDouble(top[2].trim().split("\\s+")[1]);
        assertTrue(p1 >= p3 && p1 <= 1 && p3 >= 0, predOut.toString());
        // several images as parameters: each under its name, with its own top 3, the first as above
        StringWriter many = new StringWriter();
        assertEquals(0, run(many, new StringWriter(), "predict", "-m", file.toString(), "resources/samples/chelsea.png",
                "resources/samples/horse.png"));
        List<String> manyLines = many.toString().lines().toList();
        assertEquals(8, manyLines.size(), many.toString());
        assertEquals("resources/samples/chelsea.png:", manyLines.get(0));
        assertEquals(top[0].trim(), manyLines.get(1).trim());
        assertEquals(2, run(new StringWriter(), new StringWriter(), "predict", "-m", file.toString()));

        // occlusion: a picture of the model-input size enlarged 8 times, and the top class named as predict names it
        StringWriter occ = new StringWriter();
        java.nio.file.Path png = dir.resolve("occ.png");
        assertEquals(0, run(occ, new StringWriter(), "occlusion", "-m", file.toString(), "-i", "resources/samples/chelsea.png",
                "-o", png.toString()));
        assertTrue(occ.toString().startsWith(top[0].trim().split("\\s+")[0] + ": p="), occ.toString());
        var picture = org.convscope.imaging.Images.read(png, 1 << 20);
        assertEquals(256, picture.width());
        StringWriter badClass = new StringWriter();
        assertEquals(2, run(new StringWriter(), badClass, "occlusion", "-m", file.toString(), "-i",
                "resources/samples/chelsea.png", "-c", "unicorn", "-o", png.toString()));
        assertTrue(badClass.toString().contains("no class \"unicorn\""), badClass.toString());
        assertEquals(2, run(new StringWriter(), new StringWriter(), "evaluate", "-m", dir.resolve("none.zip").toString()));

        // Grad-CAM: the picture, and the CSV equal to the engine's map for the predicted class at conv2d_2
        StringWriter cam = new StringWriter();
        java.nio.file.Path csv = dir.resolve("cam.csv");
        assertEquals(0, run(cam, new StringWriter(), "gradcam", "-m", file.toString(), "-i", "resources/samples/chelsea.png",
                "-o", png.toString(), "--values", csv.toString()));
        assertTrue(cam.toString().startsWith(top[0].trim().split("\\s+")[0] + ": p="), cam.toString());
        var engine = new org.convscope.engine.dl4j.Dl4jEngine();
        var saved = engine.load(file);
        var input = org.convscope.imaging.ModelInput.prepare(
                org.convscope.imaging.Images.read(java.nio.file.Path.of("resources/samples/chelsea.png"), 1 << 26),
                saved.spec().input());
        var expected = org.convscope.engine.Explanations.gradCam(engine, saved, input, -1, 0).cam().map();
        // this model: conv2d (30x30x10) is its only conv layer
        assertTrue(cam.toString().contains("Grad-CAM at layer 1 conv2d (30x30 maps, 10 channels)"), cam.toString());
        List<String> rows = java.nio.file.Files.readAllLines(csv);
        assertEquals(32, rows.size());
        for (int r = 0; r < 32; r += 7) {
            String[] cells = rows.get(r).split(",");
            assertEquals(32, cells.length);
            for (int c = 0; c < 32; c += 5) {
                assertEquals(expected[r][c], Double.parseDouble(cells[c]), 1e-12 * Math.max(1, expected[r][c]),
                        "the value itself, not a rounding of it");
            }
        }
        assertEquals(256, org.convscope.imaging.Images.read(png, 1 << 20).width());
        StringWriter flatLayer = new StringWriter();
        assertEquals(2, run(new StringWriter(), flatLayer, "gradcam", "-m", file.toString(), "-i",
                "resources/samples/chelsea.png", "-l", "flatten", "-o", png.toString()));
        assertTrue(flatLayer.toString().contains("not an image-shaped layer"), flatLayer.toString());
    }

    @Test
    void healthPrintsATableAndWarningsAfterEachEpoch() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, run(out, err, "train", "--preset", "seed003-small", "--epochs", "2", "--limit", "256", "--health"),
                err.toString());
        String text = out.toString();
        System.out.println(text);
        String[] lines = text.strip().split("\\R");
        List<String> header = java.util.Arrays.stream(lines).filter(l -> l.startsWith("  health layer")).toList();
        assertEquals(2, header.size(), "one table per epoch: " + text);
        var names = org.convscope.core.analysis.ModelAnalyzer.layerNames(
                org.convscope.io.Presets.find("seed003-small").orElseThrow());
        // every row names a layer of the model and has the four columns
        long rows = java.util.Arrays.stream(lines).filter(l -> l.matches("\\s+\\d+ \\S+\\s+\\S+\\s+\\S+\\s+\\S+.*"))
                .peek(l -> assertTrue(names.contains(l.trim().split("\\s+")[1]), l)).count();
        assertTrue(rows >= 4, text);
        assertTrue(text.contains("[") && text.contains("] "), "weight histograms: " + text);

        // a learning rate of 3 with SGD: the updates explode, and the warning says what to try
        StringWriter out2 = new StringWriter();
        run(out2, new StringWriter(), "train", "--preset", "seed003-small", "--epochs", "1", "--limit", "128", "--health",
                "--lr", "3", "--optimizer", "sgd");
        assertTrue(out2.toString().contains("warning: Layer") && out2.toString().contains("smaller"), out2.toString());
    }

    @Test
    void healthOnAGraphPresetPrintsRowsForItsLayers() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, run(out, err, "train", "--preset", "mobilenet-mini", "--epochs", "1", "--limit", "32", "--batch",
                "32", "--health"), err.toString());
        String text = out.toString();
        System.out.println(text);
        String[] lines = text.strip().split("\\R");
        assertEquals(1, java.util.Arrays.stream(lines).filter(l -> l.startsWith("  health layer")).count(), text);
        var names = org.convscope.core.analysis.ModelAnalyzer.layerNames(
                org.convscope.io.Presets.find("mobilenet-mini").orElseThrow());
        List<String> rows = java.util.Arrays.stream(lines).filter(l -> l.matches("\\s+\\d+ \\S+\\s+\\S+\\s+\\S+\\s+\\S+.*"))
                .map(l -> l.trim().split("\\s+")[1]).toList();
        assertTrue(names.containsAll(rows), rows + " among " + names);
        assertTrue(rows.size() >= 4 && rows.contains(names.get(names.size() - 1)), "the layers, the last Dense too: " + text);
        assertTrue(text.contains("[") && text.contains("] "), "weight histograms: " + text);
    }
}
