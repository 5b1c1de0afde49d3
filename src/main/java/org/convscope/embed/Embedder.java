package org.convscope.embed;

import static org.convscope.core.text.CoreText.tr;

import java.util.Locale;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.core.train.LabelledImages;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;

/**
 * Maps test images to points in the plane by what a trained model's last hidden layer makes of them: the features
 * its last Dense layer separates the classes by ({@link Engine#lastHidden}), projected to 2-D with {@link Pca} or
 * {@link Tsne}. Images of one class that land together show features that separate that class.
 */
public final class Embedder {

    /** Images per forward pass, and between two progress reports and cancel checks. */
    static final int CHUNK = 100;
    /** The most images one plot may have. */
    public static final int MAX_IMAGES = 2000;

    private Embedder() {
    }

    /** The projection to the plane. */
    public enum Method {
        /** The first two principal components: linear, fast, distances on the plot mean something. */
        PCA("PCA"),
        /** t-SNE: keeps neighbours together; clusters are meaningful, distances between them are not. */
        TSNE("t-SNE");

        private final String label;

        Method(String label) {
            this.label = label;
        }

        /** Returns the name people know it by: {@code PCA} or {@code t-SNE}. */
        public String label() {
            return label;
        }

        /**
         * Reads {@code pca}, {@code tsne} or {@code t-sne}, in any case.
         *
         * @throws IllegalArgumentException for anything else
         */
        public static Method parse(String s) {
            String t = s == null ? "" : s.strip().toLowerCase(Locale.ROOT).replace("-", "");
            return switch (t) {
                case "pca" -> PCA;
                case "tsne" -> TSNE;
                default -> throw new IllegalArgumentException(tr("error.embed.method", s));
            };
        }
    }

    /**
     * What to compute.
     *
     * @param method the projection
     * @param count how many images, from the first: 2 to {@link #MAX_IMAGES} (fewer if the set is smaller)
     * @param tsne t-SNE's settings (ignored for PCA)
     */
    public record Request(Method method, int count, Tsne.Settings tsne) {

        /** Checks the count. */
        public Request {
            if (count < 2 || count > MAX_IMAGES) {
                throw new IllegalArgumentException(tr("error.embed.count", MAX_IMAGES, count));
            }
        }
    }

    /**
     * The points of one plot.
     *
     * @param method how they were projected
     * @param points {@code [n][2]}
     * @param labels each image's true class
     * @param predicted each image's most likely class under the model
     * @param featureDims the last hidden layer's width
     * @param featureAgreement {@link NeighbourAgreement} in the hidden layer's own space: how well it separates classes
     * @param planeAgreement {@link NeighbourAgreement} on the plot
     * @param explained for PCA the share of the variance along each axis, for t-SNE empty
     * @param featureMillis time to compute the features (forward passes)
     * @param projectionMillis time to project them
     */
    public record Embedding(Method method, double[][] points, int[] labels, int[] predicted, int featureDims,
                            double featureAgreement, double planeAgreement, double[] explained, long featureMillis,
                            long projectionMillis) {

        /** Returns the number of points. */
        public int size() {
            return points.length;
        }

        /** Returns one line for a status bar or the console. */
        public String summary() {
            String axes = method == Method.PCA ? String.format(Locale.ROOT, "; the axes hold %.0f%% and %.0f%% of the"
                    + " variance", 100 * explained[0], 100 * explained[1]) : "";
            return String.format(Locale.ROOT, "%s of %d images' %d-value last hidden layer: nearest neighbour of the"
                    + " same class %.1f%% in the layer, %.1f%% on the plot%s (features %.1f s, %s %.1f s)",
                    method.label(), points.length, featureDims, 100 * featureAgreement, 100 * planeAgreement, axes,
                    featureMillis / 1e3, method.label(), projectionMillis / 1e3);
        }
    }

    /**
     * Computes the plot of the first {@code request.count()} images.
     *
     * @param engine runs the model
     * @param model a trained model that ends with a Dense layer
     * @param images the images (as the model's input) with their true classes
     * @param request what to compute
     * @param cancel checked between chunks of images and t-SNE iterations
     * @param progress receives steps done of all: one per image, then one per t-SNE iteration (one for PCA)
     * @return the points
     * @throws IllegalArgumentException if the model, images or settings do not fit
     * @throws CancelToken.CancelledException if cancelled
     */
    public static Embedding compute(Engine engine, CompiledModel model, LabelledImages images, Request request,
            CancelToken cancel, ProgressSink progress) {
        int n = Math.min(request.count(), images.size());
        if (n < 2) {
            throw new IllegalArgumentException(tr("error.embed.tooFew", images.size()));
        }
        boolean tsne = request.method() == Method.TSNE;
        long total = n + (tsne ? request.tsne().iterations() : 1);
        double[][] features = new double[n][];
        int[] labels = new int[n];
        int[] predicted = new int[n];
        long t0 = System.nanoTime();
        for (int from = 0; from < n; from += CHUNK) {
            cancel.throwIfCancelled();
            int count = Math.min(CHUNK, n - from);
            LabelledImages chunk = range(images, from, count);
            float[][] hidden;
            double[][] probabilities;
            try {
                hidden = engine.lastHidden(model, chunk, count, cancel);
                probabilities = engine.classify(model, chunk, count, cancel);
            } catch (java.util.concurrent.CancellationException e) {
                throw new CancelToken.CancelledException();
            }
            for (int k = 0; k < count; k++) {
                double[] f = new double[hidden[k].length];
                for (int a = 0; a < f.length; a++) {
                    f[a] = hidden[k][a];
                }
                features[from + k] = f;
                labels[from + k] = images.label(from + k);
                predicted[from + k] = argmax(probabilities[k]);
            }
            progress.progress(from + count, total, tr("progress.hiddenLayer",
                    String.format(Locale.ROOT, "%,d", from + count), String.format(Locale.ROOT, "%,d", n)));
        }
        long t1 = System.nanoTime();
        double[][] points;
        double[] explained;
        if (tsne) {
            points = Tsne.embed(features, request.tsne(), cancel,
                    (done, all, message) -> progress.progress(n + done, total, message));
            explained = new double[0];
        } else {
            progress.progress(n, total, tr("progress.pca", n));
            int dims = Math.min(2, Math.min(n - 1, features[0].length));
            Pca.Result r = Pca.project(features, dims, cancel);
            points = new double[n][2];
            for (int i = 0; i < n; i++) {
                System.arraycopy(r.points()[i], 0, points[i], 0, dims); // one component only for 1-value features
            }
            explained = new double[] {r.explained(0), dims > 1 ? r.explained(1) : 0};
        }
        long t2 = System.nanoTime();
        progress.progress(total, total, tr("progress.neighbours"));
        double inLayer = NeighbourAgreement.of(features, labels, cancel);
        double onPlot = NeighbourAgreement.of(points, labels, cancel);
        return new Embedding(request.method(), points, labels, predicted, features[0].length, inLayer, onPlot, explained,
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Images {@code from .. from + count - 1} as a view. */
    static LabelledImages range(LabelledImages all, int from, int count) {
        return new LabelledImages() {
            @Override public int size() { return count; }
            @Override public int height() { return all.height(); }
            @Override public int width() { return all.width(); }
            @Override public int channels() { return all.channels(); }
            @Override public int classCount() { return all.classCount(); }
            @Override public int label(int i) { return all.label(from + java.util.Objects.checkIndex(i, count)); }
            @Override public void copyImage(int i, float[] dst, int offset) {
                all.copyImage(from + java.util.Objects.checkIndex(i, count), dst, offset);
            }
        };
    }
}
