package org.convscope.app;

import static org.convscope.core.text.CoreText.tr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.convscope.AppInfo;
import org.convscope.core.model.ModelSpec;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.io.ModelFileException;
import org.convscope.io.ModelJson;
import org.convscope.io.lesson.Lesson;
import org.convscope.io.lesson.LessonArchive;
import org.convscope.io.lesson.LessonFileException;
import org.convscope.io.lesson.LessonJson;

/**
 * Lesson files ({@code *.convscope-lesson}): one zip, written atomically, holding
 * <ul>
 *   <li>{@code lesson.json}: the settings ({@link LessonJson});</li>
 *   <li>{@code model.convscope.json}: the model, as a model file;</li>
 *   <li>{@code params.bin} (and {@code input-normalization.txt}) when trained: the weights exactly as a trained
 *       {@code *.convscope.zip} holds them (every parameter as little-endian float32), so a lesson with weights also
 *       opens where a trained model does;</li>
 *   <li>{@code checkpoints/epoch-N.bin}: the run's weights after epoch N, in the same form, when the run is included;</li>
 *   <li>{@code images/...}: the screens' own images, as the files' bytes.</li>
 * </ul>
 * Reading stays within {@link LessonArchive.Limits#LESSON}, refuses a newer format or a damaged file with a message
 * naming it, and runs nothing: the network is rebuilt from the model JSON and the numbers are assigned to it.
 */
public final class LessonFiles {

    /** The file name ending of lessons. */
    public static final String EXTENSION = ".convscope-lesson";

    static final String LESSON = "lesson.json";
    static final String MODEL = "model.convscope.json";
    static final String PARAMS = "params.bin";
    static final String NORMALIZATION = "input-normalization.txt";
    static final String CHECKPOINTS = "checkpoints/";
    static final String IMAGES = "images/";

    private LessonFiles() {
    }

    /** The lesson format's fields for a lesson written now by this version. */
    public static String appVersion() {
        return AppInfo.version();
    }

    /**
     * Writes a lesson atomically: a crash or a full disk leaves the old file as it was.
     *
     * @param file the target
     * @param state what to write
     * @param engine writes the weights (used only when there are some)
     * @throws IOException if it could not be written
     */
    public static void save(Path file, LessonState state, Engine engine) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(LESSON, LessonJson.write(state.lesson()).getBytes(StandardCharsets.UTF_8));
        entries.put(MODEL, ModelJson.toJson(state.model()).getBytes(StandardCharsets.UTF_8));
        if (state.weights().isPresent()) {
            Map<String, byte[]> w = weightEntries(state.weights().get(), engine);
            entries.put(PARAMS, w.get(PARAMS));
            if (w.containsKey(NORMALIZATION)) {
                entries.put(NORMALIZATION, w.get(NORMALIZATION));
            }
            for (TrainedWeights.Checkpoint c : state.checkpoints()) {
                entries.put(CHECKPOINTS + "epoch-" + c.epoch() + ".bin", weightEntries(c.model(), engine).get(PARAMS));
            }
        }
        state.images().forEach(entries::put);
        LessonArchive.write(file, entries);
    }

    /**
     * Reads a lesson.
     *
     * @param file the lesson file
     * @param engine rebuilds the weights (loaded only when the lesson has some)
     * @return the lesson's state
     * @throws LessonFileException naming the file: damaged, hostile, over the limits, or from a newer version
     */
    public static LessonState open(Path file, Supplier<? extends Engine> engine) throws LessonFileException {
        String name = String.valueOf(file.getFileName());
        Map<String, byte[]> e = LessonArchive.read(file, LessonArchive.Limits.LESSON, n -> n.equals(LESSON)
                || n.equals(MODEL) || n.equals(PARAMS) || n.equals(NORMALIZATION) || n.startsWith(CHECKPOINTS)
                || n.startsWith(IMAGES));
        if (!e.containsKey(LESSON)) {
            throw new LessonFileException(tr("error.lesson.noLessonEntry", name, LESSON));
        }
        if (e.get(LESSON).length > LessonJson.MAX_BYTES || e.containsKey(MODEL) && e.get(MODEL).length > ModelJson.MAX_FILE_BYTES) {
            throw new LessonFileException(tr("error.lesson.entriesTooLarge", name, LESSON, MODEL));
        }
        Lesson lesson = LessonJson.parse(new String(e.get(LESSON), StandardCharsets.UTF_8), name);
        if (!e.containsKey(MODEL)) {
            throw new LessonFileException(tr("error.lesson.noModel", name, MODEL));
        }
        ModelSpec model;
        try {
            model = ModelJson.parse(new String(e.get(MODEL), StandardCharsets.UTF_8));
        } catch (ModelFileException ex) {
            throw new LessonFileException(tr("error.lesson.badModel", name, MODEL, ex.getMessage()), ex);
        }
        Optional<CompiledModel> weights = Optional.empty();
        List<TrainedWeights.Checkpoint> checkpoints = new ArrayList<>();
        if (e.containsKey(PARAMS)) {
            weights = Optional.of(load(e.get(MODEL), e.get(PARAMS), e.get(NORMALIZATION), engine.get(), name, PARAMS));
            for (int epoch : lesson.train().checkpoints()) {
                String entry = CHECKPOINTS + "epoch-" + epoch + ".bin";
                if (!e.containsKey(entry)) {
                    throw new LessonFileException(tr("error.lesson.noCheckpoint", name, epoch, entry));
                }
                CompiledModel m = load(e.get(MODEL), e.get(entry), e.get(NORMALIZATION), engine.get(), name, entry);
                checkpoints.add(new TrainedWeights.Checkpoint(epoch, m, WeightsVersion.lesson(file, epoch),
                        tr("weights.afterEpoch", epoch)));
            }
        }
        Map<String, byte[]> images = new LinkedHashMap<>();
        e.forEach((n, bytes) -> {
            if (n.startsWith(IMAGES)) {
                images.put(n, bytes);
            }
        });
        for (String wantedImage : new String[] {lesson.stepper().image(), lesson.featureMaps().image()}) {
            if (wantedImage != null && wantedImage.startsWith(IMAGES) && !images.containsKey(wantedImage)) {
                throw new LessonFileException(tr("error.lesson.noImage", name, wantedImage));
            }
        }
        return new LessonState(lesson, model, weights, checkpoints, images);
    }

    /** The entries of a trained model archive as the engine writes them ({@code params.bin}, ...). */
    private static Map<String, byte[]> weightEntries(CompiledModel model, Engine engine) throws IOException {
        Path dir = Files.createTempDirectory("convscope-lesson");
        try {
            Path zip = dir.resolve("weights.convscope.zip");
            engine.save(model, zip);
            return LessonArchive.read(zip, LessonArchive.Limits.LESSON, n -> n.equals(PARAMS) || n.equals(NORMALIZATION));
        } finally {
            deleteTree(dir);
        }
    }

    /** Rebuilds a network from the model JSON and one set of parameters, through the engine's trained-model reader. */
    private static CompiledModel load(byte[] model, byte[] params, byte[] normalization, Engine engine, String name,
                                      String entry) throws LessonFileException {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("convscope-lesson");
            Path zip = dir.resolve("weights.convscope.zip");
            Map<String, byte[]> w = new LinkedHashMap<>();
            w.put(MODEL, model);
            w.put(PARAMS, params);
            if (normalization != null) {
                w.put(NORMALIZATION, normalization);
            }
            LessonArchive.write(zip, w);
            return engine.load(zip);
        } catch (IOException | RuntimeException ex) {
            String why = String.valueOf(ex.getMessage()).replace("weights.convscope.zip", entry);
            throw new LessonFileException(tr("error.lesson.badWeights", name, entry, why), ex);
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ex) {
            // a leftover temporary folder is harmless
        }
    }
}
