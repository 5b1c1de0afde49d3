package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.convscope.app.TrainingData;
import org.convscope.app.TrainingPipeline;
import org.convscope.core.model.InputSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.data.CifarImages;
import org.convscope.data.CifarReader;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.TaskExecutor;

/**
 * What the Train screen trains on: the data source (bundled sample, CIFAR-10 folder or archive, a folder of class
 * subfolders), the validation choice and input standardisation, and the Data tab's preview. The images are read by
 * {@link TrainingPipeline}, as {@code convscope train} reads them.
 */
final class TrainDataViewModel {

    private final TaskExecutor executor;
    private final Path datasetCache;
    private final ReadOnlyStringWrapper dataDescription = new ReadOnlyStringWrapper(this, "dataDescription",
            TrainingData.Source.BUNDLED.describe());
    private final ObservableList<GalleryItem> preview = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper previewText = new ReadOnlyStringWrapper(this, "previewText",
            tr("train.data.previewHint"));
    private volatile Path data;
    private volatile boolean normalise;
    private volatile boolean holdOut;

    /** @param datasetCache where a CIFAR-10 archive is unpacked */
    TrainDataViewModel(TaskExecutor executor, Path datasetCache) {
        this.executor = executor;
        this.datasetCache = datasetCache;
    }

    /** What the next run trains on, in words. */
    ReadOnlyStringProperty dataDescriptionProperty() {
        return dataDescription.getReadOnlyProperty();
    }

    /**
     * Chooses the data: a {@code cifar-10-batches-bin} folder (or one holding it), the official
     * {@code cifar-10-binary.tar.gz}, a folder with one subfolder of images per class, or null for the bundled sample.
     * Read when training starts.
     */
    void setData(Path folderOrArchive) {
        data = folderOrArchive;
        dataDescription.set(TrainingData.Source.of(folderOrArchive).describe());
    }

    /** The chosen data: a folder or archive, or null for the bundled sample. */
    Path data() {
        return data;
    }

    Path datasetCache() {
        return datasetCache;
    }

    /**
     * Validates on every tenth training image of each class, held out (true), or on the test images (false, the
     * default); the test results after the run always use the test images.
     */
    void setHoldOutValidation(boolean on) {
        holdOut = on;
    }

    /**
     * Whether the next run standardises the inputs with the training images' per-channel mean and standard
     * deviation (kept with the trained model, so feature maps and predictions use it too).
     */
    void setNormalise(boolean on) {
        normalise = on;
    }

    /** The request for the next run, as {@code convscope train} makes it from its options. */
    TrainingPipeline.Request request(int limit) {
        return new TrainingPipeline.Request(data, holdOut, limit, normalise);
    }

    /** Random training images with their classes, for a look at the data before training. */
    ObservableList<GalleryItem> preview() {
        return preview;
    }

    /** Counts and per-channel mean and standard deviation of the previewed data. */
    ReadOnlyStringProperty previewTextProperty() {
        return previewText.getReadOnlyProperty();
    }

    /**
     * Reads the chosen data in the background as training reads it for the model's input, and shows 25 random
     * training images with their classes, the class counts and the per-channel statistics training standardises with.
     *
     * @param input the model's input
     * @param seed picks the images
     */
    void previewData(InputSpec input, long seed) {
        Path source = data;
        previewText.set(tr("train.data.reading", source == null ? tr("train.bundledSample") : source));
        TrainingPipeline.Request request = new TrainingPipeline.Request(source, holdOut, 0, false);
        executor.submit(BackgroundJob.of("Preview data", (token, sink) -> {
            TrainingData d = TrainingPipeline.read(request, input, datasetCache, token, ProgressSink.NONE);
            var train = d.train();
            java.util.Random random = new java.util.Random(seed);
            List<GalleryItem> items = new ArrayList<>();
            for (int k = 0; k < Math.min(25, train.size()); k++) {
                int i = random.nextInt(train.size());
                String name = d.classNames().get(train.label(i));
                items.add(new GalleryItem(i, TrainingData.raster(train, i), name, name, 1, true));
            }
            int[] counts = TrainingData.classCounts(train);
            StringBuilder perClass = new StringBuilder();
            for (int c = 0; c < counts.length; c++) {
                perClass.append(c == 0 ? "" : ", ").append(d.classNames().get(c)).append(' ').append(counts[c]);
            }
            String text = tr("train.data.summary", String.format(Locale.ROOT, "%,d", train.size()),
                    String.format(Locale.ROOT, "%,d", d.validation().size()), String.format(Locale.ROOT, "%,d", d.test().size()),
                    capitalised(d.describeStatistics()), perClass);
            return new Preview(items, text);
        }).onSuccess(r -> {
            preview.setAll(r.items());
            previewText.set(r.text());
        }).onFailure(e -> previewText.set(tr("train.data.cannotRead", Dialogs.describe(e)))));
    }

    private record Preview(List<GalleryItem> items, String text) {
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * Reads the CIFAR-10 test images of the data this screen trains on: the bundled sample's 500, or the chosen
     * CIFAR-10 set's 10,000 (for the Embeddings tab).
     */
    CifarImages readTestImages(CancelToken token) throws java.io.IOException, org.convscope.data.CifarFormatException {
        var none = ProgressSink.NONE;
        Path source = data;
        if (TrainingData.Source.of(source).kind() == TrainingData.Kind.IMAGE_FOLDER) {
            throw new java.io.IOException(tr("train.data.embeddingsNeedCifar"));
        }
        return source == null ? CifarReader.readBundledSample(token, none).test()
                : CifarReader.readTest(CifarReader.locate(source, datasetCache, token, none), token, none);
    }
}
