package org.convscope.ui.shell;

import static org.convscope.ui.common.I18n.tr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.convscope.app.BundledLessons;
import org.convscope.app.LessonFiles;
import org.convscope.app.LessonState;
import org.convscope.engine.Engine;
import org.convscope.io.lesson.Lesson;
import org.convscope.ui.common.I18n;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.ModelSession;
import org.convscope.ui.common.TaskExecutor;
import org.convscope.ui.featuremaps.FeatureMapsScreen;
import org.convscope.ui.stepper.StepperScreen;
import org.convscope.ui.train.TrainScreen;

/**
 * File &gt; Save Lesson and opening a lesson: collects every screen's settings, the model and its weights into a
 * {@link LessonState} and writes it ({@link LessonFiles}, in the background); opening reads one in the background, then
 * gives the session the lesson's model and weights and each screen its settings, opens its screen, shows the
 * teacher's notes and locks its controls.
 */
final class LessonActions {

    /** The screens a lesson sets, joined here (a screen never uses another). */
    record Screens(StepperScreen stepper, FeatureMapsScreen maps, TrainScreen train) {
    }

    static final FileChooser.ExtensionFilter LESSON_FILES =
            new FileChooser.ExtensionFilter(tr("filter.lessons"), "*" + LessonFiles.EXTENSION);

    /** Where the Feature maps screen's own image goes in a lesson; the file's name follows. */
    private static final String MAPS_PREFIX = "images/maps-";

    private final Stage stage;
    private final ModelSession session;
    private final TaskExecutor executor;
    private final ShellViewModel vm;
    private final Supplier<Engine> engine;
    private final Screens screens;
    private final LessonPanel panel;
    private final LessonLocks locks;
    private final Predicate<String> confirmDiscard;
    private Lesson last;

    LessonActions(Stage stage, ModelSession session, TaskExecutor executor, ShellViewModel vm, Supplier<Engine> engine,
                  Screens screens, LessonPanel panel, LessonLocks locks, Predicate<String> confirmDiscard) {
        this.stage = stage;
        this.session = session;
        this.executor = executor;
        this.vm = vm;
        this.engine = engine;
        this.screens = screens;
        this.panel = panel;
        this.locks = locks;
        this.confirmDiscard = confirmDiscard;
    }

    /** The lesson as the screens show it now, with this title, notes and locks. */
    Lesson capture(SaveLessonDialog.Choice c) {
        Lesson.Train train = new Lesson.Train(screens.train().lessonSettings(), c.includeRun(), List.of(), null);
        return new Lesson(Lesson.FORMAT_VERSION, LessonFiles.appVersion(), c.title(), c.notes(), vm.screenProperty().get(),
                vm.presenterModeProperty().get(), screens.stepper().quizOn(), c.locked(),
                screens.stepper().lessonSettings(stepperEntry()), screens.maps().lessonSettings(MAPS_PREFIX), train);
    }

    /** The screens' own images (not seeds or samples) by entry name. */
    private Map<String, byte[]> images() throws IOException {
        Map<String, byte[]> images = new LinkedHashMap<>();
        Optional<byte[]> s = screens.stepper().lessonImage();
        s.ifPresent(b -> images.put(stepperEntry(), b));
        screens.maps().lessonImage().ifPresent(b -> images.put(mapsEntry(), b));
        return images;
    }

    private String stepperEntry() {
        String source = screens.stepper().lessonSettings("images/x").source();
        return "images/stepper-" + safe(source.substring(source.indexOf(':') + 1).strip()) + ".png";
    }

    private String mapsEntry() {
        return screens.maps().lessonSettings(MAPS_PREFIX).image();
    }

    private static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]+", "-");
        return s.length() > 60 ? s.substring(s.length() - 60) : s;
    }

    /** File &gt; Save Lesson...: asks for the title, notes, run and locks, then for a file. */
    void saveWithDialog() {
        boolean hasRun = session.trainedFor(session.getModel()).map(t -> !t.checkpoints().isEmpty()).orElse(false);
        String title = last != null ? last.title() : session.getModel().name();
        var choice = SaveLessonDialog.ask(stage, title, last != null ? last.notes() : "",
                last != null ? last.locked() : List.of(), hasRun);
        if (choice.isEmpty()) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle(tr("chooser.saveLesson"));
        chooser.getExtensionFilters().add(LESSON_FILES);
        chooser.setInitialFileName(choice.get().title().replaceAll("[^A-Za-z0-9._-]+", "-") + LessonFiles.EXTENSION);
        var chosen = chooser.showSaveDialog(stage);
        if (chosen != null) {
            String n = chosen.getName();
            saveTo(n.endsWith(LessonFiles.EXTENSION) ? chosen.toPath() : chosen.toPath().resolveSibling(n
                    + LessonFiles.EXTENSION), choice.get());
        }
    }

    /** Writes the lesson to {@code file} in the background; a dialog explains a failure (the old file stays). */
    void saveTo(Path file, SaveLessonDialog.Choice choice) {
        LessonState state;
        try {
            Lesson lesson = capture(choice);
            state = LessonState.capture(session.session(), lesson, images());
            last = state.lesson();
        } catch (IOException e) {
            Dialogs.error(stage, tr("error.cannotSave", file.getFileName()), Dialogs.describe(e));
            return;
        }
        vm.showStatus(tr("status.savingLesson", file.getFileName()));
        executor.submit(BackgroundJob.of("Save lesson", (token, progress) -> {
            LessonFiles.save(file, state, engine.get());
            return file;
        }).onSuccess(f -> vm.showStatus(tr("status.savedLesson", f))).onFailure(e -> Dialogs.error(stage,
                tr("error.cannotSave", file.getFileName()), Dialogs.describe(e) + "\n\n" + tr("error.existingUnchanged"))));
    }

    /** Opens a lesson after asking about unsaved work (File &gt; Open chose the file already and asked). */
    void openAsking(Path file) {
        if (confirmDiscard.test(tr("action.openLesson"))) {
            open(file);
        }
    }

    /** Reads a lesson in the background and restores it; a refused file is explained in a dialog. */
    void open(Path file) {
        vm.showStatus(tr("status.openingLesson", file.getFileName()));
        executor.submit(BackgroundJob.of("Open lesson", (token, progress) -> LessonFiles.open(file, engine))
                .onSuccess(state -> restore(state, file))
                .onFailure(e -> {
                    vm.showStatus(tr("status.couldNotOpen", file.getFileName()));
                    Dialogs.error(stage, tr("error.cannotOpen", file.getFileName()), Dialogs.describe(e));
                }));
    }

    /** Help &gt; Lessons: opens a bundled lesson (after asking about unsaved work). */
    void openBundled(String id) {
        if (!confirmDiscard.test(tr("action.openLesson"))) {
            return;
        }
        try {
            open(BundledLessons.extract(id));
        } catch (IOException e) {
            Dialogs.error(stage, tr("error.cannotOpenLesson"), Dialogs.describe(e));
        }
    }

    /** Makes the app show exactly what the lesson holds. */
    void restore(LessonState state, Path file) {
        Lesson l = state.lesson();
        locks.unlockAll();
        state.applyTo(session.session(), file);
        Path stepperImage;
        Path mapsImage;
        try {
            stepperImage = writeImage(state, l.stepper().image(), l.stepper().source());
            mapsImage = l.featureMaps().image().startsWith("images/")
                    ? writeImage(state, l.featureMaps().image(), l.featureMaps().image().replace(MAPS_PREFIX, "")) : null;
        } catch (IOException e) {
            Dialogs.error(stage, tr("error.cannotOpen", file.getFileName()), tr("error.lessonImages", Dialogs.describe(e)));
            return;
        }
        screens.train().restoreLesson(l.train().settings());
        screens.maps().restoreLesson(l.featureMaps(), mapsImage);
        vm.presenterModeProperty().set(l.presenter());
        vm.screenProperty().set(l.screen());
        panel.show(shownTitle(l), shownNotes(l));
        locks.lock(l.locked());
        last = l;
        screens.stepper().restoreLesson(l.stepper(), stepperImage, l.quiz(), () -> vm.showStatus(l.locked().isEmpty()
                ? tr("status.openedLesson", shownTitle(l), file.getFileName())
                : tr("status.openedLessonLocked", shownTitle(l), file.getFileName(), l.locked().size())));
    }

    /** A bundled lesson with its own notes, or null: the lesson a teacher opened from Help, unedited. */
    private static org.convscope.app.BundledLessons.Entry bundled(Lesson l) {
        return org.convscope.app.BundledLessons.ALL.stream().filter(e -> e.title().equals(l.title())
                && l.notes().equals(I18n.english("lesson.notes." + e.id()))).findFirst().orElse(null);
    }

    /** The lesson's title in the user's language where it is a bundled lesson; a teacher's own title as written. */
    static String shownTitle(Lesson l) {
        var e = bundled(l);
        return e == null ? l.title() : tr("lesson.bundled." + e.id());
    }

    /** The lesson's notes in the user's language where they are a bundled lesson's; a teacher's own as written. */
    static String shownNotes(Lesson l) {
        var e = bundled(l);
        return e == null ? l.notes() : tr("lesson.notes." + e.id());
    }

    /** Ends the lesson: the notes close and every control is unlocked (another model or lesson was opened). */
    void end() {
        panel.close();
        locks.unlockAll();
        last = null;
    }

    /** The lesson last opened or saved, if any. */
    Optional<Lesson> last() {
        return Optional.ofNullable(last);
    }

    /** Writes one of the lesson's images to a new temporary folder, under the name the screen showed it by. */
    private static Path writeImage(LessonState state, String entry, String shownAs) throws IOException {
        if (entry == null || !state.images().containsKey(entry)) {
            return null;
        }
        String name = shownAs.substring(shownAs.indexOf(':') + 1).strip();
        name = Path.of(name.replace('\\', '/').replaceAll(".*/", "")).getFileName().toString()
                .replaceAll("[^A-Za-z0-9._-]+", "-");
        Path dir = Files.createTempDirectory("convscope-lesson-images");
        dir.toFile().deleteOnExit();
        Path file = dir.resolve(name.isEmpty() || name.startsWith(".") ? "image.png" : name);
        Files.write(file, state.images().get(entry));
        file.toFile().deleteOnExit();
        return file;
    }
}
