package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.convscope.app.TrainingData;
import org.convscope.app.TrainingPipeline;
import org.convscope.app.WeightsVersion;
import org.convscope.core.train.Evaluation;
import org.convscope.core.task.ProgressSink;
import org.convscope.core.train.LabelledImages;
import org.convscope.data.CifarImages;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.TaskExecutor;

/**
 * The Train screen's test results: the confusion matrix of the trained model on the test images, and the gallery of
 * their predictions (the first 25, or one confusion-matrix cell's). The results name the weights they were computed
 * from; when those are no longer the session's, they are cleared (see {@link TrainViewModel}).
 */
final class TestResultsViewModel {

    /**
     * The trained model on the test images.
     *
     * @param evaluation counts per true and predicted class, with precision and recall
     * @param images the test images as the model saw them
     * @param predicted the predicted class of each image
     * @param confidence the predicted class's probability for each image
     * @param weights the weights these results were computed from
     */
    record Report(Evaluation evaluation, LabelledImages images, int[] predicted, double[] confidence, WeightsVersion weights) {

        /** Returns the results of a pipeline test with the images and the weights' version. */
        static Report of(TrainingPipeline.TestResults r, LabelledImages images, WeightsVersion weights) {
            return new Report(r.evaluation(), images, r.predicted(), r.confidence(), weights);
        }

        /** Returns the true class name of image {@code i}. */
        String className(int i) {
            return evaluation.classes().get(images.label(i));
        }
    }

    private final ReadOnlyObjectWrapper<Report> report = new ReadOnlyObjectWrapper<>(this, "report");
    private final ObservableList<GalleryItem> gallery = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper galleryTitle = new ReadOnlyStringWrapper(this, "galleryTitle", "");
    private final ReadOnlyObjectWrapper<int[]> selectedCell = new ReadOnlyObjectWrapper<>(this, "selectedCell");

    /** The trained model's results on the test images; null until a run ends, after one diverges or the weights change. */
    ReadOnlyObjectProperty<Report> reportProperty() {
        return report.getReadOnlyProperty();
    }

    /** Images from the test set with their predictions: the first 25, or those of one confusion-matrix cell. */
    ObservableList<GalleryItem> gallery() {
        return gallery;
    }

    ReadOnlyStringProperty galleryTitleProperty() {
        return galleryTitle.getReadOnlyProperty();
    }

    /** The confusion-matrix cell whose images the gallery shows, {@code {truth, predicted}}; null for the first 25. */
    ReadOnlyObjectProperty<int[]> selectedCellProperty() {
        return selectedCell.getReadOnlyProperty();
    }

    /** Shows new results (and their first 25 images), or clears them (null). */
    void show(Report r) {
        report.set(r);
        showFirstImages();
    }

    /**
     * Clears the results when they were not computed from {@code current}, saying why on {@code status}.
     *
     * @return true if something was cleared
     */
    boolean clearUnless(WeightsVersion current, Consumer<String> status, String why) {
        Report r = report.get();
        if (r == null || r.weights().equals(current)) {
            return false;
        }
        show(null);
        status.accept(why);
        return true;
    }

    /** Shows the first 25 test images with their predictions (the seed's 5x5 grid). */
    void showFirstImages() {
        Report r = report.get();
        selectedCell.set(null);
        if (r == null) {
            gallery.clear();
            galleryTitle.set("");
            return;
        }
        List<GalleryItem> items = new ArrayList<>();
        for (int i = 0; i < Math.min(25, r.images().size()); i++) {
            items.add(item(r, i));
        }
        gallery.setAll(items);
        galleryTitle.set(tr("train.gallery.firstTitle", items.size()));
    }

    /**
     * Shows the test images of one confusion-matrix cell (at most 60) and selects the cell.
     *
     * @param truth the true class
     * @param predicted the predicted class
     */
    void showCell(int truth, int predicted) {
        Report r = report.get();
        if (r == null) {
            return;
        }
        List<GalleryItem> items = new ArrayList<>();
        long count = 0;
        for (int i = 0; i < r.images().size(); i++) {
            if (r.images().label(i) == truth && r.predicted()[i] == predicted) {
                count++;
                if (items.size() < 60) {
                    items.add(item(r, i));
                }
            }
        }
        gallery.setAll(items);
        selectedCell.set(new int[] {truth, predicted});
        List<String> names = r.evaluation().classes();
        galleryTitle.set(tr(count == 1 ? "train.gallery.cellOne" : "train.gallery.cellMany", names.get(truth), names.get(predicted),
                String.format(Locale.ROOT, "%,d", count), count > items.size() ? tr("train.gallery.firstOf", items.size()) : ""));
    }

    /**
     * Tests weights on the chosen data's test images in the background and shows the results, unless the session's
     * weights changed meanwhile.
     *
     * @param weights the weights to test
     * @param data the data choice
     * @param current the session's weights now
     */
    void evaluate(PredictionViewModel.Weights weights, TrainDataViewModel data, java.util.function.Supplier<Engine> engine,
            TaskExecutor executor, Consumer<String> status, java.util.function.Supplier<WeightsVersion> current) {
        CompiledModel model = weights.model();
        java.nio.file.Path source = data.data();
        status.accept(tr("train.evaluating", source == null ? tr("train.bundledSample") : source));
        long t0 = System.nanoTime();
        executor.submit(BackgroundJob.of("Evaluate", (token, sink) -> {
            org.convscope.app.WholeModel.require(model, "Evaluate"); // a model shown only up to an unsupported layer
            var input = model.spec().input();
            List<String> names = CifarImages.STANDARD_CLASS_NAMES;
            LabelledImages test;
            if (TrainingData.Source.of(source).kind() == TrainingData.Kind.IMAGE_FOLDER) {
                TrainingData d = TrainingPipeline.read(data.request(0), input, data.datasetCache(), token, ProgressSink.NONE);
                names = d.classNames();
                test = d.test();
            } else {
                test = TrainingPipeline.readTest(source, input, data.datasetCache(), token);
            }
            return Report.of(TrainingPipeline.test(engine.get(), model, test, names, token), test, weights.version());
        }).onSuccess(r -> {
            if (!weights.version().equals(current.get())) {
                status.accept(tr("train.weightsChangedEvaluating"));
                return;
            }
            show(r);
            status.accept(tr("train.testAccuracy", String.format(Locale.ROOT, "%.3f", r.evaluation().accuracy()),
                    String.format(Locale.ROOT, "%,d", r.evaluation().total()), String.format(Locale.ROOT, "%.1f",
                    (System.nanoTime() - t0) / 1e9), r.weights().label()));
        }).onFailure(e -> status.accept(tr("train.cannotEvaluate", Dialogs.describe(e)))));
    }

    private static GalleryItem item(Report r, int i) {
        List<String> names = r.evaluation().classes();
        int t = r.images().label(i);
        int p = r.predicted()[i];
        return new GalleryItem(i, TrainingData.raster(r.images(), i), names.get(t), names.get(p), r.confidence()[i], t == p);
    }
}
