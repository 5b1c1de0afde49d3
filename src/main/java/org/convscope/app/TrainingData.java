package org.convscope.app;

import static org.convscope.core.text.CoreText.tr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.convscope.core.image.Raster;
import org.convscope.core.train.InputNormalization;
import org.convscope.core.train.LabelledImages;

/**
 * The images one training run uses, read and split the same way for the Train screen and {@code convscope train}:
 * what is trained on, what validates each epoch, what the finished model is tested on, and the per-channel
 * statistics of the training images.
 *
 * @param source where the images came from
 * @param train the images trained on (after the hold-out and the limit), fitted to the model's input
 * @param validation the images each epoch is validated on
 * @param test the images the finished model is tested on (CIFAR-10's test set; the validation images for an image
 *        folder, which has no test set)
 * @param classNames the class names, index = label
 * @param statistics per-channel mean and standard deviation of {@code train}, pixels scaled to 0-1
 * @param notes what was done to the data, one line each, for output (the first line says what it is)
 */
public record TrainingData(Source source, LabelledImages train, LabelledImages validation, LabelledImages test,
        List<String> classNames, InputNormalization statistics, List<String> notes) {

    /** Copies the lists. */
    public TrainingData {
        classNames = List.copyOf(classNames);
        notes = List.copyOf(notes);
    }

    /** What kind of data a {@link Source} is. */
    public enum Kind {
        /** The CIFAR-10 sample shipped with the app (2,000 training and 500 test images). */
        BUNDLED_SAMPLE,
        /** The full CIFAR-10 binary version: a folder or the official archive. */
        CIFAR10,
        /** A folder of the user's images, one subfolder per class. */
        IMAGE_FOLDER
    }

    /**
     * Where the images come from.
     *
     * @param kind the kind
     * @param path the folder or archive; null for the bundled sample
     */
    public record Source(Kind kind, Path path) {

        /** The bundled sample. */
        public static final Source BUNDLED = new Source(Kind.BUNDLED_SAMPLE, null);

        /**
         * Returns the source a path names: null is the bundled sample, a folder of class subfolders (without a
         * {@code cifar-10-batches-bin} inside) is an image folder, anything else CIFAR-10.
         */
        public static Source of(Path path) {
            if (path == null) {
                return BUNDLED;
            }
            boolean classFolders = org.convscope.imaging.ImageFolder.looksLikeClassFolders(path)
                    && !java.nio.file.Files.exists(path.resolve(org.convscope.data.CifarReader.BATCHES_FOLDER));
            return new Source(classFolders ? Kind.IMAGE_FOLDER : Kind.CIFAR10, path);
        }

        /** Says what will be trained on, in words. */
        public String describe() {
            return switch (kind) {
                case BUNDLED_SAMPLE -> tr("data.bundled");
                case CIFAR10 -> tr("data.cifar", path);
                case IMAGE_FOLDER -> tr("data.folder", path);
            };
        }
    }

    /**
     * Splits images into training and validation sets: every {@code n}-th image of each class (counted in the
     * order of the set) is held out, and a class with at least two but fewer than {@code n} images gives its last
     * one. Both sets keep the original order. No randomness: the same images give the same split.
     *
     * @param images the images
     * @param n at least 2
     * @return {@code [training, validation]}
     */
    public static LabelledImages[] holdOutEvery(LabelledImages images, int n) {
        if (n < 2) {
            throw new IllegalArgumentException("n must be at least 2, got " + n);
        }
        int[] perClass = new int[images.classCount()];
        for (int i = 0; i < images.size(); i++) {
            perClass[images.label(i)]++;
        }
        int[] seen = new int[images.classCount()];
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            int c = images.label(i);
            int j = seen[c]++;
            int members = perClass[c];
            boolean held = j % n == n - 1 || (members >= 2 && members < n && j == members - 1);
            (held ? validation : train).add(i);
        }
        return new LabelledImages[] {subset(images, train), subset(images, validation)};
    }

    /** Returns a view of the given images of {@code all}, in that order. */
    static LabelledImages subset(LabelledImages all, List<Integer> indices) {
        int[] idx = indices.stream().mapToInt(Integer::intValue).toArray();
        return new LabelledImages() {
            @Override public int size() { return idx.length; }
            @Override public int height() { return all.height(); }
            @Override public int width() { return all.width(); }
            @Override public int channels() { return all.channels(); }
            @Override public int classCount() { return all.classCount(); }
            @Override public int label(int i) { return all.label(idx[i]); }
            @Override public void copyImage(int i, float[] dst, int offset) {
                all.copyImage(idx[i], dst, offset);
            }
        };
    }

    /**
     * Returns the per-channel mean and (population) standard deviation of the images' values: the one function both
     * front ends standardise inputs with. Two passes in doubles, so the deviation does not lose digits to
     * {@code E[x^2] - E[x]^2}.
     *
     * @param images at least one image
     */
    public static InputNormalization statistics(LabelledImages images) {
        int c = images.channels();
        int n = images.height() * images.width() * c;
        float[] f = new float[n];
        double[] sum = new double[c];
        for (int i = 0; i < images.size(); i++) {
            images.copyImage(i, f, 0);
            for (int k = 0; k < n; k++) {
                sum[k % c] += f[k];
            }
        }
        double count = (double) images.size() * (n / c);
        double[] mean = new double[c];
        for (int ch = 0; ch < c; ch++) {
            mean[ch] = sum[ch] / count;
        }
        double[] sq = new double[c];
        for (int i = 0; i < images.size(); i++) {
            images.copyImage(i, f, 0);
            for (int k = 0; k < n; k++) {
                double d = f[k] - mean[k % c];
                sq[k % c] += d * d;
            }
        }
        double[] std = new double[c];
        for (int ch = 0; ch < c; ch++) {
            std[ch] = Math.max(Math.sqrt(sq[ch] / count), 1e-6);
        }
        return new InputNormalization(mean, std);
    }

    /** Returns image {@code i} of a set as 8-bit pixels (values 0-1 scaled to 0-255), e.g. for a gallery. */
    public static Raster raster(LabelledImages images, int i) {
        int n = images.height() * images.width() * images.channels();
        float[] f = new float[n];
        images.copyImage(i, f, 0);
        byte[] b = new byte[n];
        for (int k = 0; k < n; k++) {
            b[k] = (byte) Math.round(Math.max(0, Math.min(1, f[k])) * 255);
        }
        return new Raster(images.height(), images.width(), images.channels(), b);
    }

    /** Counts the images of each class. */
    public static int[] classCounts(LabelledImages images) {
        int[] counts = new int[images.classCount()];
        for (int i = 0; i < images.size(); i++) {
            counts[images.label(i)]++;
        }
        return counts;
    }

    /** The statistics in words: {@code mean (R, G, B) 0.491, 0.482, 0.447; standard deviation ...}. */
    public String describeStatistics() {
        double[] m = statistics.mean();
        double[] s = statistics.std();
        StringBuilder mean = new StringBuilder();
        StringBuilder std = new StringBuilder();
        for (int c = 0; c < m.length; c++) {
            mean.append(c == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", m[c]));
            std.append(c == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", s[c]));
        }
        return "per-channel mean " + mean + "; standard deviation " + std + " (pixels / 255)";
    }
}
