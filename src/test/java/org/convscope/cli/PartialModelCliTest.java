package org.convscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model file shown only up to its first unsupported layer (partial_mini.h5 of src/test/resources/keras)
 * is never used as if it were whole: predict, gradcam, occlusion, evaluate, embed and train exit 2 with the reason;
 * featuremaps and filters of the layers shown work. A partial model saved by import-keras stays partial.
 */
class PartialModelCliTest {

    private static final Path DIR = Path.of("src", "test", "resources", "keras");
    /** A chain cut at a PReLU, which ConvScope has no layer for (graph models open whole since issue 17's graphs). */
    private static final String MOBILENET = DIR.resolve("partial_mini.h5").toString();
    private static final String REASON = "needs the whole model, but partial_mini.h5 is shown only up to"
            + " its first unsupported layer, prelu (PReLU); 3 Keras layer(s) from there on are left out, so its last"
            + " layer shown is not the model's output. Feature maps and filters of the 2 layers shown still work.";

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ConvScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void everyTaskThatReadsTheOutputRefusesAPartialModel(@TempDir Path dir) {
        String image = "resources/samples/chelsea.png";
        String[][] commands = {
            {"predict", "-m", MOBILENET, image},
            {"gradcam", "-m", MOBILENET, "-i", image, "-o", dir.resolve("cam.png").toString()},
            {"occlusion", "-m", MOBILENET, "-i", image, "-o", dir.resolve("occ.png").toString()},
            {"evaluate", "-m", MOBILENET},
            {"embed", "-m", MOBILENET, "--method", "pca", "--out", dir.resolve("e.png").toString()},
            {"train", "--model", MOBILENET, "--epochs", "1"},
        };
        String[] tasks = {"predict", "gradcam", "occlusion", "evaluate", "embed", "train"};
        for (int i = 0; i < commands.length; i++) {
            String[] r = run(commands[i]);
            assertEquals("2", r[0], String.join(" ", commands[i]) + ": " + r[2]);
            assertTrue(r[2].contains("Error: " + tasks[i] + " " + REASON), r[2]);
            assertEquals("", r[1], "nothing is printed as a result: " + r[1]);
        }
        assertTrue(Files.notExists(dir.resolve("cam.png")));
    }

    @Test
    void featureMapsAndFiltersOfTheLayersShownStillWork(@TempDir Path dir) {
        String[] maps = run("featuremaps", "-m", MOBILENET, "-i", "resources/samples/chelsea.png", "-l", "1", "-o",
                dir.resolve("maps.png").toString());
        assertEquals("0", maps[0], maps[2]);
        assertTrue(Files.exists(dir.resolve("maps.png")));
        String[] filters = run("filters", "-m", MOBILENET, "-l", "1", "-o", dir.resolve("f.png").toString());
        assertEquals("0", filters[0], filters[2]);
    }

    @Test
    void aKerasFileWithASkipConnectionOpensWholeAndPredicts(@TempDir Path dir) {
        String[] r = run("predict", "-m", DIR.resolve("k3_residual.keras").toString(), "resources/samples/chelsea.png");
        assertEquals("0", r[0], r[2]);
        String[] lines = r[1].strip().split("\\R");
        assertEquals(3, lines.length, r[1]); // its three classes, named "class k": not a CIFAR-10 model
        double sum = 0;
        for (String line : lines) {
            assertTrue(line.matches("class [0-2] +[01]\\.\\d{3}"), line);
            sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        assertEquals(1.0, sum, 0.002);
        String[] summary = run("summary", DIR.resolve("k3_residual.keras").toString());
        assertEquals("0", summary[0], summary[2]);
        assertTrue(summary[1].contains("Connected to"), summary[1]);
    }

    @Test
    void aPartialModelSavedByImportKerasStaysPartial(@TempDir Path dir) {
        Path zip = dir.resolve("part.convscope.zip");
        String[] imported = run("import-keras", MOBILENET, "-o", zip.toString());
        assertEquals("0", imported[0], imported[2]);
        String[] r = run("predict", "-m", zip.toString(), "resources/samples/chelsea.png");
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("Error: predict " + REASON), r[2]);
    }
}
