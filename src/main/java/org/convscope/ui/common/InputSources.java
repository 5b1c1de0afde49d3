package org.convscope.ui.common;

import static org.convscope.ui.common.I18n.tr;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inputs the stepping screens (Convolution &amp; Pooling, Learn) offer in their source selector: the seed
 * tutorials' matrices, the bundled sample photos, and how the selector names a sample or an opened image file.
 */
public final class InputSources {

    /** How a selector names a bundled sample image. */
    public static final String SAMPLE_PREFIX = "Sample: ";
    /** How a selector names an image file the user opened. */
    public static final String IMAGE_PREFIX = "Image: ";

    /** Built-in matrices from the seed tutorials, by display name, in the selector's order (read-only). */
    public static final Map<String, double[][]> SEED_MATRICES;

    static {
        Map<String, double[][]> m = new LinkedHashMap<>();
        m.put("Seed: 5x5 example (vertical edge gives 6)", new double[][] {
            {7, 2, 3, 3, 8}, {4, 5, 3, 8, 4}, {3, 3, 2, 8, 4}, {2, 8, 7, 2, 7}, {5, 4, 4, 5, 4}});
        m.put("Seed: 5x5 pixels (padded sharpen gives 114)", new double[][] {
            {60, 113, 56, 139, 85}, {73, 121, 54, 84, 128}, {131, 99, 70, 129, 127}, {80, 57, 115, 69, 134},
            {104, 126, 123, 95, 130}});
        m.put("Seed: 5x5 binary image", new double[][] {
            {1, 1, 1, 0, 0}, {0, 1, 1, 1, 0}, {0, 0, 1, 1, 1}, {0, 0, 1, 1, 0}, {0, 1, 1, 0, 0}});
        SEED_MATRICES = Collections.unmodifiableMap(m);
    }

    private InputSources() {
    }

    /**
     * A selector's choice as the user reads it, in the UI's language: the seed matrices, {@code "Sample: x.png"} and
     * {@code "Image: x.png"} translated; anything else as it is. The choices themselves stay English ids (lessons and
     * {@code gui --learn-source} name them).
     */
    public static String shown(String choice) {
        if (choice == null) {
            return "";
        }
        int seed = new java.util.ArrayList<>(SEED_MATRICES.keySet()).indexOf(choice);
        if (seed >= 0) {
            return tr("source.seed." + (seed + 1));
        }
        if (choice.startsWith(SAMPLE_PREFIX)) {
            return tr("source.sample", choice.substring(SAMPLE_PREFIX.length()));
        }
        return choice.startsWith(IMAGE_PREFIX) ? tr("source.image", choice.substring(IMAGE_PREFIX.length())) : choice;
    }

    /** A choice box's converter that shows each item through {@code text}; for lists the user only picks from. */
    public static <T> javafx.util.StringConverter<T> shownAs(java.util.function.Function<T, String> text) {
        return new javafx.util.StringConverter<>() {
            @Override
            public String toString(T item) {
                return item == null ? "" : text.apply(item);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        };
    }

    /** The bundled sample images ({@code resources/samples}), as the selectors list them after the seeds. */
    public static List<String> sampleNames() {
        return List.of("astronaut.png", "camera.png", "chelsea.png", "coffee.png", "horse.png", "rocket.jpg");
    }

    /**
     * Reads a bundled sample's bytes.
     *
     * @param name e.g. {@code chelsea.png}
     * @return the file's bytes
     * @throws java.io.IOException when the sample is missing from the build
     */
    public static byte[] sampleBytes(String name) throws java.io.IOException {
        try (var in = InputSources.class.getResourceAsStream("/samples/" + name)) {
            if (in == null) {
                throw new java.io.IOException(tr("maps.sampleMissing", name));
            }
            return in.readAllBytes();
        }
    }
}
