package org.convscope.io.lesson;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a lesson file ({@code *.convscope-lesson}) says besides its model, weights and images: the title and the
 * teacher's notes, the screen it opens on with each screen's settings, presenter mode, the quiz, and which controls
 * students may not change. Plain values only (strings, numbers, lists), so that {@link LessonJson} writes it as it is
 * and two lessons compare field by field with {@code equals}.
 *
 * @param formatVersion the lesson format, {@link #FORMAT_VERSION} when written by this version
 * @param appVersion the ConvScope version that wrote it, e.g. {@code 0.1.0}
 * @param title shown in the notes panel and the window
 * @param notes the teacher's notes, plain text with line breaks
 * @param screen the screen it opens on: {@code build}, {@code stepper}, {@code featuremaps} or {@code train}
 * @param presenter presenter mode (large type) on
 * @param quiz the open screen's quiz on (Convolution &amp; Pooling)
 * @param locked the ids of the controls students may not change, e.g. {@code conv-stride}
 * @param stepper the Convolution &amp; Pooling screen
 * @param featureMaps the Feature maps &amp; Filters screen
 * @param train the Train screen
 */
public record Lesson(int formatVersion, String appVersion, String title, String notes, String screen, boolean presenter,
                     boolean quiz, List<String> locked, Stepper stepper, Maps featureMaps, Train train) {

    /** The lesson format this version writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    /** The screens a lesson may open on. */
    public static final List<String> SCREENS = List.of("build", "stepper", "featuremaps", "train");

    /** Checks the parts and copies the lists. */
    public Lesson {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(notes, "notes");
        Objects.requireNonNull(screen, "screen");
        Objects.requireNonNull(appVersion, "appVersion");
        locked = List.copyOf(locked == null ? List.of() : locked);
        Objects.requireNonNull(stepper, "stepper");
        Objects.requireNonNull(featureMaps, "featureMaps");
        Objects.requireNonNull(train, "train");
    }

    /**
     * The Convolution &amp; Pooling screen.
     *
     * @param source what the source selector shows: a seed's name, {@code Sample: chelsea.png} or
     *               {@code Image: cat.jpg} (an image carried in the lesson, see {@code image})
     * @param image the archive entry of the lesson's own image ({@code images/...}), or null for a seed or sample
     * @param workingSize the longer side an image is resized to, 2-512
     * @param channels {@code GRAY}, {@code RED}, {@code GREEN}, {@code BLUE} or {@code RGB}
     * @param unitScale pixels as 0-1 instead of 0-255
     * @param interpolation how an image is resized ({@code AREA}, {@code NEAREST}, {@code LINEAR}, {@code CUBIC})
     * @param mode {@code CONVOLUTION} or {@code POOLING}
     * @param kernelName the kernel preset's name, or the name of a typed kernel
     * @param kernel the kernel's weights, rows of columns (up to 11x11)
     * @param strides convolution strides, rows then columns
     * @param padding {@code valid}, {@code same} or a number of zero cells per side
     * @param bias added to every output cell
     * @param relu {@code max(0, x)} after the bias
     * @param flip true convolution (the kernel turned by 180 degrees)
     * @param pool pooling window, rows then columns
     * @param poolStrides pooling strides, rows then columns
     * @param poolPadding pooling padding, as {@code padding}
     * @param poolMode {@code MAX}, {@code AVERAGE} or {@code MIXED}
     * @param poolLambda weight of the max in mixed pooling, 0-1
     * @param position the current step: the output cell's index, row-major from 0
     * @param viewChannel the input channel shown (pooling works on one channel)
     */
    public record Stepper(String source, String image, int workingSize, String channels, boolean unitScale,
                          String interpolation, String mode, String kernelName, List<List<Double>> kernel,
                          List<Integer> strides, String padding, double bias, boolean relu, boolean flip,
                          List<Integer> pool, List<Integer> poolStrides, String poolPadding, String poolMode,
                          double poolLambda, int position, int viewChannel) {
        /** Copies the lists (so a lesson never changes under its reader). */
        public Stepper {
            kernel = kernel == null ? List.of() : kernel.stream().map(List::copyOf).toList();
            strides = strides == null ? List.of(1, 1) : List.copyOf(strides);
            pool = pool == null ? List.of(2, 2) : List.copyOf(pool);
            poolStrides = poolStrides == null ? List.of(2, 2) : List.copyOf(poolStrides);
        }
    }

    /**
     * The Feature maps &amp; Filters screen.
     *
     * @param image a bundled sample's name ({@code chelsea.png}), or the archive entry of the lesson's own image
     *              ({@code images/...})
     * @param layer the layer shown, from 1
     * @param filters the Filters view instead of the feature maps
     * @param normalisation {@code PER_MAP} or {@code PER_LAYER}
     * @param colours the colour map, e.g. {@code VIRIDIS}
     * @param page the page of 64 maps, from 0
     * @param epoch the time machine: 0 for the final weights, else the epoch of a checkpoint
     */
    public record Maps(String image, int layer, boolean filters, String normalisation, String colours, int page,
                       int epoch) {
    }

    /**
     * The Train screen.
     *
     * @param settings the settings column's values by control id, e.g. {@code train-epochs -> 10}
     * @param includesRun the lesson carries the run: its checkpoints (and {@code history}, if any)
     * @param checkpoints the epochs whose weights the lesson carries, oldest first
     * @param history the run's history as CSV ({@code epoch,loss,accuracy,...}), or null
     */
    public record Train(Map<String, String> settings, boolean includesRun, List<Integer> checkpoints, String history) {
        /** Copies the map and the list. */
        public Train {
            settings = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(settings == null ? Map.of() : settings));
            checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
        }
    }
}
