package org.convscope.imaging;

import static org.convscope.core.text.CoreText.tr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.convscope.core.conv.Volume;
import org.convscope.core.image.Raster;
import org.convscope.core.model.InputSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.core.train.LabelledImages;

/**
 * Labelled images for training from a folder with one subfolder per class, as Keras'
 * {@code image_dataset_from_directory} reads them: {@code pets/cats/*.jpg, pets/dogs/*.jpg} gives classes 0 = cats and
 * 1 = dogs (subfolders in name order).
 *
 * <p>Every image is read once, fitted to the model's input with {@link ModelInput#prepare} (centre crop, area resize,
 * gray or RGB) and kept as bytes, {@code H * W * C} per image; values are {@code byte / 255}, in [0, 1].
 */
public final class ImageFolder implements LabelledImages {

    /** The extensions read (any case); other files are skipped. */
    public static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp");
    /** Refuse folders whose images would take more memory than this once resized. */
    public static final long MAX_BYTES = 1L << 30;

    private final InputSpec input;
    private final List<String> classNames;
    private final int[] labels;
    private final byte[][] pixels;

    private ImageFolder(InputSpec input, List<String> classNames, int[] labels, byte[][] pixels) {
        this.input = input;
        this.classNames = List.copyOf(classNames);
        this.labels = labels;
        this.pixels = pixels;
    }

    /** True when {@code dir} is a folder with at least one subfolder holding an image (a candidate for {@link #read}). */
    public static boolean looksLikeClassFolders(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> subs = Files.list(dir)) {
            return subs.filter(Files::isDirectory).anyMatch(d -> !images(d).isEmpty());
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    private static List<Path> images(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).filter(ImageFolder::isImage).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    /**
     * Reads every image of a class-folder tree, fitted to a model's input.
     *
     * @param dir the folder with one subfolder per class (subfolders without images are not classes)
     * @param input the model's input: the size and channels the images get
     * @param cancel checked between images
     * @param progress told after every image
     * @return the images, labelled by subfolder
     * @throws IOException if the folder cannot be listed, has fewer than two classes, or would need more than
     *         {@link #MAX_BYTES}
     * @throws ImageLoadException if an image cannot be decoded (the message names it)
     * @throws java.util.concurrent.CancellationException if cancelled
     */
    public static ImageFolder read(Path dir, InputSpec input, CancelToken cancel, ProgressSink progress)
            throws IOException, ImageLoadException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(tr("error.folder.notAFolder", dir));
        }
        List<Path> classDirs;
        try (Stream<Path> subs = Files.list(dir)) {
            classDirs = subs.filter(Files::isDirectory).sorted().toList();
        }
        List<String> names = new ArrayList<>();
        List<List<Path>> files = new ArrayList<>();
        for (Path d : classDirs) {
            List<Path> imgs = images(d);
            if (!imgs.isEmpty()) {
                names.add(d.getFileName().toString());
                files.add(imgs);
            }
        }
        if (names.size() < 2) {
            throw new IOException(names.isEmpty() ? tr("error.folder.noClasses", dir, String.join(", ", EXTENSIONS))
                    : tr("error.folder.oneClass", dir, names.get(0), String.join(", ", EXTENSIONS)));
        }
        int total = files.stream().mapToInt(List::size).sum();
        long size = (long) input.height() * input.width() * input.channels();
        if (size * total > MAX_BYTES) {
            throw new IOException(tr("error.folder.tooMuch", String.format(Locale.ROOT, "%,d", total),
                    input.height() + "x" + input.width() + "x" + input.channels(),
                    String.format(Locale.ROOT, "%,d", size * total >> 20), String.format(Locale.ROOT, "%,d", MAX_BYTES >> 20)));
        }
        int[] labels = new int[total];
        byte[][] pixels = new byte[total][];
        int k = 0;
        for (int c = 0; c < files.size(); c++) {
            for (Path f : files.get(c)) {
                if (cancel.isCancelled()) {
                    throw new java.util.concurrent.CancellationException(tr("error.folder.cancelled"));
                }
                Raster r = Images.read(f, Images.DEFAULT_MAX_PIXELS);
                double[] v = ModelInput.prepare(r, input).values();
                byte[] b = new byte[v.length];
                for (int i = 0; i < v.length; i++) {
                    b[i] = (byte) Math.round(v[i] * 255);
                }
                labels[k] = c;
                pixels[k] = b;
                k++;
                progress.progress(k, total, "Read " + f.getFileName());
            }
        }
        return new ImageFolder(input, names, labels, pixels);
    }

    /**
     * Returns images fitted to another input size (e.g. CIFAR-10's 32x32 images for a 64x64 model), read once into
     * bytes as {@link #read} keeps them; class names are {@code names}.
     *
     * @throws IOException if they would need more than {@link #MAX_BYTES}
     */
    public static ImageFolder resized(LabelledImages images, InputSpec input, List<String> names) throws IOException {
        long size = (long) input.height() * input.width() * input.channels();
        if (size * images.size() > MAX_BYTES) {
            throw new IOException(tr("error.folder.tooMuchResized", String.format(Locale.ROOT, "%,d", images.size()),
                    input.height() + "x" + input.width() + "x" + input.channels(),
                    String.format(Locale.ROOT, "%,d", size * images.size() >> 20),
                    String.format(Locale.ROOT, "%,d", MAX_BYTES >> 20)));
        }
        int[] labels = new int[images.size()];
        byte[][] pixels = new byte[images.size()][];
        int n = images.height() * images.width() * images.channels();
        float[] f = new float[n];
        for (int i = 0; i < images.size(); i++) {
            images.copyImage(i, f, 0);
            byte[] src = new byte[n];
            for (int k = 0; k < n; k++) {
                src[k] = (byte) Math.round(Math.max(0, Math.min(1, f[k])) * 255);
            }
            Raster r = new Raster(images.height(), images.width(), images.channels(), src);
            double[] v = ModelInput.prepare(r, input).values();
            byte[] b = new byte[v.length];
            for (int k = 0; k < v.length; k++) {
                b[k] = (byte) Math.round(v[k] * 255);
            }
            labels[i] = images.label(i);
            pixels[i] = b;
        }
        return new ImageFolder(input, names, labels, pixels);
    }

    /** Returns the class names, index = label: the subfolder names in order. */
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int height() {
        return input.height();
    }

    @Override
    public int width() {
        return input.width();
    }

    @Override
    public int channels() {
        return input.channels();
    }

    @Override
    public int classCount() {
        return classNames.size();
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    @Override
    public void copyImage(int i, float[] dst, int offset) {
        byte[] b = pixels[i];
        for (int k = 0; k < b.length; k++) {
            dst[offset + k] = (b[k] & 0xff) / 255f;
        }
    }

    @Override
    public Volume image(int i) {
        byte[] b = pixels[i];
        double[] v = new double[b.length];
        for (int k = 0; k < b.length; k++) {
            v[k] = (b[k] & 0xff) / 255.0;
        }
        return new Volume(input.height(), input.width(), input.channels(), v);
    }

    /**
     * Splits off every {@code n}-th image of each class as validation images, and the last image of a class that has
     * at least two images but fewer than {@code n}; the rest are for training.
     *
     * @param n at least 2
     * @return {@code [training, validation]}
     */
    public LabelledImages[] holdOutEvery(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("n must be at least 2, got " + n);
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        for (int c = 0; c < classCount(); c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < size(); i++) {
                if (labels[i] == c) {
                    members.add(i);
                }
            }
            for (int j = 0; j < members.size(); j++) {
                boolean held = j % n == n - 1 || (members.size() >= 2 && members.size() < n && j == members.size() - 1);
                (held ? val : train).add(members.get(j));
            }
        }
        train.sort(null);
        val.sort(null);
        return new LabelledImages[] {subset(train), subset(val)};
    }

    private LabelledImages subset(List<Integer> idx) {
        int[] labels = new int[idx.size()];
        byte[][] pixels = new byte[idx.size()][];
        for (int k = 0; k < idx.size(); k++) {
            labels[k] = this.labels[idx.get(k)];
            pixels[k] = this.pixels[idx.get(k)];
        }
        return new ImageFolder(input, classNames, labels, pixels);
    }
}
