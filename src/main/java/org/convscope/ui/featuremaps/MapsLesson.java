package org.convscope.ui.featuremaps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ToggleButton;
import org.convscope.imaging.ColorMaps;
import org.convscope.imaging.TileRenderer;
import org.convscope.io.lesson.Lesson;

/**
 * The Feature maps &amp; Filters screen's part of a lesson: read from the view model and the toolbar's choices, and
 * set again through the same controls a user would use (so they show what is shown), the page last.
 */
final class MapsLesson {

    /** The bundled sample images the Image box offers. */
    static final List<String> SAMPLES =
            List.of("chelsea.png", "astronaut.png", "camera.png", "coffee.png", "horse.png", "rocket.jpg");

    private final FeatureMapsViewModel vm;
    private final Node root;
    private final ToggleButton maps;
    private final ToggleButton filters;
    private final ChoiceBox<Integer> epochs;
    private final FilterQuiz quiz;

    MapsLesson(FeatureMapsViewModel vm, Node root, ToggleButton maps, ToggleButton filters, ChoiceBox<Integer> epochs,
               FilterQuiz quiz) {
        this.vm = vm;
        this.root = root;
        this.maps = maps;
        this.filters = filters;
        this.epochs = epochs;
        this.quiz = quiz;
    }

    /** @param imagePrefix where an opened image goes in the lesson, e.g. {@code images/maps-} (its name follows) */
    Lesson.Maps snapshot(String imagePrefix) {
        String file = String.valueOf(Path.of(vm.imageName()).getFileName()).replaceAll("[^A-Za-z0-9._-]+", "-");
        String image = SAMPLES.contains(vm.imageName()) ? vm.imageName()
                : imagePrefix + (file.length() > 60 ? file.substring(file.length() - 60) : file);
        return new Lesson.Maps(image, vm.layer(), vm.showingFilters(),
                this.<TileRenderer.Normalisation>choice("#maps-normalisation").getValue().name(),
                this.<ColorMaps>choice("#maps-colours").getValue().name(), vm.page(), vm.epochShown());
    }

    Optional<byte[]> imageBytes() throws IOException {
        return SAMPLES.contains(vm.imageName()) ? Optional.empty()
                : Optional.of(Files.readAllBytes(Path.of(vm.imageName())));
    }

    void restore(Lesson.Maps lesson, Path image) {
        quiz.setActive(false);
        if (image != null) {
            vm.useImage(image);
        } else {
            @SuppressWarnings("unchecked")
            ComboBox<String> box = (ComboBox<String>) root.lookup("#maps-image");
            box.setValue(lesson.image());
            vm.useSample(lesson.image());
        }
        (lesson.filters() ? filters : maps).fire();
        ChoiceBox<LayerChoice> layer = choice("#maps-layer");
        layer.getItems().stream().filter(c -> c.index() == lesson.layer()).findFirst().ifPresent(layer::setValue);
        this.<TileRenderer.Normalisation>choice("#maps-normalisation").setValue(
                enumOr(TileRenderer.Normalisation.class, lesson.normalisation(), TileRenderer.Normalisation.PER_MAP));
        this.<ColorMaps>choice("#maps-colours").setValue(enumOr(ColorMaps.class, lesson.colours(), ColorMaps.GRAY));
        epochs.setValue(epochs.getItems().contains(lesson.epoch()) ? lesson.epoch() : 0);
        vm.showPage(lesson.page());
    }

    @SuppressWarnings("unchecked")
    private <T> ChoiceBox<T> choice(String id) {
        return (ChoiceBox<T>) root.lookup(id);
    }

    private static <E extends Enum<E>> E enumOr(Class<E> type, String name, E fallback) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException | NullPointerException e) {
            return fallback;
        }
    }
}
