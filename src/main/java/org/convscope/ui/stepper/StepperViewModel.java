package org.convscope.ui.stepper;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.convscope.core.analysis.ShapeMath;
import org.convscope.core.conv.ConvSettings;
import org.convscope.core.conv.ConvStep;
import org.convscope.core.conv.ConvTrace;
import org.convscope.core.conv.Convolution;
import org.convscope.core.conv.KernelPresets;
import org.convscope.core.conv.PoolSettings;
import org.convscope.core.conv.PoolStep;
import org.convscope.core.conv.PoolTrace;
import org.convscope.core.conv.Pooling;
import org.convscope.core.conv.Volume;
import org.convscope.core.conv.WindowGeometry;
import org.convscope.core.image.Raster;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.imaging.Images;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.TaskExecutor;

/**
 * State of the Convolution & Pooling screen: the input, the kernel or pooling window, the settings,
 * the trace and the current step.
 *
 * <p>Every change recomputes the trace (cheap: a 224x224 image is a few milliseconds) and bumps
 * {@link #revisionProperty()}, which the view redraws on. Images are decoded on the executor.
 */
final class StepperViewModel {

    /** What the window computes. */
    enum Mode { CONVOLUTION, POOLING }

    /** Which channels of an image are used. */
    enum Channels { GRAY, RED, GREEN, BLUE, RGB }

    /** Built-in matrices from the seed tutorials, by display name. */
    static final Map<String, double[][]> SEED_MATRICES = new LinkedHashMap<>();

    static {
        SEED_MATRICES.put("Seed: 5x5 example (vertical edge gives 6)", new double[][] {
            {7, 2, 3, 3, 8}, {4, 5, 3, 8, 4}, {3, 3, 2, 8, 4}, {2, 8, 7, 2, 7}, {5, 4, 4, 5, 4}});
        SEED_MATRICES.put("Seed: 5x5 pixels (padded sharpen gives 114)", new double[][] {
            {60, 113, 56, 139, 85}, {73, 121, 54, 84, 128}, {131, 99, 70, 129, 127}, {80, 57, 115, 69, 134},
            {104, 126, 123, 95, 130}});
        SEED_MATRICES.put("Seed: 5x5 binary image", new double[][] {
            {1, 1, 1, 0, 0}, {0, 1, 1, 1, 0}, {0, 0, 1, 1, 1}, {0, 0, 1, 1, 0}, {0, 1, 1, 0, 0}});
    }

    private final TaskExecutor executor;
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper(this, "revision");
    private final ReadOnlyIntegerWrapper cursor = new ReadOnlyIntegerWrapper(this, "cursor");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper canForward = new ReadOnlyBooleanWrapper(this, "canForward");
    private final ReadOnlyBooleanWrapper canBack = new ReadOnlyBooleanWrapper(this, "canBack");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");

    private String sourceName = SEED_MATRICES.keySet().iterator().next();
    private double[][] seedMatrix = SEED_MATRICES.get(sourceName);
    private Raster image;
    private int workingSize = 16;
    private boolean unitScale;
    private Images.Interpolation interpolation = Images.Interpolation.AREA;
    private Channels channels = Channels.GRAY;
    private int viewChannel;
    private Mode mode = Mode.CONVOLUTION;
    private String kernelName = "vertical-edge";
    private double[][] kernel = KernelPresets.get(kernelName).orElseThrow();
    private Volume learned; // a filter (kh, kw, C_in) from the model, or null
    private Volume fed; // feature maps given as the input (a deeper layer's input), or null
    private ConvSettings conv = ConvSettings.DEFAULT;
    private PoolSettings pool = new PoolSettings(Size2.square(2), Size2.square(2), Padding.VALID, PoolSettings.Mode.MAX, 0.5);
    private Volume input;
    private ConvTrace convTrace;
    private PoolTrace poolTrace;
    private Set<Integer> usedBy = Set.of();

    StepperViewModel(TaskExecutor executor) {
        this.executor = executor;
        recompute();
    }

    // Properties

    /** Bumped after every change; the view redraws. */
    ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /** The current step: index of the output cell being computed (row-major). */
    ReadOnlyIntegerProperty cursorProperty() {
        return cursor.getReadOnlyProperty();
    }

    /** Empty, or why the settings cannot be applied (with the formula). */
    ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** A line about the source, e.g. {@code chelsea.png 451 x 300 RGB -> 16 x 11}. */
    ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty canForwardProperty() {
        return canForward.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty canBackProperty() {
        return canBack.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    Mode mode() {
        return mode;
    }

    Volume input() {
        return input;
    }

    int viewChannel() {
        return viewChannel;
    }

    double[][] kernel() {
        return kernel;
    }

    String kernelName() {
        return kernelName;
    }

    ConvSettings convSettings() {
        return conv;
    }

    PoolSettings poolSettings() {
        return pool;
    }

    String sourceName() {
        return sourceName;
    }

    int workingSize() {
        return workingSize;
    }

    Channels channels() {
        return channels;
    }

    boolean hasImage() {
        return image != null;
    }

    /** Goes back from feature maps as the input to the image (or seed matrix); recomputes on the next change. */
    void dropFeatureMaps() {
        fed = null;
    }

    ConvTrace convTrace() {
        return convTrace;
    }

    PoolTrace poolTrace() {
        return poolTrace;
    }

    /** Output cells that use the last clicked input cell. */
    Set<Integer> usedBy() {
        return usedBy;
    }

    /** Returns the number of steps, 0 when the settings do not fit. */
    int steps() {
        return convTrace != null ? convTrace.steps() : poolTrace != null ? poolTrace.steps() : 0;
    }

    WindowGeometry geometry() {
        return convTrace != null ? convTrace.geometry() : poolTrace != null ? poolTrace.geometry() : null;
    }

    ConvStep convStep() {
        return convTrace == null ? null : convTrace.step(cursor.get());
    }

    PoolStep poolStep() {
        return poolTrace == null ? null : poolTrace.step(cursor.get());
    }

    /** The output-size formula with the current numbers, for the formula strip. */
    String formula() {
        int h = input.height();
        int w = input.width();
        Size2 win = mode == Mode.CONVOLUTION ? new Size2(kernel.length, kernel[0].length) : pool.pool();
        Size2 s = mode == Mode.CONVOLUTION ? conv.strides() : pool.strides();
        Padding p = mode == Mode.CONVOLUTION ? conv.padding() : pool.padding();
        var rows = ShapeMath.outputLength(h, win.h(), s.h(), p);
        var cols = ShapeMath.outputLength(w, win.w(), s.w(), p);
        return "Output rows: " + rows.formula() + "    columns: " + cols.formula();
    }

    // Commands

    void useSeedMatrix(String name) {
        double[][] m = SEED_MATRICES.get(name);
        if (m != null) {
            sourceName = name;
            seedMatrix = m;
            image = null;
            fed = null;
            recompute();
        }
    }

    /**
     * Loads an image in the background; errors appear in {@link #errorProperty()}.
     *
     * @param file the image file
     */
    void openImage(Path file) {
        loading.set(true);
        status.set("Loading " + file.getFileName() + "...");
        executor.submit(BackgroundJob.of("Open image", (token, progress) -> Images.read(file, Images.DEFAULT_MAX_PIXELS))
                .onSuccess(r -> {
                    loading.set(false);
                    image = r;
                    fed = null;
                    sourceName = file.getFileName().toString();
                    channels = r.channels() == 1 ? Channels.GRAY : channels;
                    recompute();
                })
                .onFailure(e -> {
                    loading.set(false);
                    error.set(Dialogs.describe(e));
                    status.set("Could not open " + file.getFileName());
                }));
    }

    /**
     * Loads a bundled sample image (from {@code resources/samples}) in the background.
     *
     * @param name the file name, e.g. {@code chelsea.png}
     */
    void openSample(String name) {
        loading.set(true);
        executor.submit(BackgroundJob.of("Open sample", (token, progress) -> {
            try (var in = StepperViewModel.class.getResourceAsStream("/samples/" + name)) {
                if (in == null) {
                    throw new java.io.IOException("the bundled sample " + name + " is missing");
                }
                return Images.decode(in.readAllBytes(), name, Images.DEFAULT_MAX_PIXELS);
            }
        }).onSuccess(r -> {
            loading.set(false);
            image = r;
            fed = null;
            sourceName = name;
            channels = r.channels() == 1 ? Channels.GRAY : channels;
            recompute();
        }).onFailure(e -> {
            loading.set(false);
            error.set(Dialogs.describe(e));
        }));
    }

    void setWorkingSize(int n) {
        workingSize = Math.max(2, Math.min(n, 512));
        recompute();
    }

    /** Shows image pixels as 0-1 (divided by 255, as models usually see them) instead of 0-255. */
    void setUnitScale(boolean on) {
        unitScale = on;
        recompute();
    }

    /** Chooses how the image is resized to the working size. */
    void setInterpolation(Images.Interpolation how) {
        interpolation = how;
        recompute();
    }

    Images.Interpolation interpolation() {
        return interpolation;
    }

    boolean unitScale() {
        return unitScale;
    }

    void setChannels(Channels c) {
        channels = c;
        viewChannel = 0;
        recompute();
    }

    void setViewChannel(int ch) {
        viewChannel = Math.max(0, Math.min(ch, input.channels() - 1));
        bump();
    }

    void setMode(Mode m) {
        mode = m;
        recompute();
    }

    void useKernelPreset(String name) {
        KernelPresets.get(name).ifPresent(k -> {
            kernelName = name;
            kernel = k;
            learned = null;
            recompute();
        });
    }

    /**
     * Uses a filter of the model's Conv2D layer: one {@code kh x kw} matrix per input channel.
     *
     * @param filter the filter {@code (kh, kw, C_in)}
     * @param label e.g. {@code conv2d filter 3}
     */
    /**
     * Uses feature maps as the input instead of an image: the input a deeper layer of the model sees, so that
     * one of its filters ({@code C_in} channels) can be stepped through.
     *
     * @param maps the input, {@code (H, W, C)}
     * @param name what it is, for the status line, e.g. {@code the 8 maps of conv2d for chelsea.png}
     */
    void useFeatureMaps(Volume maps, String name) {
        fed = maps;
        sourceName = name;
        recompute();
    }

    void useLearnedFilter(Volume filter, String label) {
        learned = filter;
        kernelName = label;
        kernel = filter.channel(0);
        recompute();
    }

    boolean usingLearnedFilter() {
        return learned != null;
    }

    /** Replaces the kernel (a custom one typed into the grid), at most 11x11. */
    void setKernel(double[][] k) {
        if (k.length < 1 || k.length > 11 || k[0].length < 1 || k[0].length > 11) {
            error.set("Kernels from 1x1 to 11x11 are supported.");
            return;
        }
        kernel = k;
        kernelName = "custom";
        learned = null;
        recompute();
    }

    void setConvSettings(ConvSettings s) {
        conv = s;
        recompute();
    }

    void setPoolSettings(PoolSettings s) {
        pool = s;
        recompute();
    }

    void stepForward() {
        if (cursor.get() < steps() - 1) {
            cursor.set(cursor.get() + 1);
            bump();
        }
    }

    void stepBack() {
        if (cursor.get() > 0) {
            cursor.set(cursor.get() - 1);
            bump();
        }
    }

    void runToEnd() {
        if (steps() > 0) {
            cursor.set(steps() - 1);
            bump();
        }
    }

    void restart() {
        cursor.set(0);
        bump();
    }

    /** Jumps to the output cell (row, col). */
    void jumpTo(int row, int col) {
        WindowGeometry g = geometry();
        if (g != null && row >= 0 && col >= 0 && row < g.outHeight() && col < g.outWidth()) {
            cursor.set(row * g.outWidth() + col);
            bump();
        }
    }

    /** Marks every output cell whose window covers the input cell (row, col). */
    void showUsersOf(int row, int col) {
        WindowGeometry g = geometry();
        Set<Integer> out = new HashSet<>();
        if (g != null) {
            for (int r = 0; r < g.outHeight(); r++) {
                int top = g.top(r);
                if (row < top || row >= top + g.window().h()) {
                    continue;
                }
                for (int c = 0; c < g.outWidth(); c++) {
                    int left = g.left(c);
                    if (col >= left && col < left + g.window().w()) {
                        out.add(r * g.outWidth() + c);
                    }
                }
            }
        }
        usedBy = out;
        status.set("Input cell (" + row + ", " + col + ") is used by " + out.size() + " output cell(s), outlined.");
        bump();
    }

    private void recompute() {
        input = buildInput();
        usedBy = Set.of();
        convTrace = null;
        poolTrace = null;
        error.set("");
        try {
            if (mode == Mode.CONVOLUTION) {
                if (learned != null && learned.channels() != input.channels()) {
                    throw new IllegalArgumentException("this filter has " + learned.channels() + " input channel(s): choose "
                            + (learned.channels() == 3 ? "RGB" : "GRAY") + " channels and an image, as the model sees it");
                }
                Volume k = learned != null ? learned : replicate(kernel, input.channels());
                convTrace = Convolution.run(input, k, conv);
            } else {
                poolTrace = Pooling.run(input.channel(viewChannel), pool);
            }
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
        }
        cursor.set(Math.min(cursor.get(), Math.max(0, steps() - 1)));
        status.set(describeSource());
        bump();
    }

    private String describeSource() {
        if (fed != null) {
            return sourceName + ": " + fed.height() + " x " + fed.width() + " x " + fed.channels();
        }
        if (image == null) {
            return sourceName;
        }
        return sourceName + ": " + image.width() + " x " + image.height() + (image.channels() == 3 ? " RGB" : " gray")
                + " -> working size " + input.width() + " x " + input.height() + " x " + input.channels();
    }

    private Volume buildInput() {
        if (fed != null) {
            return fed;
        }
        if (image == null) {
            return Volume.of(seedMatrix);
        }
        Raster r = Images.resizeLongSide(image, workingSize, interpolation);
        switch (channels) {
            case RGB:
                return r.toVolume(unitScale);
            case RED:
            case GREEN:
            case BLUE:
                return r.channels() == 3 ? r.channel(channels.ordinal() - 1).toVolume(unitScale) : r.toVolume(unitScale);
            default:
                return Images.grayscale(r).toVolume(unitScale);
        }
    }

    /** The same 2-D kernel for every input channel, as the stepper applies presets to colour images. */
    private static Volume replicate(double[][] k, int channels) {
        int h = k.length;
        int w = k[0].length;
        double[] v = new double[h * w * channels];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                for (int ch = 0; ch < channels; ch++) {
                    v[(r * w + c) * channels + ch] = k[r][c];
                }
            }
        }
        return new Volume(h, w, channels, v);
    }

    private void bump() {
        canForward.set(cursor.get() < steps() - 1);
        canBack.set(cursor.get() > 0);
        revision.set(revision.get() + 1);
    }

    static List<String> sampleNames() {
        return List.of("astronaut.png", "camera.png", "chelsea.png", "coffee.png", "horse.png", "rocket.jpg");
    }
}
