package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.convscope.app.WeightsVersion;
import org.convscope.core.task.CancelToken;
import org.convscope.data.CifarImages;
import org.convscope.data.CifarTrainingImages;
import org.convscope.embed.Embedder;
import org.convscope.embed.Tsne;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.ModelSession;
import org.convscope.ui.common.TaskExecutor;

/**
 * State of the Embeddings tab: which projection of how many test images, the job computing it (progress, cancel),
 * the resulting points with their images and classes, and the selected points.
 *
 * <p>The plot names the weights it was computed from (the session's trained weights for the current model). When the
 * session's weights or model change, the plot is cleared and the status line says which weights it came from and
 * that it must be computed again; a computation still running for the old weights is stopped.
 *
 * <p>Points live in data coordinates; the view maps them to pixels. {@link #nearest} and {@link #inside} answer
 * hover, click and lasso questions in data coordinates, so they can be tested without a screen.
 */
final class EmbeddingsViewModel {

    /**
     * A computed plot.
     *
     * @param embedding the points, true and predicted classes
     * @param images the plotted images, point {@code i} is image {@code i}
     * @param classNames the class names for the legend and captions
     * @param weights the weights the points were computed from
     */
    record Plot(Embedder.Embedding embedding, CifarImages images, List<String> classNames, WeightsVersion weights) {

        /** Returns "true: cat, predicted: dog" for point {@code i}. */
        String caption(int i) {
            return tr("train.embed.caption", classNames.get(embedding.labels()[i]),
                    classNames.get(embedding.predicted()[i]));
        }
    }

    private final ModelSession session;
    private final Supplier<Engine> engine;
    private final TaskExecutor executor;
    private final TestImages data;
    private final ObjectProperty<Embedder.Method> method = new SimpleObjectProperty<>(this, "method", Embedder.Method.PCA);
    private final IntegerProperty count = new SimpleIntegerProperty(this, "count", 500);
    private final DoubleProperty perplexity = new SimpleDoubleProperty(this, "perplexity", 30);
    private final IntegerProperty seed = new SimpleIntegerProperty(this, "seed", 42);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status",
            tr("train.embed.start"));
    private final ReadOnlyObjectWrapper<Plot> plot = new ReadOnlyObjectWrapper<>(this, "plot");
    private final ObservableList<Integer> selection = FXCollections.observableArrayList();
    private final BooleanProperty hasSelection = new SimpleBooleanProperty(this, "hasSelection");
    private TaskExecutor.JobHandle job;
    private String stopped; // why the running job was stopped (the weights changed), for its status line; else null

    /** Reads the test images; may throw. */
    @FunctionalInterface
    interface TestImages {
        CifarImages read(CancelToken token) throws Exception;
    }

    /**
     * @param session holds the trained model to look into (its trained weights for the current model), and says
     *     when they change
     * @param engine runs it
     * @param executor runs the computation
     * @param data the test images
     */
    EmbeddingsViewModel(ModelSession session, Supplier<Engine> engine, TaskExecutor executor, TestImages data) {
        this.session = session;
        this.engine = engine;
        this.executor = executor;
        this.data = data;
        selection.addListener((javafx.collections.ListChangeListener<Integer>) c -> hasSelection.set(!selection.isEmpty()));
        session.weightsProperty().addListener((o, was, now) -> weightsChanged(now));
    }

    /** Clears a plot of other weights than {@code now}, and stops a computation for them, saying why. */
    private void weightsChanged(WeightsVersion now) {
        Plot p = plot.get();
        if (p != null && !p.weights().equals(now)) {
            selection.clear();
            plot.set(null);
            status.set(staleMessage(p.weights(), now));
        }
        if (running.get() && job != null) {
            stopped = tr("train.embed.stopped", now.label());
            job.cancel();
        }
    }

    /** E.g. {@code The plot was computed from run 1, after epoch 3; the weights changed (now run 2, ...): Compute again.} */
    static String staleMessage(WeightsVersion plotted, WeightsVersion now) {
        return tr("train.embed.stale", plotted.label(), now.label());
    }

    ObjectProperty<Embedder.Method> methodProperty() {
        return method;
    }

    /** Images to plot, from the first test image: 2 to {@link Embedder#MAX_IMAGES}. */
    IntegerProperty countProperty() {
        return count;
    }

    DoubleProperty perplexityProperty() {
        return perplexity;
    }

    IntegerProperty seedProperty() {
        return seed;
    }

    ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** 0-1 while computing. */
    ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The last computed plot; null before one. */
    ReadOnlyObjectProperty<Plot> plotProperty() {
        return plot.getReadOnlyProperty();
    }

    /** Indices of the selected points, in plot order. */
    ObservableList<Integer> selection() {
        return selection;
    }

    BooleanProperty hasSelectionProperty() {
        return hasSelection;
    }

    /** Computes the plot in the background with the current settings; errors go to the status line. */
    void compute() {
        if (running.get()) {
            return;
        }
        var trained = session.trainedFor(session.getModel());
        if (trained.isEmpty()) {
            status.set(tr("train.embed.noModel"));
            return;
        }
        CompiledModel m = trained.get().model();
        var partial = org.convscope.app.WholeModel.refusal(m, "Embeddings");
        if (partial.isPresent()) {
            status.set(partial.get());
            return;
        }
        WeightsVersion weights = trained.get().version();
        Embedder.Request request;
        try {
            request = new Embedder.Request(method.get(), count.get(),
                    new Tsne.Settings(perplexity.get(), 1000, seed.get()));
        } catch (IllegalArgumentException e) {
            status.set(e.getMessage());
            return;
        }
        running.set(true);
        stopped = null;
        progress.set(0);
        status.set(tr("train.embed.reading"));
        Engine e = engine.get();
        job = executor.submit(BackgroundJob.of("Embeddings", (token, sink) -> {
            CifarImages all = data.read(token);
            var in = m.spec().input();
            if (in.height() != CifarImages.SIDE || in.width() != CifarImages.SIDE || in.channels() != CifarImages.CHANNELS) {
                throw new IllegalArgumentException(tr("train.embed.wrongInput", in.height(), in.width(), in.channels()));
            }
            CifarImages images = all.range(0, Math.min(request.count(), all.size()));
            Embedder.Embedding emb = Embedder.compute(e, m, new CifarTrainingImages(images), request, token, sink);
            return new Plot(emb, images, all.classNames(), weights);
        }).onProgress((done, total, message) -> {
            progress.set(total > 0 ? (double) done / total : -1);
            status.set(message);
        }).onSuccess(p -> {
            running.set(false);
            progress.set(1);
            selection.clear();
            if (!p.weights().equals(session.getWeights())) { // the weights changed while it ran
                progress.set(0);
                status.set(staleMessage(p.weights(), session.getWeights()));
                return;
            }
            plot.set(p);
            status.set(tr("train.embed.done", p.embedding().summary(), p.weights().label()));
        }).onCancelled(() -> {
            running.set(false);
            progress.set(0);
            status.set(stopped != null ? stopped : tr("train.embed.cancelled"));
        }).onFailure(t -> {
            running.set(false);
            progress.set(0);
            status.set(tr("train.embed.cannotCompute", Dialogs.describe(t)));
        }));
    }

    /** Stops the computation; the status says so at once. */
    void cancel() {
        if (job != null && running.get()) {
            job.cancel();
        }
    }

    /**
     * Returns the point nearest to {@code (x, y)} within {@code radius}, all in data coordinates, or -1.
     */
    int nearest(double x, double y, double radius) {
        Plot p = plot.get();
        if (p == null) {
            return -1;
        }
        double[][] pts = p.embedding().points();
        int best = -1;
        double bestD = radius * radius;
        for (int i = 0; i < pts.length; i++) {
            double dx = pts[i][0] - x;
            double dy = pts[i][1] - y;
            double d = dx * dx + dy * dy;
            if (d <= bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    /** Shows a plot computed elsewhere (tests of the pane), with nothing selected. */
    void show(Plot p) {
        selection.clear();
        plot.set(p);
    }

    /** Selects one point (or nothing, with -1). */
    void select(int index) {
        if (index < 0) {
            selection.clear();
        } else {
            selection.setAll(List.of(index));
        }
        describeSelection();
    }

    /**
     * Selects the points inside a lasso.
     *
     * @param polygon the lasso's corners in data coordinates, {@code {x0, y0, x1, y1, ...}}
     */
    void selectInside(double[] polygon) {
        Plot p = plot.get();
        selection.setAll(p == null ? List.of() : inside(p.embedding().points(), polygon));
        describeSelection();
    }

    private void describeSelection() {
        Plot p = plot.get();
        if (p == null || selection.isEmpty()) {
            return;
        }
        int[] perClass = new int[p.classNames().size()];
        int right = 0;
        for (int i : selection) {
            perClass[p.embedding().labels()[i]]++;
            right += p.embedding().labels()[i] == p.embedding().predicted()[i] ? 1 : 0;
        }
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < perClass.length; k++) {
            if (perClass[k] > 0) {
                parts.add(perClass[k] + " " + p.classNames().get(k));
            }
        }
        status.set(tr(selection.size() == 1 ? "train.embed.selectedOne" : "train.embed.selectedMany", selection.size(),
                String.join(", ", parts), right));
    }

    /**
     * Returns the indices of the points inside a polygon (even-odd rule).
     *
     * @param points {@code [n][2]}
     * @param polygon {@code {x0, y0, x1, y1, ...}}, at least 3 corners; the last connects to the first
     * @return indices in order; empty for fewer than 3 corners
     */
    static List<Integer> inside(double[][] points, double[] polygon) {
        List<Integer> out = new ArrayList<>();
        int corners = polygon.length / 2;
        if (corners < 3) {
            return out;
        }
        for (int i = 0; i < points.length; i++) {
            double x = points[i][0];
            double y = points[i][1];
            boolean in = false;
            for (int a = 0, b = corners - 1; a < corners; b = a++) {
                double xa = polygon[2 * a];
                double ya = polygon[2 * a + 1];
                double xb = polygon[2 * b];
                double yb = polygon[2 * b + 1];
                if ((ya > y) != (yb > y) && x < (xb - xa) * (y - ya) / (yb - ya) + xa) {
                    in = !in;
                }
            }
            if (in) {
                out.add(i);
            }
        }
        return out;
    }

    /** Writes the plot as a PNG (the CLI's picture) in the background; the status line says how it went. */
    void exportPng(java.nio.file.Path file) {
        Plot p = plot.get();
        if (p == null) {
            status.set(tr("train.embed.computeFirst"));
            return;
        }
        executor.submit(BackgroundJob.of("Export plot", (token, sink) -> {
            Embedder.Embedding e = p.embedding();
            String title = tr("train.embed.plotTitle", e.method().label(), e.size());
            org.convscope.imaging.Images.writePng(org.convscope.imaging.ScatterPlot.render(e.points(), e.labels(),
                    p.classNames(), title, 720), file);
            return file;
        }).onSuccess(f -> status.set(tr("train.embed.saved", f)))
                .onFailure(t -> status.set(tr("train.embed.cannotSave", Dialogs.describe(t)))));
    }
}
