package org.convscope.ui.stepper;

import static org.convscope.ui.common.I18n.tr;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.convscope.core.conv.ConvSettings;
import org.convscope.core.conv.ConvStep;
import org.convscope.core.conv.ConvTrace;
import org.convscope.core.conv.Convolution;
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
    static final Map<String, double[][]> SEED_MATRICES = StepperSource.SEED_MATRICES;

    private final TaskExecutor executor;
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper(this, "revision");
    private final ReadOnlyIntegerWrapper cursor = new ReadOnlyIntegerWrapper(this, "cursor");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper canForward = new ReadOnlyBooleanWrapper(this, "canForward");
    private final ReadOnlyBooleanWrapper canBack = new ReadOnlyBooleanWrapper(this, "canBack");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");

    final StepperSource source = new StepperSource(); // read by StepperLesson, which saves its image in lessons
    private int viewChannel;
    private Mode mode = Mode.CONVOLUTION;
    private final KernelEditor kernel = new KernelEditor();
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

    /** Shows a line of the screen's own (an export's result) in the status line. */
    void say(String line) {
        status.set(line);
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
        return kernel.kernel();
    }

    String kernelName() {
        return kernel.name();
    }

    /** The kernel being slid, for the settings column's grid. */
    KernelEditor kernelEditor() {
        return kernel;
    }

    ConvSettings convSettings() {
        return conv;
    }

    PoolSettings poolSettings() {
        return pool;
    }

    String sourceName() {
        return source.name;
    }

    int workingSize() {
        return source.workingSize;
    }

    Channels channels() {
        return source.channels;
    }

    boolean hasImage() {
        return source.image != null;
    }

    /** True while the input is feature maps (a deeper layer's input), not an image or a seed matrix. */
    boolean usingFeatureMaps() {
        return source.fed != null;
    }

    /**
     * What the source selector shows: the seed's name, {@code Sample: chelsea.png}, {@code Image: cat.jpg} for an
     * opened file, or the layer input a learned filter was opened with.
     */
    String sourceChoice() {
        return source.choice;
    }

    /** The selector's list: the loaded input first when it is not a seed or a sample, then the seeds and samples. */
    List<String> sourceChoices() {
        return source.choices();
    }

    /**
     * Loads what the selector's entry names: a seed or a sample; the loaded input's own entry changes nothing.
     *
     * @param choice one of {@link #sourceChoices()}
     */
    void chooseSource(String choice) {
        if (choice == null || choice.equals(source.choice)) {
            return;
        }
        if (choice.startsWith(StepperSource.SAMPLE_PREFIX)) {
            openSample(choice.substring(StepperSource.SAMPLE_PREFIX.length()));
        } else {
            useSeedMatrix(choice);
        }
    }

    /** Goes back from feature maps as the input to the image (or seed matrix); recomputes on the next change. */
    void dropFeatureMaps() {
        source.fed = null;
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
        return OutputFormula.of(input, mode, kernel(), conv, pool);
    }

    // Commands

    void useSeedMatrix(String name) {
        if (SEED_MATRICES.containsKey(name)) {
            source.useSeed(name);
            viewChannel = 0;
            cursor.set(0);
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
        status.set(tr("stepper.loading", file.getFileName()));
        executor.submit(BackgroundJob.of("Open image", (token, progress) -> Images.read(file, Images.DEFAULT_MAX_PIXELS))
                .onSuccess(r -> loaded(r, file.getFileName().toString(), StepperSource.IMAGE_PREFIX + file.getFileName()))
                .onFailure(e -> {
                    loading.set(false);
                    error.set(Dialogs.describe(e));
                    status.set(tr("status.couldNotOpen", file.getFileName()));
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
            return Images.decode(org.convscope.ui.common.InputSources.sampleBytes(name), name, Images.DEFAULT_MAX_PIXELS);
        }).onSuccess(r -> loaded(r, name, StepperSource.SAMPLE_PREFIX + name)).onFailure(e -> {
            loading.set(false);
            error.set(Dialogs.describe(e));
        }));
    }

    /** A new image is the input: from its first cell, in gray for a gray image. */
    private void loaded(Raster r, String name, String choice) {
        loading.set(false);
        source.useImage(r, name, choice);
        viewChannel = 0;
        cursor.set(0);
        recompute();
    }

    void setWorkingSize(int n) {
        source.workingSize = Math.max(2, Math.min(n, 512));
        recompute();
    }

    /** Shows image pixels as 0-1 (divided by 255, as models usually see them) instead of 0-255. */
    void setUnitScale(boolean on) {
        source.unitScale = on;
        recompute();
    }

    /** Chooses how the image is resized to the working size. */
    void setInterpolation(Images.Interpolation how) {
        source.interpolation = how;
        recompute();
    }

    Images.Interpolation interpolation() {
        return source.interpolation;
    }

    boolean unitScale() {
        return source.unitScale;
    }

    void setChannels(Channels c) {
        source.channels = c;
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
        if (kernel.usePreset(name)) {
            recompute();
        }
    }

    /**
     * Uses feature maps as the input instead of an image: the input a deeper layer of the model sees, so that
     * one of its filters ({@code C_in} channels) can be stepped through.
     *
     * @param maps the input, {@code (H, W, C)}
     * @param name what it is, for the status line, e.g. {@code the 8 maps of conv2d for chelsea.png}
     */
    void useFeatureMaps(Volume maps, String name) {
        source.useFeatureMaps(maps, name);
        viewChannel = 0;
        cursor.set(0);
        recompute();
    }

    /**
     * Uses a filter of a model's Conv2D layer: one {@code kh x kw} matrix per input channel.
     *
     * @param filter the filter {@code (kh, kw, C_in)}
     * @param label e.g. {@code conv2d filter 3}
     */
    void useLearnedFilter(Volume filter, String label) {
        kernel.useLearned(filter, label);
        recompute();
    }

    /**
     * Makes the input one a model filter can slide over: when its channels do not match, the image (the cat
     * sample when none is open) in RGB for a 3-channel filter, in gray for a 1-channel one.
     *
     * @param filter the filter {@code (kh, kw, C_in)}
     */
    void fitInputTo(Volume filter) {
        int c = filter.channels();
        if (input.channels() == c || c != 1 && c != 3) {
            return; // already fits, or only a layer's own input (feature maps) can
        }
        source.fed = null;
        if (!hasImage()) {
            openSample("chelsea.png");
        }
        setChannels(c == 3 ? Channels.RGB : Channels.GRAY);
    }

    boolean usingLearnedFilter() {
        return kernel.learned().isPresent();
    }

    /** Replaces the kernel (a custom one typed into the grid), at most 11x11. */
    void setKernel(double[][] k) {
        kernel.set(k).ifPresentOrElse(error::set, this::recompute);
    }

    /** Resizes the kernel to n x n (the size spinner), keeping the weights that fit. */
    void resizeKernel(int n) {
        kernel.resize(n).ifPresentOrElse(error::set, this::recompute);
    }

    /**
     * Sets one weight as typed into the grid.
     *
     * @return false when the text is not a number (nothing changes)
     */
    boolean setKernelCell(int row, int col, String text) {
        double[][] before = kernel.kernel();
        if (!kernel.setCell(row, col, text)) {
            return false;
        }
        if (kernel.kernel() != before) {
            recompute();
        }
        return true;
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
        Set<Integer> out = StepperFrame.usersOf(geometry(), row, col);
        usedBy = out;
        status.set(tr("stepper.usedBy", row, col, out.size()));
        bump();
    }

    private void recompute() {
        input = source.build();
        usedBy = Set.of();
        convTrace = null;
        poolTrace = null;
        error.set("");
        try {
            if (mode == Mode.CONVOLUTION) {
                Volume k = kernel.slidOver(input.channels());
                convTrace = Convolution.run(input, k, conv);
            } else {
                poolTrace = Pooling.run(input.channel(viewChannel), pool);
            }
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
        }
        cursor.set(Math.min(cursor.get(), Math.max(0, steps() - 1)));
        status.set(source.describe(input));
        bump();
    }

    private void bump() {
        canForward.set(cursor.get() < steps() - 1);
        canBack.set(cursor.get() > 0);
        revision.set(revision.get() + 1);
    }

    static List<String> sampleNames() {
        return StepperSource.sampleNames();
    }
}
