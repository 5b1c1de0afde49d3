package org.convscope.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.convscope.core.model.ModelSpec;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.io.ModelJson;
import org.convscope.io.lesson.Lesson;
import org.convscope.io.lesson.LessonArchive;
import org.convscope.io.lesson.LessonFileException;
import org.convscope.io.lesson.LessonJson;
import org.convscope.io.lesson.LessonTestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lesson saved from one session opens in a fresh one (as on another machine) with the same model, the same weights
 * number for number, the same checkpoints and images, and the same settings field by field; damaged, hostile and
 * newer files are refused with a message naming the file.
 */
class LessonFilesTest {

    private static final Supplier<Engine> ENGINE = Engines.shared();
    private static final byte[] IMAGE = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};

    @TempDir
    Path dir;

    static ModelSpec tiny() throws Exception {
        return ModelJson.parse("{\"format\": \"convscope-model\", \"version\": 1, \"name\": \"tiny\","
                + " \"input\": {\"height\": 8, \"width\": 8, \"channels\": 1}, \"layers\": ["
                + "{\"type\": \"Conv2D\", \"filters\": 2, \"kernel_size\": 3, \"activation\": \"relu\"},"
                + "{\"type\": \"Flatten\"}, {\"type\": \"Dense\", \"units\": 3, \"activation\": \"softmax\"}]}");
    }

    /** A session that trained {@link #tiny()}: final weights from seed 7, checkpoints from seeds 1 and 2. */
    private Session trainedSession() throws Exception {
        Engine engine = ENGINE.get();
        Session s = new Session();
        ModelSpec spec = tiny();
        s.opened(spec, null);
        List<TrainedWeights.Checkpoint> cps = List.of(
                new TrainedWeights.Checkpoint(1, engine.compile(spec, 1), WeightsVersion.trained(1, 1), "epoch 1"),
                new TrainedWeights.Checkpoint(2, engine.compile(spec, 2), WeightsVersion.trained(1, 2), "epoch 2"));
        s.setTrained(new TrainedWeights(engine.compile(spec, 7), WeightsVersion.trained(1, 2), "trained", cps));
        return s;
    }

    @Test
    void savedThenOpenedInAFreshSessionRestoresEveryField() throws Exception {
        Session before = trainedSession();
        Lesson settings = LessonTestData.full();
        LessonState saved = LessonState.capture(before, settings, Map.of("images/stepper-cat.png", IMAGE));
        Path file = dir.resolve("stride.convscope-lesson");
        LessonFiles.save(file, saved, ENGINE.get());

        assertEquals(ModelFiles.Kind.CONVSCOPE_LESSON, ModelFiles.detect(file));
        LessonState opened = LessonFiles.open(file, ENGINE);
        Session after = new Session(); // another machine: nothing of the first session
        opened.applyTo(after, file);

        Lesson l = opened.lesson();
        assertEquals(settings.title(), l.title());
        assertEquals(settings.notes(), l.notes());
        assertEquals(settings.screen(), l.screen());
        assertEquals(settings.presenter(), l.presenter());
        assertEquals(settings.quiz(), l.quiz());
        assertEquals(settings.locked(), l.locked());
        assertEquals(settings.stepper(), l.stepper());
        assertEquals(settings.featureMaps(), l.featureMaps());
        assertEquals(settings.train(), l.train());
        assertEquals(List.of(1, 2), l.train().checkpoints());
        assertEquals(before.model(), after.model());
        assertFalse(after.isModelDirty());
        assertFalse(after.hasUnsavedWeights());
        assertArrayEquals(IMAGE, opened.images().get("images/stepper-cat.png"));

        CompiledModel w0 = before.trained().orElseThrow().model();
        CompiledModel w1 = after.trainedFor(after.model()).orElseThrow().model();
        assertSameWeights(w0, w1);
        List<TrainedWeights.Checkpoint> c0 = before.trained().orElseThrow().checkpoints();
        List<TrainedWeights.Checkpoint> c1 = after.trained().orElseThrow().checkpoints();
        assertEquals(2, c1.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(c0.get(i).epoch(), c1.get(i).epoch());
            assertSameWeights(c0.get(i).model(), c1.get(i).model());
        }
        assertNotEquals(w1.filters(1)[0].get(0, 0, 0), c1.get(0).model().filters(1)[0].get(0, 0, 0));
        assertTrue(after.weights().isTrained());
        assertEquals("weights from stride.convscope-lesson", after.weights().label());

        // a lesson with weights is also a trained model where one is expected
        OpenedModel asModel = ModelFiles.open(file, ENGINE);
        assertTrue(asModel.trained());
        assertSameWeights(w0, asModel.weights().orElseThrow());
    }

    private static void assertSameWeights(CompiledModel a, CompiledModel b) {
        assertEquals(a.parameterCount(), b.parameterCount());
        for (int f = 0; f < 2; f++) {
            assertArrayEquals(a.filters(1)[f].values(), b.filters(1)[f].values(), 0.0, "filter " + f);
        }
        assertArrayEquals(a.biases(1), b.biases(1), 0.0);
        assertArrayEquals(a.biases(3), b.biases(3), 0.0);
    }

    @Test
    void withoutTheRunOrWeightsTheLessonHoldsOnlyWhatItNeeds() throws Exception {
        Session before = trainedSession();
        Lesson l = LessonTestData.full();
        Lesson noRun = new Lesson(1, "t", "t", "", "build", false, false, List.of(), l.stepper(), l.featureMaps(),
                new Lesson.Train(Map.of(), false, List.of(), null));
        Path file = dir.resolve("a.convscope-lesson");
        LessonFiles.save(file, LessonState.capture(before, noRun, Map.of("images/stepper-cat.png", IMAGE)), ENGINE.get());
        LessonState opened = LessonFiles.open(file, ENGINE);
        assertTrue(opened.weights().isPresent());
        assertTrue(opened.checkpoints().isEmpty());
        assertEquals(List.of(), opened.lesson().train().checkpoints());

        Session untrained = new Session();
        untrained.opened(tiny(), null);
        Path plain = dir.resolve("b.convscope-lesson");
        LessonFiles.save(plain, LessonState.capture(untrained, noRun, Map.of("images/stepper-cat.png", IMAGE)),
                ENGINE.get());
        var names = LessonArchive.read(plain, LessonArchive.Limits.LESSON, n -> true).keySet();
        assertEquals(List.of("lesson.json", "model.convscope.json", "images/stepper-cat.png"), List.copyOf(names));
        Session after = new Session();
        LessonFiles.open(plain, ENGINE).applyTo(after, plain);
        assertEquals(tiny(), after.model());
        assertFalse(after.weights().isTrained());
    }

    // Damaged, hostile, newer

    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return Files.write(dir.resolve(name), bytes.toByteArray());
    }

    private Map<String, byte[]> goodEntries() throws Exception {
        Lesson l = LessonTestData.full();
        Lesson noRun = new Lesson(1, "t", "t", "", "build", false, false, List.of(), l.stepper(), l.featureMaps(),
                new Lesson.Train(Map.of(), false, List.of(), null));
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("lesson.json", LessonJson.write(noRun).getBytes(StandardCharsets.UTF_8));
        e.put("model.convscope.json", ModelJson.toJson(tiny()).getBytes(StandardCharsets.UTF_8));
        e.put("images/stepper-cat.png", IMAGE);
        return e;
    }

    private String refusal(Path file) {
        return assertThrows(LessonFileException.class, () -> LessonFiles.open(file, ENGINE)).getMessage();
    }

    @Test
    void damagedFilesAreRefusedNamingTheFile() throws Exception {
        Path good = zip("good.convscope-lesson", goodEntries());
        byte[] all = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut.convscope-lesson"), java.util.Arrays.copyOf(all, all.length / 2));
        assertTrue(refusal(cut).startsWith("cut.convscope-lesson is damaged or not a lesson file"), refusal(cut));
        Path text = Files.writeString(dir.resolve("text.convscope-lesson"), "hello");
        assertTrue(refusal(text).startsWith("text.convscope-lesson is damaged or not a lesson file"));

        Map<String, byte[]> noModel = goodEntries();
        noModel.remove("model.convscope.json");
        assertEquals("m.convscope-lesson is damaged: it has no model.convscope.json",
                refusal(zip("m.convscope-lesson", noModel)));
        Map<String, byte[]> noImage = goodEntries();
        noImage.remove("images/stepper-cat.png");
        assertEquals("i.convscope-lesson is damaged: it shows images/stepper-cat.png but does not hold it",
                refusal(zip("i.convscope-lesson", noImage)));
        Map<String, byte[]> shortParams = goodEntries();
        shortParams.put("params.bin", new byte[12]);
        String p = refusal(zip("p.convscope-lesson", shortParams));
        assertTrue(p.startsWith("p.convscope-lesson: its weights (params.bin) cannot be used:"), p);
        assertTrue(p.contains("holds 3 parameters but its model has"), p);
        Map<String, byte[]> badModel = goodEntries();
        badModel.put("model.convscope.json", "{\"format\": \"convscope-model\", \"version\": 1}".getBytes(StandardCharsets.UTF_8));
        assertTrue(refusal(zip("b.convscope-lesson", badModel)).startsWith("b.convscope-lesson is damaged: its"
                + " model.convscope.json is not valid"));
    }

    @Test
    void aNewerLessonIsRefused() throws Exception {
        Map<String, byte[]> e = goodEntries();
        e.put("lesson.json", new String(e.get("lesson.json"), StandardCharsets.UTF_8)
                .replace("\"formatVersion\" : 1", "\"formatVersion\" : 5").getBytes(StandardCharsets.UTF_8));
        assertEquals("new.convscope-lesson was made by a newer ConvScope (t, lesson format 5); this version reads"
                + " lesson format 1 and older. Update ConvScope to open it.", refusal(zip("new.convscope-lesson", e)));
    }

    @Test
    void hostileArchivesAreRefusedBeforeTheyFillTheMemory() throws Exception {
        Map<String, byte[]> climb = goodEntries();
        climb.put("images/../../evil.sh", new byte[] {1});
        assertEquals("c.convscope-lesson: the entry \"images/../../evil.sh\" has an unsafe name (absolute, \"..\" or"
                + " control characters); refused", refusal(zip("c.convscope-lesson", climb)));

        Map<String, byte[]> bomb = goodEntries();
        bomb.put("images/bomb.png", new byte[8 << 20]); // 8 MB of zeros deflate about 1000 to 1
        assertTrue(refusal(zip("bomb.convscope-lesson", bomb)).matches("bomb.convscope-lesson: \"images/bomb.png\""
                + " inflates more than 200 times its compressed size \\(.* bytes\\); refused as a zip bomb"));

        Map<String, byte[]> many = goodEntries();
        for (int i = 0; i < 1001; i++) {
            many.put("x/" + i, new byte[0]);
        }
        assertEquals("many.convscope-lesson has 1004 entries; a lesson has at most 1000. Refused (the file is damaged"
                + " or hostile).", refusal(zip("many.convscope-lesson", many)));

        Path big = zip("big.convscope-lesson", Map.of("images/a.png", new byte[3 << 20]));
        var small = new LessonArchive.Limits(10, 1 << 20, 4 << 20, 10_000);
        assertEquals("big.convscope-lesson: \"images/a.png\" goes over the limit of 1 MB per entry; refused (the file is"
                + " damaged or hostile)", assertThrows(LessonFileException.class,
                        () -> LessonArchive.read(big, small, n -> true)).getMessage());
        var total = new LessonArchive.Limits(10, 4 << 20, 2 << 20, 10_000);
        assertEquals("big.convscope-lesson: \"images/a.png\" goes over the limit of 2 MB in all; refused (the file is"
                + " damaged or hostile)", assertThrows(LessonFileException.class,
                        () -> LessonArchive.read(big, total, n -> true)).getMessage());
    }

    @Test
    void savingOverALessonReplacesItWholeOrNotAtAll() throws Exception {
        Session s = new Session();
        Path file = dir.resolve("x.convscope-lesson");
        Lesson l = LessonTestData.full();
        LessonFiles.save(file, LessonState.capture(s, l, Map.of("images/stepper-cat.png", IMAGE)), ENGINE.get());
        byte[] first = Files.readAllBytes(file);
        Map<String, byte[]> badName = new LinkedHashMap<>();
        badName.put("../x", new byte[1]);
        assertThrows(LessonFileException.class, () -> LessonArchive.write(file, badName));
        assertArrayEquals(first, Files.readAllBytes(file));
        try (var list = Files.list(dir)) {
            assertEquals(List.of(file), list.toList(), "no temporary file left beside it");
        }
    }
}
