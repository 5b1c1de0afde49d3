package org.convscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convscope.engine.dl4j.Dl4jEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --labels FILE} on {@code train}, {@code evaluate}, {@code embed} and {@code import-keras}: the names
 * replace the data's (CIFAR-10's) in what the command prints and writes, and {@code train} and {@code import-keras}
 * save them in the {@code .convscope.zip}, where {@code predict} finds them again. A file with another number of
 * names than classes is refused with exit 2, naming it.
 */
class LabelsCliTest {

    /** CIFAR-10's classes in French: every name differs from the English ones. */
    private static final List<String> FRENCH = List.of("avion", "voiture", "oiseau", "chat", "cerf", "chien",
            "grenouille", "cheval", "bateau", "camion");
    private static final String IMG = "resources/samples/camera.png";

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ConvScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private static Path lines(Path dir, String name, List<String> names) throws Exception {
        return Files.writeString(dir.resolve(name), String.join("\n", names) + "\n");
    }

    @Test
    void trainSavesTheNamesAndEvaluateAndEmbedPrintThem(@TempDir Path dir) throws Exception {
        Path french = lines(dir, "fr.txt", FRENCH);
        Path saved = dir.resolve("fr.convscope.zip");
        Result train = run("train", "--preset", "tf-cifar-cnn", "--epochs", "1", "--limit", "64", "--labels",
                french.toString(), "--save", saved.toString());
        assertEquals(0, train.code(), train.err());
        assertTrue(train.out().contains("classes: 0=avion 1=voiture 2=oiseau"), train.out());
        assertEquals(FRENCH, new Dl4jEngine().load(saved).classNames(), "saved with the model");
        Result predict = run("predict", "-m", saved.toString(), IMG);
        assertEquals(0, predict.code(), predict.err());
        String top = predict.out().strip().lines().findFirst().orElseThrow().strip().split("\\s+")[0];
        assertTrue(FRENCH.contains(top), predict.out());

        // evaluate: the confusion matrix is labelled with --labels instead of the data's CIFAR-10 names
        List<String> upper = FRENCH.stream().map(s -> s.toUpperCase(java.util.Locale.ROOT)).toList();
        Result plain = run("evaluate", "-m", saved.toString());
        assertEquals(0, plain.code(), plain.err());
        assertTrue(plain.out().contains("\nairplane "), plain.out());
        Result eval = run("evaluate", "-m", saved.toString(), "--labels", lines(dir, "up.txt", upper).toString());
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("\nAVION "), eval.out());
        assertFalse(eval.out().contains("airplane"), eval.out());
        assertEquals(plain.out().lines().count(), eval.out().lines().count());

        Path csv = dir.resolve("points.csv");
        Result embed = run("embed", "-m", saved.toString(), "--method", "pca", "--count", "20", "-o",
                dir.resolve("pca.png").toString(), "--csv", csv.toString(), "--labels", french.toString());
        assertEquals(0, embed.code(), embed.err());
        List<String> rows = Files.readAllLines(csv);
        assertEquals(21, rows.size());
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            assertTrue(FRENCH.contains(f[3]) && FRENCH.contains(f[4]), row);
        }
    }

    @Test
    void aLabelsFileWithAnotherCountIsRefusedByEveryCommand(@TempDir Path dir) throws Exception {
        Path three = lines(dir, "three.txt", List.of("a", "b", "c"));
        Result train = run("train", "--preset", "tf-cifar-cnn", "--epochs", "1", "--limit", "16", "--labels",
                three.toString());
        assertEquals(2, train.code());
        assertTrue(train.err().contains("Error: three.txt names 3 class(es)"), train.err());
        Path saved = dir.resolve("m.convscope.zip");
        new Dl4jEngine().save(new Dl4jEngine().compile(org.convscope.io.Presets.find("tf-cifar-cnn").orElseThrow(), 1),
                saved);
        for (String command : List.of("evaluate", "embed")) {
            Result r = command.equals("evaluate") ? run("evaluate", "-m", saved.toString(), "--labels", three.toString())
                    : run("embed", "-m", saved.toString(), "--method", "pca", "--count", "10", "-o",
                    dir.resolve("e.png").toString(), "--labels", three.toString());
            assertEquals(2, r.code(), command + ": " + r.err());
            assertTrue(r.err().contains("three.txt names 3 class(es) but the model has 10"), command + ": " + r.err());
        }
    }

    @Test
    void importKerasKeepsTheNamesInTheZipAndRefusesThemForAnArchitectureFile(@TempDir Path dir) throws Exception {
        // small_sequential.h5 ends in a Dense of 5 units
        List<String> five = List.of("north", "east", "south", "west", "centre");
        Path labels = lines(dir, "five.txt", five);
        Path zip = dir.resolve("k.convscope.zip");
        Result r = run("import-keras", "src/test/resources/keras/small_sequential.h5", "-o", zip.toString(),
                "--labels", labels.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(five, new Dl4jEngine().load(zip).classNames());
        Result without = run("import-keras", "src/test/resources/keras/small_sequential.h5", "-o",
                dir.resolve("plain.convscope.zip").toString());
        assertEquals(0, without.code(), without.err());
        assertEquals(List.of(), new Dl4jEngine().load(dir.resolve("plain.convscope.zip")).classNames());

        Result json = run("import-keras", "src/test/resources/keras/small_sequential.h5", "-o",
                dir.resolve("k.convscope.json").toString(), "--labels", labels.toString());
        assertEquals(2, json.code());
        assertTrue(json.err().contains("--labels names the classes of a model with weights: write a *.convscope.zip"),
                json.err());
        Result wrong = run("import-keras", "src/test/resources/keras/small_sequential.h5", "-o",
                dir.resolve("w.convscope.zip").toString(), "--labels", lines(dir, "ten.txt", FRENCH).toString());
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("ten.txt names 10 class(es) but the model has 5"), wrong.err());
        assertFalse(Files.exists(dir.resolve("w.convscope.zip")), "nothing written");
    }
}
