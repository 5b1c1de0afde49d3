package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.convscope.core.image.Raster;
import org.convscope.core.task.ProgressSink;
import org.convscope.core.train.Augmentation;
import org.convscope.data.CifarImages;
import org.convscope.data.CifarReader;
import org.convscope.imaging.Images;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.TaskExecutor;

/**
 * State of the augmentation preview: the settings, whether training uses them, the seed and the image, and the
 * {@link #COUNT} augmented copies of that image, recomputed in the background whenever one of them changes (the
 * newest request wins; older ones are cancelled and their results dropped).
 */
final class AugmentationViewModel {

    /** Copies in the preview grid (3 x 3, big enough for a projector beside the controls). */
    static final int COUNT = 9;

    /** The sample image shown first: a clear, colourful one (an automobile). */
    static final int FIRST_SAMPLE = 32;

    /** A loaded image is shrunk so its longer side is at most this (training images are 32x32). */
    static final int MAX_SIDE = 96;

    private final TaskExecutor executor;
    private final ObjectProperty<Augmentation> settings = new SimpleObjectProperty<>(this, "settings", Augmentation.FLIP_AND_SHIFT_4);
    private final BooleanProperty enabled = new SimpleBooleanProperty(this, "enabled", false);
    private final LongProperty seed = new SimpleLongProperty(this, "seed", 1);
    private final ReadOnlyObjectWrapper<Raster> image = new ReadOnlyObjectWrapper<>(this, "image");
    private final ReadOnlyStringWrapper imageName = new ReadOnlyStringWrapper(this, "imageName", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ObservableList<Raster> variants = FXCollections.observableArrayList();
    private CifarImages sample;
    private int sampleIndex = FIRST_SAMPLE;
    private String imageArgument = "";
    private long generation;
    private TaskExecutor.JobHandle running;

    AugmentationViewModel(TaskExecutor executor) {
        this.executor = executor;
        settings.addListener((o, a, b) -> refresh());
        seed.addListener((o, a, b) -> refresh());
        image.addListener((o, a, b) -> refresh());
    }

    /** The settings shown and, when {@link #enabledProperty()} is set, used for training. */
    ObjectProperty<Augmentation> settingsProperty() {
        return settings;
    }

    /** Whether training augments its images with these settings. */
    BooleanProperty enabledProperty() {
        return enabled;
    }

    /** The seed of the preview's random changes (not of training, which uses the run's seed). */
    LongProperty seedProperty() {
        return seed;
    }

    ReadOnlyObjectProperty<Raster> imageProperty() {
        return image.getReadOnlyProperty();
    }

    /** Where the image comes from, e.g. {@code "CIFAR-10 sample #29 (bird)"}. */
    ReadOnlyStringProperty imageNameProperty() {
        return imageName.getReadOnlyProperty();
    }

    /** A problem (an image that would not load), else empty. */
    ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The augmented copies of the image, {@link #COUNT} of them once computed. */
    ObservableList<Raster> variants() {
        return variants;
    }

    /** Returns what training should use: the settings when enabled, else {@link Augmentation#NONE}. */
    Augmentation trainingAugmentation() {
        return enabled.get() ? settings.get() : Augmentation.NONE;
    }

    /** Draws another set of copies. */
    void reseed() {
        seed.set(seed.get() + 1);
    }

    /** Returns the command line that writes the same grid. */
    String commandLine() {
        Augmentation a = settings.get();
        return "convscope augment " + imageArgument + (a.none() ? "--fill " + a.fill().name().toLowerCase(java.util.Locale.ROOT) : a.describe())
                + " --count " + COUNT + " --seed " + seed.get() + " --out grid.png";
    }

    /** Shows the next image of the bundled CIFAR-10 sample (read once, in the background). */
    void nextSampleImage() {
        showSample(sample == null ? sampleIndex : sampleIndex + 1);
    }

    /** Shows image {@code index} of the bundled sample's training images. */
    void showSample(int index) {
        CifarImages known = sample;
        executor.submit(BackgroundJob.of("Read the CIFAR-10 sample",
                (token, sink) -> known != null ? known : CifarReader.readBundledSample(token, ProgressSink.NONE).train()).onSuccess(s -> {
            sample = s;
            sampleIndex = Math.floorMod(index, s.size());
            imageName.set(tr("train.aug.sampleName", sampleIndex, s.className(sampleIndex)));
            imageArgument = "--index " + sampleIndex + " ";
            message.set("");
            image.set(s.image(sampleIndex));
        }).onFailure(e -> message.set(tr("train.aug.cannotReadSample", Dialogs.describe(e)))));
    }

    /** Loads an image file in the background, shrunk to at most {@link #MAX_SIDE} pixels on its longer side. */
    void loadImage(Path file) {
        executor.submit(BackgroundJob.of("Load image", (token, sink) -> {
            Raster r = Images.read(file, Images.DEFAULT_MAX_PIXELS);
            if (Math.max(r.height(), r.width()) > MAX_SIDE) {
                r = Images.resizeLongSide(r, MAX_SIDE, Images.Interpolation.AREA);
            }
            return r;
        }).onSuccess(r -> {
            imageName.set(file.getFileName() + " (" + r.width() + "x" + r.height() + ")");
            imageArgument = "\"" + file + "\" --size " + Math.max(r.width(), r.height()) + " ";
            message.set("");
            image.set(r);
        }).onFailure(e -> message.set(Dialogs.describe(e))));
    }

    private void refresh() {
        Raster source = image.get();
        if (source == null) {
            variants.clear();
            return;
        }
        Augmentation a = settings.get();
        long s = seed.get();
        long mine = ++generation;
        if (running != null) {
            running.cancel();
        }
        running = executor.submit(BackgroundJob.of("Augmentation preview", (token, sink) -> {
            token.throwIfCancelled();
            return List.of(a.variants(source, COUNT, s));
        }).onSuccess(list -> {
            if (mine == generation) {
                variants.setAll(list);
            }
        }).onFailure(e -> message.set(Dialogs.describe(e))));
    }
}
