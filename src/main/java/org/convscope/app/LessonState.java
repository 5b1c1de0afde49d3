package org.convscope.app;

import org.convscope.core.text.CoreText;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.convscope.core.model.ModelSpec;
import org.convscope.engine.CompiledModel;
import org.convscope.io.lesson.Lesson;

/**
 * Everything a lesson restores: the screens' settings ({@link Lesson}), the model, its weights when trained (and the
 * checkpoints of their run when the lesson includes it) and the images the screens show.
 *
 * <p>The use case both ways: {@link #capture} takes the session's model and weights and the settings the front end
 * collected from its screens; {@link #applyTo} makes a session hold the lesson's model and weights, after which the
 * front end gives each screen its settings back. {@link LessonFiles} writes and reads it.
 *
 * @param lesson the settings, title, notes and locked controls
 * @param model the model
 * @param weights its trained weights, if any
 * @param checkpoints the run's weights after each epoch, oldest first (empty unless the lesson includes the run)
 * @param images the screens' own images by entry name ({@code images/...}), as the files' bytes
 */
public record LessonState(Lesson lesson, ModelSpec model, Optional<CompiledModel> weights,
                          List<TrainedWeights.Checkpoint> checkpoints, Map<String, byte[]> images) {

    /** Checks the parts and copies the collections. */
    public LessonState {
        Objects.requireNonNull(lesson, "lesson");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(weights, "weights");
        checkpoints = List.copyOf(checkpoints);
        images = Collections.unmodifiableMap(new LinkedHashMap<>(images));
    }

    /**
     * Captures a lesson from a session and the settings the front end read from its screens.
     *
     * @param session the model and its weights (the weights only when they fit the model)
     * @param lesson the screens' settings; when {@code lesson.train().includesRun()} the run's checkpoints are taken
     *               and listed in it
     * @param images the screens' own images by entry name
     * @return the state to save
     */
    public static LessonState capture(Session session, Lesson lesson, Map<String, byte[]> images) {
        ModelSpec model = session.model();
        Optional<TrainedWeights> trained = session.trainedFor(model);
        List<TrainedWeights.Checkpoint> checkpoints = lesson.train().includesRun()
                ? trained.map(TrainedWeights::checkpoints).orElse(List.of()) : List.of();
        List<Integer> epochs = new ArrayList<>();
        checkpoints.forEach(c -> epochs.add(c.epoch()));
        Lesson.Train t = lesson.train();
        Lesson withRun = new Lesson(lesson.formatVersion(), lesson.appVersion(), lesson.title(), lesson.notes(),
                lesson.screen(), lesson.presenter(), lesson.quiz(), lesson.locked(), lesson.stepper(),
                lesson.featureMaps(), new Lesson.Train(t.settings(), t.includesRun(), epochs, t.history()));
        return new LessonState(withRun, model, trained.map(TrainedWeights::model), checkpoints, images);
    }

    /**
     * Makes {@code session} hold the lesson's model and weights (saved already, with no model file), as on a machine
     * that never saw the lesson's session.
     *
     * @param session the session to change
     * @param file the lesson file, to name the weights
     */
    public void applyTo(Session session, Path file) {
        if (weights.isPresent()) {
            session.openWithWeights(new TrainedWeights(weights.get(), WeightsVersion.lesson(file, 0),
                    CoreText.tr("weights.fromFile", file.getFileName()), checkpoints));
        } else {
            session.opened(model, null);
        }
    }
}
