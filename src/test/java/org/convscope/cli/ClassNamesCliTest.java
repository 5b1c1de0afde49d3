package org.convscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convscope.app.ClassNames;
import org.convscope.data.CifarImages;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.dl4j.Dl4jEngine;
import org.convscope.io.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class names: CIFAR-10's only for a model trained on CIFAR-10 or saved with those names; any other model (the
 * 10-class ONNX fixture, trained by PyTorch on something else) says "class k" unless {@code --labels FILE} names
 * them; names are kept in the saved {@code .convscope.zip}.
 */
class ClassNamesCliTest {

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

    /** The class names of predict's three lines. */
    private static List<String> names(String predictOut) {
        return predictOut.strip().lines().map(l -> l.strip().replaceAll("\\s+[0-9.]+$", "")).toList();
    }

    @Test
    void aTenClassModelNotTrainedOnCifarSaysClassK() {
        Result r = run("predict", "-m", CHAIN, IMG);
        assertEquals(0, r.code(), r.err());
        for (String name : names(r.out())) {
            assertTrue(name.matches("class [0-9]"), "not CIFAR-10's names for a model that was not trained on it: " + r.out());
        }
    }

    @Test
    void labelsNameTheClassesOfPredictGradCamAndOcclusion(@TempDir Path dir) throws Exception {
        List<String> digits = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
        Path labels = Files.writeString(dir.resolve("digits.txt"), String.join("\n", digits) + "\n");
        Result plain = run("predict", "-m", CHAIN, IMG);
        Result named = run("predict", "-m", CHAIN, IMG, "--labels", labels.toString());
        assertEquals(0, named.code(), named.err());
        List<String> byNumber = names(plain.out());
        List<String> byName = names(named.out());
        for (int k = 0; k < 3; k++) {
            int cls = Integer.parseInt(byNumber.get(k).substring("class ".length()));
            assertEquals(digits.get(cls), byName.get(k), "the same class, by its name: " + named.out());
        }
        Result cam = run("gradcam", "-m", CHAIN, "-i", IMG, "-o", dir.resolve("cam.png").toString(), "--labels",
                labels.toString(), "-c", "Seven");
        assertEquals(0, cam.code(), cam.err());
        assertTrue(cam.out().startsWith("seven: p="), cam.out());
        Result occ = run("occlusion", "-m", CHAIN, "-i", IMG, "-o", dir.resolve("occ.png").toString(), "--labels",
                labels.toString());
        assertEquals(0, occ.code(), occ.err());
        assertTrue(occ.out().startsWith(byName.get(0) + ": p="), occ.out());

        Result unnamed = run("gradcam", "-m", CHAIN, "-i", IMG, "-o", dir.resolve("cam.png").toString(), "-c", "seven");
        assertEquals(2, unnamed.code());
        assertTrue(unnamed.err().contains("no class \"seven\"; the model's classes have no names: give a class number,"
                + " or name them with --labels FILE"), unnamed.err());
        Path short3 = Files.writeString(dir.resolve("three.txt"), "a\nb\nc\n");
        Result wrong = run("predict", "-m", CHAIN, IMG, "--labels", short3.toString());
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("Error: three.txt names 3 class(es) but the model has 10 outputs"), wrong.err());
    }

    @Test
    void aLabelsFileIsOneNamePerLine(@TempDir Path dir) throws Exception {
        assertEquals(List.of("cat", "dog"), ClassNames.read(Files.writeString(dir.resolve("a.txt"), "\uFEFFcat\r\n dog \n\n"), 2));
        IOException e = assertThrows(IOException.class, () -> ClassNames.read(Files.writeString(dir.resolve("b.txt"),
                "cat\n\ndog\n"), 2));
        assertEquals("b.txt: line 2 is empty; give one class name per line.", e.getMessage());
        e = assertThrows(IOException.class, () -> ClassNames.read(Files.writeString(dir.resolve("c.txt"), "cat\ncat\n"), 2));
        assertEquals("c.txt: \"cat\" is on lines 1 and 2; each class needs its own name.", e.getMessage());
        e = assertThrows(IOException.class, () -> ClassNames.read(Files.write(dir.resolve("d.txt"), new byte[] {(byte) 0xFF, 'a'}), 1));
        assertTrue(e.getMessage().startsWith("d.txt is not UTF-8 text"), e.getMessage());
        e = assertThrows(IOException.class, () -> ClassNames.read(dir.resolve("none.txt"), 1));
        assertTrue(e.getMessage().startsWith("labels file not found"), e.getMessage());
        assertEquals("class 4", ClassNames.name(List.of(), 4));
        assertEquals("dog", ClassNames.name(List.of("cat", "dog"), 1));
    }

    @Test
    void namesAreKeptInTheSavedModelAndReadBack(@TempDir Path dir) throws Exception {
        Dl4jEngine engine = new Dl4jEngine();
        CompiledModel m = engine.compile(Presets.find("tf-cifar-cnn").orElseThrow(), 3);
        Path unnamed = dir.resolve("unnamed.convscope.zip");
        engine.save(m, unnamed);
        assertEquals(List.of(), engine.load(unnamed).classNames());
        engine.setClassNames(m, CifarImages.STANDARD_CLASS_NAMES);
        Path named = dir.resolve("named.convscope.zip");
        engine.save(m, named);
        assertEquals(CifarImages.STANDARD_CLASS_NAMES, engine.load(named).classNames());
        assertEquals(CifarImages.STANDARD_CLASS_NAMES, engine.copy(engine.load(named)).classNames());
        assertThrows(IllegalArgumentException.class, () -> engine.setClassNames(m, List.of("a", "b")));
        // predict names the saved model's classes, the unnamed one's by number
        Result withNames = run("predict", "-m", named.toString(), IMG);
        assertTrue(CifarImages.STANDARD_CLASS_NAMES.containsAll(names(withNames.out())), withNames.out());
        Result without = run("predict", "-m", unnamed.toString(), IMG);
        assertTrue(names(without.out()).stream().allMatch(n -> n.matches("class [0-9]")), without.out());
    }
}
