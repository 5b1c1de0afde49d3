package org.convscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.convscope.io.Presets;
import org.convscope.io.lesson.Lesson;
import org.junit.jupiter.api.Test;

/**
 * The bundled lessons (Help &gt; Lessons) all open, on the default preset with the settings their notes talk about.
 * {@link #lessons} is their source; {@code mvn -o test -Dtest=BundledLessonsTest -Dconvscope.writeLessons=true}
 * writes them again.
 */
class BundledLessonsTest {

    private static final Path RESOURCES = Path.of("src/main/resources/org/convscope/app");

    @Test
    void everyBundledLessonOpens() throws Exception {
        assertEquals(List.of("edge-detection", "stride-and-padding", "max-pooling", CifarLessonMaker.ID),
                BundledLessons.ALL.stream().map(BundledLessons.Entry::id).toList());
        for (BundledLessons.Entry e : BundledLessons.ALL.subList(0, 3)) { // the stepper's; the CIFAR-10 one below
            Path file = BundledLessons.extract(e.id());
            assertEquals(ModelFiles.Kind.CONVSCOPE_LESSON, ModelFiles.detect(file));
            LessonState s = LessonFiles.open(file, () -> {
                throw new AssertionError("an untrained lesson needs no engine");
            });
            Lesson l = s.lesson();
            assertEquals(e.title(), l.title(), e.id());
            assertEquals(Presets.find(Presets.DEFAULT_ID).orElseThrow(), s.model());
            assertTrue(s.weights().isEmpty());
            assertEquals("stepper", l.screen());
            assertFalse(l.notes().isBlank());
        }
        Lesson edge = LessonFiles.open(BundledLessons.extract("edge-detection"), () -> null).lesson();
        assertEquals("vertical-edge", edge.stepper().kernelName());
        Lesson stride = LessonFiles.open(BundledLessons.extract("stride-and-padding"), () -> null).lesson();
        assertEquals("1", stride.stepper().padding());
        assertTrue(stride.quiz());
        Lesson pool = LessonFiles.open(BundledLessons.extract("max-pooling"), () -> null).lesson();
        assertEquals("POOLING", pool.stepper().mode());
    }

    private static Lesson.Stepper stepper(String seed, String mode, String kernel, double[][] k, String padding,
                                          List<Integer> pool) {
        List<List<Double>> rows = java.util.Arrays.stream(k)
                .map(r -> java.util.Arrays.stream(r).boxed().toList()).toList();
        return new Lesson.Stepper(seed, null, 16, "GRAY", false, "AREA", mode, kernel, rows, List.of(1, 1), padding, 0,
                false, false, pool, pool, "valid", "MAX", 0.5, 0, 0);
    }

    /** The stepper as the edge-detection lesson sets it (the 5x5 seed, vertical edge), for lessons on other screens. */
    static Lesson.Stepper stepperOfSeed() {
        return stepper("Seed: 5x5 example (vertical edge gives 6)", "CONVOLUTION", "vertical-edge",
                new double[][] {{1, 0, -1}, {1, 0, -1}, {1, 0, -1}}, "valid", List.of(2, 2));
    }

    private static Lesson lesson(String title, String notes, boolean quiz, List<String> locked, Lesson.Stepper s) {
        return new Lesson(Lesson.FORMAT_VERSION, "0.1.0", title, notes, "stepper", false, quiz, locked, s,
                new Lesson.Maps("chelsea.png", 1, false, "PER_MAP", "GRAY", 0, 0),
                new Lesson.Train(Map.of(), false, List.of(), null));
    }

    /**
     * The bundled lessons hold exactly what {@link #lessons()} makes (title, notes, quiz, locks, every stepper and
     * feature-map setting), so a change here that was not written out fails; with {@code -Dconvscope.writeLessons=true}
     * it writes them into the resources first.
     */
    @Test
    void theBundledLessonsAreWhatThisSourceMakes() throws Exception {
        Map<String, Lesson> made = lessons();
        if (Boolean.getBoolean("convscope.writeLessons")) {
            Session session = new Session();
            Files.createDirectories(RESOURCES.resolve("lessons"));
            for (var e : made.entrySet()) {
                LessonFiles.save(RESOURCES.resolve(BundledLessons.resource(e.getKey())),
                        LessonState.capture(session, e.getValue(), Map.of()), null);
            }
        }
        assertEquals(BundledLessons.ALL.stream().map(BundledLessons.Entry::id).filter(id -> !id.equals(CifarLessonMaker.ID))
                .toList(), List.copyOf(made.keySet()), "every bundled lesson but the trained one (CifarLessonMaker) is made here");
        for (var e : made.entrySet()) {
            Lesson bundled = LessonFiles.open(BundledLessons.extract(e.getKey()), () -> null).lesson();
            Lesson m = e.getValue();
            assertEquals(List.of(m.title(), m.notes(), m.screen(), m.quiz(), m.locked(), m.stepper(), m.featureMaps()),
                    List.of(bundled.title(), bundled.notes(), bundled.screen(), bundled.quiz(), bundled.locked(),
                            bundled.stepper(), bundled.featureMaps()), e.getKey());
        }
    }

    /**
     * "What the first layer learns on CIFAR-10" (written by {@link CifarLessonMaker}): it opens on the Feature maps
     * screen's filters of layer 1 at epoch 1 of a real run, whose four checkpoints it carries; the filters it holds
     * for epoch 1 are the float32 numbers stored in the file (DL4J's order: the 32 biases, then the weights as
     * filter, input channel, row, column), and they changed by epoch 4.
     */
    @Test
    void theCifarLessonShowsTheFirstLayerThroughItsRun() throws Exception {
        Path file = BundledLessons.extract(CifarLessonMaker.ID);
        assertTrue(Files.size(file) < 3_000_000, Files.size(file) + " bytes");
        LessonState s = LessonFiles.open(file, Engines::create);
        Lesson l = s.lesson();
        Lesson source = CifarLessonMaker.lesson(List.of());
        assertEquals(BundledLessons.ALL.get(3).title(), l.title());
        assertEquals(List.of(source.title(), source.screen(), source.featureMaps(), source.train().settings()),
                List.of(l.title(), l.screen(), l.featureMaps(), l.train().settings()));
        assertEquals(new Lesson.Maps("horse.png", 1, true, "PER_MAP", "GRAY", 0, 1), l.featureMaps());
        assertTrue(l.notes().contains("time machine") && l.notes().contains("validation accuracy"), l.notes());
        assertEquals(Presets.find("tf-cifar-cnn").orElseThrow(), s.model());
        assertEquals(List.of(1, 2, 3, 4), s.checkpoints().stream().map(TrainedWeights.Checkpoint::epoch).toList());
        assertEquals(4, RunCheckpoints.ofLesson(file, Engines::create).epochs());

        org.convscope.core.conv.Volume[] first = s.checkpoints().get(0).model().filters(1);
        org.convscope.core.conv.Volume[] last = s.checkpoints().get(3).model().filters(1);
        assertEquals(List.of(32, 3, 3, 3), List.of(first.length, first[0].height(), first[0].width(), first[0].channels()));
        float[] stored = floats(file, "checkpoints/epoch-1.bin", 32 + 32 * 27);
        double change = 0;
        for (int f = 0; f < 32; f++) {
            for (int ch = 0; ch < 3; ch++) {
                for (int r = 0; r < 3; r++) {
                    for (int c = 0; c < 3; c++) {
                        assertEquals(stored[32 + ((f * 3 + ch) * 3 + r) * 3 + c], first[f].get(r, c, ch), 0.0,
                                "filter " + f + ", channel " + ch + ", row " + r + ", column " + c);
                        change = Math.max(change, Math.abs(last[f].get(r, c, ch) - first[f].get(r, c, ch)));
                    }
                }
            }
        }
        System.out.printf(java.util.Locale.ROOT, "cifar-first-layer: %,d bytes; largest change of a first-layer weight"
                + " from epoch 1 to 4: %.4f%n", Files.size(file), change);
        assertTrue(change > 0.01, "the filters learned between epoch 1 and 4: " + change);
        assertEquals(List.of(last), List.of(s.weights().orElseThrow().filters(1)), "the lesson's weights are epoch 4's");
    }

    /** The first {@code n} little-endian float32 numbers of a zip entry. */
    private static float[] floats(Path zip, String entry, int n) throws Exception {
        try (var z = new java.util.zip.ZipFile(zip.toFile())) {
            byte[] b = z.getInputStream(z.getEntry(entry)).readAllBytes();
            var buf = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                out[i] = buf.getFloat();
            }
            return out;
        }
    }

    /** The bundled lessons, as their source. */
    private static Map<String, Lesson> lessons() {
        String example = "Seed: 5x5 example (vertical edge gives 6)";
        double[][] vertical = {{1, 0, -1}, {1, 0, -1}, {1, 0, -1}};
        double[][] sharpen = {{0, -1, 0}, {-1, 5, -1}, {0, -1, 0}};
        Map<String, Lesson> lessons = new java.util.LinkedHashMap<>();
        lessons.put("edge-detection", lesson("Edge detection by hand", String.join("\n",
                "From the seed tutorial on convolution: a 3x3 kernel slides over a 5x5 matrix and each output cell is the"
                + " sum of nine products.",
                "",
                "1. The vertical-edge kernel is 1 0 -1 in every row: it adds the left column and subtracts the right one.",
                "2. The first cell: 7*1 + 2*0 + 3*(-1) + 4*1 + 5*0 + 3*(-1) + 3*1 + 3*0 + 2*(-1) = 6.",
                "3. Before each Next (Right arrow), ask the class for the number; or press Q for the quiz.",
                "4. Output size: (5 - 3)/1 + 1 = 3, so 3x3 cells.",
                "5. Then try sobel-vertical and sobel-horizontal, and the 5x5 binary image: where is the output large?"),
                false, List.of("mode-pooling"), stepper(example, "CONVOLUTION", "vertical-edge", vertical, "valid",
                        List.of(2, 2))));
        lessons.put("stride-and-padding", lesson("Stride and padding", String.join("\n",
                "From the seed tutorial on padding: one ring of zeros around the 5x5 image keeps the output 5x5.",
                "",
                "1. The quiz asks the output size first: floor((n + 2p - k)/s) + 1 = floor((5 + 2 - 3)/1) + 1 = 5.",
                "2. The first cell sees the zeros: 60*5 - 113 - 73 = 114 (the sharpen kernel, 5 in the middle).",
                "3. Leave the quiz (Esc) and set Stride to 2: floor((5 + 2 - 3)/2) + 1 = 3, every second window.",
                "4. Padding valid: (5 - 3)/1 + 1 = 3 at stride 1, and floor((5 - 3)/2) + 1 = 2 at stride 2.",
                "5. Padding same keeps ceil(n/s): 5 at stride 1, 3 at stride 2."),
                true, List.of("mode-pooling", "kernel-preset"), stepper("Seed: 5x5 pixels (padded sharpen gives 114)",
                        "CONVOLUTION", "sharpen", sharpen, "1", List.of(2, 2))));
        lessons.put("max-pooling", lesson("Max pooling", String.join("\n",
                "From the seed tutorial on pooling: a 2x2 window with stride 2 keeps the largest of four numbers.",
                "",
                "1. Output size: floor((5 - 2)/2) + 1 = 2, so 2x2; the last row and column are left out (valid).",
                "2. The four windows give 7, 8, 8 and 8: the circled cell is the winner.",
                "3. Ask: what survives pooling, and where it was? (The strongest response, not its exact place.)",
                "4. Set Stride to 1: (5 - 2)/1 + 1 = 4, so 4x4 overlapping windows.",
                "5. Try average and mixed pooling: MIXED = lambda * max + (1 - lambda) * mean."),
                false, List.of("mode-convolution"), stepper(example, "POOLING", "vertical-edge", vertical, "valid",
                        List.of(2, 2))));
        return lessons;
    }
}
