package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.convscope.app.WeightsVersion;
import org.convscope.core.conv.Volume;
import org.convscope.core.image.Raster;
import org.convscope.core.train.Evaluation;
import org.convscope.core.train.LabelledImages;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.engine.Explanations;
import org.convscope.imaging.ModelInput;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.TaskExecutor;

/**
 * Predict and "Why?" on the Train screen: the trained model's three most likely classes for an image, and where it
 * looked (Grad-CAM or an occlusion map). Every answer names the weights it was computed with: the session's trained
 * weights, or during training a copy taken at a batch boundary ("after batch k of epoch e"). "Why?" explains with
 * exactly the weights its prediction names, however long it waited in the queue.
 */
final class PredictionViewModel {

    /** Weights to compute with, and their version. */
    record Weights(CompiledModel model, WeightsVersion version) {
    }

    /** Where the weights come from: at once, or (during training) a copy at the next batch boundary. */
    interface WeightsSource {
        /**
         * Hands the weights to {@code then}, now or from the training thread at the next batch boundary.
         *
         * @return false if there are no weights to predict with (nothing trained yet)
         */
        boolean withWeights(Consumer<Weights> then);
    }

    /**
     * The model's answer for one image.
     *
     * @param image the image as read
     * @param name its name
     * @param classes the three most likely classes, most likely first
     * @param probabilities their probabilities
     * @param weights the weights that answered
     */
    record Prediction(Raster image, String name, List<String> classes, double[] probabilities, Weights weights) {
    }

    /** How "Why?" finds where the model looked. */
    enum Method {
        /** One backward pass: the last conv layer's maps weighted by the class score's mean gradient. */
        GRAD_CAM("Grad-CAM"),
        /** A grey patch moved over the image, one forward pass per position. */
        OCCLUSION("occlusion map");

        private final String label;

        Method(String label) {
            this.label = label;
        }

        /** Returns the name shown on the button and in captions. */
        String label() {
            return label;
        }
    }

    /**
     * Where the model looked for its prediction.
     *
     * @param input the model's input {@code (H, W, C)}, pixels 0-1
     * @param heat {@code [H][W]}: Grad-CAM's enlarged map (at least 0), or occlusion's mean drops (any sign)
     * @param method how it was made
     * @param className the class explained
     * @param probability the class's probability for the whole image
     * @param detail how it was made (the layer, the patch) and with which weights
     * @param weights the weights explained
     */
    record Explanation(Volume input, double[][] heat, Method method, String className, double probability, String detail,
                       WeightsVersion weights) {
    }

    /** Reads an image in the background. */
    interface ImageSource {
        Raster read() throws Exception;
    }

    private final Supplier<Engine> engine;
    private final TaskExecutor executor;
    private final Consumer<String> status;
    private final WeightsSource weights;
    private final Supplier<List<String>> classNames;
    private final ReadOnlyObjectWrapper<Explanation> explanation = new ReadOnlyObjectWrapper<>(this, "explanation");
    private final ReadOnlyObjectWrapper<Prediction> prediction = new ReadOnlyObjectWrapper<>(this, "prediction");

    /**
     * @param weights the weights to predict with
     * @param classNames the class names of the data (CIFAR-10's unless the results say otherwise)
     */
    PredictionViewModel(Supplier<Engine> engine, TaskExecutor executor, Consumer<String> status, WeightsSource weights,
            Supplier<List<String>> classNames) {
        this.engine = engine;
        this.executor = executor;
        this.status = status;
        this.weights = weights;
        this.classNames = classNames;
    }

    /** The last prediction; null before one and after the weights it names are gone. */
    ReadOnlyObjectProperty<Prediction> predictionProperty() {
        return prediction.getReadOnlyProperty();
    }

    /** The explanation of the last prediction; null until asked for. */
    ReadOnlyObjectProperty<Explanation> explanationProperty() {
        return explanation.getReadOnlyProperty();
    }

    /** Classifies an image file: read, cropped and resized to the model's input, then the three most likely classes. */
    void predict(java.nio.file.Path file) {
        predict(() -> org.convscope.imaging.Images.read(file, org.convscope.imaging.Images.DEFAULT_MAX_PIXELS),
                String.valueOf(file.getFileName()), null);
    }

    /**
     * Classifies an image already in memory, e.g. a test image from the gallery.
     *
     * @param then explain the prediction this way once it is there, or null
     */
    void predict(Raster image, String name, Method then) {
        predict(() -> image, name, then);
    }

    private void predict(ImageSource source, String name, Method then) {
        boolean any = weights.withWeights(w -> executor.submit(BackgroundJob.of("Predict", (token, sink) -> {
            org.convscope.app.WholeModel.require(w.model(), "Predict"); // a model shown only up to an unsupported layer
            Raster raster = source.read();
            return classify(w, raster, name, token);
        }).onSuccess(pr -> {
            explanation.set(null);
            prediction.set(pr);
            status.accept(tr("train.predict.result", pr.name(), pr.classes().get(0),
                    String.format(Locale.ROOT, "%.0f", 100 * pr.probabilities()[0]), pr.weights().version().label()));
            if (then != null) {
                explain(then);
            }
        }).onFailure(e -> status.accept(tr("train.predict.cannot", name, Dialogs.describe(e))))));
        if (!any) {
            status.accept(tr("train.predict.trainFirst"));
        }
    }

    /** The engine's own class probabilities (softmax applied to logits), as the test results use them. */
    private Prediction classify(Weights w, Raster raster, String name, org.convscope.core.task.CancelToken token) {
        CompiledModel model = w.model();
        Volume input = ModelInput.prepare(raster, model.spec().input());
        double[] p = engine.get().classify(model, LabelledImages.of(1, input.height(), input.width(), input.channels(),
                1, i -> 0, i -> input), 1, token::isCancelled)[0];
        int[] top = Evaluation.topK(p, Math.min(3, p.length));
        List<String> names = model.classNames().isEmpty() ? classNames.get() : model.classNames();
        List<String> classes = new ArrayList<>();
        double[] probs = new double[top.length];
        for (int k = 0; k < top.length; k++) {
            // class names only where they fit the model
            classes.add(names.size() == p.length ? names.get(top[k]) : tr("train.predict.classN", top[k]));
            probs[k] = p[top[k]];
        }
        return new Prediction(raster, name, classes, probs, w);
    }

    /**
     * Explains the last prediction for its most likely class, with the weights that made it: Grad-CAM at the last conv
     * layer, or an occlusion map (a grey patch a quarter of the input's side, moved a quarter of that at a time).
     */
    void explain(Method method) {
        Prediction p = prediction.get();
        if (p == null) {
            status.accept(tr("train.predict.predictFirst"));
            return;
        }
        CompiledModel model = p.weights().model();
        WeightsVersion version = p.weights().version();
        status.accept(method == Method.GRAD_CAM ? tr("train.predict.following", p.classes().get(0))
                : tr("train.predict.hiding", p.name()));
        executor.submit(BackgroundJob.of("Why?", (token, sink) -> explanation(org.convscope.app.WholeModel.require(model,
                        method == Method.GRAD_CAM ? "Grad-CAM" : "Occlusion"), version, p, method, token))
                .onSuccess(e -> {
                    if (prediction.get() != p) {
                        // computed for a prediction no longer shown (e.g. queued while the weights changed): it is
                        // not shown; the prediction shown now is explained with its own weights instead
                        if (prediction.get() != null) {
                            explain(method);
                        }
                        return;
                    }
                    explanation.set(e);
                    status.accept(tr(e.method() == Method.GRAD_CAM ? "train.predict.explainedGradCam"
                            : "train.predict.explainedOcclusion", e.className(),
                            String.format(Locale.ROOT, "%.0f", 100 * e.probability()), e.weights().label()));
                }).onFailure(e -> status.accept(tr("train.predict.cannotExplain", Dialogs.describe(e)))));
    }

    private Explanation explanation(CompiledModel model, WeightsVersion version, Prediction p, Method method,
            org.convscope.core.task.CancelToken token) {
        Volume input = ModelInput.prepare(p.image(), model.spec().input());
        if (method == Method.GRAD_CAM) {
            var g = Explanations.gradCam(engine.get(), model, input, -1, 0);
            var shape = g.cam().coarse();
            return new Explanation(input, g.cam().map(), method, p.classes().get(0), g.probability(),
                    tr("train.predict.detailGradCam", g.layerName(), shape.length, shape[0].length, g.cam().alpha().length,
                            version.label()), version);
        }
        int patch = Math.max(1, Math.min(model.spec().input().height(), model.spec().input().width()) / 4);
        int stride = Math.max(1, patch / 4);
        var map = Explanations.occlusion(engine.get(), model, input, -1, patch, stride, 0.5, token::isCancelled);
        return new Explanation(input, map.drops(), method, p.classes().get(0), map.probability(),
                tr(stride == 1 ? "train.predict.detailOcclusionOne" : "train.predict.detailOcclusionMany", patch, stride,
                        version.label()), version);
    }

    /**
     * The session's weights changed: a prediction from other weights is computed again with the new ones (and its
     * explanation, if there was one), or cleared when there are none, saying why.
     *
     * @param current the session's weights now
     * @param hasTrained whether there are trained weights to predict with
     */
    void weightsChanged(WeightsVersion current, boolean hasTrained) {
        Prediction p = prediction.get();
        if (p == null || p.weights().version().equals(current)) {
            return;
        }
        Explanation e = explanation.get();
        explanation.set(null);
        if (!hasTrained) {
            prediction.set(null);
            status.accept(tr("train.predict.cleared", p.weights().version().label(), current.label()));
            return;
        }
        prediction.set(null);
        status.accept(tr("train.predict.again", current.label(), p.name()));
        predict(p.image(), p.name(), e == null ? null : e.method());
    }

    /** Clears the prediction and its explanation (the model changed). */
    void clear() {
        explanation.set(null);
        prediction.set(null);
    }
}
